"""How fast `keyfolio import accounts` reads a CRM's export, and how much memory it takes.

Run with `.venv/bin/python bench/crm_import.py [--rows 10000 100000] [--database-url URL]`.
Without a URL each size gets a fresh temporary SQLite database; with one (PostgreSQL)
that database is emptied first (`flush`), so do not point it at data you keep.

For each size it writes a Salesforce Data Loader export of that many accounts (18-char
ids, names, a parent for every tenth, an owner's e-mail, industry, country, website,
currency), then runs `keyfolio import accounts FILE --format json` in a process of its
own, twice: the first run creates every account, the second finds every one unchanged.
It prints rows per second of the whole command (reading, matching, comparing, writing,
logging, and starting Python and Django), the same without the start (the time of
importing a file with a header and no rows, taken first, is subtracted), and the
process's peak resident memory. Copy the table into
docs/benchmarks.md with the date and the machine when the figures change.
"""

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEYFOLIO = ROOT / ".venv" / "bin" / "keyfolio"
INDUSTRIES = ("Transportation", "Energy", "Retail", "Banking", "Chemicals", "Telecom")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--database-url", default="")
    return parser.parse_args()


def salesforce_id(number: int) -> str:
    return f"001Aa{number:010d}IAJ"


def write_file(path: Path, rows: int) -> None:
    with open(path, "w", newline="", encoding="cp1252") as file:
        writer = csv.writer(file)
        writer.writerow(
            [
                "Id",
                "Name",
                "ParentId",
                "Owner.Email",
                "Industry",
                "BillingCountry",
                "Website",
                "CurrencyIsoCode",
            ]
        )
        for number in range(1, rows + 1):
            parent = salesforce_id(number - number % 10) if number % 10 and number > 10 else ""
            writer.writerow(
                [
                    salesforce_id(number),
                    f"Bench Client {number:06d} GmbH",
                    parent,
                    "bench@keyfolio.local",
                    INDUSTRIES[number % len(INDUSTRIES)],
                    "Germany",
                    f"client{number}.example",
                    "EUR",
                ]
            )


def command(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(KEYFOLIO), *args], env=env, capture_output=True, text=True, check=False
    )


def timed_import(env: dict, path: Path) -> tuple[float, float, dict]:
    """Seconds, peak MB of the import's process, and its JSON result."""
    before = 0
    start = time.perf_counter()
    result = command(
        env, "import", "accounts", str(path), "--workspace", "bench", "--format", "json"
    )
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if result.returncode:
        sys.exit(result.stderr)
    # ru_maxrss of the children is the largest of any child so far: each size runs
    # after the smaller ones, so it is this import's peak unless a smaller one was higher.
    return seconds, max(peak, before) / 1024, json.loads(result.stdout)


def startup_seconds(env: dict, folder: str) -> float:
    """The time of importing a file with no rows: Python, Django and the command's own
    fixed cost, the same whatever the file's size."""
    path = Path(folder) / "empty.csv"
    write_file(path, 0)
    return min(timed_import(env, path)[0] for _ in range(3))


def prepare(env: dict) -> None:
    command(env, "manage", "migrate", "--noinput")
    if env["DATABASE_URL"].startswith("postgres"):
        command(env, "manage", "flush", "--noinput")
    setup = (
        "from keyfolio.users.models import User;"
        "from keyfolio.workspaces.services import workspace_create;"
        "u=User.objects.create_user(email='bench@keyfolio.local',password=None,full_name='Bench');"
        "workspace_create(name='Bench', owner=u, slug='bench')"
    )
    result = command(env, "manage", "shell", "-c", setup)
    if result.returncode:
        sys.exit(result.stderr)


def main() -> None:
    args = parse_args()
    print(
        "| rows | first import: s | rows/s | rows/s without the start | peak MB "
        "| again (unchanged): s | rows/s | peak MB |"
    )
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for rows in args.rows:
            url = args.database_url or f"sqlite:///{folder}/bench-{rows}.sqlite3"
            env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0", "SECRET_KEY": "bench"}
            env["ALLOWED_HOSTS"] = "localhost"
            prepare(env)
            start = startup_seconds(env, folder)
            path = Path(folder) / f"accounts-{rows}.csv"
            write_file(path, rows)
            first, first_mb, result = timed_import(env, path)
            assert result["created"] == rows, result
            again, again_mb, result = timed_import(env, path)
            assert result["unchanged"] == rows, result
            print(
                f"| {rows:,} | {first:.1f} | {rows / first:,.0f} | {rows / (first - start):,.0f} "
                f"| {first_mb:.0f} | {again:.1f} | {rows / again:,.0f} | {again_mb:.0f} |"
            )


if __name__ == "__main__":
    main()
