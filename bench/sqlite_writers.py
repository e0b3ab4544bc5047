"""How many concurrent writers the embedded SQLite database serves.

Run with `.venv/bin/python bench/sqlite_writers.py [--writers 2 4 8 16] [--seconds 10]
[--accounts 200]`. It builds a temporary SQLite database with Keyfolio's own settings
(WAL, BEGIN IMMEDIATE, a 20 s busy timeout), fills a workspace with the demo generator,
then, for each number of writers N, starts N processes that each record assessments
through `assessment_create` (15 scores, one account per process) as fast as they can for
a bounded time. For each N it prints the assessments written per second, how long the
writers waited for the write lock (the time to start the transaction: the turn in
Keyfolio's write queue and `BEGIN IMMEDIATE`; p50, p99, max), how long a whole write
took (p50, p99) and the errors ("database is locked" once a wait passes the busy
timeout). By default the writers write back to back, the worst case; with
--pause MS each waits that long after each write, like a web worker that also renders
pages between saves. With --backup-at N, the run with N writers also takes a
`keyfolio backup` half-way through and prints how long it took. Copy the table into
docs/benchmarks.md with the date and the machine when the figures change.
"""

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, nargs="+", default=[1, 2, 4, 8, 16])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--accounts", type=int, default=200)
    parser.add_argument("--pause", type=float, default=0.0, metavar="MS")
    parser.add_argument("--backup-at", type=int, default=4, metavar="N")
    return parser.parse_args()


def set_up_django(data_dir: str) -> None:
    os.environ["KEYFOLIO_DATA_DIR"] = data_dir
    os.environ["DEBUG"] = "0"
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyfolio.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build(accounts: int) -> list[int]:
    """Migrate, fill one workspace with the demo portfolio; return its account ids."""
    from django.core.management import call_command

    from keyfolio.demo.services import demo_portfolio_create
    from keyfolio.users.models import User
    from keyfolio.workspaces.services import workspace_create

    call_command("migrate", verbosity=0)
    owner = User.objects.create_user("writers@example.com", "bench-password-1")
    workspace = workspace_create(name="Writers", owner=owner)
    demo_portfolio_create(workspace=workspace, accounts=accounts, seed=accounts)
    return list(workspace.accounts.order_by("pk").values_list("pk", flat=True))


def writer(data_dir: str, account_id: int, seconds: float, pause: float, start, results) -> None:
    """One process writing assessments until its time is up."""
    set_up_django(data_dir)
    from django.db import OperationalError, connection

    from keyfolio.accounts.models import Account
    from keyfolio.assessments.services import ScoreInput, assessment_create
    from keyfolio.method import DEFAULT_CRITERIA

    waits: list[float] = []

    # Starting the transaction is where a writer waits: its turn in Keyfolio's write
    # queue (keyfolio/core/sqlite), then BEGIN IMMEDIATE (SQLite's busy handler).
    begin = connection._start_transaction_under_autocommit

    def timed_begin():
        began = time.perf_counter()
        try:
            return begin()
        finally:
            waits.append(time.perf_counter() - began)

    connection._start_transaction_under_autocommit = timed_begin
    account = Account.objects.select_related("workspace").get(pk=account_id)
    assessor = account.workspace.memberships.first().user
    scores = {c.key: ScoreInput(float(50 + i)) for i, c in enumerate(DEFAULT_CRITERIA)}
    durations: list[float] = []
    errors: list[str] = []
    start.wait()
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        began = time.perf_counter()
        try:
            assessment_create(account=account, assessor=assessor, scores=scores)
        except OperationalError as error:
            errors.append(str(error))
            continue
        durations.append(time.perf_counter() - began)
        time.sleep(pause)
    results.put((waits, durations, errors))


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def run(data_dir: str, accounts: list[int], n: int, args: argparse.Namespace) -> dict:
    seconds, pause = args.seconds, args.pause / 1000
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(n + 1)
    results = context.Queue()
    processes = [
        context.Process(
            target=writer,
            args=(data_dir, accounts[i % len(accounts)], seconds, pause, start, results),
        )
        for i in range(n)
    ]
    for process in processes:
        process.start()
    start.wait()
    backup_seconds = None
    if n == args.backup_at:
        from keyfolio.operations.backups import backup_create

        time.sleep(seconds / 2)
        began = time.perf_counter()
        backup_create(Path(data_dir) / "backup.sqlite3")
        backup_seconds = time.perf_counter() - began
    waits: list[float] = []
    durations: list[float] = []
    errors: list[str] = []
    for _ in processes:
        w, d, e = results.get()
        waits += w
        durations += d
        errors += e
    for process in processes:
        process.join()
    ms = 1000
    return {
        "writers": n,
        "writes/s": len(durations) / seconds,
        "wait p50": percentile(waits, 0.5) * ms,
        "wait p99": percentile(waits, 0.99) * ms,
        "wait max": max(waits) * ms,
        "write p50": percentile(durations, 0.5) * ms,
        "write p99": percentile(durations, 0.99) * ms,
        "errors": len(errors),
        "backup s": backup_seconds,
    }


def main() -> None:
    args = parse_args()
    data_dir = tempfile.mkdtemp(prefix="keyfolio-writers-")
    set_up_django(data_dir)
    accounts = build(args.accounts)
    from django.db import connection

    connection.close()  # The writers open their own; the backup opens its own too.
    database = Path(data_dir) / "keyfolio.sqlite3"
    print(
        f"SQLite at {database}, {args.accounts} demo accounts, {args.seconds:g} s per run, "
        f"{args.pause:g} ms pause after each write"
    )
    # Other work on the machine skews every figure: say how busy it was.
    print(f"{os.cpu_count()} cores; load average before: {os.getloadavg()[0]:.1f}\n")
    print(
        "| writers | assessments/s | lock wait p50 / p99 / max, ms | write p50 / p99, ms | errors |"
    )
    print("|---|---|---|---|---|")
    backups = []
    for n in args.writers:
        row = run(data_dir, accounts, n, args)
        print(
            f"| {n} | {row['writes/s']:.0f} "
            f"| {row['wait p50']:.1f} / {row['wait p99']:.1f} / {row['wait max']:.0f} "
            f"| {row['write p50']:.1f} / {row['write p99']:.1f} | {row['errors']} |",
            flush=True,
        )
        if row["backup s"] is not None:
            backups.append((n, row["backup s"]))
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")
    size = database.stat().st_size / 2**20
    for n, seconds in backups:
        print(f"\n`keyfolio backup` of the {size:.0f} MiB file with {n} writers: {seconds:.2f} s")


if __name__ == "__main__":
    main()
