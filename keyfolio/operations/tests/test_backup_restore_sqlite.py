"""`keyfolio backup`, `restore` and `check-db` run for real on SQLite files, as an operator
runs them: each in its own process, on a data folder of its own."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="SQLite files; test_backup_restore_postgresql.py covers PostgreSQL",
)

SCRIPT = Path(sys.executable).with_name("keyfolio")


def keyfolio(*args: str, data: Path, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    """Run a keyfolio command on the SQLite database in the folder `data`."""
    env = {**os.environ, "KEYFOLIO_DATA_DIR": str(data), "DEBUG": "0"}
    env.pop("DATABASE_URL", None)
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "keyfolio.cli"]
    return subprocess.run(
        [*command, *args],
        env=env,
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def database(data: Path) -> Path:
    return data / "keyfolio.sqlite3"


def checksums(path: Path) -> dict[str, str]:
    """A checksum of every table's rows, read with plain sqlite3."""
    with closing(sqlite3.connect(path)) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            table: hashlib.sha256(
                repr(db.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()).encode()
            ).hexdigest()
            for table in tables
        }


def execute(path: Path, sql: str, params=()) -> None:
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute(sql, params)


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory) -> Path:
    """A database with the demo portfolio, made once: `keyfolio init` takes a while."""
    data = tmp_path_factory.mktemp("demo")
    result = keyfolio("init", "--demo-if-empty", data=data)
    assert result.returncode == 0, result.stderr
    return data


@pytest.fixture
def live(demo_data, tmp_path) -> Path:
    """The data folder of a running Keyfolio, with its own copy of the demo database."""
    data = tmp_path / "live"
    data.mkdir()
    shutil.copy(database(demo_data), database(data))
    return data


@pytest.fixture
def backup(live, tmp_path) -> Path:
    path = tmp_path / "backups" / "keyfolio.sqlite3"
    result = keyfolio("backup", str(path), data=live)
    assert result.returncode == 0, result.stderr
    return path


