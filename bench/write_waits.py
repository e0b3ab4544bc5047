"""How long each write waited for SQLite's write lock (and held it), recorded inside the
writing process.

bench/concurrent_writers.py loads this file into every process that writes: as a gunicorn
config file (GUNICORN_CMD_ARGS="-c bench/write_waits.py", so `keyfolio serve`'s workers
call `post_worker_init`) and by calling `install` in its import processes. It times, per
connection:

- "begin": starting a write transaction (`atomic`), i.e. the backend's
  `_start_transaction_under_autocommit`: `BEGIN IMMEDIATE`, which waits in SQLite's busy
  handler, plus whatever the backend does before it (keyfolio.core.sqlite queues there);
- "single": a write outside any transaction (an UPDATE or INSERT in autocommit mode),
  which waits for the lock inside the statement itself;
- "held:<where>": how long a transaction held the lock, from BEGIN to its end, by the
  first Keyfolio function on the stack when it began.

Each process appends `<kind> <seconds>` lines to a file of its own in WRITE_WAITS_DIR.
It measures the code as it is, the backend before or after a change alike; it changes
nothing on PostgreSQL, which has no database-wide write lock.
"""

import os
import sys
import threading
import time
from pathlib import Path

READS = ("SELECT", "PRAGMA", "EXPLAIN", "SAVEPOINT", "RELEASE", "BEGIN", "COMMIT", "ROLLBACK")


def install(directory: str) -> None:
    from django.db import connections
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.backends.signals import connection_created

    wrapper_class = type(connections["default"])
    if connections["default"].vendor != "sqlite" or getattr(wrapper_class, "_timed", False):
        return
    # Open for the life of the process, so that each wait costs one buffered line.
    out = Path(directory, f"{os.getpid()}.txt").open("a", buffering=1)  # noqa: SIM115
    lock = threading.Lock()

    def record(kind: str, seconds: float) -> None:
        with lock:
            out.write(f"{kind} {seconds:.6f} {time.time():.6f}\n")  # The end, too.

    begin = wrapper_class._start_transaction_under_autocommit

    def timed_begin(self):
        started = time.perf_counter()
        try:
            begin(self)
        finally:
            record("begin", time.perf_counter() - started)
        self._holding = (time.perf_counter(), holder(sys._getframe(1)))

    def timed_end(end):
        def end_holding(self):
            try:
                return end(self)
            finally:
                holding = self.__dict__.pop("_holding", None)
                if holding is not None:
                    record(f"held:{holding[1]}", time.perf_counter() - holding[0])

        return end_holding

    def time_single_writes(execute, sql, params, many, context):
        connection = context["connection"]
        if connection.in_atomic_block or sql.lstrip().upper().startswith(READS):
            return execute(sql, params, many, context)
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            record("single", time.perf_counter() - started)

    def add_wrapper(sender, connection, **kwargs):
        if time_single_writes not in connection.execute_wrappers:
            connection.execute_wrappers.append(time_single_writes)

    wrapper_class._start_transaction_under_autocommit = timed_begin
    # Django's own COMMIT and ROLLBACK, beneath any backend of ours that lets a lock go
    # after them: the time a holder takes to let go is not the time it held.
    BaseDatabaseWrapper._commit = timed_end(BaseDatabaseWrapper._commit)
    BaseDatabaseWrapper._rollback = timed_end(BaseDatabaseWrapper._rollback)
    wrapper_class._timed = True
    connection_created.connect(add_wrapper, weak=False)


def holder(frame) -> str:
    """The Keyfolio function that began the transaction: the first of ours on the stack."""
    while frame is not None:
        path = frame.f_code.co_filename
        if "/keyfolio/" in path and "site-packages" not in path and "/core/sqlite/" not in path:
            return f"{path.rsplit('/keyfolio/', 1)[1]}:{frame.f_code.co_name}"
        frame = frame.f_back
    return "?"


def post_worker_init(worker) -> None:
    """gunicorn's hook, run in each worker once the application is loaded."""
    install(os.environ["WRITE_WAITS_DIR"])


def read(directory: str) -> dict[str, list[float]]:
    """Every wait recorded in `directory`, in seconds, by kind."""
    waits: dict[str, list[float]] = {"begin": [], "single": []}
    for path in Path(directory).glob("*.txt"):
        for line in path.read_text().splitlines():
            kind, seconds, _end = line.split()
            waits.setdefault(kind, []).append(float(seconds))
    return waits
