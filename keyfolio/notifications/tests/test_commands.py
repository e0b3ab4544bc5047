"""The commands: `keyfolio worker`, `send-digests` and `send-reminders`."""

import re
import threading
from datetime import datetime, timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from keyfolio.cli import COMMANDS, usage
from keyfolio.notifications.schedule import Job, Scheduler
from keyfolio.operations.management.commands import worker

from .conftest import action, assess, to


@pytest.fixture
def busy(world):
    today = timezone.localdate()
    assess(world.account, "key", today - timedelta(days=85))
    action(world.account, world.manager, today - timedelta(days=1), "Manager's call")
    return world


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_it_lists_the_commands():
    for name in ("worker", "send-digests", "send-reminders"):
        assert name in COMMANDS
        assert name in usage()


def test_send_digests_now_sends_and_says_what_it_did(busy, outbox):
    output = run("send_digests", "--now")

    # The manager and the teammate (Northwind's team), and the other workspace's owner.
    assert output.startswith("Weekly digest 2026-W")
    assert "3 sent, 0 already sent, 4 with nothing to report, 0 failed." in output
    assert len(to(busy.manager.email)) == 1
    assert "0 sent, 3 already sent" in run("send_digests", "--now")
    assert len(to(busy.manager.email)) == 1


def test_send_reminders_without_now_queues_the_task_for_the_worker(busy, outbox):
    output = run("send_reminders")

    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "keyfolio.notifications.tasks.send_reminders"
    assert str(queued.id) in output
    assert outbox == []


def test_send_reminders_now_fails_loudly_when_a_send_fails(busy, outbox, failing_for):
    failing_for.add(busy.manager.email)

    with pytest.raises(CommandError, match=re.escape("max@acme.test")):
        run("send_reminders", "--now")


@pytest.mark.django_db(transaction=True)
def test_worker_batch_queues_what_is_due_and_runs_it(busy, outbox, monkeypatch):
    # Monday at 07:05: the night's refresh, the reminders and the digest are all due.
    monday = datetime(2026, 11, 23, 7, 5, tzinfo=timezone.get_current_timezone())
    monkeypatch.setattr(worker, "local_now", lambda: monday)

    output = run("worker", "--batch", "--verbosity", "0")

    assert "Queued: Reminders." in output and "Queued: Weekly digest." in output
    assert "Queued: Attention list refresh." in output
    assert "Queued: Webhooks: overdue actions." in output
    assert "Queued: Audit trail: removing old events." in output
    statuses = set(DBTaskResult.objects.values_list("task_path", "status"))
    assert statuses == {
        ("keyfolio.playbook.tasks.refresh_attention_daily", "SUCCESSFUL"),
        ("keyfolio.notifications.tasks.send_reminders", "SUCCESSFUL"),
        ("keyfolio.notifications.tasks.send_weekly_digests", "SUCCESSFUL"),
        ("keyfolio.webhooks.tasks.emit_overdue_actions", "SUCCESSFUL"),
        ("keyfolio.audit.tasks.purge_audit_trail", "SUCCESSFUL"),
    }
    subjects = sorted(message.subject for message in to(busy.manager.email))
    assert subjects == [
        "Keyfolio · 2 reminders for today",
        "Keyfolio · your week: 1 account needs you",
    ]


def test_the_timetable_thread_queues_once_while_it_keeps_time(monkeypatch):
    monday = datetime(2026, 11, 23, 7, 0, tzinfo=timezone.get_current_timezone())
    monkeypatch.setattr(worker, "local_now", lambda: monday)
    queued = []
    ticked = threading.Event()

    def enqueue(job):
        def do():
            queued.append(job)
            ticked.set()

        return do

    scheduler = Scheduler({job: enqueue(job) for job in Job})
    stop = threading.Event()
    command = worker.Command(stdout=StringIO())
    thread = threading.Thread(target=command.keep_time, args=(scheduler, stop, 0.001))
    thread.start()
    ticked.wait(5)
    # Let it tick a few more times before stopping it.
    threading.Event().wait(0.05)
    stop.set()
    thread.join(5)

    assert not thread.is_alive()
    assert sorted(queued) == sorted(Job)


