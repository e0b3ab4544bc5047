"""When the e-mails go out: the periods of the Sent ledger and the worker's timetable.

Pure Python, no Django: `keyfolio worker` asks `due_jobs` once a minute with the local
time (settings.TIME_ZONE) and enqueues what it answers.

Each job has one run per period: the refresh of the attention list's checks one per day
at ATTENTION_AT, the reminders one per day at REMINDERS_AT, the digest one per ISO week
on DIGEST_WEEKDAY at DIGEST_AT. A job is due when its run for
the *current* period has come and this worker has not enqueued it since. So a worker
started on Tuesday at 10:00 still sends this week's digest (the server was down on
Monday morning), but a worker started at 06:00 sends nothing for yesterday: yesterday's
reminders are stale, and today's come at 07:00.

The worker remembers only in memory what it enqueued, so a restart or a second worker
enqueues a job again within the same period. That is harmless: the tasks skip everyone
already in the Sent ledger for the period (keyfolio.notifications.services).
"""

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, timedelta
from enum import StrEnum


class Job(StrEnum):
    # First, so that a worker that finds all three due queues the checks' refresh
    # before the e-mails that read them.
    ATTENTION = "attention"  # the night's refresh of the attention list's checks
    REMINDERS = "reminders"
    DIGEST = "digest"
    # Outgoing webhooks: the actions that fell due yesterday (keyfolio.webhooks).
    WEBHOOKS = "webhooks"
    # The audit trail's events older than AUDIT_RETENTION_DAYS go (keyfolio.audit).
    AUDIT_PURGE = "audit-purge"


MONDAY = 0
DIGEST_WEEKDAY = MONDAY
DIGEST_AT = time(7, 0)
REMINDERS_AT = time(7, 0)
# Just after midnight: the playbook's checks count days, so they change overnight.
ATTENTION_AT = time(0, 5)
WEBHOOKS_AT = time(0, 15)
AUDIT_PURGE_AT = time(0, 30)
RUNS_AT = {
    Job.ATTENTION: ATTENTION_AT,
    Job.REMINDERS: REMINDERS_AT,
    Job.DIGEST: DIGEST_AT,
    Job.WEBHOOKS: WEBHOOKS_AT,
    Job.AUDIT_PURGE: AUDIT_PURGE_AT,
}


def digest_period(day: date) -> str:
    """The digest's period in the ledger: the ISO week, e.g. "2026-W48"."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def reminders_period(day: date) -> str:
    """The reminders' period in the ledger: the day, e.g. "2026-11-26"."""
    return day.isoformat()


def current_slot(job: Job, now: datetime) -> datetime:
    """When `job` runs in the period that contains `now` (which may still lie ahead):
    today at its time (RUNS_AT), or for the digest this ISO week's DIGEST_WEEKDAY at
    DIGEST_AT."""
    day = now.date()
    if job == Job.DIGEST:
        day -= timedelta(days=day.weekday() - DIGEST_WEEKDAY)
    # Combining with `now`'s zone gives the offset of that day, across a DST change.
    return datetime.combine(day, RUNS_AT[job], tzinfo=now.tzinfo)


def due_jobs(
    now: datetime, last_enqueued: Mapping[Job, datetime], jobs: Iterable[Job] = tuple(Job)
) -> list[Job]:
    """The `jobs` to enqueue at `now` (local time), in Job's order: those whose run of the
    current period has come and that were not enqueued since it came (or ever, by this
    worker)."""
    asked = set(jobs)
    due = []
    for job in (job for job in Job if job in asked):
        slot = current_slot(job, now)
        last = last_enqueued.get(job)
        if slot <= now and (last is None or last < slot):
            due.append(job)
    return due


class Scheduler:
    """Enqueues each job when `due_jobs` says so and remembers when it did.

    `enqueue` maps each job to a function that queues its task. A job whose enqueue
    raises (the database busy, say) is not remembered, so the next tick tries again; one
    whose enqueue returns False (another worker queued it) is remembered, not reported."""

    def __init__(self, enqueue: Mapping[Job, Callable[[], object]]) -> None:
        self.enqueue = enqueue
        self.last_enqueued: dict[Job, datetime] = {}

    def tick(self, now: datetime) -> list[Job]:
        done = []
        for job in due_jobs(now, self.last_enqueued, self.enqueue.keys()):
            queued = self.enqueue[job]()
            self.last_enqueued[job] = now
            if queued is not False:
                done.append(job)
        return done
