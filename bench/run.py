"""Keyfolio benchmarks: every page and download that spans the portfolio, at real sizes.

Run with `make bench`, or

    .venv/bin/python bench/run.py [--sizes 1000 10000 100000] [--repeat 5]
        [--database-url URL] [--load-seconds 20 --load-clients 20]

For each size it builds a workspace `bench-N` of N accounts with bench/generate.py (bulk
inserts, ~5 assessments and a dossier per account) in a temporary SQLite file, or in the
database at URL (a file or a PostgreSQL database that already holds `bench-N` is
reused, so a 100,000-account portfolio is built once). Then, as the workspace's
director (who sees every account), it times each page with Django's test client
(in-process: no network, no static files; DEBUG off) and prints per size:

- ms: the median of --repeat runs;
- floor: the same run's time for the best hand-written SQL that reads the rows the
  page shows, plus json.dumps of them: what any implementation must pay;
- ÷ floor: the page's time over the floor (the target is ≤ 5);
- KB: the size of the response;
- queries: SQL statements of one request (they must not grow with the portfolio);
- peak MB: the most Python memory allocated during one request (tracemalloc).

With --load-seconds it then serves the largest workspace with `keyfolio serve` on a
loopback port and runs --load-clients clients, each logged in as the director and
asking for a mix of pages back to back for that many seconds, and prints the
latencies per page (p50/p95/max), the requests per second and the errors.

Copy the tables into docs/benchmarks.md with the date and the machine when the
figures change.
"""

import argparse
import csv
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--load-seconds", type=float, default=0)
    parser.add_argument("--load-clients", type=int, default=20)
    parser.add_argument("--only", default="", help="time only the cases whose name has this")
    return parser.parse_args()


def set_up_django(database_url: str) -> None:
    """Boot Django on `database_url` (a new temporary SQLite file if empty) with
    production-like settings, and bring its schema up to date."""
    data_dir = tempfile.mkdtemp(prefix="keyfolio-bench-")
    os.environ["KEYFOLIO_DATA_DIR"] = data_dir
    os.environ["DEBUG"] = "0"
    os.environ["AXES_ENABLED"] = "0"
    # The load test's server must accept the sessions made here: the same key signs them.
    os.environ["SECRET_KEY"] = "bench-" + os.urandom(16).hex()
    Path(data_dir, "static").mkdir()
    if not database_url:
        database_url = f"sqlite:///{data_dir}/bench.sqlite3"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyfolio.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# --- Measuring ---------------------------------------------------------------------------


@dataclass
class Measure:
    ms: float
    queries: int
    size: int  # bytes of the response, or of the floor's JSON
    peak_mb: float


def measure(call: Callable[[], int], repeat: int) -> Measure:
    """Time `call` (which returns how many bytes it produced) as a running server would
    see it: warmed once, then the median of `repeat` runs; one more run counts its SQL
    and one its peak Python memory."""
    from django.db import connection

    call()
    queries: list[str] = []

    # Counted with an execute wrapper: the test client's request_started signal resets
    # connection.queries, so CaptureQueriesContext would see nothing.
    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        size = call()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    call()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return Measure(statistics.median(samples), len(queries), size, peak / 2**20)


def page(client, url: str) -> Callable[[], int]:
    def call() -> int:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if response.streaming:
            # A streamed download does its work while it is read.
            return sum(len(chunk) for chunk in response.streaming_content)
        return len(response.content)

    return call


def command(*args: str) -> Callable[[], int]:
    from django.core.management import call_command

    def call() -> int:
        out = io.StringIO()
        call_command(*args, stdout=out)
        return len(out.getvalue().encode())

    return call


# --- Floors: the best hand-written SQL for the rows a page shows, then json.dumps -----


def sql_rows(sql: str, params: list) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def as_json(*parts: list[tuple]) -> int:
    return len(json.dumps(parts, default=str).encode())