@pytest.fixture
def shared_cache(settings):
    """A cache that the workers share (REDIS_URL); the tests' local cache stands for it."""
    settings.CACHE_URL = "redis://shared"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def queued(monkeypatch) -> list[str]:
    """The names of the tasks that the timetable queues, in order (none really queued)."""
    names: list[str] = []
    for name in (
        "refresh_attention_daily",
        "send_reminders",
        "send_weekly_digests",
        "emit_overdue_actions",
        "purge_audit_trail",
    ):
        fake = SimpleNamespace(enqueue=lambda name=name: names.append(name))
        monkeypatch.setattr(worker, name, fake)
    return names


MONDAY_MORNING = datetime(2026, 11, 23, 7, 5, tzinfo=timezone.get_current_timezone())


def test_of_several_workers_with_a_shared_cache_only_one_queues_each_run(
    shared_cache, queued, monkeypatch
):
    monkeypatch.setattr(worker, "local_now", lambda: MONDAY_MORNING)
    first, second = worker.timetable(), worker.timetable()

    first.tick(MONDAY_MORNING)
    second.tick(MONDAY_MORNING)

    assert queued.count("send_weekly_digests") == 1 and len(queued) == len(Job)
    # Next Monday is another run: one of them queues it again.
    next_monday = MONDAY_MORNING + timedelta(days=7)
    monkeypatch.setattr(worker, "local_now", lambda: next_monday)
    second.tick(next_monday)
    first.tick(next_monday)
    assert queued.count("send_weekly_digests") == 2


def test_a_run_that_failed_to_queue_is_left_to_the_next_look(shared_cache, queued, monkeypatch):
    monkeypatch.setattr(worker, "local_now", lambda: MONDAY_MORNING)

    def busy():
        raise RuntimeError("database busy")

    monkeypatch.setattr(worker, "send_reminders", SimpleNamespace(enqueue=busy))
    with pytest.raises(RuntimeError):
        worker.timetable().tick(MONDAY_MORNING)  # Queued the refresh, then failed.
    reminders = SimpleNamespace(enqueue=lambda: queued.append("reminders"))
    monkeypatch.setattr(worker, "send_reminders", reminders)

    assert worker.timetable().tick(MONDAY_MORNING) == [
        Job.REMINDERS,
        Job.DIGEST,
        Job.WEBHOOKS,
        Job.AUDIT_PURGE,
    ]
    assert queued == [
        "refresh_attention_daily",
        "reminders",
        "send_weekly_digests",
        "emit_overdue_actions",
        "purge_audit_trail",
    ]


def test_without_a_shared_cache_each_worker_queues_for_itself(settings, queued):
    settings.CACHE_URL = ""

    worker.timetable().tick(MONDAY_MORNING)
    worker.timetable().tick(MONDAY_MORNING)

    # Harmless: the Sent ledger sends each digest once (keyfolio.notifications.services).
    assert queued.count("send_weekly_digests") == 2


@pytest.mark.parametrize(
    ("backend", "command", "options"),
    [
        ("database", "db_worker", {"batch": True, "reload": False}),
        (
            "rq",
            "rqworker",
            {"burst": True, "job_class": "django_tasks_rq.Job", "with_scheduler": True},
        ),
    ],
)
def test_the_worker_runs_the_task_backends_own_worker(
    settings, monkeypatch, backend, command, options
):
    settings.TASKS_BACKEND = backend
    calls = []
    monkeypatch.setattr(worker, "call_command", lambda *args, **kw: calls.append((args, kw)))

    worker.run_tasks(batch=True, verbosity=0)

    ((args, kwargs),) = calls
    assert args[0] == command
    assert options.items() <= kwargs.items()
    if backend == "rq":
        assert args[1:] == ("default",)  # The queues of TASKS.
