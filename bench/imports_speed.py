"""How fast the imports write, and how long they keep another writer waiting.

Run with `.venv/bin/python bench/imports_speed.py [--rows 10000 100000]
[--database-url URL]`. Without a URL it uses a temporary SQLite file with the project's
settings (WAL, BEGIN IMMEDIATE, a 20 s busy timeout); with one it empties that database
first (see bench/run.py).

For each size it builds a workspace with bench/generate.py (rows / 5 accounts, one
recent assessment each, six months of revenue), then writes two files and imports each
with the two steps of its command (check, then save), timed apart:

- scores: `rows` rows, five assessments a quarter apart for each account (older than the
  recorded one), every one of the 15 criteria scored, an assessor and a note;
- revenue: `rows` rows, five older months for each account.

Meanwhile a second process does a small write every 20 ms (an UPDATE of one account the
import touches, in its own transaction, as a web request saving a form does) and
records how long each took, waiting for the lock included. Then the scores file is
imported again: every row is unchanged and nothing is written. It prints rows per second
and the other writer's longest and 99th-percentile write during each import. Copy the
table into docs/benchmarks.md with the date and the machine when the figures change.
"""

import argparse
import csv
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent
WRITE_EVERY = 0.02  # Seconds between the other writer's writes.


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--database-url", default="")
    return parser.parse_args()


# The other writer (a process of its own) ------------------------------------------