# One row of the accounts list, the square's table and the portfolio export.
ACCOUNT_ROW = """
    SELECT a.id, a.name, a.segment, u.full_name, c.zone, c.client_index, c.our_index,
           c.completeness, c.assessed_on
    FROM accounts_account a
    LEFT JOIN users_user u ON u.id = a.owner_id
    LEFT JOIN assessments_assessment c ON c.id = a.current_assessment_id
    WHERE a.workspace_id = %s AND a.archived_at IS NULL
"""


def floor_account_page(workspace_id: int, order: str) -> Callable[[], int]:
    """A page of 50 accounts in `order`, and how many there are."""

    def call() -> int:
        rows = sql_rows(f"{ACCOUNT_ROW} ORDER BY {order} LIMIT 50", [workspace_id])
        total = sql_rows(
            "SELECT COUNT(*) FROM accounts_account WHERE workspace_id = %s AND archived_at IS NULL",
            [workspace_id],
        )
        return as_json(rows, total)

    return call


def floor_square(workspace_id: int, max_points: int) -> Callable[[], int]:
    """What the square shows: its points, or above max_points the accounts counted in
    cells of 5 × 5 index points; the count per zone; the table's first page."""

    def call() -> int:
        placed = sql_rows(
            "SELECT COUNT(*) FROM accounts_account a JOIN assessments_assessment c"
            " ON c.id = a.current_assessment_id"
            " WHERE a.workspace_id = %s AND a.archived_at IS NULL AND c.zone <> ''",
            [workspace_id],
        )
        if placed[0][0] > max_points:
            chart = sql_rows(
                "SELECT CAST(c.client_index / 5 AS INTEGER), CAST(c.our_index / 5 AS INTEGER),"
                " c.zone, COUNT(*) FROM accounts_account a JOIN assessments_assessment c"
                " ON c.id = a.current_assessment_id"
                " WHERE a.workspace_id = %s AND a.archived_at IS NULL AND c.zone <> ''"
                " GROUP BY 1, 2, 3",
                [workspace_id],
            )
        else:
            chart = sql_rows(
                "SELECT a.id, a.name, c.client_index, c.our_index, c.zone"
                " FROM accounts_account a JOIN assessments_assessment c"
                " ON c.id = a.current_assessment_id"
                " WHERE a.workspace_id = %s AND a.archived_at IS NULL AND c.zone <> ''",
                [workspace_id],
            )
        zones = sql_rows(
            "SELECT c.zone, COUNT(*) FROM accounts_account a LEFT JOIN assessments_assessment c"
            " ON c.id = a.current_assessment_id"
            " WHERE a.workspace_id = %s AND a.archived_at IS NULL GROUP BY c.zone",
            [workspace_id],
        )
        table = sql_rows(f"{ACCOUNT_ROW} ORDER BY c.zone DESC, a.name LIMIT 50", [workspace_id])
        return as_json(chart, zones, table)

    return call


def floor_attention(workspace_id: int) -> Callable[[], int]:
    """The queue's first 50 lines, stored checks in the queue's order, and the count of
    red and amber lines."""

    def call() -> int:
        from keyfolio.playbook.models import Severity

        rows = sql_rows(
            "SELECT c.account_id, a.name, c.check_key, c.severity, c.reason_code, c.numbers"
            " FROM playbook_accountcheck c JOIN accounts_account a ON a.id = c.account_id"
            " WHERE c.workspace_id = %s AND c.severity > %s AND a.archived_at IS NULL"
            " ORDER BY c.severity DESC, c.zone_rank DESC, c.revenue DESC, c.sort_name,"
            " c.check_order, c.account_id LIMIT 50",
            [workspace_id, Severity.GREEN],
        )
        counts = sql_rows(
            "SELECT severity, COUNT(*) FROM playbook_accountcheck"
            " WHERE workspace_id = %s AND severity > %s GROUP BY severity",
            [workspace_id, Severity.GREEN],
        )
        return as_json(rows, counts)

    return call


