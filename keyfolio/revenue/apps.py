from django.apps import AppConfig


class RevenueConfig(AppConfig):
    name = "keyfolio.revenue"
    label = "revenue"

    def ready(self) -> None:
        # Every change to these is recorded in the audit trail (keyfolio.audit).
        from keyfolio.audit.recording import audited
        from keyfolio.revenue.models import Offering, Opportunity, RevenueEntry, RevenueTarget

        audited(RevenueEntry)
        audited(RevenueTarget, workspace=lambda target: target.account.workspace_id)
        audited(Opportunity)
        audited(Offering, account=None)
