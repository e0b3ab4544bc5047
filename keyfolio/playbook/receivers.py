"""What this app does when the workspaces app signals (see keyfolio/workspaces/signals.py);
connected in apps.py's ready."""

from django.dispatch import receiver

from keyfolio.playbook.services import playbook_create_default
from keyfolio.workspaces.signals import workspace_created


@receiver(workspace_created, dispatch_uid="playbook.settings")
def create_playbook(sender, *, workspace, **kwargs) -> None:
    """The default playbook settings for a new workspace."""
    playbook_create_default(workspace=workspace)
