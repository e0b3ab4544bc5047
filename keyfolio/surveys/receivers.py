"""What this app does when the workspaces app signals; connected in apps.py's ready."""

from django.dispatch import receiver

from keyfolio.surveys.services import survey_template_create_default
from keyfolio.workspaces.signals import workspace_created


@receiver(workspace_created, dispatch_uid="surveys.default_template")
def create_default_survey(sender, *, workspace, owner, **kwargs) -> None:
    """The relationship survey and the survey settings of a new workspace."""
    survey_template_create_default(workspace=workspace, user=owner)
