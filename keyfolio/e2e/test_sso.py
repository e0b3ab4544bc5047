"""Single sign-on in Chromium, against a real OpenID provider (django-oidc-provider in a
process of its own: keyfolio/sso/tests/provider): the login page's button, the
provider's login and consent pages, and Keyfolio's workspace at the end."""

import pytest

from keyfolio.e2e.conftest import screenshot
from keyfolio.e2e.test_every_page import PHONE, axe_violations
from keyfolio.sso.tests.conftest import sso_on
from keyfolio.sso.tests.provider.people import PASSWORD
from keyfolio.sso.tests.provider.process import running_provider
from keyfolio.users.models import User
from keyfolio.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sso(settings, live_server, world):
    with running_provider(f"{live_server.url}/sso/callback/") as issuer:
        sso_on(settings, issuer)
        yield world


def test_a_newcomer_signs_in_at_the_provider_and_lands_in_the_workspace(page, sso):
    page.goto(f"{page.base_url}/login/")
    screenshot(page, "sso-login")
    page.click("text=Sign in with Test ID")

    page.fill("#id_username", "anna")
    page.fill("#id_password", PASSWORD)
    page.click("text=Sign in at the provider")
    page.click("input[name=allow]")  # the provider's consent
    page.wait_for_url(f"{page.base_url}/w/acme/")

    assert page.locator(".navbar").get_by_text("Anna Karenina").is_visible()
    anna = User.objects.get(email="anna@example.com")
    assert Membership.objects.get(user=anna, workspace=sso.workspace).role == Role.MANAGER
    screenshot(page, "sso-landed")


def test_a_refusal_is_said_on_the_login_page(page, sso):
    page.goto(f"{page.base_url}/login/")
    page.click("text=Sign in with Test ID")
    page.fill("#id_username", "boris")
    page.fill("#id_password", PASSWORD)
    page.click("text=Sign in at the provider")
    page.click("input[name=allow]")
    page.wait_for_url(f"{page.base_url}/login/")

    assert page.get_by_role("alert").inner_text().strip() == (
        "boris@elsewhere.org has no Keyfolio account yet. "
        "Ask an administrator of your workspace to add you."
    )
    screenshot(page, "sso-refused")


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_login_page_with_the_button_passes_axe_on_a_phone(browser, live_server, sso, language):
    context = browser.new_context(viewport=PHONE, locale=language, bypass_csp=True)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")

    assert page.locator("a[href='/sso/login/']").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert axe_violations(page) == []
    page.base_url = live_server.url  # type: ignore[attr-defined]
    screenshot(page, f"sso-login-phone-{language}")
    context.close()
