from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "keyfolio.webhooks"
    label = "webhooks"

    def ready(self) -> None:
        # Every change an admin makes is recorded in the audit trail (keyfolio.audit), and
        # the worker's turning one off after repeated failures; not the secret, nor the
        # count of failures that each failed delivery moves.
        from keyfolio.audit.recording import audited
        from keyfolio.webhooks import receivers  # noqa: F401
        from keyfolio.webhooks.models import Webhook

        audited(
            Webhook,
            account=None,
            exclude=("secret", "failure_count", "failing_since"),
            describe=lambda webhook: webhook.url,
        )
