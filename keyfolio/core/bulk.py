"""Writing many rows at once: fast inserts, and saving an import in chunks.

An import checks every row of its file before it writes anything (a bad row stops it
whole), then saves the checked rows `IMPORT_CHUNK_ROWS` at a time, each chunk in a
transaction of its own: SQLite has one writer at a time, so the lock is held for a
chunk (a fraction of a second), never for the whole file, and other writers (people
saving forms) are not kept waiting. The price is that a chunk can fail after earlier
ones were committed (the database refused it: a member or an account deleted meanwhile,
a lock held elsewhere beyond the busy timeout). Then the import stops with
`ImportStopped`, which says from which line nothing was saved and what was; the chunks
before it stay. Imports are idempotent, so importing the same file again saves the rest,
the rows already saved counting as unchanged.
"""

import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from django.conf import settings
from django.db import connection
from django.db.models import DateField, DecimalField, Model
from django.utils import timezone
from django.utils.translation import gettext as _

INSERT_BATCH = 5000  # Rows per executemany call of rows_insert.
SQLITE_HOLD = 0.5  # Seconds an import holds SQLite's write lock before it pauses...
SQLITE_PAUSE = 0.12  # ...for this long (see import_chunks).
ANALYZE_AFTER_ROWS = 10_000  # See statistics_refresh.
T = TypeVar("T")


class ImportRecorder(Protocol):
    """Told of every record an import writes, so that it can be undone
    (keyfolio.imports keeps the log; the apps below it know only this)."""

    def created(self, model: str, pks: Iterable[int]) -> None: ...

    def changed(self, model: str, pk: int, before: dict, after: dict) -> None: ...


def rows_insert(model: type[Model], attnames: Sequence[str], rows: Sequence[tuple]) -> int:
    """INSERT `rows` (tuples of the values of `attnames`) into `model`'s table: several
    times faster than bulk_create, which builds a model instance and prepares every value
    of every row. The other columns get the field's default (the time now for auto_now
    fields), prepared once; dates and decimals are prepared per value, while ints,
    floats, strings and None go to the driver as they are. No signal is sent and no pk
    returned (see `rows_insert_returning_pks`). Returns the number of rows.

    On SQLite, one executemany: SQLite runs in the process, so a prepared statement run
    per row costs no round trip. On PostgreSQL, one COPY: the rows stream in as data,
    with no statement to parse per row, no placeholder per value and no array to build
    per column (an INSERT ... SELECT FROM UNNEST of arrays, as bulk_create does there,
    took several times longer)."""
    if not rows:
        return 0
    insert = _Insert(model, attnames)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for start in range(0, len(rows), INSERT_BATCH):
                batch = insert.values(rows[start : start + INSERT_BATCH])
                cursor.executemany(insert.values_sql(1), batch)
        else:
            # COPY: the fastest way PostgreSQL loads rows, several times faster than
            # one INSERT of arrays (whose building and parsing took most of the time).
            began = time.monotonic()
            with cursor.cursor.copy(insert.copy_sql()) as copy:
                for values in insert.values(rows):
                    copy.write_row(values)
            if connection.queries_logged:
                # psycopg's COPY bypasses Django's cursor: counted as the statement it is.
                duration = f"{time.monotonic() - began:.3f}"
                connection.queries_log.append({"sql": insert.copy_sql(), "time": duration})
    return len(rows)


