from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "keyfolio.workspaces"
    label = "workspaces"

    def ready(self) -> None:
        # Every change to these is recorded in the audit trail (keyfolio.audit).
        from keyfolio.audit.recording import audited
        from keyfolio.workspaces.models import Membership, Workspace

        audited(Workspace, workspace="pk", account=None)
        audited(Membership, account=None, describe=lambda membership: str(membership.user))
