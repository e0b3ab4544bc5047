"""Keyfolio's SQLite backend queues writers for the write lock (keyfolio/core/sqlite):
a writer waits for the one before it, in another process too; nested transactions take
one turn; a turn ends with the transaction, however it ends; a wait is bounded."""

import errno
import fcntl
import multiprocessing
import os
import sqlite3
import threading
from pathlib import Path

import pytest
from django.db import OperationalError, connections, transaction

from keyfolio.core.sqlite.writelock import WriteLock, lock_path

TABLE = "CREATE TABLE IF NOT EXISTS note (id INTEGER PRIMARY KEY, text TEXT)"


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "queue.sqlite3"
    with sqlite3.connect(path) as setup:
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute(TABLE)
    return str(path)


@pytest.fixture
def connect(database, django_db_blocker):
    """connect(timeout) -> the alias of a new connection of Keyfolio's SQLite backend to
    `database`, with Keyfolio's options."""
    aliases: list[str] = []

    def connect(timeout: float = 20) -> str:
        alias = f"queue_{len(aliases)}"
        options = {"transaction_mode": "IMMEDIATE", "timeout": timeout}
        settings = {
            "default": dict(connections.settings["default"]),  # configure_settings wants it.
            alias: {"ENGINE": "keyfolio.core.sqlite", "NAME": database, "OPTIONS": options},
        }
        connections.settings[alias] = connections.configure_settings(settings)[alias]
        aliases.append(alias)
        return alias

    with django_db_blocker.unblock():
        yield connect
        for alias in aliases:
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]


def insert(alias: str, text: str) -> None:
    with connections[alias].cursor() as cursor:
        cursor.execute("INSERT INTO note (text) VALUES (%s)", [text])


def notes(alias: str) -> list[str]:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT text FROM note ORDER BY id")
        return [text for (text,) in cursor.fetchall()]


def is_free(database: str) -> bool:
    """Whether another writer could take its turn now (without waiting). A bare probe:
    a WriteLock that gives up stays in the queue until its turn comes (by design, see
    _wait_in_queue), and would hold the lock a moment after the holder let it go."""
    fd = os.open(lock_path(database), os.O_RDONLY | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def second_writer(database: str, report) -> None:
    """In another process: try to write at once, then wait for the turn and write,
    reporting what it saw."""
    lock = WriteLock(database, timeout=0)
    try:
        lock.acquire()
    except sqlite3.OperationalError as error:
        report.put(str(error))
    lock = WriteLock(database, timeout=60)
    with lock, sqlite3.connect(database, isolation_level=None) as connection:
        seen = [text for (text,) in connection.execute("SELECT text FROM note ORDER BY id")]
        connection.execute("INSERT INTO note (text) VALUES ('second')")
    report.put(seen)


def test_it_makes_a_writer_of_another_process_wait_for_the_transaction(database, connect):
    first = connect()
    # Spawned, not forked: a forked child would inherit SQLite's view of the parent's locks.
    context = multiprocessing.get_context("spawn")
    report = context.Queue()
    with transaction.atomic(using=first):
        insert(first, "first")
        child = context.Process(target=second_writer, args=(database, report))
        child.start()
        assert report.get(timeout=60) == "database is locked"
    # The second writer got its turn only after the first transaction had committed.
    assert report.get(timeout=60) == ["first"]
    child.join(timeout=60)
    assert child.exitcode == 0
    assert notes(first) == ["first", "second"]


def test_nested_transactions_and_savepoints_take_one_turn(database, connect):
    alias = connect(timeout=0)  # A second turn would be refused at once.
    with transaction.atomic(using=alias):
        insert(alias, "outer")
        with transaction.atomic(using=alias):
            insert(alias, "inner")
        try:
            with transaction.atomic(using=alias):
                insert(alias, "undone")
                raise ValueError
        except ValueError:
            pass
        assert not is_free(database)
    assert is_free(database)
    assert notes(alias) == ["outer", "inner"]


def test_a_turn_ends_with_a_rollback(database, connect):
    alias = connect()
    with pytest.raises(ValueError), transaction.atomic(using=alias):
        insert(alias, "rolled back")
        raise ValueError
    assert is_free(database)
    assert notes(alias) == []


def test_a_turn_ends_when_the_connection_closes_inside_a_transaction(database, connect):
    alias = connect()
    with transaction.atomic(using=alias):
        insert(alias, "lost")
        connections[alias].close()
        assert is_free(database)
    assert notes(alias) == []


def abandoned_waits_over() -> None:
    """Wait for the writers that gave up to have had, and let go, their turns."""
    for thread in threading.enumerate():
        if thread.name == "sqlite-write-queue":
            thread.join(timeout=60)


def test_a_write_outside_a_transaction_takes_a_turn_and_a_read_does_not(database, connect):
    alias = connect(timeout=0)
    holder = WriteLock(database, timeout=0)
    holder.acquire()
    with pytest.raises(OperationalError, match="database is locked"):
        insert(alias, "waits for its turn")
    assert notes(alias) == []
    holder.close()
    abandoned_waits_over()
    insert(alias, "its turn")
    assert notes(alias) == ["its turn"]
    assert is_free(database)


def test_a_writer_gives_up_after_the_timeout_and_the_next_one_gets_the_turn(database, connect):
    holder = WriteLock(database, timeout=0)
    holder.acquire()
    impatient = connect(timeout=0.01)
    with (
        pytest.raises(OperationalError, match="database is locked"),
        transaction.atomic(using=impatient),
    ):
        insert(impatient, "never")
    holder.close()
    patient = connect()
    with transaction.atomic(using=patient):
        insert(patient, "written")
    abandoned_waits_over()
    with transaction.atomic(using=impatient):  # Its connection works on.
        insert(impatient, "later")
    assert notes(patient) == ["written", "later"]
    assert is_free(database)


def test_the_test_database_in_memory_has_no_queue(db):
    connection = connections["default"]
    connection.ensure_connection()
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's backend")
    assert connection.write_lock is None  # type: ignore[attr-defined]


def test_the_lock_file_has_the_database_permissions(database, connect):
    os.chmod(database, 0o640)
    alias = connect()
    umask = os.umask(0o022)  # The usual one: a stricter one narrows the file's mode.
    try:
        insert(alias, "a write")
    finally:
        os.umask(umask)
    lock = Path(database + "-lock").stat()
    assert lock.st_mode & 0o777 == 0o640
    assert (lock.st_uid, lock.st_gid) == (
        Path(database).stat().st_uid,
        Path(database).stat().st_gid,
    )


def test_without_file_locks_writers_go_on_without_turns(database, connect, monkeypatch, caplog):
    def no_locks(fd, operation):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    alias = connect()
    with transaction.atomic(using=alias):
        insert(alias, "in a transaction")
    insert(alias, "alone")
    assert notes(alias) == ["in a transaction", "alone"]
    assert "Writers do not take turns" in caplog.text
