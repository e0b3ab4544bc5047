"""`keyfolio backup`, `restore` and `check-db` on PostgreSQL, against the test database:
pg_dump and pg_restore run for real, so the rows must be committed (transactional_db)."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from keyfolio.accounts.models import Account

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL; the SQLite tests are beside it"
)


def checksums() -> dict[str, str]:
    """A checksum of every table's rows."""
    sums = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            sums[table] = hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()
    return sums


def command(name: str, *args: str) -> str:
    out = StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def change_the_data(world) -> None:
    world.account.team.clear()
    Account.objects.update(name="Renamed")


@pytest.fixture
def backup(transactional_db, world, tmp_path):
    path = tmp_path / "keyfolio.dump"
    output = command("backup", str(path))
    assert "Backed up to" in output
    return path


def test_it_restores_the_rows_it_backed_up(world, backup):
    at_backup = checksums()
    change_the_data(world)
    assert checksums() != at_backup

    output = command("restore", "--yes", str(backup))

    assert "Restored" in output
    assert checksums() == at_backup
    assert "No problems found." in command("check_db")


def test_it_refuses_a_backup_from_a_newer_schema(transactional_db, world, tmp_path):
    recorder = MigrationRecorder(connection)
    recorder.record_applied("accounts", "9999_from_the_future")
    command("backup", str(tmp_path / "newer.dump"))
    recorder.record_unapplied("accounts", "9999_from_the_future")
    change_the_data(world)
    before = checksums()

    with pytest.raises(CommandError, match=r"comes from a newer Keyfolio.*9999_from_the_future"):
        command("restore", "--yes", str(tmp_path / "newer.dump"))

    assert checksums() == before


def test_it_migrates_a_backup_from_an_older_schema(transactional_db, tmp_path):
    call_command("migrate", "notifications", "zero", verbosity=0)
    command("backup", str(tmp_path / "older.dump"))
    call_command("migrate", verbosity=0)

    output = command("restore", "--yes", str(tmp_path / "older.dump"))

    assert "applied 1 migration (notifications.0001_initial)" in output
    assert "0 pending, 0 unknown" in command("check_db")


def test_it_says_when_pg_dump_is_missing(db, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(CommandError, match="pg_dump was not found"):
        command("backup", str(tmp_path / "keyfolio.dump"))

    assert list(tmp_path.iterdir()) == []


def test_check_db_finds_rows_loaded_around_the_foreign_keys(transactional_db, world):
    # A load with triggers off (as pg_restore --disable-triggers does) skips the checks.
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            "INSERT INTO accounts_account_team (account_id, user_id) VALUES (%s, 987654)",
            [world.account.pk],
        )
        cursor.execute("SET session_replication_role = DEFAULT")
    try:
        with pytest.raises(CommandError, match="1 problem found"):
            command("check_db")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM accounts_account_team WHERE user_id = 987654")
