"""`keyfolio worker`: django-tasks-db's `db_worker`, plus the timetable (the night's
refresh of the attention list's checks, the e-mails, the webhooks' overdue actions).

The database task backend has no cron, so a thread beside the task worker asks
keyfolio.notifications.schedule once a minute what is due and queues it. Queuing twice
(a restart, two workers) is harmless: the tasks send each e-mail once, and the refresh
skips the accounts already computed for the day.
"""

import logging
import threading
from datetime import datetime

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

from keyfolio.audit.tasks import purge_audit_trail
from keyfolio.notifications.commands import job_name
from keyfolio.notifications.schedule import Job, Scheduler
from keyfolio.notifications.tasks import send_reminders, send_weekly_digests
from keyfolio.playbook.tasks import refresh_attention_daily
from keyfolio.webhooks.tasks import emit_overdue_actions

log = logging.getLogger(__name__)


def local_now() -> datetime:
    return timezone.localtime()


def timetable() -> Scheduler:
    return Scheduler(
        {
            Job.ATTENTION: refresh_attention_daily.enqueue,
            Job.REMINDERS: send_reminders.enqueue,
            Job.DIGEST: send_weekly_digests.enqueue,
            Job.WEBHOOKS: emit_overdue_actions.enqueue,
            Job.AUDIT_PURGE: purge_audit_trail.enqueue,
        }
    )


class Command(BaseCommand):
    help = (
        "Run the background worker: every queued task (the e-mails among them), and a "
        "timetable that queues the refresh of the attention list's checks just after "
        "midnight, the webhooks' overdue actions, the audit trail's purge of events past "
        "AUDIT_RETENTION_DAYS, the daily reminders and, on Mondays at "
        "07:00 (TIME_ZONE), the weekly digest. Stop it with Ctrl-C."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check-every",
            type=float,
            default=60,
            metavar="SECONDS",
            help="how often to look at the timetable (default: 60)",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="look at the timetable once, run every queued task, then exit",
        )

    def handle(self, *args, check_every: float, batch: bool, verbosity: int, **options):
        if check_every <= 0:
            raise CommandError(_("--check-every must be more than 0 seconds."))
        scheduler = timetable()
        stop = threading.Event()
        if batch:
            self.tick(scheduler)
        else:
            # The task worker below owns the main thread (it handles Ctrl-C); the
            # timetable runs beside it and dies with the process.
            thread = threading.Thread(
                target=self.keep_time,
                args=(scheduler, stop, check_every),
                name="keyfolio-timetable",
                daemon=True,
            )
            thread.start()
        try:
            # No autoreload: a reloader would run a second copy of the timetable.
            call_command(
                "db_worker", batch=batch, reload=False, startup_delay=False, verbosity=verbosity
            )
        finally:
            stop.set()

    def keep_time(self, scheduler: Scheduler, stop: threading.Event, every: float) -> None:
        while not stop.is_set():
            try:
                self.tick(scheduler)
            finally:
                # This thread's own connection; the worker's thread keeps its own.
                connections.close_all()
            stop.wait(every)

    def tick(self, scheduler: Scheduler) -> None:
        try:
            for job in scheduler.tick(local_now()):
                self.stdout.write(_("Queued: %(job)s.") % {"job": job_name(job)})
        except Exception:
            # A busy or unreachable database: the job stays due and the next look retries.
            log.exception("The timetable could not queue a task")
