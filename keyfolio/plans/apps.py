from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "keyfolio.plans"
    label = "plans"

    def ready(self) -> None:
        from keyfolio.plans import receivers  # noqa: F401  (connects to the workspace signals)
