"""The background tasks of the attention queue (the Django tasks API; the worker is
`keyfolio worker`, whose timetable queues the night's run: see
keyfolio.notifications.schedule)."""

from django.utils import timezone
from django_tasks import task

from keyfolio.playbook.refresh import checks_refresh_all, checks_refresh_stale
from keyfolio.workspaces.models import Workspace


@task()
def refresh_attention(workspace_id: int) -> dict:
    """Compute every check of a workspace's accounts again, as when its thresholds
    changed (queued by keyfolio.playbook.receivers when the workspace is big)."""
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if workspace is None:  # Deleted since it was queued.
        return {"accounts": 0}
    return {"accounts": checks_refresh_all(workspace, today=timezone.localdate())}


@task()
def refresh_attention_daily() -> dict:
    """The night's run: bring every account's checks to the new day, since they count
    days (an executive contact 89 days ago is green, 91 days ago red)."""
    return {"accounts": checks_refresh_stale(today=timezone.localdate())}
