"""Several machines, played on this one: deploy/topology.py starts two app servers and an
RQ worker on PostgreSQL and Redis and checks a flow through them (see its docstring).

Where PostgreSQL's server programs and PgBouncer are installed, it runs with a real
replica that lags and through PgBouncer (`--replica lagging --pgbouncer`: some 8 s more of
waiting for the lag, 40-75 s in all here as the plain run); elsewhere with the primary's
own database as the replica.
"""

import importlib.util
import os
import socket
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from django.db import connection

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"
SCRIPT = DEPLOY / "topology.py"
POSTGRES = os.environ.get("KEYFOLIO_TOPOLOGY_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("KEYFOLIO_TOPOLOGY_REDIS", "redis://127.0.0.1:6379")


def servers_of_its_own() -> list[str]:
    """--replica lagging and --pgbouncer when this machine has what they start."""
    spec = importlib.util.spec_from_file_location("servers", DEPLOY / "topology_servers.py")
    assert spec and spec.loader
    servers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(servers)
    options = []
    if (servers.PG_BIN / "pg_basebackup").exists():
        options += ["--replica", "lagging"]
    if Path(servers.PGBOUNCER).exists():
        options += ["--pgbouncer"]
    return options


def unreachable(url: str, default_port: int) -> str:
    """Why the server at `url` cannot be reached, or "" when it answers a connection."""
    parts = urllib.parse.urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port or default_port), timeout=2).close()
    except OSError as error:
        return f"{url}: {error}"
    return ""


@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="the topology check runs once, in the SQLite pass of make test (it makes its "
    "own PostgreSQL database whatever the suite's)",
)
def test_two_app_servers_and_a_worker_share_the_database_the_cache_and_the_queue():
    down = [why for why in (unreachable(POSTGRES, 5432), unreachable(REDIS, 6379)) if why]
    if down:
        pytest.skip(f"the topology check needs PostgreSQL and Redis: {'; '.join(down)}")

    own_servers = servers_of_its_own()
    command = [sys.executable, str(SCRIPT), "--postgres", POSTGRES, "--redis", REDIS]
    with subprocess.Popen(
        [*command, *own_servers], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as done:
        try:
            output, _ = done.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            done.terminate()  # SIGTERM: the script stops what it started.
            output, _ = done.communicate()

    assert done.returncode == 0, output
    assert "every check passed" in output
