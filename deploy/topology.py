"""Keyfolio on several machines, played on this one: PostgreSQL (a primary and a replica),
one Redis, two app servers on two ports, one RQ worker, and a flow through all of them.

    .venv/bin/python deploy/topology.py [--postgres URL] [--redis URL]
                                        [--replica same|lagging] [--pgbouncer]

It makes a fresh PostgreSQL database (dropped at the end) with the demo portfolio, claims
an empty Redis database (flushed at the end), collects the static files once into a
folder the processes share (as the Docker image does at build; `serve --no-collectstatic`),
and starts, each with the environment of docs/deployment.md's several-machine set-up
(REDIS_URL, TASKS_BACKEND=rq, DB_POOL, DATABASE_REPLICA_URL):

- app A and app B: `keyfolio serve` on two free loopback ports;
- the worker: `keyfolio worker` (an RQ worker and the timetable).

The replica is, with `--replica same` (the default), the primary's own database under
another application name, read-only; with `--replica lagging`, a real streaming replica
of a throwaway primary that replays each commit LAG_SECONDS late (both started here, on
free ports, by deploy/topology_servers.py; `--postgres` is then not used). With
`--pgbouncer`, every process connects through a PgBouncer in transaction mode started
here (DB_PGBOUNCER=transaction).

Then it checks, through HTTP as a browser or an API client would:

1. a log-in on one server is a session that the other knows (sessions: the database);
2. an API token made from the command line works at once, even on a lagging replica;
3. an assessment saved on A is shown by B at once to the browser that saved it (pinned
   to the primary by a cookie); another browser reads B from the replica: with
   `--replica lagging` it does not see the assessment at first, then sees it once the
   lag has passed; after the pin lapses, the first browser sees it from the replica too;
4. through the REST API: the token that wrote is pinned to the primary (in the shared
   cache), so it reads its write at once on B without cookies, while a browser reads the
   replica (with the lag: not found, then found);
5. bad API tokens sent to A and B are counted together: the lock-out comes after
   API_BAD_TOKENS_PER_ADDRESS of them, wherever they went (the cache is Redis);
6. the weekly digest, queued from here, is run by the worker: the task ends SUCCESSFUL
   and the digests are e-mail files in the mail folder;
7. the replica's connections served reads, and they are read-only
   (`default_transaction_read_only`, as on a hot standby), so any write sent there would
   have failed the flow.

Everything it started is stopped, and what it made removed, also when a check fails.
It exits 0 when every check passed, 1 otherwise; `keyfolio/operations/tests/
test_topology.py` runs it in `make test`.
"""

import argparse
import contextlib
import email
import email.message
import email.policy
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from topology_browser import Browser, PageFailed
from topology_servers import ServerFailed, free_port, lagging_cluster, pgbouncer, pgbouncer_entry

ROOT = Path(__file__).resolve().parents[1]
KEYFOLIO = Path(sys.executable).with_name("keyfolio")
DEMO_LOGIN = ("demo@keyfolio.local", "kam-demo-square")
REPLICA_NAME = "keyfolio-replica"
BAD_TOKENS = 3  # API_BAD_TOKENS_PER_ADDRESS for the run.
CLAIM_KEY = "keyfolio-topology-claim"
PIN_COOKIE = "keyfolio_primary"  # keyfolio.core.routers.PIN_COOKIE
# DATABASE_REPLICA_PIN_SECONDS for the run: longer than the lagging replica's lag, as it
# must be in production (docs/deployment.md).
PIN_SECONDS = 4
LAG_SECONDS = 3  # --replica lagging: recovery_min_apply_delay.
# PgBouncer sets the web's statement timeout, which Keyfolio cannot pass through it.
STATEMENT_TIMEOUT = "statement_timeout = 30000"


STARTED = time.monotonic()


class CheckFailed(Exception):
    pass


