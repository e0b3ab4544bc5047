"""Many writers at once: none lost, none refused, no long wait for the write lock.

Run with `.venv/bin/python bench/concurrent_writers.py [--writers 16] [--seconds 30]
[--importers 2] [--import-rows 200] [--database-url URL] [--pause MS]`.

It builds a workspace of --accounts accounts with bench/generate.py, in a temporary
SQLite file (Keyfolio's settings: WAL, BEGIN IMMEDIATE, 20 s busy timeout) or in the
database at URL (PostgreSQL), serves it with `keyfolio serve` (its default workers and
threads) on a loopback port, and starts --writers processes at once, for --seconds:

- --importers of them import a generated CSV of --import-rows new accounts again and
  again through the import service (`run_start` and `file_import`, as `keyfolio import`
  and the worker's import task do: imports do not run in web requests);
- half of the others record assessments (POST /api/v1/accounts/{id}/assessments, all 15
  criteria), half log activities (POST /api/v1/activities), each with its own API token
  and on an account of its own, back to back or with --pause MS after each write.

Then it counts, per kind of writer: the attempts, the writes acknowledged (201, or an
import that returned), the errors (5xx answers, "database is locked" in the server's log
or the importer's exception, others), and whether each acknowledged write is in the
database (lost: acknowledged but missing; unacknowledged: in the database though the
writer saw an error). It prints each kind's latency (the whole request, or the whole
import) and, on SQLite, how long the writes waited for the write lock inside the server
and the importers (see bench/write_waits.py): starting a transaction, and single
statements outside one. The per-token API rate limit is lifted for the run.

Copy the tables into docs/benchmarks.md with the date, the machine and the load average.
"""

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
HTTP_TIMEOUT = 120  # Longer than any wait: a write that is slow is measured, not dropped.
WARM_UP_READS = 3


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--importers", type=int, default=2)
    parser.add_argument("--import-rows", type=int, default=200)
    parser.add_argument("--accounts", type=int, default=200)
    parser.add_argument("--pause", type=float, default=0.0, metavar="MS")
    parser.add_argument("--database-url", default="")
    return parser.parse_args()


@dataclass
class Writer:
    """One writing process: what it writes, where, and what it saw."""

    number: int
    kind: str  # "assessment", "activity" or "import"
    account_id: int
    token: str = ""
    attempts: int = 0
    acknowledged: list = field(default_factory=list)  # ids, or import run numbers
    errors: Counter = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)  # seconds


# --- The writers (each in a process of its own) ------------------------------------------


def http_writer(
    writer: Writer, port: int, criteria: list[str], seconds: float, pause: float, start, results
) -> None:
    """Write assessments or activities through the REST API until the time is up."""
    base = f"http://127.0.0.1:{port}/api/v1"
    headers = {"Authorization": f"Bearer {writer.token}", "Content-Type": "application/json"}
    # Warm the server's workers first: the first request of each imports half of Django.
    for _ in range(WARM_UP_READS):
        read = urllib.request.Request(f"{base}/accounts/{writer.account_id}", headers=headers)
        with urllib.request.urlopen(read, timeout=HTTP_TIMEOUT) as response:
            response.read()
    start.wait()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        writer.attempts += 1
        n = writer.attempts
        if writer.kind == "assessment":
            url = f"{base}/accounts/{writer.account_id}/assessments"
            body = {
                "scores": {key: {"value": (n * 7 + i) % 101} for i, key in enumerate(criteria)},
                "note": f"writer {writer.number} #{n}",
            }
        else:
            url = f"{base}/activities"
            body = {
                "account": writer.account_id,
                "kind": "call",
                "summary": f"writer {writer.number} #{n}",
            }
        request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers)
        began = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:
                answer = json.load(response)
            writer.latencies.append(time.perf_counter() - began)
            writer.acknowledged.append(answer["id"])
        except urllib.error.HTTPError as error:
            writer.errors["5xx" if error.code >= 500 else f"HTTP {error.code}"] += 1
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            writer.errors[f"no answer ({error})"] += 1
        time.sleep(pause)
    results.put(writer)


def import_file(writer: Writer, run: int, rows: int) -> bytes:
    lines = ["external_id,name,segment,country"]
    for i in range(rows):
        key = f"w{writer.number}-r{run}-{i}"
        lines.append(f"{key},Import {key},Imported,Sweden")
    return ("\n".join(lines) + "\n").encode()


