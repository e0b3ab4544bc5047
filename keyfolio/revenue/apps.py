from django.apps import AppConfig


class RevenueConfig(AppConfig):
    name = "keyfolio.revenue"
    label = "revenue"

    def ready(self) -> None:
        # Every change to these is recorded in the audit trail (keyfolio.audit).
        from keyfolio.audit.recording import audited
        from keyfolio.revenue.models import (
            BuyingCentre,
            Offering,
            Opportunity,
            RevenueEntry,
            RevenueTarget,
            WhitespaceCell,
        )

        audited(RevenueEntry, describe=lambda entry: f"{entry.month:%Y-%m}")
        audited(
            RevenueTarget,
            workspace=lambda target: target.account.workspace_id,
            describe=lambda target: str(target.year),
        )
        audited(Opportunity)
        audited(Offering, account=None)
        # A centre's workspace is its account's, and a cell's its centre's: the services
        # and the views have the account (and the centre, and the offering) at hand.
        audited(BuyingCentre, workspace=lambda centre: centre.account.workspace_id)
        audited(
            WhitespaceCell,
            workspace=lambda cell: cell.buying_centre.account.workspace_id,
            account=lambda cell: cell.buying_centre.account_id,
            describe=lambda cell: f"{cell.buying_centre.name} × {cell.offering.name}",
        )