def floor_dossier(account_id: int) -> Callable[[], int]:
    """One account, its current scores, contacts and latest activities."""

    def call() -> int:
        account = sql_rows(ACCOUNT_ROW.replace("a.workspace_id = %s", "a.id = %s"), [account_id])
        scores = sql_rows(
            "SELECT s.criterion_id, s.value FROM assessments_score s"
            " JOIN accounts_account a ON a.current_assessment_id = s.assessment_id"
            " WHERE a.id = %s",
            [account_id],
        )
        contacts = sql_rows(
            "SELECT id, name, title FROM stakeholders_contact WHERE account_id = %s",
            [account_id],
        )
        activities = sql_rows(
            "SELECT id, kind, occurred_on, summary FROM activities_activity"
            " WHERE account_id = %s ORDER BY occurred_on DESC LIMIT 10",
            [account_id],
        )
        return as_json(account, scores, contacts, activities)

    return call


def floor_export(workspace_id: int, file_format: str) -> Callable[[], int]:
    """Every active account with its current assessment, written out."""

    def call() -> int:
        rows = sql_rows(f"{ACCOUNT_ROW} ORDER BY a.name", [workspace_id])
        if file_format == "json":
            return as_json(rows)
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        return len(out.getvalue().encode())

    return call


# --- The cases ---------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    call: Callable[[], int]
    floor: Callable[[], int] | None = None


@dataclass
class Result:
    page: Measure
    floor: Measure | None = None

    @property
    def ratio(self) -> float | None:
        return self.page.ms / self.floor.ms if self.floor else None


@dataclass
class Portfolio:
    size: int
    slug: str
    workspace_id: int
    director_id: int
    account_id: int
    build_seconds: float | None = None  # None when an existing workspace was reused
    results: dict[str, Result] = field(default_factory=dict)


def portfolio_for(size: int) -> Portfolio:
    """The workspace `bench-<size>`: reused if the database holds it, else generated."""
    from generate import generate  # bench/ is on sys.path when this script runs.

    from keyfolio.workspaces.models import Membership, Role, Workspace

    slug = f"bench-{size}"
    build_seconds = None
    if not Workspace.objects.filter(slug=slug).exists():
        start = time.perf_counter()
        generate(accounts=size, slug=slug)
        build_seconds = time.perf_counter() - start
    # The generator writes around the services, so the stored attention queue is filled
    # here, as `keyfolio init` does after an upgrade (only accounts with no checks yet).
    from django.core.management import call_command

    call_command("refresh_attention", "--workspace", slug, "--stale", stdout=io.StringIO())
    workspace = Workspace.objects.get(slug=slug)
    director = Membership.objects.get(workspace=workspace, role=Role.DIRECTOR).user
    account = workspace.accounts.order_by("pk").first()
    assert account is not None
    return Portfolio(size, slug, workspace.pk, director.pk, account.pk, build_seconds)