def other_writer(database_url: str, account_id: int, ready, stop, results) -> None:
    """UPDATE one account every WRITE_EVERY seconds until `stop` is set; put the
    (start, seconds, error) of each write on `results`."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyfolio.settings")
    sys.path.insert(0, str(ROOT.parent))
    import django

    django.setup()
    from django.db import DatabaseError, transaction

    from keyfolio.accounts.models import Account

    writes = []
    ready.set()
    n = 0
    while not stop.is_set():
        n += 1
        started, began = time.time(), time.perf_counter()
        error = ""
        try:
            with transaction.atomic():
                Account.objects.filter(pk=account_id).update(description=f"write {n}")
        except DatabaseError as failure:
            error = str(failure)
        writes.append((started, time.perf_counter() - began, error))
        time.sleep(WRITE_EVERY)
    results.put(writes)


class OtherWriter:
    """The other writer, started for a `with` block; `.during(start, end)` gives the
    writes that began in that window of time.time()."""

    def __init__(self, database_url: str, account_id: int):
        context = multiprocessing.get_context("spawn")
        self.ready, self.stop, self.results = context.Event(), context.Event(), context.Queue()
        self.process = context.Process(
            target=other_writer,
            args=(database_url, account_id, self.ready, self.stop, self.results),
        )
        self.writes: list[tuple[float, float, str]] = []

    def __enter__(self) -> "OtherWriter":
        self.process.start()
        self.ready.wait()
        time.sleep(0.5)  # Let it write a few times before the import begins.
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.writes = self.results.get()
        self.process.join()

    def during(self, start: float, end: float) -> dict:
        seconds = [s for began, s, _e in self.writes if start <= began <= end]
        errors = [e for began, _s, e in self.writes if start <= began <= end and e]
        if not seconds:
            return {"writes": 0, "max": float("nan"), "p99": float("nan"), "errors": errors}
        p99 = (
            statistics.quantiles(seconds, n=100, method="inclusive")[98]
            if len(seconds) > 1
            else seconds[0]
        )
        return {"writes": len(seconds), "max": max(seconds), "p99": p99, "errors": errors}


# The files -------------------------------------------------------------------------


def write_scores(path: Path, names: list[str], keys: list[str], emails: list[str]) -> int:
    """Five assessments for each account, a quarter apart and older than the one
    bench/generate.py recorded (within the last 30 days); the rows of one account next
    to each other, as `keyfolio export-scores` writes them."""
    today = date.today()
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["account", "assessed_on", "assessor", "note", *keys])
        for i, name in enumerate(names):
            for k in range(5):
                day = today - timedelta(days=31 + 91 * (4 - k))
                scores = [(i * 7 + k * 11 + j * 13) % 101 for j in range(len(keys))]
                writer.writerow(
                    [name, day.isoformat(), emails[i % len(emails)], f"Review {k + 1}", *scores]
                )
                rows += 1
    return rows


def write_revenue(path: Path, names: list[str]) -> int:
    """Five months for each account, before the six bench/generate.py recorded."""
    first = date.today().replace(day=1)
    months = []
    for _ in range(6 + 5):
        months.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["account", "month", "amount", "note"])
        for i, name in enumerate(names):
            for month in months[6:]:
                writer.writerow([name, f"{month:%Y-%m}", f"{1000 + i % 997},50", ""])
                rows += 1
    return rows


# The runs --------------------------------------------------------------------------


def timed_import(kind: str, path: Path, workspace) -> dict:
    """Check and save `path`: the seconds of each step, the rows written and unchanged,
    and when (time.time()) the import began and ended."""
    from keyfolio.accounts.models import Account
    from keyfolio.assessments.imports import scores_import_parse, scores_import_save
    from keyfolio.core.tables import table_read
    from keyfolio.revenue.imports import revenue_import_parse, revenue_import_save

    began = time.time()
    start = time.perf_counter()
    with path.open("rb") as stream, table_read(stream) as table:
        if kind == "revenue":
            parsed = revenue_import_parse(
                accounts=list(Account.objects.in_workspace(workspace)), table=table
            )
        else:
            parsed = scores_import_parse(workspace=workspace, table=table)
    assert not parsed.errors, parsed.errors.messages()
    checked, checked_cpu = time.perf_counter(), time.process_time()
    if kind == "revenue":
        result = revenue_import_save(rows=parsed.rows)
        written, unchanged = result.created + result.overwritten, result.unchanged
    else:
        written = scores_import_save(workspace=workspace, rows=parsed.rows).assessments
        unchanged = parsed.unchanged
    saved, saved_cpu = time.perf_counter(), time.process_time()
    end = time.time()
    return {
        "check seconds": checked - start,
        "save seconds": saved - checked,
        "save cpu": saved_cpu - checked_cpu,
        "written": written,
        "unchanged": unchanged,
        "import": (began, end),
    }


def run_size(rows: int, database_url: str, directory: Path) -> list[dict]:
    from generate import generate

    from keyfolio.accounts.models import Account
    from keyfolio.assessments.models import Methodology
    from keyfolio.workspaces.models import Workspace

    slug = f"imports{rows}"
    generate(accounts=rows // 5, slug=slug, assessments_per_account=1)
    workspace = Workspace.objects.get(slug=slug)
    names = list(
        Account.objects.in_workspace(workspace).order_by("name").values_list("name", flat=True)
    )
    keys = list(
        Methodology.objects.current_for(workspace).active_criteria().values_list("key", flat=True)
    )
    emails = list(workspace.memberships.values_list("user__email", flat=True))
    scores, revenue = directory / f"scores-{rows}.csv", directory / f"revenue-{rows}.csv"
    write_scores(scores, names, keys, emails)
    write_revenue(revenue, names)
    touched = Account.objects.get(workspace=workspace, name=names[len(names) // 2]).pk
    from django.db import connection

    connection.close()  # Not shared with the other writer's process.
    results = []
    for kind, path in (("scores", scores), ("revenue", revenue), ("scores again", scores)):
        with OtherWriter(database_url, touched) as writer:
            outcome = timed_import(kind.split()[0], path, workspace)
        results.append(
            {
                "rows": rows,
                "kind": kind,
                **outcome,
                "during import": writer.during(*outcome["import"]),
            }
        )
    return results


def database_url_of_connection() -> str:
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "keyfolio.core.sqlite":
        return f"sqlite:///{database['NAME']}"
    return os.environ["DATABASE_URL"]


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from run import set_up_django

    args = parse_args()
    set_up_django(args.database_url)
    from django.db import connection

    database_url = database_url_of_connection()
    print(f"database: {connection.vendor}; {os.cpu_count()} cores; load {os.getloadavg()[0]:.1f}")
    print(
        "\n| rows | import | check s | save s (CPU s) | rows/s saved | rows/s checked and saved "
        "| written | unchanged | other writer: writes | its longest / p99 write, ms | errors |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="keyfolio-imports-") as directory:
        for rows in args.rows:
            for r in run_size(rows, database_url, Path(directory)):
                check, save, w = r["check seconds"], r["save seconds"], r["during import"]
                cpu = r["save cpu"]
                print(
                    f"| {r['rows']:,} | {r['kind']} | {check:.2f} | {save:.2f} ({cpu:.2f}) "
                    f"| {r['rows'] / save:,.0f} | {r['rows'] / (check + save):,.0f} "
                    f"| {r['written']:,} | {r['unchanged']:,} | {w['writes']} "
                    f"| {w['max'] * 1000:.0f} / {w['p99'] * 1000:.0f} | {len(w['errors'])} |",
                    flush=True,
                )
                for error in sorted(set(w["errors"])):
                    print(f"|  | other writer's error: {error} |")
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
