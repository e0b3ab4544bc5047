from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "keyfolio.webhooks"
    label = "webhooks"

    def ready(self) -> None:
        from keyfolio.webhooks import receivers  # noqa: F401
