"""`keyfolio worker`: django-tasks-db's `db_worker` (or, with TASKS_BACKEND=rq, an RQ
worker), plus the timetable (the night's refresh of the attention list's checks, the
e-mails, the webhooks' overdue actions).

The task backends have no cron, so a thread beside the task worker asks
keyfolio.notifications.schedule once a minute what is due and queues it. Queuing twice
(a restart, two workers) is harmless: the tasks send each e-mail once, and the refresh
skips the accounts already computed for the day. With a cache that the workers share
(CACHE_URL or REDIS_URL), each run is claimed there first, so that of several workers on
several machines only one queues it.
"""

import logging
import os
import threading
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

from keyfolio.audit.tasks import purge_audit_trail
from keyfolio.notifications.commands import job_name
from keyfolio.notifications.schedule import Job, Scheduler, current_slot
from keyfolio.notifications.tasks import send_reminders, send_weekly_digests
from keyfolio.playbook.tasks import refresh_attention_daily
from keyfolio.webhooks.tasks import emit_overdue_actions

log = logging.getLogger(__name__)


def local_now() -> datetime:
    return timezone.localtime()


# A claim outlives the longest period (a week) so that no worker queues a run again.
CLAIM_SECONDS = 8 * 24 * 3600


def claimed(job: Job, enqueue: Callable[[], object]) -> Callable[[], bool]:
    """`enqueue`, done only by the worker that claims this run of `job` in the shared
    cache (False when another worker has); a failed enqueue gives the claim back, so that
    the next look retries."""

    def claim_and_enqueue() -> bool:
        key = f"timetable:{job}:{current_slot(job, local_now()).isoformat()}"
        if not cache.add(key, os.getpid(), CLAIM_SECONDS):
            return False
        try:
            enqueue()
        except Exception:
            cache.delete(key)
            raise
        return True

    return claim_and_enqueue


def timetable() -> Scheduler:
    jobs: dict[Job, Callable[[], object]] = {
        Job.ATTENTION: refresh_attention_daily.enqueue,
        Job.REMINDERS: send_reminders.enqueue,
        Job.DIGEST: send_weekly_digests.enqueue,
        Job.WEBHOOKS: emit_overdue_actions.enqueue,
        Job.AUDIT_PURGE: purge_audit_trail.enqueue,
    }
    if settings.CACHE_URL:
        jobs = {job: claimed(job, enqueue) for job, enqueue in jobs.items()}
    return Scheduler(jobs)


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
            run_tasks(batch=batch, verbosity=verbosity)
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


def run_tasks(*, batch: bool, verbosity: int) -> None:
    """Run the task backend's own worker in this thread: until stopped, or with `batch`
    until the queue is empty."""
    queues = settings.TASKS["default"]["QUEUES"]
    if settings.TASKS_BACKEND == "rq":
        # RQ's scheduler (one per queue across the workers, by a lock in Redis) moves the
        # tasks queued to run later (run_after) into the queue when their time comes.
        call_command(
            "rqworker",
            *queues,
            job_class="django_tasks_rq.Job",
            with_scheduler=True,
            burst=batch,
            verbosity=verbosity,
        )
    else:
        # No autoreload: a reloader would run a second copy of the timetable.
        call_command(
            "db_worker", batch=batch, reload=False, startup_delay=False, verbosity=verbosity
        )