def import_writer(
    writer: Writer, slug: str, rows: int, seconds: float, pause: float, start, results
) -> None:
    """Import a new file of `rows` accounts again and again until the time is up."""
    import io

    import django

    django.setup()
    sys.path.insert(0, str(BENCH))
    import write_waits

    from keyfolio.imports.engine import Options
    from keyfolio.imports.services import file_import, run_start
    from keyfolio.workspaces.models import Workspace

    write_waits.install(os.environ["WRITE_WAITS_DIR"])
    workspace = Workspace.objects.get(slug=slug)
    start.wait()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        writer.attempts += 1
        data = import_file(writer, writer.attempts, rows)
        began = time.perf_counter()
        try:
            run = run_start(
                workspace=workspace, kind="accounts", file_name=f"writer-{writer.number}.csv"
            )
            outcome = file_import(run=run, file=io.BytesIO(data), options=Options())
        except Exception as error:  # Counted by kind, whatever it is: the run goes on.
            locked = "database is locked" in str(error)
            writer.errors["database is locked" if locked else type(error).__name__] += 1
        else:
            writer.latencies.append(time.perf_counter() - began)
            if outcome.imported and outcome.created == rows:
                writer.acknowledged.append(writer.attempts)
            else:
                writer.errors[f"imported {outcome.created} of {rows}"] += 1
        time.sleep(pause)
    results.put(writer)


# --- Setting up, checking, printing ------------------------------------------------------


def writers_for(args: argparse.Namespace, slug: str) -> list[Writer]:
    """The writers, each with an account of its own and, for the API, a token."""
    from keyfolio.api.services import api_token_create
    from keyfolio.workspaces.models import Role, Workspace

    workspace = Workspace.objects.get(slug=slug)
    owner = workspace.memberships.get(role=Role.OWNER)
    accounts = list(workspace.accounts.order_by("pk").values_list("pk", flat=True))
    writers = []
    for number in range(args.writers):
        if number < args.importers:
            kind = "import"
        else:
            kind = ("assessment", "activity")[(number - args.importers) % 2]
        writer = Writer(number, kind, accounts[number % len(accounts)])
        if kind != "import":
            writer.token = api_token_create(membership=owner, name=f"writer {number}")
        writers.append(writer)
    return writers


def verify(writer: Writer, slug: str, rows: int, started) -> tuple[int, int]:
    """(lost, unacknowledged): acknowledged writes missing from the database, and writes
    in the database that the writer did not see succeed."""
    from keyfolio.accounts.models import Account
    from keyfolio.activities.models import Activity
    from keyfolio.assessments.models import Assessment

    if writer.kind == "import":
        names = Account.objects.filter(
            workspace__slug=slug, name__startswith=f"Import w{writer.number}-r"
        )
        by_run = Counter(
            int(name.split("-r")[1].split("-")[0]) for name in names.values_list("name", flat=True)
        )
        lost = sum(rows - by_run.get(run, 0) for run in writer.acknowledged)
        unacknowledged = sum(
            count for run, count in by_run.items() if run not in writer.acknowledged
        )
        return lost, unacknowledged
    model = Assessment if writer.kind == "assessment" else Activity
    written = set(
        model.objects.filter(account_id=writer.account_id, created_at__gte=started).values_list(
            "pk", flat=True
        )
    )
    acknowledged = set(writer.acknowledged)
    return len(acknowledged - written), len(written - acknowledged)


def locked_in_log(path: Path) -> int:
    return sum(
        line.count("database is locked")
        for line in path.read_text(errors="replace").splitlines()
        if "OperationalError" in line
    )


def ms(seconds: list[float], p: float) -> str:
    from run import percentile

    return f"{percentile([s * 1000 for s in seconds], p):.0f}" if seconds else "—"


