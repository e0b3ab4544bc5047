"""Lighthouse over three pages of the demo: its accessibility, performance and best
practices scores and what the pages weigh on the wire.

Run with `make lighthouse`, or

    .venv/bin/python bench/lighthouse.py [--url http://127.0.0.1:8000] [--runs 1]
        [--email demo@keyfolio.local --password kam-demo-square] [--failures]

Without --url it serves a fresh demo portfolio itself: a temporary SQLite database
filled by `keyfolio init --demo-if-empty`, served by `keyfolio serve` (gunicorn and
WhiteNoise, DEBUG off: the production set-up) on a free loopback port, stopped at the
end. With --url it uses a server that runs already (any commit of Keyfolio, which is
how a before/after comparison is made) and logs in there with the demo user.

The pages: the square, the dossier overview of the first demo account the accounts list
links to, and that account's assessment form. Each is measured with the desktop preset
and with Lighthouse's default (a mid-range phone on a throttled network). Lighthouse
(npm, pinned below) is run by `npx --yes`, with Debian's Chromium (CHROME_PATH); the
session cookie goes with every request through --extra-headers.

It prints one table of the scores (0-100) and the transfer sizes: the total
(`total-byte-weight`) and per resource type (`resource-summary`), in KiB. With
--failures it lists, per page, the accessibility audits that cost points.
"""

import argparse
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = "lighthouse@12.2.3"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("accessibility", "performance", "best-practices")
RESOURCE_TYPES = ("document", "script", "stylesheet", "font", "image", "other")
FORM_FACTORS = ("desktop", "mobile")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="", help="a running Keyfolio; default: serve one")
    parser.add_argument("--email", default="demo@keyfolio.local")
    parser.add_argument("--password", default="kam-demo-square")
    parser.add_argument("--workspace", default="demo")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is kept")
    parser.add_argument("--failures", action="store_true", help="list the a11y audits failed")
    parser.add_argument("--json", default="", help="also write the results to this file")
    return parser.parse_args()