def pks_reserve(model: type[Model], count: int) -> list[int]:
    """`count` pks for new rows of `model`, taken now so that rows inserted later (with
    rows_insert, the pk among their attnames) can refer to one another from the start.
    Call it inside the transaction that inserts them. PostgreSQL takes them from the
    table's sequence, which other writers share safely. SQLite has one writer at a time
    (Keyfolio's transactions begin IMMEDIATE, holding the lock), so the next ones after
    the largest pk ever given (sqlite_sequence remembers those of deleted rows) are
    this writer's until it commits."""
    if count <= 0:
        return []
    table = model._meta.db_table
    pk = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"SELECT MAX(COALESCE((SELECT MAX({pk}) FROM {connection.ops.quote_name(table)}), "
                "0), COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
                [table],
            )
            start = cursor.fetchone()[0] + 1
            return list(range(start, start + count))
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def rows_insert_returning_pks(
    model: type[Model], attnames: Sequence[str], rows: Sequence[tuple]
) -> list[int]:
    """As `rows_insert`, for rows whose pks the caller needs, which come in the order of
    `rows` (bulk_create relies on the same order). On SQLite, INSERTs with RETURNING of
    as many rows each as Django lets a statement take parameters (a handful of statements
    for a thousand rows); on PostgreSQL one INSERT ... SELECT FROM UNNEST with RETURNING."""
    if not rows:
        return []
    insert = _Insert(model, attnames)
    pk = connection.ops.quote_name(model._meta.pk.column)
    pks: list[int] = []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            size = max(1, (connection.features.max_query_params or 999) // insert.width)
            for start in range(0, len(rows), size):
                batch = insert.values(rows[start : start + size])
                params = [value for values in batch for value in values]
                cursor.execute(f"{insert.values_sql(len(batch))} RETURNING {pk}", params)
                pks += [row[0] for row in cursor.fetchall()]
        else:
            cursor.execute(f"{insert.unnest_sql()} RETURNING {pk}", insert.columns(rows))
            pks = [row[0] for row in cursor.fetchall()]
    return pks


class _Insert:
    """An INSERT of `attnames` into `model`'s table, the other columns set to their
    defaults: its SQL and its rows' values, prepared for the database."""

    def __init__(self, model: type[Model], attnames: Sequence[str]):
        # The pk is written only when given (see pks_reserve).
        fields = {f.attname: f for f in model._meta.concrete_fields}
        now = timezone.now()
        rest = [f for name, f in fields.items() if name not in attnames and not f.primary_key]
        self.constants = tuple(
            f.get_db_prep_save(
                now
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
                else f.get_default(),
                connection,
            )
            for f in rest
        )
        self.prepared = [
            (i, fields[name])
            for i, name in enumerate(attnames)
            if isinstance(fields[name], DateField | DecimalField)  # DateTimeField is a DateField.
        ]
        columns = [fields[name] for name in attnames] + rest
        self.width = len(columns)
        self.head = "INSERT INTO {} ({})".format(
            connection.ops.quote_name(model._meta.db_table),
            ", ".join(connection.ops.quote_name(f.column) for f in columns),
        )
        # The array types for UNNEST, without their length (varchar[], not varchar(50)[]).
        self.types = [str(f.db_type(connection)).split("(")[0] for f in columns]

    def values_sql(self, rows: int) -> str:
        """An INSERT of `rows` rows of VALUES."""
        row = "({})".format(", ".join(["%s"] * self.width))
        return f"{self.head} VALUES {', '.join([row] * rows)}"

    def copy_sql(self) -> str:
        """A COPY of the rows in (PostgreSQL)."""
        return self.head.replace("INSERT INTO", "COPY", 1) + " FROM STDIN"

    def unnest_sql(self) -> str:
        """An INSERT of the rows of one array per column (PostgreSQL)."""
        arrays = ", ".join(f"(%s)::{db_type}[]" for db_type in self.types)
        return f"{self.head} SELECT * FROM UNNEST({arrays})"

    def values(self, rows: Sequence[tuple]) -> list[tuple]:
        """The rows, prepared for the database and with the other columns' defaults."""
        if not self.prepared:
            return [(*row, *self.constants) for row in rows]
        batch = []
        for row in rows:
            values = list(row)
            for i, field in self.prepared:
                values[i] = field.get_db_prep_save(values[i], connection)
            batch.append((*values, *self.constants))
        return batch

    def columns(self, rows: Sequence[tuple]) -> list[list]:
        """The rows' prepared values as one list per column, for UNNEST."""
        return [list(column) for column in zip(*self.values(rows), strict=True)]


def import_chunks(rows: Sequence[T]) -> Iterator[Sequence[T]]:
    """`rows` in chunks of IMPORT_CHUNK_ROWS, for an import to save each in a transaction
    of its own before it asks for the next.

    On SQLite it also pauses now and then between chunks, so that other writers get the
    lock. Writers queue for it (keyfolio/core/sqlite), but when the import lets it go the
    first of them is only woken, and must still be given a CPU before it takes it: an
    import that began its next transaction the moment it committed the last one, still
    running, would usually take it first again, and again, starving everyone else for
    the whole file. So once the import has held the lock for SQLITE_HOLD seconds it
    leaves it free for SQLITE_PAUSE: the writers waiting then take their turns, and the
    import queues behind them. The pauses cost about a fifth of the import's time;
    PostgreSQL locks rows, not the database, and needs none."""
    size = max(1, settings.IMPORT_CHUNK_ROWS)
    pauses = connection.vendor == "sqlite"
    held = 0.0
    for start in range(0, len(rows), size):
        began = time.monotonic()
        yield rows[start : start + size]
        held += time.monotonic() - began
        if pauses and held >= SQLITE_HOLD and start + size < len(rows):
            time.sleep(SQLITE_PAUSE)
            held = 0.0


def statistics_refresh(*models: type[Model], rows: int) -> None:
    """After an import that wrote `rows` rows into the tables of `models`: on PostgreSQL,
    if they were ANALYZE_AFTER_ROWS or more, bring the planner's statistics up to date
    (ANALYZE samples a table: a fraction of a second whatever its size), as PostgreSQL
    advises after a bulk load. Until autovacuum gets to it, a minute or so later, plans
    made from the old row counts can scan a whole table where an index would serve: a
    re-import of 100,000 rows took a minute to check instead of seconds."""
    if connection.vendor != "postgresql" or rows < ANALYZE_AFTER_ROWS:
        return
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


class ImportStopped(Exception):
    """Saving an import in chunks stopped at a chunk the database refused: the rows before
    `line` are saved (`saved` is the importer's result for them), none from `line` on."""

    def __init__(self, *, line: int, saved: Any, error: Exception):
        self.line, self.saved, self.error = line, saved, error
        super().__init__(
            _(
                "The import stopped at line %(line)d: the database refused it (%(error)s). "
                "The rows before that line were saved, the others were not; import the same "
                "file again to save them (the rows already saved count as unchanged)."
            )
            % {"line": line, "error": error}
        )
