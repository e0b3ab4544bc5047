"""The database's own guard of the trail: triggers (migration 0002) refuse any UPDATE or
DELETE of an audit event, whatever code or tool sends it, except

- a DELETE while erasing is allowed, for the retention purge (every workspace's old
  events) or for the deletion of a workspace (its own trail goes with it);
- the UPDATE that forgets a deleted person (actor_id set to NULL, nothing else
  changed): their name stays in actor_label.

On PostgreSQL, erasing is allowed by a transaction-local setting (`keyfolio.audit_erase`:
"all", or the ids of the workspaces being deleted) that the trigger reads; on SQLite by
a function of the connection (`keyfolio_audit_erasing`), which this process registers on
each connection: another program opening the file has no such function, so its DELETE
fails too. Neither stops the database's owner (a TRUNCATE, a dropped trigger): the guard
is against the application's mistakes and its users, not against the DBA.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections

SETTING = "keyfolio.audit_erase"
ALL = "all"

# What may be erased now: ALL, or the ids of the workspaces being deleted.
_erasing: ContextVar[frozenset[str]] = ContextVar("keyfolio_audit_erasing", default=frozenset())


def _sqlite_erasing(workspace_id) -> int:
    """The SQLite trigger's question: may an event of this workspace be deleted now?"""
    allowed = _erasing.get()
    return int(ALL in allowed or str(workspace_id) in allowed)


def install_sqlite_function(sender, connection, **kwargs) -> None:
    """Give a new SQLite connection the function its DELETE trigger calls."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("keyfolio_audit_erasing", 1, _sqlite_erasing)


def _set(allowed: frozenset[str], using: str) -> None:
    connection = connections[using]
    if connection.vendor == "postgresql":
        # Local to the transaction: outside one it would end with its own statement.
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, true)", [SETTING, ",".join(sorted(allowed))])
    _erasing.set(allowed)


def allow_erasing(value: str, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Let the DELETEs that follow in this transaction remove events: all of them
    (`value` ALL) or a workspace's (its id), until `stop_erasing(value)`."""
    _set(_erasing.get() | {value}, using)


def stop_erasing(value: str, *, using: str = DEFAULT_DB_ALIAS) -> None:
    _set(_erasing.get() - {value}, using)


@contextmanager
def erasing(value: str = ALL, *, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Allow DELETEs of events inside the block (which must be in a transaction)."""
    allow_erasing(value, using=using)
    try:
        yield
    finally:
        stop_erasing(value, using=using)
