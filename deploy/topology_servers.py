"""Database servers that deploy/topology.py starts for itself and stops at the end: a
throwaway PostgreSQL primary with a streaming replica that lags, and a PgBouncer in
transaction mode. Nothing of the machine's own PostgreSQL is touched: the data, the
sockets and the configuration live in a temporary folder, on free loopback ports.

PostgreSQL and PgBouncer refuse to run as root: run as root, the servers run as the
`postgres` user (`runuser`), which owns their folder.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PG_BIN = Path(os.environ.get("KEYFOLIO_PG_BIN", "/usr/lib/postgresql/15/bin"))
PGBOUNCER = os.environ.get("KEYFOLIO_PGBOUNCER", "/usr/sbin/pgbouncer")
SERVER_USER = "postgres"  # Whom the servers run as when this runs as root.


class ServerFailed(Exception):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen | None = None, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise ServerFailed(f"the server on port {port} stopped (exit {process.returncode})")
        with contextlib.suppress(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        time.sleep(0.1)
    raise ServerFailed(f"nothing answers on port {port} after {seconds:.0f} s")


def as_server_user(*command: str | Path) -> list[str]:
    prefix = ["runuser", "-u", SERVER_USER, "--"] if os.geteuid() == 0 else []
    return [*prefix, *map(str, command)]


@contextlib.contextmanager
def server_folder(prefix: str) -> Iterator[Path]:
    """A temporary folder that the servers' user owns; removed at the end."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        if os.geteuid() == 0:
            shutil.chown(folder, SERVER_USER, SERVER_USER)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(*command: str | Path) -> None:
    done = subprocess.run(
        as_server_user(*command), capture_output=True, text=True, timeout=120, check=False
    )
    if done.returncode:
        raise ServerFailed(f"{' '.join(map(str, command))} failed:\n{done.stdout}{done.stderr}")


# --- PostgreSQL: a primary and a replica that lags -----------------------------------------


@dataclass(frozen=True)
class Cluster:
    primary: str  # postgres://postgres@127.0.0.1:PORT, no database
    replica: str
    lag_seconds: float


@contextlib.contextmanager
def postgres_server(data: Path, port: int, *settings: str) -> Iterator[None]:
    """`pg_ctl start` on `data`, listening on 127.0.0.1:`port` only; stopped at the end."""
    options = " ".join(
        [f"-p {port}", "-c listen_addresses=127.0.0.1", f"-c unix_socket_directories={data}"]
        + [f"-c {setting}" for setting in settings]
    )
    try:
        # Inside the try: a start that timed out may have left a server starting.
        run(PG_BIN / "pg_ctl", "-D", data, "-o", options, "-l", data / "server.log", "-w", "start")
        yield
    finally:
        with contextlib.suppress(ServerFailed):
            run(PG_BIN / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")


@contextlib.contextmanager
def lagging_cluster(lag_seconds: float) -> Iterator[Cluster]:
    """A fresh primary (trusting the postgres user on loopback) and a hot standby made
    by `pg_basebackup -R`, which replays each commit `lag_seconds` after the primary made
    it (`recovery_min_apply_delay`): what a replica under load shows, only longer."""
    with server_folder("keyfolio-postgres-") as folder:
        primary, replica = folder / "primary", folder / "replica"
        run(PG_BIN / "initdb", "-D", primary, "-U", "postgres", "--auth=trust", "--no-sync")
        ports = free_port(), free_port()
        # Throwaway data: no fsync, and nothing to wait for at checkpoints.
        fast = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")
        with postgres_server(primary, ports[0], *fast):
            run(
                PG_BIN / "pg_basebackup",
                *("-h", "127.0.0.1", "-p", str(ports[0]), "-U", "postgres"),
                *("-D", replica, "-R", "-X", "stream", "--no-sync"),
            )
            delay = f"recovery_min_apply_delay={int(lag_seconds * 1000)}ms"
            with postgres_server(replica, ports[1], *fast, delay):
                yield Cluster(
                    primary=f"postgres://postgres@127.0.0.1:{ports[0]}",
                    replica=f"postgres://postgres@127.0.0.1:{ports[1]}",
                    lag_seconds=lag_seconds,
                )


# --- PgBouncer --------------------------------------------------------------------------


def pgbouncer_entry(url: str, database: str, *settings: str) -> str:
    """The entry of pgbouncer.ini for `database` on the server of `url`, each of
    `settings` ("name = value") set on every server connection that PgBouncer opens."""
    parts = urllib.parse.urlsplit(url)
    entry = f"host={parts.hostname} port={parts.port or 5432} dbname={database}"
    if parts.username:
        entry += f" user={parts.username}"
    if settings:
        entry += " connect_query='" + "; ".join(f"SET {s}" for s in settings) + "'"
    return entry


@contextlib.contextmanager
def pgbouncer(databases: dict[str, str]) -> Iterator[int]:
    """PgBouncer in transaction mode on a free port, with one entry per name of
    `databases` (name: the libpq parameters of the server's database, pgbouncer.ini's
    syntax); trusts the postgres user. Its port."""
    with server_folder("keyfolio-pgbouncer-") as folder:
        port = free_port()
        lines = [f"{name} = {entry}" for name, entry in databases.items()]
        (folder / "pgbouncer.ini").write_text(
            "\n".join(
                [
                    "[databases]",
                    *lines,
                    "[pgbouncer]",
                    "listen_addr = 127.0.0.1",
                    f"listen_port = {port}",
                    "unix_socket_dir =",
                    "auth_type = trust",
                    f"auth_file = {folder / 'users.txt'}",
                    "pool_mode = transaction",
                    "default_pool_size = 8",
                    "max_client_conn = 200",
                    f"logfile = {folder / 'pgbouncer.log'}",
                    "",
                ]
            )
        )
        (folder / "users.txt").write_text('"postgres" ""\n')
        if os.geteuid() == 0:
            for path in folder.iterdir():
                shutil.chown(path, SERVER_USER, SERVER_USER)
        process = subprocess.Popen(
            as_server_user(PGBOUNCER, folder / "pgbouncer.ini"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            wait_for_port(port, process)
            yield port
        finally:
            # `runuser` passes the signal on to PgBouncer and waits for it.
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
