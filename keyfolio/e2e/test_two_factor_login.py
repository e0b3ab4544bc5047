"""Two-factor log-in in a real browser: a person sets it up from the QR code's key (the
code computed here, as an authenticator app would), logs in elsewhere with the password
and a code, sees both browsers in their session list and logs the other one out.

The set-up page, the code step and the session list pass axe and fit a phone, in English
and in Russian; screenshots go to test-artifacts/."""

from base64 import b32decode

import pytest

from keyfolio.conftest import PASSWORD
from keyfolio.e2e.conftest import log_in, screenshot
from keyfolio.e2e.test_every_page import PHONE, axe_violations, set_language
from keyfolio.logins.two_factor import has_two_factor
from keyfolio.testing import totp_code, two_factor_on

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "olga@acme.test"


def key_on_the_page(page) -> str:
    """The hex key behind the base32 text the set-up page shows for typing in."""
    secret = page.inner_text("#kf-totp-secret").replace(" ", "")
    return b32decode(secret).hex()


def test_a_person_sets_up_two_factor_and_logs_in_with_it(page, browser, world):
    log_in(page, EMAIL, PASSWORD)
    page.goto(f"{page.base_url}/profile/")
    page.get_by_role("link", name="Set up").click()
    assert page.locator("svg.kf-qr").is_visible()
    key = key_on_the_page(page)
    page.fill("#id_code", totp_code(key))
    page.get_by_role("button", name="Turn on two-factor").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Two-factor authentication is on.").is_visible()
    assert page.locator(".kf-recovery-codes li").count() == 10
    assert has_two_factor(world.owner)
    screenshot(page, "two-factor-on-1280-en")

    # Another browser: the password, then the code (the next period's: the one used to
    # set it up is spent).
    other = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    phone = other.new_page()
    phone.base_url = page.base_url  # type: ignore[attr-defined]
    log_in(phone, EMAIL, PASSWORD)
    assert phone.url.endswith("/login/code/")
    phone.fill("#id_code", "000000")
    phone.get_by_role("button", name="Log in", exact=True).click()
    assert phone.get_by_text("This code is not right.").is_visible()
    # After a wrong code django-otp checks none for a second (then two, four...).
    phone.wait_for_timeout(1500)
    phone.fill("#id_code", totp_code(key, steps_ahead=1))
    phone.get_by_role("button", name="Log in", exact=True).click()
    phone.wait_for_load_state("networkidle")
    assert f"/w/{world.slug}/" in phone.url

    # The first browser sees both sessions and logs the other out.
    page.goto(f"{page.base_url}/profile/sessions/")
    assert page.locator(".list-group-item").count() == 2
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Log out everywhere else").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".list-group-item").count() == 1
    phone.reload()
    assert "/login/" in phone.url
    other.close()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_pages_pass_axe_and_fit_a_phone(browser, live_server, world, language):
    # bypass_csp: axe is injected as the test's own script (see test_every_page.py).
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.base_url = live_server.url  # type: ignore[attr-defined]
    log_in(page, EMAIL, PASSWORD)
    set_language(page, language)
    key, _codes = two_factor_on(world.admin)
    pages = {"two-factor-setup": "/profile/two-factor/", "sessions": "/profile/sessions/"}
    found, too_wide = {}, {}
    for width in (1280, PHONE["width"]):
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in pages.items():
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            found[f"{name}-{width}"] = axe_violations(page)
            too_wide[f"{name}-{width}"] = page.evaluate("document.documentElement.scrollWidth")
            screenshot(page, f"{name}-{width}-{language}")

    # The code step, as Adam (who has two-factor on) logs in, in the same language.
    second = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    adam = second.new_page()
    adam.base_url = live_server.url  # type: ignore[attr-defined]
    log_in(adam, "adam@acme.test", PASSWORD)
    set_language(adam, language)
    for width in (1280, PHONE["width"]):
        adam.set_viewport_size({"width": width, "height": 900})
        adam.reload()
        assert adam.url.endswith("/login/code/")
        found[f"code-{width}"] = axe_violations(adam)
        too_wide[f"code-{width}"] = adam.evaluate("document.documentElement.scrollWidth")
        screenshot(adam, f"two-factor-code-{width}-{language}")
    assert {name: v for name, v in found.items() if v} == {}
    assert {n: w for n, w in too_wide.items() if n.endswith("-390") and w > 390} == {}
    assert key
    second.close()
    context.close()
