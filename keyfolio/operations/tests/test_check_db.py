"""`keyfolio check-db` on the test database, whichever engine runs the suite."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder


def check_db() -> str:
    out = StringIO()
    call_command("check_db", stdout=out)
    return out.getvalue()


def failing_check_db() -> tuple[str, str]:
    out = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("check_db", stdout=out)
    return out.getvalue(), str(failure.value)


def test_it_passes_a_clean_database(world):
    output = check_db()

    assert "No problems found." in output
    assert "Foreign keys" in output
    assert "0 pending, 0 unknown" in output


@pytest.fixture
def dangling_team_row(world):
    # Foreign keys are deferred to the commit, which a test never reaches: the row stays
    # in place for the check to find, as one loaded without constraints would. It goes
    # again before the test case's own constraint check at teardown.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO accounts_account_team (account_id, user_id) VALUES (%s, %s)",
            [world.account.pk, 987654],
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_account_team WHERE user_id = 987654")


def test_it_finds_a_reference_to_a_missing_row(dangling_team_row):
    output, error = failing_check_db()

    assert "accounts_account_team: 1 row whose user_id points to no users_user row." in output
    assert error == "1 problem found."


def test_it_reports_migrations_not_applied_and_unknown(db):
    recorder = MigrationRecorder(connection)
    recorder.record_unapplied("notifications", "0001_initial")
    recorder.record_applied("accounts", "9999_from_the_future")

    output, error = failing_check_db()

    assert "1 migration not applied (notifications.0001_initial)" in output
    assert "migrations this code does not know (accounts.9999_from_the_future)" in output
    assert error == "2 problems found."


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's catalog")
def test_it_finds_a_constraint_not_validated_on_postgresql(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE workspaces_workspace ADD CONSTRAINT name_not_empty "
            "CHECK (name <> '') NOT VALID"
        )

    output, _error = failing_check_db()

    assert "workspaces_workspace: constraint name_not_empty is not validated." in output