# Serving a demo ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_demo(folder: Path) -> tuple[subprocess.Popen, str]:
    """`keyfolio serve` over a fresh demo database in `folder`; the server and its URL."""
    keyfolio = str(Path(sys.executable).with_name("keyfolio"))
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'lighthouse.sqlite3'}",
        "KEYFOLIO_DATA_DIR": str(folder),
        "DEBUG": "0",
        "SECRET_KEY": "lighthouse-" + secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    subprocess.run([keyfolio, "init", "--demo-if-empty"], env=env, check=True, stdout=sys.stderr)
    server = subprocess.Popen(
        [keyfolio, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=2)
            return server, url
        except OSError:  # Refused, reset or timed out while the server starts.
            if server.poll() is not None:
                raise SystemExit(server.stderr.read().decode()) from None
            time.sleep(0.5)
    server.kill()
    raise SystemExit("keyfolio serve did not answer /healthz within 90 s")


# Logging in and finding the pages ------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _cookies(response) -> dict[str, str]:
    # Read by hand: the cookies may be marked Secure, which http.cookiejar keeps from
    # a plain-HTTP server on the loopback.
    found = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def log_in(url: str, email: str, password: str) -> str:
    """The Cookie header of a session logged in as `email`."""
    opener = urllib.request.build_opener(_NoRedirect)
    with opener.open(f"{url}/login/", timeout=30) as page:
        cookies = _cookies(page)
        html = page.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if token is None:
        raise SystemExit(f"No login form at {url}/login/")
    form = {"username": email, "password": password, "csrfmiddlewaretoken": token.group(1)}
    request = urllib.request.Request(
        f"{url}/login/",
        data=urllib.parse.urlencode(form).encode(),
        headers={
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "Referer": f"{url}/login/",
        },
    )
    try:
        opener.open(request, timeout=30)
        raise SystemExit(f"Could not log in as {email}: the login page came back")
    except urllib.error.HTTPError as redirect:  # A successful login answers 302.
        if redirect.code != 302:
            raise
        cookies |= _cookies(redirect)
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def pages(url: str, workspace: str, cookie: str) -> dict[str, str]:
    """The pages measured, by name: the square, and the first account's overview and
    assessment form (the first the accounts list links to)."""
    request = urllib.request.Request(f"{url}/w/{workspace}/accounts/", headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=60) as response:
        html = response.read().decode()
    account = re.search(rf'href="/w/{re.escape(workspace)}/accounts/(\d+)/"', html)
    if account is None:
        raise SystemExit(f"No account on {url}/w/{workspace}/accounts/")
    base = f"{url}/w/{workspace}"
    return {
        "square": f"{base}/",
        "dossier overview": f"{base}/accounts/{account.group(1)}/",
        "assessment form": f"{base}/accounts/{account.group(1)}/assess/",
    }


# Lighthouse ----------------------------------------------------------------------------


def lighthouse(page_url: str, cookie: str, form_factor: str, folder: Path) -> dict:
    """One Lighthouse run: its report as a dictionary."""
    report = folder / f"report-{secrets.token_hex(4)}.json"
    headers = folder / "headers.json"
    headers.write_text(json.dumps({"Cookie": cookie}))
    command = [
        "npx",
        "--yes",
        LIGHTHOUSE,
        page_url,
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox",
        f"--extra-headers={headers}",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    run = subprocess.run(
        command, env={**os.environ, "CHROME_PATH": CHROME}, capture_output=True, text=True
    )
    if run.returncode != 0 or not report.exists():
        raise SystemExit(f"Lighthouse failed on {page_url}:\n{run.stderr[-3000:]}")
    result = json.loads(report.read_text())
    report.unlink()
    final = result.get("finalDisplayedUrl") or result.get("finalUrl", "")
    if "/login/" in final:
        raise SystemExit(f"Lighthouse was sent to the login page from {page_url}")
    return result


def summary(report: dict) -> dict:
    """The scores, the transfer sizes and the failed accessibility audits of a report."""
    audits = report["audits"]
    by_type = {
        item["resourceType"]: item for item in audits["resource-summary"]["details"]["items"]
    }
    accessibility = report["categories"]["accessibility"]["auditRefs"]
    failed = [
        f"{ref['id']}: {audits[ref['id']]['title']}"
        for ref in accessibility
        if ref["weight"] > 0 and audits[ref["id"]]["score"] not in (None, 1)
    ]
    return {
        "scores": {
            name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES
        },
        "total_bytes": audits["total-byte-weight"]["numericValue"],
        "bytes_by_type": {
            kind: by_type[kind]["transferSize"] if kind in by_type else 0 for kind in RESOURCE_TYPES
        },
        "requests": by_type["total"]["requestCount"] if "total" in by_type else None,
        "accessibility_failures": failed,
    }


def median_run(runs: list[dict]) -> dict:
    """The run whose performance score is the median (the sizes hardly vary)."""
    ordered = sorted(runs, key=lambda run: run["scores"]["performance"])
    return ordered[len(ordered) // 2]


def kib(size: float) -> str:
    return f"{size / 1024:,.0f}"


def print_table(results: dict[str, dict[str, dict]]) -> None:
    head = ["page", "form", "a11y", "perf", "b-p", "total KiB", *RESOURCE_TYPES, "requests"]
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---" for _ in head) + "|")
    for page, by_form in results.items():
        for form_factor, r in by_form.items():
            cells = [
                page,
                form_factor,
                *(str(r["scores"][name]) for name in CATEGORIES),
                kib(r["total_bytes"]),
                *(kib(r["bytes_by_type"][kind]) for kind in RESOURCE_TYPES),
                str(r["requests"] or ""),
            ]
            print("| " + " | ".join(cells) + " |")


def main() -> None:
    args = parse_args()
    if not Path(CHROME).exists():
        raise SystemExit(f"No Chromium at {CHROME} (apt-get install chromium, or set CHROME_PATH)")
    with tempfile.TemporaryDirectory(prefix="keyfolio-lighthouse-") as tmp:
        folder = Path(tmp)
        server = None
        url = args.url.rstrip("/")
        if not url:
            server, url = serve_demo(folder)
        try:
            cookie = log_in(url, args.email, args.password)
            results: dict[str, dict[str, dict]] = {}
            for name, page_url in pages(url, args.workspace, cookie).items():
                results[name] = {}
                for form_factor in FORM_FACTORS:
                    print(f"{name} ({form_factor}): {page_url}", file=sys.stderr)
                    runs = [
                        summary(lighthouse(page_url, cookie, form_factor, folder))
                        for _ in range(args.runs)
                    ]
                    results[name][form_factor] = median_run(runs)
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
    print(f"\nLighthouse ({LIGHTHOUSE}) on {args.url or 'a fresh demo (keyfolio serve)'}\n")
    print_table(results)
    if args.failures:
        for page, by_form in results.items():
            for form_factor, r in by_form.items():
                for line in r["accessibility_failures"]:
                    print(f"- {page} ({form_factor}): {line}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
