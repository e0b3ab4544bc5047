"""Several machines, played on this one: deploy/topology.py starts two app servers and an
RQ worker on PostgreSQL and Redis and checks a flow through them (see its docstring)."""

import os
import socket
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from django.db import connection

SCRIPT = Path(__file__).resolve().parents[3] / "deploy" / "topology.py"
POSTGRES = os.environ.get("KEYFOLIO_TOPOLOGY_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("KEYFOLIO_TOPOLOGY_REDIS", "redis://127.0.0.1:6379")


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

    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--postgres", POSTGRES, "--redis", REDIS],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert "every check passed" in done.stdout