def cases(portfolio: Portfolio, client) -> list[Case]:
    from django.conf import settings
    from django.urls import reverse

    slug, wid, pk = portfolio.slug, portfolio.workspace_id, portfolio.account_id
    max_points = getattr(settings, "SQUARE_MAX_POINTS", 10**9)
    return [
        Case(
            "square",
            page(client, reverse("portfolio:square", args=[slug])),
            floor_square(wid, max_points),
        ),
        Case(
            "square with arrows",
            page(client, reverse("portfolio:square", args=[slug]) + "?arrows=1"),
        ),
        Case("movement report", page(client, reverse("portfolio:movement", args=[slug]))),
        Case("calibration", page(client, reverse("portfolio:calibration", args=[slug]))),
        Case(
            "client satisfaction",
            page(client, reverse("portfolio:satisfaction", args=[slug])),
        ),
        Case(
            "attention queue, whole team",
            page(client, reverse("playbook:attention", args=[slug]) + "?who=team"),
            floor_attention(wid),
        ),
        Case(
            "accounts list",
            page(client, reverse("accounts:list", args=[slug])),
            floor_account_page(wid, "a.name"),
        ),
        Case(
            "accounts list sorted by zone",
            page(client, reverse("accounts:list", args=[slug]) + "?sort=-zone"),
            floor_account_page(wid, "c.zone DESC, a.name"),
        ),
        Case(
            "account overview",
            page(client, reverse("dossier:overview", args=[slug, pk])),
            floor_dossier(pk),
        ),
        Case(
            "portfolio CSV download",
            page(client, reverse("portfolio:export", args=[slug, "csv"])),
            floor_export(wid, "csv"),
        ),
        Case(
            "portfolio XLSX download",
            page(client, reverse("portfolio:export", args=[slug, "xlsx"])),
        ),
        Case(
            "assessments CSV download",
            page(client, reverse("portfolio:export_scores", args=[slug, "csv"])),
        ),
        Case(
            "keyfolio portfolio --format json",
            command("portfolio", "--workspace", slug, "--format", "json"),
            floor_export(wid, "json"),
        ),
    ]


def bench_portfolio(portfolio: Portfolio, repeat: int, only: str) -> None:
    from django.test import Client

    from keyfolio.users.models import User

    client = Client()
    client.force_login(User.objects.get(pk=portfolio.director_id))
    for case in cases(portfolio, client):
        if only and only not in case.name:
            continue
        print(f"  {case.name} …", file=sys.stderr, flush=True)
        result = Result(measure(case.call, repeat))
        if case.floor is not None:
            result.floor = measure(case.floor, repeat)
        portfolio.results[case.name] = result


def print_tables(portfolios: list[Portfolio]) -> None:
    for portfolio in portfolios:
        built = (
            f"built in {portfolio.build_seconds:.0f} s"
            if portfolio.build_seconds is not None
            else "reused"
        )
        print(f"\n### {portfolio.size:,} accounts ({built})\n")
        print("| page | ms | floor ms | ÷ floor | KB | queries | peak MB |")
        print("|---|---|---|---|---|---|---|")
        for name, result in portfolio.results.items():
            p, f = result.page, result.floor
            floor = f"{f.ms:.1f}" if f else "—"
            ratio = f"{result.ratio:.1f}" if result.ratio is not None else "—"
            print(
                f"| {name} | {p.ms:.1f} | {floor} | {ratio} | {p.size / 1024:,.0f} "
                f"| {p.queries} | {p.peak_mb:.1f} |"
            )


# --- The load test -----------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def session_cookie(user_id: int) -> str:
    """A logged-in session for `user_id` in the database the server reads."""
    from django.conf import settings
    from django.test import Client

    from keyfolio.users.models import User

    client = Client()
    client.force_login(User.objects.get(pk=user_id))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def start_server(
    port: int, *, collect_static: bool = True, stderr=subprocess.PIPE
) -> subprocess.Popen:
    """`keyfolio serve` on `port`, once it answers /healthz; without `collect_static` it
    serves the static files that an earlier server collected. Its errors go to `stderr` (a
    pipe, read if it fails to start; pass a file when the run may log more than a pipe
    holds)."""
    from django.conf import settings

    env = {
        **os.environ,
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "KEYFOLIO_DATA_DIR": str(settings.DATA_DIR),
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("keyfolio")),
            "serve",
            "--port",
            str(port),
            *([] if collect_static else ["--no-collectstatic"]),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )
    # Long enough for collectstatic (brotli on every file) on a busy machine.
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server
        except OSError:  # Refused, reset or timed out: not serving yet.
            if server.poll() is not None:
                raise SystemExit(server.stderr.read().decode() if server.stderr else "") from None
            time.sleep(0.5)
    server.kill()
    raise SystemExit("keyfolio serve did not answer /healthz within 300 s")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


NO_REDIRECTS = urllib.request.build_opener(_NoRedirect)


