"""Backups of the configured database, and their restore.

SQLite: a copy through SQLite's online backup API, made while the app runs. PostgreSQL:
`pg_dump --format=custom`, restored with `pg_restore`. Either way the backup is one file
that holds the whole database, `django_migrations` included, so it carries its own
schema state; `backup_migrations()` reads it back before a restore.
"""

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from pathlib import Path
from typing import Any

from django.db import connection as default_connection
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.client import DatabaseClient
from django.utils.translation import gettext as _

from keyfolio.core.sqlite.writelock import WriteLock
from keyfolio.operations.schema import Migration

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
# Pages copied per step of the SQLite backup (4 MiB at SQLite's default page size).
SQLITE_BACKUP_PAGES = 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message tells the operator why."""


def backup_create(path: Path, *, connection: BaseDatabaseWrapper = default_connection) -> None:
    """Write a backup of the configured database to `path`.

    The backup is written beside `path` under a temporary name and renamed at the end,
    so `path` is either the previous file or a whole new backup, never half of one.
    """
    path = path.resolve()
    if connection.vendor == "sqlite" and path == _sqlite_path(connection):
        raise BackupError(_("The backup cannot overwrite the database itself."))
    path.parent.mkdir(parents=True, exist_ok=True)
    # mkstemp makes the file readable by its owner only, as a copy of every password
    # hash and client note should be.
    handle, partial_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(handle)
    partial = Path(partial_name)
    try:
        if connection.vendor == "sqlite":
            _sqlite_backup(_sqlite_path(connection), partial, connection)
        elif connection.vendor == "postgresql":
            _pg_dump(connection.settings_dict, partial)
        else:
            raise BackupError(_unsupported(connection))
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def backup_migrations(
    path: Path, *, connection: BaseDatabaseWrapper = default_connection
) -> set[Migration]:
    """The migrations applied in the backup at `path`, i.e. the schema it was taken at.

    Refuses a file that is not a backup for this database's engine.
    """
    _check_kind(path, connection)
    if connection.vendor == "sqlite":
        try:
            with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as backup:
                rows = backup.execute("SELECT app, name FROM django_migrations").fetchall()
        except sqlite3.Error as error:
            raise BackupError(_not_a_backup(path, str(error))) from error
        return {(app, name) for app, name in rows}
    return _pg_dump_migrations(path)


def backup_restore(path: Path, *, connection: BaseDatabaseWrapper = default_connection) -> None:
    """Replace the configured database with the backup at `path`.

    Call `backup_migrations()` first: it refuses files of the wrong kind, and the caller
    decides what to do about a backup from another schema.
    """
    _check_kind(path, connection)
    if connection.vendor == "sqlite":
        live = _sqlite_path(connection)
        connection.close()
        _sqlite_restore(path, live, timeout=_sqlite_timeout(connection))
    else:
        _pg_restore(path, connection)


# SQLite


def _sqlite_path(connection: BaseDatabaseWrapper) -> Path:
    return Path(connection.settings_dict["NAME"]).resolve()


def _sqlite_timeout(connection: BaseDatabaseWrapper) -> float:
    return float(connection.settings_dict.get("OPTIONS", {}).get("timeout", 5))


def _sqlite_backup(live: Path, target: Path, connection: BaseDatabaseWrapper) -> None:
    if not live.exists():
        raise BackupError(_("There is no database at %(path)s yet.") % {"path": live})
    try:
        with (
            closing(
                sqlite3.connect(live, isolation_level=None, timeout=_sqlite_timeout(connection))
            ) as source,
            closing(sqlite3.connect(target, isolation_level=None)) as copy,
        ):
            # A read transaction held across every step pins one snapshot. In WAL mode a
            # reader blocks no writer, so the app keeps writing while the pages are
            # copied, and the copy is that snapshot: without it, each commit by another
            # connection would restart the backup from the first page.
            source.execute("BEGIN")
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()
            source.backup(copy, pages=SQLITE_BACKUP_PAGES)
            source.execute("COMMIT")
            # The copy would inherit WAL mode; a backup is better as one plain file.
            copy.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as error:
        raise BackupError(_("The backup failed: %(error)s") % {"error": error}) from error


def _sqlite_restore(backup: Path, live: Path, *, timeout: float) -> None:
    live.parent.mkdir(parents=True, exist_ok=True)
    turn = WriteLock(str(live), timeout)  # Among the app's writers (keyfolio/core/sqlite).
    try:
        with (
            closing(turn),
            turn,
            closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as source,
            closing(sqlite3.connect(live, isolation_level=None, timeout=timeout)) as target,
        ):
            # All pages in one step: one write transaction on the live file, so the app's
            # other connections see the old database or the restored one, never a mix.
            source.backup(target)
    except sqlite3.Error as error:
        raise BackupError(_("The restore failed: %(error)s") % {"error": error}) from error


# PostgreSQL


def _pg_program(name: str) -> str:
    program = shutil.which(name)
    if program is None:
        raise BackupError(
            _(
                "%(program)s was not found. Install PostgreSQL's client programs, of the "
                "server's major version or newer (on Debian: apt-get install "
                "postgresql-client)."
            )
            % {"program": name}
        )
    return program


def _pg_run(name: str, *arguments: str, settings: dict[str, Any] | None = None) -> str:
    """Run a PostgreSQL client program on the configured database; return its output.

    The connection comes from Django's settings; the password travels in the
    environment (PGPASSWORD, as Django's own `dbshell` passes it), never on the command
    line, and --no-password makes a missing one an error instead of a prompt.
    """
    settings = settings or {"OPTIONS": {}}
    _args, client_env = DatabaseClient.settings_to_cmd_args_env(settings, [])
    command = [_pg_program(name), "--no-password"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            command.append(f"{option}={settings[key]}")
    command += arguments
    result = subprocess.run(
        command,
        env={**os.environ, **(client_env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s") % {"program": name, "error": result.stderr.strip()}
        )
    return result.stdout


def _pg_dump(settings: dict[str, Any], target: Path) -> None:
    _pg_run(
        "pg_dump",
        "--format=custom",
        f"--file={target}",
        f"--dbname={settings['NAME']}",
        settings=settings,
    )


def _pg_dump_migrations(path: Path) -> set[Migration]:
    # The custom format keeps `django_migrations` like every other table, and pg_restore
    # can print one table's data without a database, so no sidecar file is needed (one
    # that could be lost or mismatched when backups are copied around).
    script = _pg_run(
        "pg_restore", "--data-only", "--table=django_migrations", "--file=-", str(path)
    )
    lines = iter(script.splitlines())
    for line in lines:
        header = re.match(r"COPY \S*django_migrations \((.+)\) FROM stdin;", line)
        if header:
            columns = [column.strip().strip('"') for column in header.group(1).split(",")]
            break
    else:
        raise BackupError(_not_a_backup(path, _("it has no django_migrations table")))
    migrations = set()
    for line in lines:
        if line == "\\.":
            break
        row = dict(zip(columns, line.split("\t"), strict=True))
        migrations.add((row["app"], row["name"]))
    return migrations


def _pg_dump_tables(path: Path) -> set[str]:
    listing = _pg_run("pg_restore", "--list", str(path))
    return set(re.findall(r"^\d+; \d+ \d+ TABLE \S+ (\S+) ", listing, flags=re.MULTILINE))


def _pg_restore(path: Path, connection: BaseDatabaseWrapper) -> None:
    # `--clean` drops and re-creates only what the backup holds. Tables that a newer
    # migration added since the backup was taken would stay behind, block the drops of
    # the tables they reference and trip the migration that creates them again, so
    # they go first.
    extra = set(connection.introspection.table_names()) - _pg_dump_tables(path)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for table in sorted(extra):
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
    connection.close()
    settings = connection.settings_dict
    _pg_run(
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        # All or nothing: a failure part-way leaves the database as it was.
        "--single-transaction",
        f"--dbname={settings['NAME']}",
        str(path),
        settings=settings,
    )


# Checks shared by both engines


def _kind(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            start = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise BackupError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error.strerror}
        ) from error
    if start.startswith(SQLITE_HEADER):
        return "sqlite"
    if start.startswith(PG_DUMP_HEADER):
        return "postgresql"
    return None


def _check_kind(path: Path, connection: BaseDatabaseWrapper) -> None:
    if connection.vendor not in {"sqlite", "postgresql"}:
        raise BackupError(_unsupported(connection))
    kind = _kind(path)
    if kind is None:
        raise BackupError(
            _not_a_backup(path, _("it is neither an SQLite file nor a pg_dump custom archive"))
        )
    if kind != connection.vendor:
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        raise BackupError(
            _(
                "%(path)s is a backup from %(kind)s, but this Keyfolio's database is on "
                "%(vendor)s. Restore it on a Keyfolio that uses %(kind)s."
            )
            % {"path": path, "kind": names[kind], "vendor": names[connection.vendor]}
        )


def _not_a_backup(path: Path, reason: str) -> str:
    return _("%(path)s is not a Keyfolio backup: %(reason)s.") % {"path": path, "reason": reason}


def _unsupported(connection: BaseDatabaseWrapper) -> str:
    return _("Backups work on SQLite and PostgreSQL, not on %(vendor)s.") % {
        "vendor": connection.vendor
    }
