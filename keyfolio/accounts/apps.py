from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "keyfolio.accounts"
    label = "accounts"

    def ready(self) -> None:
        from keyfolio.accounts import receivers  # noqa: F401  (connects to the workspace signals)

        # Every change to these is recorded in the audit trail (keyfolio.audit).
        from keyfolio.accounts.models import Account
        from keyfolio.audit.recording import audited

        # The assessment pointers are copies kept by the code, recorded as assessments.
        audited(
            Account,
            account="pk",
            exclude=["current_assessment", "previous_assessment"],
            archive_field="archived_at",
        )