def main() -> None:
    args = parse_args()
    sys.path.insert(0, str(BENCH))
    import write_waits
    from generate import generate
    from run import free_port, set_up_django, start_server

    set_up_django(args.database_url)
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from keyfolio.assessments.models import Methodology
    from keyfolio.workspaces.models import Workspace

    slug = f"writers-{int(time.time())}"
    generate(accounts=args.accounts, slug=slug, assessments_per_account=1)
    writers = writers_for(args, slug)
    criteria = [
        c.key
        for c in Methodology.objects.current_for(Workspace.objects.get(slug=slug)).active_criteria()
    ]
    waits_dir = tempfile.mkdtemp(prefix="keyfolio-waits-")
    os.environ |= {
        "WRITE_WAITS_DIR": waits_dir,
        "GUNICORN_CMD_ARGS": f"-c {BENCH / 'write_waits.py'}",
        "API_REQUESTS_PER_MINUTE": "1000000",
    }
    vendor = connection.vendor
    connection.close()
    server_log = Path(settings.DATA_DIR, "server.log")
    port = free_port()
    with server_log.open("wb") as log:
        server = start_server(port, stderr=log)
    print(
        f"{vendor}: {args.writers} writers ({args.importers} importing {args.import_rows} "
        "accounts a file, the others half assessments, half activities through the API) for "
        f"{args.seconds:g} s, "
        f"{args.pause:g} ms pause after each write; keyfolio serve with its default workers "
        f"({settings.SERVE_WORKERS} × {settings.SERVE_THREADS} threads)"
    )
    print(f"{os.cpu_count()} cores; load average before: {os.getloadavg()[0]:.1f}")
    started = timezone.now()
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(len(writers) + 1)
    results = context.Queue()
    pause = args.pause / 1000
    processes = [
        context.Process(
            target=import_writer if w.kind == "import" else http_writer,
            args=(w, slug, args.import_rows, args.seconds, pause, start, results)
            if w.kind == "import"
            else (w, port, criteria, args.seconds, pause, start, results),
        )
        for w in writers
    ]
    try:
        for process in processes:
            process.start()
        start.wait()
        done = [results.get() for _ in processes]
        for process in processes:
            process.join()
        print(f"load average after: {os.getloadavg()[0]:.1f}\n")
    finally:
        server.terminate()
        server.wait(timeout=60)
    report(done, slug, args, started, server_log, write_waits.read(waits_dir))


def report(writers: list[Writer], slug: str, args, started, server_log: Path, waits) -> None:
    print(
        "| writers | attempts | acknowledged | lost | unacknowledged | errors "
        "| latency p50 / p99 / max, ms |"
    )
    print("|---|---|---|---|---|---|---|")
    for kind in ("assessment", "activity", "import"):
        group = [w for w in writers if w.kind == kind]
        if not group:
            continue
        lost = unacknowledged = 0
        for writer in group:
            missing, extra = verify(writer, slug, args.import_rows, started)
            lost += missing
            unacknowledged += extra
        errors = sum((w.errors for w in group), Counter())
        latencies = [s for w in group for s in w.latencies]
        listed = ", ".join(f"{count} {name}" for name, count in errors.most_common()) or "0"
        print(
            f"| {len(group)} × {kind} | {sum(w.attempts for w in group)} "
            f"| {sum(len(w.acknowledged) for w in group)} | {lost} | {unacknowledged} | {listed} "
            f"| {ms(latencies, 50)} / {ms(latencies, 99)} / {ms(latencies, 100)} |"
        )
    print(f'\n"database is locked" in the server\'s log: {locked_in_log(server_log)}')
    if waits["begin"] or waits["single"]:
        print("\n| waiting for the write lock | writes | p50 ms | p99 ms | max ms | over 1 s |")
        print("|---|---|---|---|---|---|")
        for kind, label in (("begin", "starting a transaction"), ("single", "a single statement")):
            samples = waits[kind]
            print(
                f"| {label} | {len(samples)} | {ms(samples, 50)} | {ms(samples, 99)} "
                f"| {ms(samples, 100)} | {sum(s > 1 for s in samples)} |"
            )
        print("\n| holding the write lock: the transaction of | count | p50 ms | p99 ms | max ms |")
        print("|---|---|---|---|---|")
        held = {kind[5:]: samples for kind, samples in waits.items() if kind.startswith("held:")}
        for where, samples in sorted(held.items(), key=lambda item: -sum(item[1])):
            print(
                f"| {where} | {len(samples)} | {ms(samples, 50)} | {ms(samples, 99)} "
                f"| {ms(samples, 100)} |"
            )


if __name__ == "__main__":
    main()
