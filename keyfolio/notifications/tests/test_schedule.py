"""The timetable: what is due to be queued at a given local time (a pure function)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keyfolio.notifications.schedule import (
    ATTENTION_AT,
    RUNS_AT,
    Job,
    Scheduler,
    current_slot,
    digest_period,
    due_jobs,
    reminders_period,
)

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: str, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(hour, minute), tzinfo=BERLIN)


# 2026-11-23 is a Monday.
@pytest.mark.parametrize(
    ("now", "last", "due"),
    [
        # Before seven on Monday: nothing yet.
        (at("2026-11-23", 6, 59), {}, []),
        # Seven on Monday: both.
        (at("2026-11-23", 7, 0), {}, [Job.REMINDERS, Job.DIGEST]),
        # Queued a minute ago: nothing more.
        (
            at("2026-11-23", 7, 1),
            {Job.REMINDERS: at("2026-11-23", 7), Job.DIGEST: at("2026-11-23", 7)},
            [],
        ),
        # Tuesday at seven: the reminders again, not the digest.
        (
            at("2026-11-24", 7, 0),
            {Job.REMINDERS: at("2026-11-23", 7), Job.DIGEST: at("2026-11-23", 7)},
            [Job.REMINDERS],
        ),
        # A worker started on Tuesday at ten catches up on this week's digest.
        (at("2026-11-24", 10, 0), {}, [Job.REMINDERS, Job.DIGEST]),
        # A worker started on Tuesday at six sends nothing for yesterday.
        (at("2026-11-24", 6, 0), {}, [Job.DIGEST]),
        # Sunday night: the week's digest went out on Monday.
        (
            at("2026-11-29", 23, 59),
            {Job.REMINDERS: at("2026-11-29", 7), Job.DIGEST: at("2026-11-23", 7)},
            [],
        ),
        # The next Monday at seven: both again.
        (
            at("2026-11-30", 7, 0),
            {Job.REMINDERS: at("2026-11-29", 7), Job.DIGEST: at("2026-11-23", 7)},
            [Job.REMINDERS, Job.DIGEST],
        ),
    ],
)
def test_it_decides_what_is_due(now, last, due):
    assert due_jobs(now, last, jobs=[Job.REMINDERS, Job.DIGEST]) == due


@pytest.mark.parametrize(
    ("now", "last", "due"),
    [
        # Midnight: not yet.
        (at("2026-11-24", 0, 0), {}, []),
        # Five past: the night's refresh of the attention list.
        (at("2026-11-24", 0, 5), {}, [Job.ATTENTION]),
        # Done at five past: nothing more that day.
        (at("2026-11-24", 23, 59), {Job.ATTENTION: at("2026-11-24", 0, 5)}, []),
        # The next night.
        (at("2026-11-25", 0, 5), {Job.ATTENTION: at("2026-11-24", 0, 5)}, [Job.ATTENTION]),
    ],
)
def test_it_refreshes_the_attention_list_every_night(now, last, due):
    assert due_jobs(now, last, jobs=[Job.ATTENTION]) == due


def test_a_worker_started_late_queues_the_refresh_before_the_emails_that_read_it():
    assert due_jobs(at("2026-11-23", 7, 0), {}) == [
        Job.ATTENTION,
        Job.REMINDERS,
        Job.DIGEST,
        Job.WEBHOOKS,
        Job.AUDIT_PURGE,
    ]
    assert RUNS_AT[Job.REMINDERS] > ATTENTION_AT


def test_it_announces_overdue_actions_every_night():
    assert due_jobs(at("2026-11-24", 0, 10), {}, jobs=[Job.WEBHOOKS]) == []
    assert due_jobs(at("2026-11-24", 0, 15), {}, jobs=[Job.WEBHOOKS]) == [Job.WEBHOOKS]
    done = {Job.WEBHOOKS: at("2026-11-24", 0, 15)}
    assert due_jobs(at("2026-11-24", 23, 0), done, jobs=[Job.WEBHOOKS]) == []


def test_it_names_the_periods_of_the_ledger():
    assert digest_period(date(2026, 11, 25)) == "2026-W48"
    assert digest_period(date(2027, 1, 1)) == "2026-W53"  # ISO weeks straddle the new year
    assert digest_period(date(2026, 1, 5)) == "2026-W02"
    assert reminders_period(date(2026, 11, 25)) == "2026-11-25"


def test_it_keeps_seven_local_time_across_a_change_of_summer_time():
    # 2026-10-25: Berlin leaves summer time; Monday the 26th is in winter time.
    slot = current_slot(Job.DIGEST, at("2026-10-28", 12))
    assert slot.date() == date(2026, 10, 26)
    assert slot.utcoffset() == timedelta(hours=1)
    assert (slot.hour, slot.minute) == (7, 0)


minutes = st.integers(min_value=1, max_value=180)


@settings(max_examples=60, deadline=None)
@given(
    start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31)),
    steps=st.lists(minutes, min_size=50, max_size=400),
)
def test_it_queues_each_job_once_per_period_and_never_early(start, steps):
    """A worker ticking at irregular intervals queues the reminders once a day at seven
    or later, the digest once per ISO week on Monday at seven or later."""
    queued: list[tuple[Job, datetime]] = []
    scheduler = Scheduler({job: (lambda job=job: queued.append((job, now))) for job in Job})
    now = start.replace(tzinfo=BERLIN)
    for step in steps:
        scheduler.tick(now)
        now += timedelta(minutes=step)

    reminder_days = [when.date() for job, when in queued if job == Job.REMINDERS]
    digest_weeks = [digest_period(when.date()) for job, when in queued if job == Job.DIGEST]
    assert len(reminder_days) == len(set(reminder_days))
    assert len(digest_weeks) == len(set(digest_weeks))
    for job, when in queued:
        assert when.time() >= RUNS_AT[job] or (job == Job.DIGEST and when.weekday() > 0)


@settings(max_examples=60, deadline=None)
@given(
    start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31)),
    hours=st.integers(min_value=24 * 7, max_value=24 * 30),
)
def test_it_misses_no_day_when_it_runs_all_along(start, hours):
    """A worker ticking every ten minutes queues every day's reminders and every
    Monday's digest within ten minutes of seven (after its first day, which may be a
    catch-up)."""
    queued: list[tuple[Job, datetime]] = []
    scheduler = Scheduler({job: (lambda job=job: queued.append((job, now))) for job in Job})
    now = start.replace(tzinfo=BERLIN)
    end = now + timedelta(hours=hours)
    first = now.date()
    while now < end:
        scheduler.tick(now)
        now += timedelta(minutes=10)

    later = [(job, when) for job, when in queued if when.date() > first]
    reminders = {when.date(): when for job, when in later if job == Job.REMINDERS}
    digests = {when.date(): when for job, when in later if job == Job.DIGEST}
    day = first + timedelta(days=1)
    while datetime.combine(day, time(7, 10), tzinfo=BERLIN) < end:
        assert time(7) <= reminders.pop(day).time() < time(7, 10)
        if day.weekday() == 0:
            assert time(7) <= digests.pop(day).time() < time(7, 10)
        day += timedelta(days=1)
    assert [other for other in digests if other < day] == []  # none on any other day


def test_it_retries_a_job_whose_enqueue_failed():
    calls = []

    def broken():
        calls.append("broken")
        raise RuntimeError("database is locked")

    scheduler = Scheduler({Job.REMINDERS: broken, Job.DIGEST: lambda: calls.append("digest")})
    with pytest.raises(RuntimeError):
        scheduler.tick(at("2026-11-23", 7))
    scheduler.enqueue = {Job.REMINDERS: lambda: calls.append("ok"), Job.DIGEST: lambda: None}
    assert scheduler.tick(at("2026-11-23", 7, 1)) == [Job.REMINDERS, Job.DIGEST]
    assert calls == ["broken", "ok"]
