"""What the `send-digests` and `send-reminders` commands share: enqueue the task for
the worker, or with --now send from this process (for cron, without a worker)."""

from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks.base import Task

from keyfolio.notifications.schedule import Job
from keyfolio.notifications.services import SendSummary


def job_name(job: str) -> str:
    names = {
        Job.ATTENTION: _("Attention list refresh"),
        Job.DIGEST: _("Weekly digest"),
        Job.REMINDERS: _("Reminders"),
        Job.WEBHOOKS: _("Webhooks: overdue actions"),
        Job.AUDIT_PURGE: _("Audit trail: removing old events"),
    }
    return names[Job(job)]


def summary_text(summary: SendSummary) -> str:
    return _(
        "%(kind)s %(period)s: %(sent)d sent, %(already)d already sent, "
        "%(empty)d with nothing to report, %(failed)d failed."
    ) % {
        "kind": job_name(summary.kind),
        "period": summary.period,
        "sent": summary.sent,
        "already": summary.already_sent,
        "empty": summary.nothing_to_say,
        "failed": len(summary.failed),
    }


class SendCommand(BaseCommand):
    task: Task
    send: Callable[..., SendSummary]

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="send from this process instead of queueing the task for `keyfolio worker`",
        )

    def handle(self, *args, now: bool, **options):
        if not now:
            result = self.task.enqueue()
            self.stdout.write(
                _("Queued (task %(id)s); `keyfolio worker` sends it.") % {"id": result.id}
            )
            return
        summary = self.send(today=timezone.localdate())
        self.stdout.write(summary_text(summary))
        if summary.failed:
            # A non-zero exit tells cron; running the command again sends only to them.
            raise CommandError(
                _("Could not send to %(people)s; run the command again to retry them.")
                % {"people": ", ".join(summary.failed)}
            )
