from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "keyfolio.workspaces"
    label = "workspaces"

    def ready(self) -> None:
        # Every change to these is recorded in the audit trail (keyfolio.audit).
        from keyfolio.audit.recording import audited
        from keyfolio.users.models import User
        from keyfolio.workspaces.models import Membership, Workspace

        audited(Workspace, workspace="pk", account=None)
        audited(Membership, account=None, describe=lambda membership: str(membership.user))
        # A person's own profile belongs to no workspace: each of theirs gets the change
        # in its trail (one query for their memberships, only when something changed).
        # Joining one is recorded as the membership; the password and the log-in times
        # are not changes to a record anyone reads.
        audited(
            User,
            workspace=lambda user: Membership.objects.filter(user_id=user.pk).values_list(
                "workspace_id", flat=True
            ),
            account=None,
            exclude=["password", "last_login", "date_joined"],
        )
