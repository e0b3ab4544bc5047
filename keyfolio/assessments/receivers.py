"""What this app does when the workspaces app signals (see keyfolio/workspaces/signals.py);
connected in apps.py's ready."""

from django.dispatch import receiver

from keyfolio.assessments.services import methodology_create_default
from keyfolio.workspaces.signals import workspace_created


@receiver(workspace_created, dispatch_uid="assessments.methodology")
def create_methodology(sender, *, workspace, owner, **kwargs) -> None:
    """The first version of the default methodology for a new workspace."""
    methodology_create_default(workspace=workspace, user=owner)
