"""Time and peak memory of every export, CLI and web, on a big workspace.

Run with `.venv/bin/python bench/exports_memory.py --database-url URL [--workspace bench]
[--only CASE ...]` against a database built by bench/generate.py (for instance
`bench/generate.py --accounts 100000 --database-url sqlite:////tmp/k100k.sqlite3`).
The database is only read. Each case runs in a fresh Python process and reports the
wall-clock and CPU time of the export (Django's start-up excluded), the bytes written,
and the process's peak resident memory (`ru_maxrss`, Django included, as a web worker or
the CLI would be). Web downloads go through the Django test client as the workspace's
director, with DEBUG off, and are read to their last byte without being kept. Copy the
table into docs/benchmarks.md with the date and the machine when the figures change.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CASES = {
    "portfolio-json": "keyfolio portfolio --format json (standard output)",
    "portfolio-csv": "keyfolio portfolio --format csv (standard output)",
    "portfolio-xlsx": "keyfolio portfolio --format xlsx --output FILE",
    "export-scores-csv": "keyfolio export-scores --output FILE.csv",
    "export-revenue-csv": "keyfolio export-revenue --output FILE.csv",
    "web-portfolio-csv": "square download: portfolio CSV",
    "web-portfolio-xlsx": "square download: portfolio XLSX",
    "web-scores-csv": "square download: assessments CSV",
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--workspace", default="bench")
    parser.add_argument("--only", nargs="+", choices=list(CASES))
    parser.add_argument("--case", choices=list(CASES), help=argparse.SUPPRESS)
    return parser.parse_args()


def set_up_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "0"
    os.environ["AXES_ENABLED"] = "0"
    os.environ.setdefault("KEYFOLIO_DATA_DIR", tempfile.mkdtemp(prefix="keyfolio-exports-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyfolio.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]


class Counter:
    """A text or binary stream that only counts what is written to it."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, data) -> None:
        self.size += len(data)

    def flush(self) -> None:
        pass


def run_case(case: str, slug: str) -> dict:
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from keyfolio.workspaces.models import Membership, Role, Workspace

    workspace = Workspace.objects.get(slug=slug)
    output = Path(tempfile.mkdtemp(prefix="keyfolio-exports-")) / "export"
    start, start_cpu = time.perf_counter(), time.process_time()
    size = 0
    if case.startswith("web-"):
        director = Membership.objects.filter(workspace=workspace, role=Role.DIRECTOR).first()
        client = Client()
        client.force_login(director.user)
        name, file_format = {
            "web-portfolio-csv": ("portfolio:export", "csv"),
            "web-portfolio-xlsx": ("portfolio:export", "xlsx"),
            "web-scores-csv": ("portfolio:export_scores", "csv"),
        }[case]
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(reverse(name, args=[slug, file_format]))
        assert response.status_code == 200, response.status_code
        for part in response.streaming_content:
            size += len(part)
        response.close()
    else:
        command, args = {
            "portfolio-json": ("portfolio", ["--format", "json"]),
            "portfolio-csv": ("portfolio", ["--format", "csv"]),
            "portfolio-xlsx": ("portfolio", ["--format", "xlsx", "--output", f"{output}.xlsx"]),
            "export-scores-csv": ("export_scores", ["--output", f"{output}.csv"]),
            "export-revenue-csv": ("export_revenue", ["--output", f"{output}.csv"]),
        }[case]
        stdout = Counter()
        call_command(command, "--workspace", slug, *args, stdout=stdout, stderr=StringIO())
        written = list(output.parent.iterdir())
        size = written[0].stat().st_size if written else stdout.size
    return {
        "seconds": time.perf_counter() - start,
        "cpu": time.process_time() - start_cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "mb": size / 2**20,
    }


def main() -> None:
    args = parse_args()
    if args.case:
        set_up_django(args.database_url)
        print(json.dumps(run_case(args.case, args.workspace)))
        return
    print(f"{os.cpu_count()} cores; load average before: {os.getloadavg()[0]:.1f}\n")
    print("| export | time, s (CPU s) | written, MB | peak memory, MB |")
    print("|---|---|---|---|")
    for case in args.only or CASES:
        command = [sys.executable, __file__, "--database-url", args.database_url]
        done = subprocess.run(
            [*command, "--workspace", args.workspace, "--case", case],
            check=True,
            capture_output=True,
            text=True,
        )
        r = json.loads(done.stdout.splitlines()[-1])
        print(
            f"| {CASES[case]} | {r['seconds']:.2f} ({r['cpu']:.2f}) | {r['mb']:.1f} "
            f"| {r['peak_mb']:.0f} |",
            flush=True,
        )
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
