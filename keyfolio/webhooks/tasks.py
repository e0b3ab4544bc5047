"""The background tasks of the webhooks (the Django tasks API; `keyfolio worker` runs
them). Each may run again: a delivery is claimed before it is sent
(keyfolio.webhooks.services.delivery_attempt), and an overdue action is announced once."""

from django.utils import timezone
from django_tasks import task

from keyfolio.webhooks.services import actions_overdue_emit, deliveries_requeue, delivery_attempt


@task()
def deliver_webhook(delivery_id: int) -> str | None:
    """One attempt to send a webhook's message; a failure queues the next attempt."""
    return delivery_attempt(delivery_id)


@task()
def emit_overdue_actions() -> dict:
    """The night's job: `action.overdue` for the actions that fell due, and the
    deliveries whose task was lost queued again."""
    return {
        "overdue": actions_overdue_emit(today=timezone.localdate()),
        "requeued": deliveries_requeue(now=timezone.now()),
    }
