from django.apps import AppConfig


class IntelConfig(AppConfig):
    name = "keyfolio.intel"
    label = "intel"

    def ready(self) -> None:
        # Every change to these is recorded in the audit trail (keyfolio.audit).
        from keyfolio.audit.recording import audited
        from keyfolio.intel.models import Competitor, CompetitorPresence, IntelNote

        audited(IntelNote)
        audited(Competitor, account=None)
        audited(
            CompetitorPresence,
            workspace=lambda presence: presence.account.workspace_id,
            describe=lambda presence: presence.competitor.name,
        )