def check(condition: bool, what: str) -> None:
    if not condition:
        raise CheckFailed(what)
    print(f"ok ({time.monotonic() - STARTED:4.0f} s): {what}", flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres",
        default=os.environ.get("KEYFOLIO_TOPOLOGY_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="a PostgreSQL server where this user may create databases",
    )
    parser.add_argument(
        "--redis", default=os.environ.get("KEYFOLIO_TOPOLOGY_REDIS", "redis://127.0.0.1:6379")
    )
    parser.add_argument(
        "--replica",
        choices=["same", "lagging"],
        default="same",
        help="same: the replica URL names the primary's database, read-only; lagging: a "
        f"throwaway primary and a streaming replica {LAG_SECONDS} s behind it "
        "(deploy/topology_servers.py), instead of --postgres",
    )
    parser.add_argument(
        "--pgbouncer",
        action="store_true",
        help="everything connects through a PgBouncer in transaction mode (DB_PGBOUNCER)",
    )
    parser.add_argument("--db-pool", default="1,4", help="DB_POOL of the servers; '' for none")
    parser.add_argument(
        "--read-loop",
        type=float,
        default=0,
        metavar="SECONDS",
        help="after the checks, measure API reads per second on A for this long",
    )
    return parser.parse_args()


# --- What it makes: a database, a Redis database, a folder -----------------------------


def server_url(url: str, database: str, **query: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(
        parts._replace(path=f"/{database}", query=urllib.parse.urlencode(query))
    )


@contextlib.contextmanager
def fresh_database(postgres: str) -> Iterator[str]:
    import psycopg

    name = f"keyfolio_topology_{os.getpid()}_{secrets.token_hex(3)}"
    admin = server_url(postgres, "postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass(frozen=True)
class Databases:
    """The run's database: the URLs the processes are given, and the servers themselves
    (the checks' own queries go there, never through PgBouncer)."""

    name: str
    app_primary: str  # DATABASE_URL
    app_replica: str  # DATABASE_REPLICA_URL
    primary: str
    replica: str
    lag_seconds: float  # 0: the replica URL names the primary's own database.
    pgbouncer: bool


def databases(args: argparse.Namespace, stack: contextlib.ExitStack) -> Databases:
    """Start the servers that --replica and --pgbouncer ask for and make a fresh
    database; the stack stops and drops them at the end."""
    if args.replica == "lagging":
        cluster = stack.enter_context(lagging_cluster(LAG_SECONDS))
        primary, replica, lag = cluster.primary, cluster.replica, cluster.lag_seconds
        check(True, f"a primary and a streaming replica {lag:g} s behind it")
    else:
        primary, replica, lag = args.postgres, args.postgres, 0.0
    name = stack.enter_context(fresh_database(primary))
    # What a hot standby is anyway: a write sent to the replica fails the flow.
    read_only = "default_transaction_read_only = on"
    if args.pgbouncer:
        port = stack.enter_context(
            pgbouncer(
                {
                    name: pgbouncer_entry(primary, name, STATEMENT_TIMEOUT),
                    f"{name}_replica": pgbouncer_entry(replica, name, STATEMENT_TIMEOUT, read_only),
                }
            )
        )
        check(True, "PgBouncer in transaction mode before the primary and the replica")
        bouncer = f"postgres://postgres@127.0.0.1:{port}"
        app_primary = server_url(bouncer, name)
        app_replica = server_url(bouncer, f"{name}_replica", application_name=REPLICA_NAME)
    else:
        app_primary = server_url(primary, name)
        app_replica = server_url(
            replica,
            name,
            application_name=REPLICA_NAME,
            options=f"-c {read_only.replace(' = ', '=')}",
        )
    return Databases(
        name=name,
        app_primary=app_primary,
        app_replica=app_replica,
        primary=server_url(primary, name),
        replica=server_url(replica, name),
        lag_seconds=lag,
        pgbouncer=args.pgbouncer,
    )


@contextlib.contextmanager
def empty_redis_database(redis_url: str) -> Iterator[str]:
    """A Redis database (1-15) that no one else uses: claimed by a key that only an empty
    one can take, flushed at the end, so that runs side by side never share a queue."""
    import redis

    for number in range(1, 16):
        url = server_url(redis_url, str(number))
        client = redis.Redis.from_url(url)
        if client.dbsize() == 0 and client.set(CLAIM_KEY, os.getpid(), nx=True, ex=600):
            try:
                yield url
            finally:
                client.flushdb()
                client.close()
            return
        client.close()
    raise CheckFailed("no empty Redis database among 1-15")


# --- The processes ------------------------------------------------------------------------


class Processes:
    """The processes started, each in a session of its own with its output in a file;
    `stop_all` ends them (and their children: gunicorn's workers, RQ's work horses)."""

    def __init__(self, folder: Path, environment: dict[str, str]) -> None:
        self.folder = folder
        self.environment = environment
        self.started: dict[str, subprocess.Popen] = {}

    def run(self, name: str, *args: str, timeout: float = 300) -> None:
        with open(self.folder / f"{name}.log", "wb") as log:
            done = subprocess.run(
                [str(KEYFOLIO), *args],
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=False,
            )
        if done.returncode:
            raise CheckFailed(f"keyfolio {' '.join(args)} failed:\n{self.log(name)}")

    def start(self, name: str, *args: str) -> None:
        log = open(self.folder / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        self.started[name] = subprocess.Popen(
            [str(KEYFOLIO), *args],
            env=self.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def wait_until_serving(self, name: str, port: int, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.started[name].poll() is not None:
                raise CheckFailed(f"{name} stopped:\n{self.log(name)}")
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).close()
                return
            time.sleep(0.3)
        raise CheckFailed(f"{name} did not answer /healthz within {seconds:.0f} s")

    def stop_all(self) -> None:
        for process in self.started.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.started.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()


# --- The flow ------------------------------------------------------------------------------


def environment(databases: Databases, redis_url: str, folder: Path, pool: str) -> dict:
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TZ"}}
    pgbouncer = {"DB_PGBOUNCER": "transaction"} if databases.pgbouncer else {}
    return {
        **pgbouncer,
        **keep,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": databases.app_primary,
        "DATABASE_REPLICA_URL": databases.app_replica,
        "DATABASE_REPLICA_PIN_SECONDS": str(PIN_SECONDS),
        "DB_POOL": pool,
        "API_REQUESTS_PER_MINUTE": "1000000",  # No limit for --read-loop.
        "REDIS_URL": redis_url,
        "TASKS_BACKEND": "rq",
        "KEYFOLIO_DATA_DIR": str(folder / "data"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(folder / "mail"),
        "API_BAD_TOKENS_PER_ADDRESS": str(BAD_TOKENS),
        "LOG_LEVEL": "WARNING",
    }


# The static files with their manifest, as `keyfolio serve` collects them but not
# compressed: WhiteNoise's brotli takes half a minute of CPU that this check has no use
# for. The servers read the same manifest and serve the files as they are.
COLLECT_STATIC = """
import django
from django.conf import settings
from django.core.management import call_command

django.setup()
settings.STORAGES = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
call_command("collectstatic", interactive=False, verbosity=0)
"""


def start_everything(processes: Processes) -> tuple[str, str]:
    """Migrate and load the demo while the static files are collected; then start both
    app servers and the worker. The two servers' base URLs."""
    collect = subprocess.Popen(
        [sys.executable, "-c", COLLECT_STATIC],
        env={**processes.environment, "DJANGO_SETTINGS_MODULE": "keyfolio.settings"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        processes.run("init", "init", "--demo-if-empty")
        check(True, "migrated, the demo loaded")
    finally:
        _out, errors = collect.communicate(timeout=600)
    if collect.returncode:
        raise CheckFailed(f"collectstatic failed:\n{errors.decode()[-3000:]}")
    check(True, "static files collected")
    ports = {"app-a": free_port(), "app-b": free_port()}
    for name, port in ports.items():
        processes.start(name, "serve", "--no-collectstatic", "--port", str(port), "--workers", "1")
    processes.start("worker", "worker")
    for name, port in ports.items():
        processes.wait_until_serving(name, port)
    check(True, "A and B serve")
    return f"http://127.0.0.1:{ports['app-a']}", f"http://127.0.0.1:{ports['app-b']}"


def one_row(database_url: str, sql: str, params: list | None = None) -> tuple:
    import psycopg

    with psycopg.connect(database_url) as connection:
        row = connection.execute(sql, params).fetchone()
    if row is None:
        raise CheckFailed(f"no row for {sql}")
    return row


def log_in(browser: Browser, here: str, there: str, names: str = "AB") -> None:
    """Log in on `here` (server names[0]); the session must be known on `there`."""
    fields = browser.form(f"{here}/login/", having="username")
    fields.update(username=DEMO_LOGIN[0], password=DEMO_LOGIN[1])
    status, _page, headers = browser.request(f"{here}/login/", fields)
    where = "/login/" not in headers.get("Location", "")
    check(status == 302 and where, f"logged in on {names[0]}")
    status, _page, headers = browser.request(f"{there}/")
    check(
        status in {200, 302} and "/login/" not in headers.get("Location", ""),
        f"{names[1]} knows the session made on {names[0]}",
    )


def seconds_until(since: float, seen: Callable[[], bool], what: str) -> float:
    """How long after `since` (time.monotonic()) `seen()` first held; polled."""
    while not seen():
        if time.monotonic() - since > LAG_SECONDS + 30:
            raise CheckFailed(f"never: {what}")
        time.sleep(0.1)
    return time.monotonic() - since


def wait_until_unpinned(browser: Browser) -> None:
    deadline = time.monotonic() + PIN_SECONDS + 1
    while browser.cookie(PIN_COOKIE) and time.monotonic() < deadline:
        time.sleep(0.1)


def save_on_a_see_on_b(
    writer: Browser, observer: Browser, app_a: str, app_b: str, databases: Databases
) -> None:
    """The writer saves on A and sees it at once on B (pinned to the primary); another
    browser reads B from the replica, and sees it once the replica has replayed it."""
    slug, account = one_row(
        databases.primary,
        "SELECT w.slug, a.id FROM accounts_account a JOIN workspaces_workspace w"
        " ON w.id = a.workspace_id ORDER BY a.id LIMIT 1",
    )
    url = f"{app_a}/w/{slug}/accounts/{account}/assess/"
    fields = writer.form(url, having="note")
    note = f"Saved on app A, topology run {secrets.token_hex(4)}"
    fields.update({name: "60" for name in fields if name.startswith("score_")}, note=note)
    wait_until_unpinned(observer)
    status, _page, _headers = writer.request(url, fields)
    saved = time.monotonic()
    check(status == 302, f"an assessment saved on A (answered {status})")
    check(writer.cookie(PIN_COOKIE) == "1", "the browser that saved is pinned to the primary")
    (assessment,) = one_row(
        databases.primary, "SELECT id FROM assessments_assessment WHERE note = %s", [note]
    )
    detail = f"{app_b}/w/{slug}/assessments/{assessment}/"
    status, page, _headers = writer.request(detail)
    check(status == 200 and note in page, "B shows the assessment saved on A (the primary)")
    if databases.lag_seconds:
        status, _page, _headers = observer.request(detail)
        check(
            status == 404 and time.monotonic() - saved < databases.lag_seconds,
            f"another browser, not pinned, reads B from the replica: not there yet ({status})",
        )
    after = seconds_until(
        saved, lambda: observer.request(detail)[0] == 200, "the other browser sees it"
    )
    check(
        after >= databases.lag_seconds - 0.2,
        f"the other browser sees it {after:.1f} s after the save (the replica's lag)",
    )
    time.sleep(max(0, PIN_SECONDS + 0.5 - (time.monotonic() - saved)))
    check(not writer.cookie(PIN_COOKIE), "the pin lapses")
    status, page, _headers = writer.request(detail)
    check(status == 200 and note in page, "B shows it from the replica too")


def api_token(processes: Processes, app_b: str) -> dict[str, str]:
    """The Authorization header of a new token of the demo's owner, used at once: tokens
    are read from the primary, so the replica's lag does not refuse a token just made."""
    processes.run("token", "token", "create", "--user", DEMO_LOGIN[0], "--name", "topology")
    token = processes.log("token").strip().splitlines()[-1]
    headers = {"Authorization": f"Bearer {token}"}
    status = Browser().request(f"{app_b}/api/v1/accounts", headers=headers)[0]
    check(status == 200, f"an API token made, and used at once on B ({status})")
    return headers


def api_reads_after_a_write(
    headers: dict[str, str], observer: Browser, app_a: str, app_b: str, databases: Databases
) -> None:
    """The REST API: the token that wrote is pinned to the primary (in the shared cache,
    so on every server); anyone else reads the replica."""
    name = f"Made through the API, topology run {secrets.token_hex(4)}"
    client = Browser()
    status, body, _headers = client.request(
        f"{app_a}/api/v1/accounts", headers=headers, json_body={"name": name}
    )
    made = time.monotonic()
    check(status == 201, f"an account made through the API on A ({status})")
    account = json.loads(body)["id"]
    status = Browser().request(f"{app_b}/api/v1/accounts/{account}", headers=headers)[0]
    check(status == 200, f"the same token, no cookies, reads it at once on B ({status})")
    (slug,) = one_row(
        databases.primary,
        "SELECT w.slug FROM accounts_account a JOIN workspaces_workspace w"
        " ON w.id = a.workspace_id WHERE a.id = %s",
        [account],
    )
    page = f"{app_b}/w/{slug}/accounts/{account}/assess/"
    if databases.lag_seconds:
        status = observer.request(page)[0]
        check(
            status == 404 and time.monotonic() - made < databases.lag_seconds,
            f"a browser reads B's replica: the account is not there yet ({status})",
        )
    after = seconds_until(made, lambda: observer.request(page)[0] == 200, "the browser sees it")
    check(after >= databases.lag_seconds - 0.2, f"and sees it {after:.1f} s after the write")


def read_loop(headers: dict[str, str], app: str, seconds: float, clients: int = 4) -> None:
    """API reads of the account list (the token, the membership, a page of accounts) by
    `clients` threads for `seconds`: how many per second the server answered."""
    deadline = time.monotonic() + seconds
    answered: list[int] = []

    def client() -> None:
        browser = Browser()
        while time.monotonic() < deadline:
            answered.append(browser.request(f"{app}/api/v1/accounts", headers=headers)[0])

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ok = answered.count(200)
    rate = f"{ok / seconds:.0f} API reads/s on A"
    check(ok == len(answered), f"read loop: {rate} ({clients} clients)")


def bad_tokens_counted_together(app_a: str, app_b: str) -> None:
    stranger = Browser()
    # Well-formed, so that each is looked up (on the replica) before it is refused.
    bad = {"Authorization": f"Bearer {secrets.token_urlsafe(32)}"}
    # A, B, A, then B again: each server alone has seen at most two.
    answers = [
        stranger.request(f"{(app_a, app_b)[n % 2]}/api/v1/accounts", headers=bad)[0]
        for n in range(BAD_TOKENS + 1)
    ]
    check(
        answers == [401] * BAD_TOKENS + [429],
        f"bad API tokens counted across A and B: locked out after {BAD_TOKENS} ({answers})",
    )


def digest_run_by_the_worker(processes: Processes, mail: Path) -> None:
    script = (
        "import django, time; django.setup()\n"
        "from keyfolio.notifications.tasks import send_weekly_digests\n"
        "result = send_weekly_digests.enqueue()\n"
        "deadline = time.monotonic() + 60\n"
        "while not result.is_finished and time.monotonic() < deadline:\n"
        "    time.sleep(0.3); result.refresh()\n"
        "print(result.status, result.worker_ids)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**processes.environment, "DJANGO_SETTINGS_MODULE": "keyfolio.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    check(
        done.stdout.startswith("SUCCESSFUL"),
        f"the digest queued in Redis ran on the worker: {done.stdout.strip() or done.stderr}",
    )
    subjects = [message["Subject"] for message in mails(mail)]
    digests = [subject for subject in subjects if "your week" in subject]
    check(bool(digests), f"the digests are e-mails in the mail folder ({len(digests)})")


def mails(folder: Path) -> Iterator[email.message.EmailMessage]:
    """The messages that Django's file backend wrote, a run of them to a file."""
    for path in folder.glob("*.log"):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                yield email.message_from_bytes(chunk, policy=email.policy.default)  # type: ignore[misc]


def reads_went_to_the_replica(databases: Databases) -> None:
    import psycopg

    with psycopg.connect(databases.replica) as connection:
        by_name: dict[str, int] = dict(
            connection.execute(
                "SELECT application_name, count(*) FROM pg_stat_activity WHERE datname = %s"
                " GROUP BY application_name",
                [databases.name],
            ).fetchall()
        )
    check(by_name.get(REPLICA_NAME, 0) > 0, f"the servers read through the replica ({by_name})")


def main() -> int:
    args = parse_args()
    # Stopped from outside (a test's timeout, a CI job cancelled): clean up all the same.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    folder = Path(tempfile.mkdtemp(prefix="keyfolio-topology-"))
    processes: Processes | None = None
    try:
        with contextlib.ExitStack() as stack:
            found = databases(args, stack)
            redis_url = stack.enter_context(empty_redis_database(args.redis))
            processes = Processes(folder, environment(found, redis_url, folder, args.db_pool))
            try:
                app_a, app_b = start_everything(processes)
                writer, observer = Browser(), Browser()
                log_in(observer, app_b, app_a, names="BA")
                headers = api_token(processes, app_b)
                log_in(writer, app_a, app_b)
                save_on_a_see_on_b(writer, observer, app_a, app_b, found)
                api_reads_after_a_write(headers, observer, app_a, app_b, found)
                if args.read_loop:
                    read_loop(headers, app_a, args.read_loop)
                # Last of the API's checks: it locks this address out of the API.
                bad_tokens_counted_together(app_a, app_b)
                digest_run_by_the_worker(processes, folder / "mail")
                reads_went_to_the_replica(found)
            finally:
                processes.stop_all()
    except (CheckFailed, PageFailed, ServerFailed) as failure:
        print(f"FAILED: {failure}", flush=True)
        if processes:
            for name in processes.started:
                print(f"--- {name} (last lines) ---\n{processes.log(name)}")
        return 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"every check passed in {time.monotonic() - STARTED:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
