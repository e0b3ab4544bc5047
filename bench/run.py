"""Keyfolio benchmarks: how long the main pages and commands take at two portfolio sizes.

Run with `make bench` (or `.venv/bin/python bench/run.py [--sizes 100 1000]
[--database-url URL]`). It builds a fresh database (a temporary SQLite file unless a
URL is given), fills a workspace with the demo generator, then times each operation
several times and prints the median and the number of SQL queries. Copy the table into
docs/benchmarks.md with the date and the machine when the figures change.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--database-url", default="")
    return parser.parse_args()


def set_up_django(database_url: str) -> None:
    data_dir = tempfile.mkdtemp(prefix="keyfolio-bench-")
    os.environ["KEYFOLIO_DATA_DIR"] = data_dir
    os.environ["DEBUG"] = "0"
    os.environ["AXES_ENABLED"] = "0"
    Path(data_dir, "static").mkdir()
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyfolio.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    from django.core.management import call_command

    if database_url:
        call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", verbosity=0)


def timed(fn, repeat: int) -> tuple[float, int]:
    """Median wall time in milliseconds and the number of queries of one call."""
    from django.db import connection

    fn()  # Warm caches (templates, URL resolvers) as a running server would have.
    # Counted with an execute wrapper: the test client's request_started signal
    # resets connection.queries, so CaptureQueriesContext would see nothing.
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), len(queries)


def get(client, url: str):
    def call():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return call


def download(client, url: str):
    """A download, read to its end: a streamed CSV does its work while it is read."""

    def call():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        b"".join(response.streaming_content)

    return call


def bench_size(size: int, repeat: int) -> list[tuple[str, float, int]]:
    from django.test import Client
    from django.urls import reverse

    from keyfolio.assessments.imports import scores_import_parse, scores_table_read
    from keyfolio.demo.services import demo_portfolio_create
    from keyfolio.users.models import User
    from keyfolio.workspaces.models import Membership, Role
    from keyfolio.workspaces.services import workspace_create

    owner = User.objects.create_user(f"bench{size}@example.com", "bench-password-1")
    workspace = workspace_create(name=f"Bench {size}", owner=owner)
    start = time.perf_counter()
    summary = demo_portfolio_create(workspace=workspace, accounts=size, seed=size)
    build_ms = (time.perf_counter() - start) * 1000
    director = Membership.objects.filter(workspace=workspace, role=Role.DIRECTOR).first().user
    client = Client()
    client.force_login(director)
    slug = workspace.slug
    account = workspace.accounts.order_by("pk").first()

    rows = [
        ("demo build: whole dossiers, per account", build_ms / summary.accounts, 0),
        ("assessment_create, 15 scores", *timed(create_assessment(account, director), repeat)),
    ]
    pages = {
        "square page": reverse("portfolio:square", args=[slug]),
        "movement report": reverse("portfolio:movement", args=[slug]),
        "attention list (whole team)": reverse("playbook:attention", args=[slug]) + "?scope=team",
        "square page with arrows": reverse("portfolio:square", args=[slug]) + "?arrows=1",
        "accounts list (page 1)": reverse("accounts:list", args=[slug]),
        "account overview": reverse("dossier:overview", args=[slug, account.pk]),
        "plan tab": reverse("plans:plan", args=[slug, account.pk]),
        "stakeholders tab": reverse("stakeholders:map", args=[slug, account.pk]),
        "revenue tab": reverse("revenue:index", args=[slug, account.pk]),
        "meeting brief PDF": reverse("briefs:pdf", args=[slug, account.pk]),
        "assessment form": reverse("assessments:create", args=[slug, account.pk]),
    }
    for name, url in pages.items():
        rows.append((name, *timed(get(client, url), repeat)))
    downloads = {
        "square download: portfolio CSV": reverse("portfolio:export", args=[slug, "csv"]),
        "square download: portfolio XLSX": reverse("portfolio:export", args=[slug, "xlsx"]),
        "square download: assessments CSV": reverse("portfolio:export_scores", args=[slug, "csv"]),
        "square download: assessments XLSX": reverse(
            "portfolio:export_scores", args=[slug, "xlsx"]
        ),
        "revenue tab download XLSX": reverse("revenue:export", args=[slug, account.pk, "xlsx"]),
    }
    for name, url in downloads.items():
        rows.append((name, *timed(download(client, url), repeat)))

    from io import StringIO

    from django.core.management import call_command

    def export():
        call_command("portfolio", "--workspace", slug, "--format", "json", stdout=StringIO())

    rows.append(("keyfolio portfolio --format json", *timed(export, repeat)))

    csv_file = make_import_csv(workspace, size)

    def parse_import():
        with open(csv_file, "rb") as handle:
            result = scores_import_parse(workspace=workspace, table=scores_table_read(handle))
        assert not result.errors, result.errors.messages()[:3]

    rows.append(
        ("import-scores: validate one row per account", *timed(parse_import, max(3, repeat // 3)))
    )
    return rows


def create_assessment(account, assessor):
    from keyfolio.assessments.services import ScoreInput, assessment_create
    from keyfolio.method import DEFAULT_CRITERIA

    scores = {c.key: ScoreInput(61.5) for c in DEFAULT_CRITERIA}

    def call():
        assessment_create(account=account, assessor=assessor, scores=scores)

    return call


def make_import_csv(workspace, size: int) -> Path:
    import csv
    import random

    from keyfolio.assessments.models import Methodology

    keys = list(
        Methodology.objects.current_for(workspace).active_criteria().values_list("key", flat=True)
    )
    rng = random.Random(size)
    path = Path(tempfile.mkstemp(suffix=".csv")[1])
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["account", "assessed_on", "note", *keys])
        for i in range(size):
            scores = [f"{rng.uniform(0, 100):.1f}".replace(".", ",") for _ in keys]
            writer.writerow([f"Imported client {i}", "2026-10-01", "", *scores])
    return path


def main() -> None:
    args = parse_args()
    set_up_django(args.database_url)
    from django.db import connection

    print(f"database: {connection.vendor}; median of {args.repeat} runs\n")
    results = {size: bench_size(size, args.repeat) for size in args.sizes}
    names = [name for name, _, _ in results[args.sizes[0]]]
    header = "| operation | " + " | ".join(f"{s} accounts: ms (queries)" for s in args.sizes)
    print(header + " |")
    print("|---|" + "---|" * len(args.sizes))
    for i, name in enumerate(names):
        cells = []
        for size in args.sizes:
            _, ms, queries = results[size][i]
            cells.append(f"{ms:.1f} ({queries})" if queries else f"{ms:.1f}")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
