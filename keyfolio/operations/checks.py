"""`keyfolio check-db`: is the database whole, are its references sound, does its schema
match this code?

Everything runs through Django's connection. On SQLite that matters: a CHECK constraint
calls a function Django registers on its connections (`django_date_extract`), so the
`sqlite3` shell cannot run `PRAGMA integrity_check` on Keyfolio's file.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from keyfolio.operations.schema import (
    applied_migrations,
    migration_names,
    pending_migrations,
    unknown_migrations,
)

# Row ids named per broken reference; the count says how many there are in all.
SHOWN_ROWS = 10


@dataclass
class DatabaseReport:
    """What was checked (one line each) and the problems found."""

    checked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def database_check(connection: BaseDatabaseWrapper = default_connection) -> DatabaseReport:
    report = DatabaseReport()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _sqlite_integrity(cursor, report)
            _sqlite_foreign_keys(cursor, connection, report)
        elif connection.vendor == "postgresql":
            _pg_constraints_and_indexes(cursor, report)
            _pg_foreign_keys(cursor, connection, report)
    _migrations(connection, report)
    return report


def _sqlite_integrity(cursor: CursorWrapper, report: DatabaseReport) -> None:
    cursor.execute("PRAGMA integrity_check")
    problems = [row[0] for row in cursor.fetchall() if row[0] != "ok"]
    report.problems += problems
    report.checked.append(
        _("Integrity (PRAGMA integrity_check): %(result)s.")
        % {"result": _("ok") if not problems else _("damaged")}
    )


def _sqlite_foreign_keys(
    cursor: CursorWrapper, connection: BaseDatabaseWrapper, report: DatabaseReport
) -> None:
    tables = connection.introspection.table_names(cursor)
    columns: dict[tuple[str, int], tuple[str, str]] = {}
    for table in tables:
        cursor.execute(f"PRAGMA foreign_key_list({connection.ops.quote_name(table)})")
        for fk_id, _seq, parent, column, *_rest in cursor.fetchall():
            columns[table, fk_id] = (column, parent)
    cursor.execute("PRAGMA foreign_key_check")
    broken: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for table, rowid, parent, fk_id in cursor.fetchall():
        column, _parent = columns.get((table, fk_id), ("?", parent))
        broken[table, column, parent].append(rowid)
    for (table, column, parent), rowids in sorted(broken.items()):
        report.problems.append(
            _broken_reference(table, column, parent, len(rowids))
            + " "
            + _("Row ids: %(ids)s.") % {"ids": ", ".join(map(str, sorted(rowids)[:SHOWN_ROWS]))}
        )
    report.checked.append(
        _("Foreign keys (PRAGMA foreign_key_check): %(keys)d in %(tables)d tables.")
        % {"keys": len(columns), "tables": len({table for table, _fk_id in columns})}
    )


def _pg_constraints_and_indexes(cursor: CursorWrapper, report: DatabaseReport) -> None:
    # A constraint added NOT VALID, or left so by an interrupted load, promises nothing
    # about the rows that were there before; an invalid index (a failed CREATE INDEX
    # CONCURRENTLY) is skipped by queries and may enforce no uniqueness.
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, convalidated FROM pg_constraint "
        "WHERE connamespace = current_schema()::regnamespace ORDER BY 1, 2"
    )
    constraints = cursor.fetchall()
    for table, name, validated in constraints:
        if not validated:
            report.problems.append(
                _("%(table)s: constraint %(name)s is not validated.")
                % {"table": table, "name": name}
            )
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, i.indisvalid AND i.indisready FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE c.relnamespace = current_schema()::regnamespace ORDER BY 1"
    )
    indexes = cursor.fetchall()
    for name, valid in indexes:
        if not valid:
            report.problems.append(_("Index %(name)s is invalid.") % {"name": name})
    report.checked.append(
        _("Constraints and indexes: %(constraints)d constraints, %(indexes)d indexes.")
        % {"constraints": len(constraints), "indexes": len(indexes)}
    )


def _pg_foreign_keys(
    cursor: CursorWrapper, connection: BaseDatabaseWrapper, report: DatabaseReport
) -> None:
    # PostgreSQL enforces its foreign keys, but rows can still dangle after a load with
    # triggers disabled (session_replication_role = replica): look for them, one
    # anti-join per foreign key, which is cheap at Keyfolio's sizes.
    cursor.execute(
        "SELECT child.relname, ca.attname, parent.relname, pa.attname "
        "FROM pg_constraint c "
        "JOIN pg_class child ON child.oid = c.conrelid "
        "JOIN pg_class parent ON parent.oid = c.confrelid "
        "JOIN pg_attribute ca ON ca.attrelid = c.conrelid AND ca.attnum = c.conkey[1] "
        "JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1] "
        "WHERE c.contype = 'f' AND cardinality(c.conkey) = 1 "
        "AND c.connamespace = current_schema()::regnamespace ORDER BY 1, 2"
    )
    keys = cursor.fetchall()
    quote = connection.ops.quote_name
    for table, column, parent, parent_column in keys:
        cursor.execute(
            f"SELECT count(*) FROM {quote(table)} child WHERE child.{quote(column)} IS NOT NULL "
            f"AND NOT EXISTS (SELECT 1 FROM {quote(parent)} parent "
            f"WHERE parent.{quote(parent_column)} = child.{quote(column)})"
        )
        (count,) = cursor.fetchone()
        if count:
            report.problems.append(_broken_reference(table, column, parent, count))
    report.checked.append(
        _("Foreign keys (every reference looked up): %(keys)d in %(tables)d tables.")
        % {"keys": len(keys), "tables": len({key[0] for key in keys})}
    )


def _migrations(connection: BaseDatabaseWrapper, report: DatabaseReport) -> None:
    applied = applied_migrations(connection)
    unknown = unknown_migrations(applied)
    pending = pending_migrations(connection)
    if pending:
        report.problems.append(
            ngettext(
                "%(count)d migration not applied (%(names)s): run `keyfolio init`.",
                "%(count)d migrations not applied (%(names)s): run `keyfolio init`.",
                len(pending),
            )
            % {"count": len(pending), "names": migration_names(pending)}
        )
    if unknown:
        report.problems.append(
            _(
                "The database has migrations this code does not know (%(names)s): it was "
                "set up by a newer Keyfolio."
            )
            % {"names": migration_names(unknown)}
        )
    report.checked.append(
        _("Migrations: %(applied)d applied, %(pending)d pending, %(unknown)d unknown.")
        % {"applied": len(applied), "pending": len(pending), "unknown": len(unknown)}
    )


def _broken_reference(table: str, column: str, parent: str, count: int) -> str:
    return ngettext(
        "%(table)s: %(count)d row whose %(column)s points to no %(parent)s row.",
        "%(table)s: %(count)d rows whose %(column)s points to no %(parent)s row.",
        count,
    ) % {"table": table, "count": count, "column": column, "parent": parent}
