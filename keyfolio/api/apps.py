from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "keyfolio.api"
    label = "api"

    def ready(self) -> None:
        # Every token made or revoked is recorded in the audit trail (keyfolio.audit);
        # its hash is no one's business, and its use is counted elsewhere.
        from keyfolio.api.models import ApiToken
        from keyfolio.audit.recording import audited

        audited(
            ApiToken,
            account=None,
            exclude=["token_hash", "last_used_at"],
            describe=lambda token: token.name,
        )