def load_test(portfolio: Portfolio, seconds: float, clients: int) -> None:
    from django.urls import reverse

    slug, pk = portfolio.slug, portfolio.account_id
    # The mix a team at work makes: mostly lists and dossiers, some squares and queues.
    mix = [
        ("accounts list", reverse("accounts:list", args=[slug])),
        ("account overview", reverse("dossier:overview", args=[slug, pk])),
        ("accounts list", reverse("accounts:list", args=[slug]) + "?sort=-zone"),
        ("square", reverse("portfolio:square", args=[slug])),
        ("attention queue", reverse("playbook:attention", args=[slug]) + "?who=team"),
        ("account overview", reverse("dossier:overview", args=[slug, pk])),
        ("movement report", reverse("portfolio:movement", args=[slug])),
    ]
    cookie = session_cookie(portfolio.director_id)
    port = free_port()
    server = start_server(port)
    try:
        latencies, errors = load(port, mix, {"Cookie": cookie}, seconds, clients)
    finally:
        server.terminate()
        server.wait(timeout=30)
    title = f"Load: {clients} clients for {seconds:.0f} s, {portfolio.size:,} accounts"
    print_load(title, latencies, errors, seconds, unit="requests", column="page")


def load(
    port: int | list[int],
    mix: list[tuple[str, str]],
    headers: dict[str, str],
    seconds: float,
    clients: int,
) -> tuple[dict[str, list[float]], list[str]]:
    """Run `clients` threads that each GET the paths of `mix` in turn, back to back, for
    `seconds`, from the server on `port` (or the servers on a list of ports, each client
    keeping to one, in turn); the latencies (ms) by name, and the errors (a redirect
    counts as one: to the login page, it means the request was refused)."""
    ports = [port] if isinstance(port, int) else port
    latencies: dict[str, list[float]] = {name: [] for name, _ in mix}
    errors: list[str] = []
    stop_at = time.monotonic() + seconds

    def client_loop(offset: int) -> None:
        i = offset
        while time.monotonic() < stop_at:
            name, path = mix[i % len(mix)]
            i += 1
            url = f"http://127.0.0.1:{ports[offset % len(ports)]}{path}"
            request = urllib.request.Request(url, headers=headers)
            start = time.perf_counter()
            try:
                with NO_REDIRECTS.open(request, timeout=60) as response:
                    response.read()
                latencies[name].append((time.perf_counter() - start) * 1000)
            except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
                errors.append(f"{name}: {error}")

    threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors


def print_load(
    title: str,
    latencies: dict[str, list[float]],
    errors: list[str],
    seconds: float,
    *,
    unit: str,
    column: str,
) -> None:
    every = sorted(ms for samples in latencies.values() for ms in samples)
    print(
        f"\n### {title}\n\n"
        f"{len(every):,} {unit}, {len(every) / seconds:.1f} {unit}/s, {len(errors)} errors"
        f"{' (' + errors[0] + ')' if errors else ''}\n"
    )
    print(f"| {column} | {unit} | p50 ms | p95 ms | max ms |")
    print("|---|---|---|---|---|")
    for name, samples in [*latencies.items(), ("all", every)]:
        if samples:
            print(
                f"| {name} | {len(samples)} | {percentile(samples, 50):.0f} "
                f"| {percentile(samples, 95):.0f} | {max(samples):.0f} |"
            )


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


def main() -> None:
    args = parse_args()
    set_up_django(args.database_url)
    from django.db import connection

    print(f"database: {connection.vendor}; median of {args.repeat} runs")
    portfolios = []
    for size in args.sizes:
        print(f"{size:,} accounts …", file=sys.stderr, flush=True)
        portfolio = portfolio_for(size)
        bench_portfolio(portfolio, args.repeat, args.only)
        portfolios.append(portfolio)
    print_tables(portfolios)
    if args.load_seconds:
        load_test(portfolios[-1], args.load_seconds, args.load_clients)


if __name__ == "__main__":
    main()
