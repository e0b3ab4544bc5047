"""How many REST API reads per second `keyfolio serve` answers, and how fast.

Run with

    .venv/bin/python bench/api.py [--size 10000] [--seconds 20] [--clients 8]
        [--workers 2] [--database-url URL] [--servers 2] [--redis URL]

It builds (or reuses) the workspace `bench-<size>` as bench/run.py does, makes an API
token for its director (who sees every account), serves the database with
`keyfolio serve` (--workers processes, on a loopback port), and runs --clients clients
that each send a mix of reads back to back for --seconds: the accounts list (a page of
50, with and without a zone filter), an account, its contacts, the square's data and
the attention queue. The token's rate limit is lifted for the run (it would answer 429
after 600 requests a minute). It prints the reads per second and the latencies per
endpoint (p50/p95/max). Copy the table into docs/benchmarks.md with the date and the
machine when the figures change.

With --servers N it starts N servers (each of --workers processes) on N ports, as N
machines would run, and the clients take them in turn. With --redis URL the servers run
as on several machines (docs/deployment.md): the cache, and so every token's rate-limit
counter, in Redis, tasks through RQ, and a pool of PostgreSQL connections per process
(DB_POOL, --pool).
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import free_port, load, portfolio_for, print_load, set_up_django, start_server


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--servers", type=int, default=1)
    parser.add_argument("--redis", default="", help="e.g. redis://127.0.0.1:6379/14")
    parser.add_argument("--pool", default="1,4", help="DB_POOL with --redis (min,max)")
    return parser.parse_args()


def director_token(workspace_id: int, director_id: int) -> str:
    from keyfolio.api.services import api_token_create
    from keyfolio.workspaces.models import Membership

    membership = Membership.objects.get(workspace_id=workspace_id, user_id=director_id)
    return api_token_create(membership=membership, name="bench")


def main() -> None:
    args = parse_args()
    set_up_django(args.database_url)
    portfolio = portfolio_for(args.size)
    token = director_token(portfolio.workspace_id, portfolio.director_id)
    pk = portfolio.account_id
    mix = [
        ("accounts, a page of 50", "/api/v1/accounts?limit=50"),
        ("an account", f"/api/v1/accounts/{pk}"),
        ("accounts in the key zone", "/api/v1/accounts?limit=50&zone=key"),
        ("an account's contacts", f"/api/v1/contacts?account={pk}"),
        ("an account", f"/api/v1/accounts/{pk + 1}"),
        ("the square", "/api/v1/portfolio/square"),
        ("the attention queue", "/api/v1/attention?limit=50&all=1"),
    ]
    os.environ["SERVE_WORKERS"] = str(args.workers)
    os.environ["API_REQUESTS_PER_MINUTE"] = str(10**9)
    if args.redis:
        os.environ.update(REDIS_URL=args.redis, TASKS_BACKEND="rq", DB_POOL=args.pool)
    ports = [free_port() for _ in range(args.servers)]
    servers = []
    try:
        for n, port in enumerate(ports):
            servers.append(start_server(port, collect_static=n == 0))
        headers = {"Authorization": f"Bearer {token}"}
        latencies, errors = load(ports, mix, headers, args.seconds, args.clients)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    title = (
        f"API reads: {args.clients} clients for {args.seconds:.0f} s, {args.servers} "
        f"server(s) of {args.workers} workers, {portfolio.size:,} accounts"
        + (", Redis cache" if args.redis else "")
    )
    print_load(title, latencies, errors, args.seconds, unit="reads", column="endpoint")


if __name__ == "__main__":
    main()