class Writer(threading.Thread):
    """Adds workspaces, each with its owner's membership in the same transaction, until
    stopped: the app at work while the backup runs."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        self.written = 0
        self.errors: list[str] = []
        self.stopping = threading.Event()

    def run(self):
        with closing(sqlite3.connect(self.path, isolation_level=None, timeout=20)) as db:
            db.execute("PRAGMA foreign_keys = ON")
            (user_id,) = db.execute("SELECT min(id) FROM users_user").fetchone()
            while not self.stopping.is_set():
                try:
                    self._write(db, user_id)
                except sqlite3.Error as error:
                    self.errors.append(str(error))
                    db.execute("ROLLBACK")

    def _write(self, db: sqlite3.Connection, user_id: int) -> None:
        db.execute("BEGIN IMMEDIATE")
        cursor = db.execute(
            "INSERT INTO workspaces_workspace (name, slug, default_currency, created_at) "
            "VALUES (?, ?, 'EUR', datetime('now'))",
            (f"Load {self.written}", f"load-{self.written}"),
        )
        db.execute(
            "INSERT INTO workspaces_membership "
            "(role, is_executive, created_at, user_id, workspace_id) "
            "VALUES ('owner', 0, datetime('now'), ?, ?)",
            (user_id, cursor.lastrowid),
        )
        db.execute("COMMIT")
        self.written += 1

    def stop(self) -> int:
        self.stopping.set()
        self.join()
        return self.written


def load_rows(path: Path) -> tuple[int, int]:
    """The workspaces the writer made, and their memberships."""
    with closing(sqlite3.connect(path)) as db:
        (workspaces,) = db.execute(
            "SELECT count(*) FROM workspaces_workspace WHERE slug LIKE 'load-%'"
        ).fetchone()
        (memberships,) = db.execute(
            "SELECT count(*) FROM workspaces_membership m JOIN workspaces_workspace w "
            "ON w.id = m.workspace_id WHERE w.slug LIKE 'load-%'"
        ).fetchone()
    return workspaces, memberships


def test_it_backs_up_a_consistent_copy_while_the_app_writes(live, tmp_path):
    writer = Writer(database(live))
    writer.start()
    try:
        written_before = writer.written
        result = keyfolio("backup", str(tmp_path / "under-load.sqlite3"), data=live)
    finally:
        written_after = writer.stop()

    assert result.returncode == 0, result.stderr
    assert "Backed up to" in result.stdout and " s." in result.stdout
    assert writer.errors == []
    # One moment of the database: whole transactions only, as many as were written then.
    workspaces, memberships = load_rows(tmp_path / "under-load.sqlite3")
    assert workspaces == memberships
    assert written_before <= workspaces <= written_after

    fresh = tmp_path / "fresh"
    restored = keyfolio("restore", "--yes", str(tmp_path / "under-load.sqlite3"), data=fresh)
    assert restored.returncode == 0, restored.stderr
    assert checksums(database(fresh)) == checksums(tmp_path / "under-load.sqlite3")
    checked = keyfolio("check-db", data=fresh)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "No problems found." in checked.stdout


def test_the_backup_is_one_plain_file_readable_by_its_owner_only(backup):
    assert [p.name for p in backup.parent.iterdir()] == [backup.name]
    with closing(sqlite3.connect(backup)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert backup.stat().st_mode & 0o077 == 0


def test_it_restores_over_a_changed_database(live, backup):
    at_backup = checksums(database(live))
    execute(database(live), "DELETE FROM activities_activity_our_people")
    execute(database(live), "UPDATE accounts_account SET name = name || ' (renamed)'")

    result = keyfolio("restore", "--yes", str(backup), data=live)

    assert result.returncode == 0, result.stderr
    assert "Restored" in result.stdout
    assert checksums(database(live)) == at_backup
    assert keyfolio("check-db", data=live).returncode == 0


def test_it_refuses_a_backup_from_a_newer_schema(live, backup):
    execute(
        backup,
        "INSERT INTO django_migrations (app, name, applied) VALUES (?, ?, datetime('now'))",
        ("accounts", "9999_from_the_future"),
    )
    execute(database(live), "DELETE FROM activities_activity_our_people")
    before = checksums(database(live))

    result = keyfolio("restore", "--yes", str(backup), data=live)

    assert result.returncode == 1
    assert "comes from a newer Keyfolio" in result.stderr
    assert "accounts.9999_from_the_future" in result.stderr
    assert checksums(database(live)) == before


def test_it_refuses_to_overwrite_without_yes_when_nobody_can_answer(live, backup):
    execute(database(live), "DELETE FROM activities_activity_our_people")
    before = checksums(database(live))

    result = keyfolio("restore", str(backup), data=live)

    assert result.returncode == 1
    assert "no terminal to ask on. Add --yes" in result.stderr
    assert checksums(database(live)) == before


@pytest.mark.parametrize(("answer", "restored"), [("yes", True), ("no", False), ("", False)])
def test_it_asks_on_a_terminal_before_overwriting(live, backup, answer, restored):
    at_backup = checksums(database(live))
    execute(database(live), "DELETE FROM activities_activity_our_people")
    changed = checksums(database(live))
    main, terminal = os.openpty()
    try:
        os.write(main, f"{answer}\n".encode())
        result = keyfolio("restore", str(backup), data=live, stdin=terminal)
    finally:
        os.close(main)
        os.close(terminal)

    assert "Type yes to go on:" in result.stdout
    if restored:
        assert result.returncode == 0, result.stderr
        assert checksums(database(live)) == at_backup
    else:
        assert result.returncode == 1
        assert "Restore cancelled: nothing was changed." in result.stderr
        assert checksums(database(live)) == changed


def test_it_migrates_a_backup_from_an_older_schema(live, tmp_path):
    assert keyfolio("manage", "migrate", "notifications", "zero", data=live).returncode == 0
    old = tmp_path / "old.sqlite3"
    assert keyfolio("backup", str(old), data=live).returncode == 0
    assert keyfolio("manage", "migrate", data=live).returncode == 0

    result = keyfolio("restore", "--yes", str(old), data=live)

    assert result.returncode == 0, result.stderr
    assert "applied 1 migration (notifications.0001_initial)" in result.stdout
    checked = keyfolio("check-db", data=live)
    assert checked.returncode == 0, checked.stdout
    assert "0 pending, 0 unknown" in checked.stdout


def test_check_db_finds_a_reference_to_a_missing_row(live):
    # Plain sqlite3 leaves foreign keys off, as any tool that edits the file may.
    execute(
        database(live),
        "INSERT INTO workspaces_membership "
        "(id, role, is_executive, created_at, user_id, workspace_id) "
        "VALUES (424242, 'viewer', 0, datetime('now'), 1, 999999)",
    )

    result = keyfolio("check-db", data=live)

    assert result.returncode == 1
    assert (
        "workspaces_membership: 1 row whose workspace_id points to no workspaces_workspace "
        "row. Row ids: 424242." in result.stdout
    )
    assert "1 problem found." in result.stderr


def test_it_will_not_write_the_backup_over_the_database(live):
    before = checksums(database(live))

    result = keyfolio("backup", str(database(live)), data=live)

    assert result.returncode == 1
    assert "cannot overwrite the database itself" in result.stderr
    assert checksums(database(live)) == before


def test_a_restore_waits_for_its_turn_among_the_app_writers(live, backup):
    from keyfolio.core.sqlite.writelock import WriteLock
    from keyfolio.operations.backups import BackupError, _sqlite_restore

    writer = WriteLock(str(database(live)), timeout=0)
    writer.acquire()  # The app is writing.
    before = checksums(database(live))
    with pytest.raises(BackupError, match="database is locked"):
        _sqlite_restore(backup, database(live), timeout=0)
    writer.close()
    assert checksums(database(live)) == before
