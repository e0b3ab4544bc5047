"""Builds Keyfolio's image and runs deploy/compose.yaml on this machine's Docker engine,
then checks the stack through nginx as a visitor would.

    python3 deploy/docker_check.py [--offline] [--keep]

It needs a running Docker engine and `docker compose` (or `docker-compose` 1.29), and
nothing else from the repository (the standard library only). With --offline it first
builds the stand-ins of deploy/offline/ (for a machine that cannot reach Docker Hub; needs
root and debootstrap the first time) and runs the stack with
deploy/offline/compose.offline.yaml.

The stack runs as the compose project `keyfolio-check`, on a free port, with an
environment file of its own (a random SECRET_KEY and database password). It checks:

1. the image builds (its size and the build's time are printed);
2. `up` starts everything; `init` migrated the database and made the admin;
3. nginx sends requests to both app servers, and the other answers while one is stopped;
4. the static files are served compressed (collected at build);
5. the admin logs in through nginx with the password that `init` printed;
6. a task queued from an app container runs on the worker (through Redis);
7. after `down` and `up` the data is still there: the same session is still logged in
   (PostgreSQL's volume), `init` has nothing to do, the task's result is still in Redis
   (its append-only file).

Then it removes the project's containers, network and volumes (not with --keep; then
`docker compose -p keyfolio-check ... down -v` does it). It exits 0 when every check
passed. `make test` does not run it: CI machines may have no Docker engine.
"""

import argparse
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from topology import Browser, CheckFailed, check

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
PROJECT = "keyfolio-check"
IMAGE = "keyfolio:latest"
ADMIN = "admin@example.com"
OFFLINE_IMAGES = ["PYTHON_IMAGE=keyfolio-local/python:3.11", "NODE_IMAGE=keyfolio-local/node:20"]

