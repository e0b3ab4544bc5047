"""A queue for the writers of one SQLite file: an exclusive lock on a file beside it.

SQLite lets one transaction write at a time and does not queue the others: a writer that
finds the lock taken sleeps in its busy handler (a growing back-off, up to 100 ms) and
tries again, and may lose the race to a newcomer each time it wakes. With many writers
most writes do not wait at all and a few wait many seconds, up to the busy timeout, past
which they fail with "database is locked" (docs/benchmarks.md).

So every writer first takes `WriteLock`, an exclusive `flock` on `<database>-lock`, and
only then SQLite's own lock. A writer that finds it taken sleeps in the kernel until the
lock is let go, and Linux hands a contended flock on in turn: the waiters queue behind
the first of them in the order they came, and only the first is woken when the holder
lets go. SQLite's lock is then always free when asked for. The lock belongs to the open
file (each connection opens its own), so threads of one process queue like processes,
and the kernel lets it go if the process dies.

A wait is bounded, like SQLite's: past `timeout` seconds the writer gives up with
sqlite3.OperationalError "database is locked", as SQLite would have.
"""

import fcntl
import logging
import os
import sqlite3
import threading

log = logging.getLogger(__name__)
LOCKED = "database is locked"  # SQLite's own words, which callers already recognise.


def lock_path(database: str) -> str:
    """The lock file of the database file `database`."""
    return f"{database}-lock"


class WriteLock:
    """The write queue of one database, for one connection (one thread at a time)."""

    def __init__(self, database: str, timeout: float):
        self.database = database
        self.path = lock_path(database)
        self.timeout = timeout
        self.held = False
        self._fd: int | None = None

    def acquire(self) -> None:
        """Wait for our turn to write: at most `timeout` seconds, then "database is
        locked". The caller must `release` it (`close` does too).

        Where the lock file cannot be opened or locked (a file system without locks),
        the writer goes on without a turn, as before the queue: SQLite's own lock still
        keeps writes apart, only not in turn."""
        if self.held:
            return
        try:
            fd = self._file()
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not _wait_in_queue(fd, self.timeout):
                self._fd = None  # The abandoned wait closes it once its turn comes.
                raise sqlite3.OperationalError(LOCKED) from None
        except OSError as error:
            _warn_once(self.path, error)
            return
        self.held = True

    def release(self) -> None:
        if self.held:
            self.held = False
            fcntl.flock(self._fd, fcntl.LOCK_UN)  # type: ignore[arg-type]

    def __enter__(self) -> "WriteLock":
        self.acquire()
        return self

    def __exit__(self, *exc_info) -> None:
        self.release()

    def close(self) -> None:
        self.release()
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _file(self) -> int:
        """The lock file, opened once per connection (a flock needs no write access). It
        is made like SQLite makes the -wal file: with the database's permissions and,
        by root (a command run with sudo), its owner, so that the service can open it."""
        if self._fd is None:
            try:
                database: os.stat_result | None = os.stat(self.database)
            except FileNotFoundError:  # A restore into an empty folder.
                database = None
            mode = database.st_mode & 0o666 if database else 0o600
            fd = os.open(self.path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, mode)
            if database and os.geteuid() == 0:
                os.fchown(fd, database.st_uid, database.st_gid)
            self._fd = fd
        return self._fd


_warned: set[str] = set()


def _warn_once(path: str, error: OSError) -> None:
    if path not in _warned:
        _warned.add(path)
        log.warning("Writers do not take turns on %s: %s", path, error)


def _wait_in_queue(fd: int, timeout: float) -> bool:
    """Wait in the kernel's queue for the lock on `fd`, at most `timeout` seconds; True
    once it is ours.

    The kernel has no timed flock, so a thread of its own waits and the caller waits for
    that thread with a timeout. If the caller gives up, the thread stays in the queue (so
    the others keep their places), lets the lock go as soon as it gets it, and closes
    `fd`, which from then on is the thread's alone."""
    granted = threading.Event()
    decided = threading.Lock()
    abandoned = False

    def wait() -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with decided:
            if not abandoned:
                granted.set()
                return
        os.close(fd)  # Lets the lock go too.

    threading.Thread(target=wait, name="sqlite-write-queue", daemon=True).start()
    if granted.wait(timeout):
        return True
    with decided:
        abandoned = not granted.is_set()
    return not abandoned
