"""The background tasks of the e-mails (the Django tasks API; the worker is `keyfolio
worker`, which also enqueues them on time: see keyfolio.notifications.schedule).

Each task may run again, by the scheduler after a restart, by a second worker or by
hand: the Sent ledger makes sure nobody gets the same e-mail twice
(keyfolio.notifications.services.notification_send).
"""

from django.utils import timezone
from django_tasks import task

from keyfolio.notifications.services import digests_send, reminders_send


@task()
def send_weekly_digests() -> dict:
    """This week's digest to every manager and above with something to report: red
    and amber checks and actions due on their attention list, accounts that changed
    zone since last week. People with nothing to report get no e-mail."""
    return digests_send(today=timezone.localdate()).as_dict()


@task()
def send_reminders() -> dict:
    """Today's reminders: to each manager and above, the actions they own due by
    tomorrow or overdue and the assessments of their accounts going stale; one e-mail
    per person per day, none for people with nothing due."""
    return reminders_send(today=timezone.localdate()).as_dict()