# Queues the weekly digest from an app container and waits for the worker to run it.
ENQUEUE = """
import django, time
django.setup()
from keyfolio.notifications.tasks import send_weekly_digests
result = send_weekly_digests.enqueue()
deadline = time.monotonic() + 60
while not result.is_finished and time.monotonic() < deadline:
    time.sleep(0.3)
    result.refresh()
print(result.status, result.id)
"""
RESULT = """
import django, sys
django.setup()
from keyfolio.notifications.tasks import send_weekly_digests
print(send_weekly_digests.get_result(sys.argv[1]).status)
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--offline", action="store_true", help="use deploy/offline/'s stand-in images"
    )
    parser.add_argument("--keep", action="store_true", help="leave the stack running")
    return parser.parse_args()


def run(*args: str, timeout: float = 1200) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode:
        raise CheckFailed(f"{' '.join(args)} failed:\n{(done.stdout + done.stderr)[-3000:]}")
    return done.stdout


def compose_command() -> list[str]:
    """`docker compose` (the plugin) when there is one, otherwise `docker-compose`."""
    plugin = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
    if plugin.returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    raise CheckFailed("neither `docker compose` nor `docker-compose` is installed")


class Stack:
    def __init__(self, offline: bool, env_file: Path) -> None:
        files = ["-f", str(DEPLOY / "compose.yaml")]
        if offline:
            files += ["-f", str(DEPLOY / "offline" / "compose.offline.yaml")]
        self.command = [*compose_command(), "-p", PROJECT, *files, "--env-file", str(env_file)]

    def __call__(self, *args: str, timeout: float = 600) -> str:
        return run(*self.command, *args, timeout=timeout)

    def logs(self, service: str) -> str:
        return self("logs", "--no-color", service)

    def python(self, script: str, *args: str) -> str:
        return self(
            "exec", "-T", "-e", "DJANGO_SETTINGS_MODULE=keyfolio.settings", "app1",
            "python", "-c", script, *args,
        ).strip()  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def status_of(url: str, headers: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)
    except OSError:
        return 0, {}


def wait_until_answering(url: str, seconds: float = 180) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if status_of(url)[0] == 200:
            return time.monotonic() - started
        time.sleep(1)
    raise CheckFailed(f"{url} did not answer 200 within {seconds:.0f} s")


def build(offline: bool) -> None:
    if offline:
        run(str(DEPLOY / "offline" / "build.sh"), timeout=1800)
        check(True, "the offline stand-in images are built")
    args = [arg for image in OFFLINE_IMAGES for arg in ("--build-arg", image)] if offline else []
    started = time.monotonic()
    run("docker", "build", "-f", str(DEPLOY / "Dockerfile"), "-t", IMAGE, *args, str(ROOT))
    size = int(run("docker", "image", "inspect", "-f", "{{.Size}}", IMAGE))
    check(
        True,
        f"the image {IMAGE} is built in {time.monotonic() - started:.0f} s, {size / 1e6:.0f} MB",
    )


def write_env_file(folder: Path, port: int) -> Path:
    path = folder / "check.env"
    site = f"http://localhost:{port}"
    path.write_text(
        f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
        f"POSTGRES_PASSWORD={secrets.token_urlsafe(16)}\n"
        f"ADMIN_EMAIL={ADMIN}\nHTTP_PORT={port}\nALLOWED_HOSTS=localhost\n"
        f"CSRF_TRUSTED_ORIGINS={site}\nSITE_URL={site}\n"
    )
    return path


def start(stack: Stack, site: str) -> None:
    started = time.monotonic()
    stack("up", "-d")
    wait_until_answering(f"{site}/healthz")
    check(True, f"the stack is up, nginx answers ({time.monotonic() - started:.0f} s)")


def both_servers_answer(stack: Stack, site: str) -> None:
    mark = secrets.token_hex(4)
    for _ in range(12):
        status_of(f"{site}/healthz?check={mark}")
    counts = {app: stack.logs(app).count(f"check={mark}") for app in ("app1", "app2")}
    check(all(counts.values()), f"nginx sends requests to both app servers {counts}")
    stack("stop", "app1")
    try:
        answers = {status_of(f"{site}/healthz")[0] for _ in range(6)}
        check(answers == {200}, f"with app1 stopped, app2 answers every request {answers}")
    finally:
        stack("start", "app1")


def static_files_compressed(site: str, page: str) -> None:
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page)
    check(stylesheet is not None, "the log-in page links a hashed stylesheet")
    assert stylesheet is not None
    status, headers = status_of(site + stylesheet[1], {"Accept-Encoding": "br, gzip"})
    check(
        status == 200 and headers.get("Content-Encoding") in {"br", "gzip"},
        f"the stylesheet is served compressed ({status}, {headers.get('Content-Encoding')})",
    )


def log_in(browser: Browser, site: str, password: str) -> None:
    fields = browser.form(f"{site}/login/", having="username")
    fields.update(username=ADMIN, password=password)
    status, _page, headers = browser.request(f"{site}/login/", fields)
    location = headers.get("Location", "")
    check(status == 302 and "/login/" not in location, f"logged in through nginx ({status})")
    check(logged_in(browser, site), "the workspace's page answers, with a log-out button")


def logged_in(browser: Browser, site: str) -> bool:
    status, page, _headers = browser.request(f"{site}/w/keyfolio/")
    return status == 200 and 'action="/logout/"' in page


def main() -> int:
    args = parse_args()
    folder = Path(tempfile.mkdtemp(prefix="keyfolio-docker-check-"))
    port = free_port()
    site = f"http://localhost:{port}"
    stack: Stack | None = None
    try:
        build(args.offline)
        stack = Stack(args.offline, write_env_file(folder, port))
        start(stack, site)
        init = stack.logs("init")
        migrations = re.search(r"Applied (\d+) database migrations", init)
        password = re.search(rf"Password for {re.escape(ADMIN)}: (\S+)", init)
        check(migrations is not None, "init migrated the database")
        check(password is not None, "init made the admin and printed the password")
        assert migrations is not None and password is not None
        print(f"    ({migrations[1]} migrations)")
        both_servers_answer(stack, site)
        browser = Browser()
        static_files_compressed(site, browser.request(f"{site}/login/")[1])
        log_in(browser, site, password[1])
        status, task = stack.python(ENQUEUE).split()
        check(status == "SUCCESSFUL", f"a task queued from app1 ran on the worker ({status})")

        started = time.monotonic()
        stack("down")
        check(True, f"down ({time.monotonic() - started:.0f} s)")
        start(stack, site)
        init = stack.logs("init")
        check("Nothing to do" in init, "after down and up, init has nothing to do")
        check(logged_in(browser, site), "the session made before `down` is still logged in")
        status = stack.python(RESULT, task)
        check(status == "SUCCESSFUL", f"the task's result is still in Redis ({status})")
    except CheckFailed as failure:
        print(f"FAILED: {failure}", flush=True)
        if stack is not None:
            subprocess.run([*stack.command, "logs", "--no-color", "--tail", "30"], check=False)
        return 1
    finally:
        if args.keep and stack is not None:
            print(f"left running on {site}; to remove it: {' '.join(stack.command)} down -v")
        else:
            if stack is not None:
                stack("down", "-v")
            shutil.rmtree(folder, ignore_errors=True)
    print(f"every check passed in {time.monotonic() - STARTED:.0f} s")
    return 0


STARTED = time.monotonic()

if __name__ == "__main__":
    sys.exit(main())
