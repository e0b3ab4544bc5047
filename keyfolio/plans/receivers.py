"""What this app does when the workspaces app signals (see keyfolio/workspaces/signals.py);
connected in apps.py's ready."""

from django.dispatch import receiver

from keyfolio.plans.services import plan_questions_create_default
from keyfolio.workspaces.signals import workspace_created


@receiver(workspace_created, dispatch_uid="plans.questions")
def create_plan_questions(sender, *, workspace, **kwargs) -> None:
    """The default plan questions for a new workspace."""
    plan_questions_create_default(workspace=workspace)
