from django.apps import AppConfig


class RevenueConfig(AppConfig):
    name = "keyfolio.revenue"
    label = "revenue"

    def ready(self) -> None:
        # Every change to these is recorded in the audit trail (keyfolio.audit).
        from keyfolio.audit.recording import audited
        from keyfolio.revenue.models import Offering, Opportunity, RevenueEntry, RevenueTarget

        audited(RevenueEntry, describe=lambda entry: f"{entry.month:%Y-%m}")
        audited(
            RevenueTarget,
            workspace=lambda target: target.account.workspace_id,
            describe=lambda target: str(target.year),
        )
        audited(Opportunity)
        audited(Offering, account=None)
