from django.apps import AppConfig


class LoginsConfig(AppConfig):
    name = "keyfolio.logins"
    label = "logins"

    def ready(self) -> None:
        from keyfolio.logins import receivers  # noqa: F401
