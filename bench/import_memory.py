"""Peak memory and time of reading import files, valid and hostile.

Run with `.venv/bin/python bench/import_memory.py` (or `make bench-imports`). It builds
a temporary SQLite database with one workspace and the files below, then runs each case
in a fresh Python process and reports that process's peak resident memory
(`ru_maxrss`: Django itself included, as a web worker or the CLI would be) and the time
of the step, wall-clock and CPU (the CPU time is the steadier on a busy machine). The
default limits of keyfolio/settings.py apply (IMPORT_MAX_*). Copy the table into
docs/benchmarks.md with the date and the machine when the figures change.
"""

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROWS = 100_000
BOMB_MB = 300

# name: (what it does, the target for the peak in MB)
CASES = {
    "scores-csv": (f"parse a valid {ROWS:,}-row scores CSV (import-scores, no save)", 300),
    "scores-xlsx": (f"parse the same {ROWS:,} rows as XLSX", 300),
    "revenue-csv": (f"parse a valid {ROWS:,}-row revenue CSV (import-revenue, no save)", 300),
    "too-many-rows": (f"refuse a {2 * ROWS:,}-row scores CSV at the row limit", 300),
    "zip-bomb": (f"refuse an XLSX zip bomb ({BOMB_MB} MB of sheet XML)", 100),
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=[*CASES, "setup"], help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    parser.add_argument("--only", nargs="+", choices=list(CASES), help="run only these cases")
    return parser.parse_args()


def set_up_django(directory: Path) -> None:
    os.environ["KEYFOLIO_DATA_DIR"] = str(directory)
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ["DEBUG"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "keyfolio.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# Setting up (in a process of its own, so that its memory is not counted) ---------


def setup(directory: Path) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from keyfolio.accounts.models import Account
    from keyfolio.assessments.models import Methodology
    from keyfolio.users.models import User
    from keyfolio.workspaces.services import workspace_create

    owner = User.objects.create_user("bench@keyfolio.test", "bench-password-123")
    workspace = workspace_create(name="Bench", owner=owner, slug="bench")
    Account.objects.bulk_create(
        Account(workspace=workspace, name=f"Client {n}") for n in range(1000)
    )
    keys = list(
        Methodology.objects.current_for(workspace).active_criteria().values_list("key", flat=True)
    )
    write_scores_csv(directory / "scores.csv", keys, ROWS)
    write_scores_csv(directory / "scores-200k.csv", keys, 2 * ROWS)
    write_scores_xlsx(directory / "scores.xlsx", keys, ROWS)
    write_revenue_csv(directory / "revenue.csv", ROWS)
    write_zip_bomb(directory / "bomb.xlsx", BOMB_MB)


def score_rows(keys: list[str], rows: int):
    """Rows of 1000 accounts over as many dates as needed: one assessment per account
    and date, scores written as people do (85, 85,5)."""
    from datetime import date, timedelta

    for n in range(rows):
        day = date(2020, 1, 1) + timedelta(days=n // 1000)
        scores = [f"{(n * 7 + i * 13) % 100}" + (",5" if i % 3 == 0 else "") for i in range(15)]
        yield [f"Client {n % 1000}", day, "", "", *scores[: len(keys)]]


def write_scores_csv(path: Path, keys: list[str], rows: int) -> None:
    import csv

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["account", "assessed_on", "assessor", "note", *keys])
        for row in score_rows(keys, rows):
            writer.writerow([*row[:1], row[1].isoformat(), *row[2:]])


def write_scores_xlsx(path: Path, keys: list[str], rows: int) -> None:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["account", "assessed_on", "assessor", "note", *keys])
    for row in score_rows(keys, rows):
        sheet.append([*row[:4], *(float(s.replace(",", ".")) for s in row[4:])])
    workbook.save(path)


def write_revenue_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("account;month;amount;note\n")
        for n in range(rows):
            month = f"{2000 + (n // 1000) // 12}-{(n // 1000) % 12 + 1:02d}"
            handle.write(f"Client {n % 1000};{month};{n % 999 + 1} {n * 37 % 1000:03d},50;\n")


def write_zip_bomb(path: Path, unpacked_mb: int) -> None:
    """A real workbook whose sheet is replaced by `unpacked_mb` MB of repetitive XML:
    the shape of the bomb that grew a web worker to 1 GB."""
    from io import BytesIO

    import openpyxl

    small = BytesIO()
    openpyxl.Workbook().save(small)
    cells = "".join(f'<c r="{c}1"><v>1</v></c>' for c in "ABCDEFGHIJ").encode()
    with (
        zipfile.ZipFile(small) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(info.filename, source.read(info.filename))
        with bomb.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/')
            sheet.write(b'spreadsheetml/2006/main"><sheetData>')
            block = b"<row>" + cells + b"</row>"
            block *= 64 * 1024 // len(block)
            for _ in range(unpacked_mb * 1024 * 1024 // len(block)):
                sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")


# The cases (each in a fresh process) ---------------------------------------------


def run_case(name: str, directory: Path) -> dict:
    from keyfolio.accounts.models import Account
    from keyfolio.assessments.imports import scores_import_parse
    from keyfolio.core.tables import TableError, table_read
    from keyfolio.revenue.imports import revenue_import_parse
    from keyfolio.workspaces.models import Workspace

    workspace = Workspace.objects.get(slug="bench")
    accounts = list(Account.objects.in_workspace(workspace))
    file = {
        "scores-csv": "scores.csv",
        "scores-xlsx": "scores.xlsx",
        "revenue-csv": "revenue.csv",
        "too-many-rows": "scores-200k.csv",
        "zip-bomb": "bomb.xlsx",
    }[name]
    path = directory / file
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start, start_cpu = time.perf_counter(), time.process_time()
    try:
        with path.open("rb") as stream, table_read(stream) as table:
            if name == "revenue-csv":
                parsed = revenue_import_parse(accounts=accounts, table=table)
                outcome = f"{len(parsed.rows):,} rows, {len(parsed.errors)} errors"
            else:
                result = scores_import_parse(workspace=workspace, table=table)
                outcome = f"{len(result.rows):,} rows, {len(result.errors)} errors"
    except TableError as error:
        outcome = f"refused: {error}"
    seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "seconds": seconds,
        "cpu": cpu,
        "peak_mb": peak,
        "baseline_mb": before,
        "file_mb": path.stat().st_size / 1024 / 1024,
        "outcome": outcome,
    }


def child(args: list[str], directory: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, __file__, *args, "--dir", str(directory)],
        check=True,
        capture_output=True,
        text=True,
    )


def main() -> None:
    args = parse_args()
    if args.case:
        directory = Path(args.dir)
        set_up_django(directory)
        if args.case == "setup":
            setup(directory)
        else:
            print(json.dumps(run_case(args.case, directory)))
        return

    with tempfile.TemporaryDirectory(prefix="keyfolio-bench-imports-") as name:
        directory = Path(name)
        print("building the database and the files...", file=sys.stderr)
        child(["--case", "setup"], directory)
        print(
            f"{platform.node() or 'machine'}: {platform.platform()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}\n"
        )
        print("| case | file | peak memory (target) | time (CPU time) | outcome |")
        print("|---|---|---|---|---|")
        for case in args.only or CASES:
            what, target = CASES[case]
            figures = json.loads(child(["--case", case], directory).stdout)
            mark = "" if figures["peak_mb"] <= target else " **over**"
            print(
                f"| {what} | {figures['file_mb']:.1f} MB | {figures['peak_mb']:.0f} MB "
                f"(≤ {target}){mark}, of which {figures['baseline_mb']:.0f} MB before reading | "
                f"{figures['seconds']:.2f} s ({figures['cpu']:.2f} s) | {figures['outcome']} |"
            )


if __name__ == "__main__":
    main()
