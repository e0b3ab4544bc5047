from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "keyfolio.accounts"
    label = "accounts"

    def ready(self) -> None:
        from keyfolio.accounts import receivers  # noqa: F401  (connects to the workspace signals)
