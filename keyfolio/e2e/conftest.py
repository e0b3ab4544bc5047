"""End-to-end tests in a real Chromium driven by Playwright.

They run against pytest-django's live server (a real HTTP server on a free port of
127.0.0.1, with the test database). Debian's /usr/bin/chromium is used; where it is
missing the tests are skipped with a message that says so. Screenshots go to
test-artifacts/ (git-ignored) so that a person can look at them.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("KEYFOLIO_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests
# make to set up data are still plain synchronous calls, so Django's guard against
# ORM use inside an event loop does not apply here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)
            if not Path(CHROMIUM).exists():
                item.add_marker(
                    pytest.mark.skip(
                        reason=f"E2E skipped: no Chromium at {CHROMIUM} "
                        "(apt-get install chromium, or set KEYFOLIO_CHROMIUM)"
                    )
                )


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if msg.type == "error" else None,
    )
    page.base_url = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()
    # A page that throws JavaScript errors or breaks the CSP is broken, even if the
    # assertions passed.
    assert not errors, f"Browser console errors: {errors}"


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(1200)  # Let the charts' entry animations finish.
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page, email: str, password: str) -> None:
    page.goto(f"{page.base_url}/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click("button[type=submit]:has-text('Log in')")
    page.wait_for_load_state("networkidle")
