"""Django's SQLite backend, with writers queued fairly for the write lock (see writelock).

Every way a connection writes takes its turn first:

- a transaction (`transaction.atomic`, BEGIN IMMEDIATE) takes the queue's lock before
  BEGIN and lets it go once the transaction has ended, committed or rolled back (before
  the on_commit callbacks run, which may write in turns of their own);
- a write outside any transaction (autocommit: a `save()` or an `update()` that Django
  runs without one) holds it for that one statement.

Reads take no turn: in WAL mode they never wait for a writer. An in-memory database has
one connection (or one process) and needs no queue. Nested `atomic` blocks and savepoints
start no transaction and so take no second turn.
"""

from django.db.backends.sqlite3 import base

from keyfolio.core.sqlite.writelock import WriteLock

# Statements that take no turn outside a transaction: reads, and transaction control
# (BEGIN is issued by _start_transaction_under_autocommit, which holds the turn already).
NO_TURN = ("SELECT", "PRAGMA", "EXPLAIN", "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT")


class DatabaseWrapper(base.DatabaseWrapper):
    write_lock: WriteLock | None = None

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        if self.write_lock is not None:
            self.write_lock.close()  # The last connection's, should it not have been closed.
        if not self.is_in_memory_db():
            self.write_lock = WriteLock(self.settings_dict["NAME"], conn_params.get("timeout", 5))
        return connection

    def create_cursor(self, name=None):
        cursor = self.connection.cursor(factory=Cursor)
        cursor.write_lock = self.write_lock
        return cursor

    def _start_transaction_under_autocommit(self):
        if self.write_lock is None:
            return super()._start_transaction_under_autocommit()
        with self.wrap_database_errors:
            self.write_lock.acquire()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self.write_lock.release()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._end_turn()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._end_turn()

    def _close(self):
        try:
            return super()._close()
        finally:
            if self.write_lock is not None:
                self.write_lock.close()

    def _end_turn(self) -> None:
        """Let the next writer in, unless the transaction is still open (a COMMIT that
        failed: `atomic` rolls it back next)."""
        if self.write_lock is not None and not (
            self.connection is not None and self.connection.in_transaction
        ):
            self.write_lock.release()


class Cursor(base.SQLiteCursorWrapper):
    write_lock: WriteLock | None = None

    def execute(self, query, params=None):
        turn = self._turn_for(query)
        if turn is None:
            return super().execute(query, params)
        with turn:
            return super().execute(query, params)

    def executemany(self, query, param_list):
        turn = self._turn_for(query)
        if turn is None:
            return super().executemany(query, param_list)
        with turn:
            return super().executemany(query, param_list)

    def _turn_for(self, query: str) -> WriteLock | None:
        """The queue's lock, for a write outside a transaction when no turn is held."""
        lock = self.write_lock
        if lock is None or lock.held or self.connection.in_transaction:
            return None
        return None if query.lstrip()[:9].upper().startswith(NO_TURN) else lock
