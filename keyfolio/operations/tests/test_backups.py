"""What backup and restore refuse before they touch anything, on either engine."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from keyfolio.operations import backups


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database")

    with pytest.raises(CommandError, match="is not a Keyfolio backup"):
        call_command("restore", "--yes", str(notes))


def test_restore_refuses_a_backup_from_the_other_engine(db, tmp_path, settings):
    from django.db import connection

    other = b"SQLite format 3\x00" if connection.vendor == "postgresql" else b"PGDMP\x01\x0e"
    backup = tmp_path / "other"
    backup.write_bytes(other + bytes(100))

    with pytest.raises(CommandError, match="but this Keyfolio's database is on"):
        call_command("restore", "--yes", str(backup))


def test_restore_says_when_the_file_is_missing(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("restore", "--yes", str(tmp_path / "missing.dump"))


def test_pg_dump_gets_the_password_in_its_environment_not_its_arguments(monkeypatch):
    runs = []

    class Done:
        returncode, stdout, stderr = 0, "", ""

    monkeypatch.setattr(backups.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(backups.subprocess, "run", lambda *a, **kw: runs.append((a, kw)) or Done)
    settings = {
        "NAME": "keyfolio",
        "USER": "kam",
        "PASSWORD": "s3cret-pw",
        "HOST": "db.internal",
        "PORT": 5433,
        "OPTIONS": {"sslmode": "require"},
    }

    backups._pg_dump(settings, Path("/backups/keyfolio.dump"))

    ((arguments,), options) = runs[0]
    assert arguments == [
        "/usr/bin/pg_dump",
        "--no-password",
        "--host=db.internal",
        "--port=5433",
        "--username=kam",
        "--format=custom",
        "--file=/backups/keyfolio.dump",
        "--dbname=keyfolio",
    ]
    assert options["env"]["PGPASSWORD"] == "s3cret-pw"
    assert options["env"]["PGSSLMODE"] == "require"
