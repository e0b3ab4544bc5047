from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "keyfolio.core"
    label = "core"

    def ready(self) -> None:
        from keyfolio.core import checks  # noqa: F401  (registers the system checks)
