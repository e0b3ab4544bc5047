"""Single sign-on against a real OpenID provider, over real HTTP.

django-oidc-provider runs in a process of its own (keyfolio/sso/tests/provider) and
Keyfolio on pytest-django's live server; a cookie-keeping urllib client walks the whole
flow as a browser would: Keyfolio's button, the provider's login and consent pages, the
way back, and the page Keyfolio shows then.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, build_opener

import pytest
from axes.models import AccessAttempt
from django.test import Client

from keyfolio.conftest import make_user
from keyfolio.sso.tests.conftest import sso_on
from keyfolio.sso.tests.provider.people import PASSWORD
from keyfolio.users.models import User
from keyfolio.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db(transaction=True)


class Inputs(HTMLParser):
    """The named inputs of a page's forms, as a browser would post them."""

    def __init__(self, html: str):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name") and attributes.get("type") != "submit":
            self.fields[attributes["name"]] = attributes.get("value") or ""


class Browser:
    """A urllib client with a cookie jar that follows redirects."""

    def __init__(self):
        self.opener = build_opener(HTTPCookieProcessor())

    def get(self, url: str) -> tuple[str, str]:
        with self.opener.open(url, timeout=30) as response:
            return response.url, response.read().decode()

    def post(self, url: str, fields: dict) -> tuple[str, str]:
        with self.opener.open(url, urlencode(fields).encode(), timeout=30) as response:
            return response.url, response.read().decode()


def sign_in(
    base_url: str, username: str, *, allow: bool = True, button: str = "/sso/login/"
) -> tuple[str, str]:
    """Press "Sign in with…" (whose address is `button`), log in at the provider as
    `username`, allow or decline; the address and page where Keyfolio lands."""
    browser = Browser()
    url, page = browser.get(f"{base_url}{button}")
    assert "/login/?next=/openid/authorize" in url, url  # the provider's login page
    fields = Inputs(page).fields | {"username": username, "password": PASSWORD}
    url, page = browser.post(url, fields)
    assert "/openid/authorize" in url and "Request for Permission" in page, url
    consent = Inputs(page).fields | ({"allow": "Authorize"} if allow else {})
    return browser.post(url.split("?")[0], consent)


@pytest.fixture
def acme(world, settings, provider):
    sso_on(settings, provider)
    settings.AXES_ENABLED = True  # as in production: the lock-outs sit in the way in
    return world


def message(page: str) -> str:
    alert = re.search(r'role="alert">\s*(.*?)\s*<button', page, re.S)
    assert alert, "no message on the page"
    return alert.group(1)


def test_it_signs_in_a_newcomer_who_joins_the_workspace_with_the_default_role(live_server, acme):
    url, page = sign_in(live_server.url, "anna")

    assert url == f"{live_server.url}/w/acme/"
    assert "Anna Karenina" in page
    anna = User.objects.get(email="anna@example.com")
    assert anna.full_name == "Anna Karenina"
    assert Membership.objects.get(user=anna, workspace=acme.workspace).role == Role.MANAGER


def test_it_goes_on_to_the_page_the_person_was_going_to(live_server, acme):
    url, _page = sign_in(live_server.url, "anna", button="/sso/login/?next=/w/acme/accounts/")

    assert url == f"{live_server.url}/w/acme/accounts/"


def test_it_does_not_go_on_to_another_site(live_server, acme):
    url, _page = sign_in(live_server.url, "anna", button="/sso/login/?next=https://evil.example/")

    assert url == f"{live_server.url}/w/acme/"


def test_it_signs_in_an_existing_user_matched_by_email(live_server, acme):
    olga = make_user("Olga@Example.com", "Olga from before")
    Membership.objects.create(workspace=acme.other_workspace, user=olga, role=Role.VIEWER)

    url, _page = sign_in(live_server.url, "olga")

    assert url == f"{live_server.url}/"  # two workspaces now: she picks one
    assert User.objects.filter(email__iexact="olga@example.com").count() == 1
    assert Membership.objects.get(user=olga, workspace=acme.workspace).role == Role.MANAGER


def test_it_refuses_an_email_the_provider_has_not_verified(live_server, acme):
    url, page = sign_in(live_server.url, "mallory")

    assert url == f"{live_server.url}/login/"
    assert message(page) == (
        "The sign-in service has not verified mallory@example.com. Verify it there, then try again."
    )
    assert not User.objects.filter(email="mallory@example.com").exists()


def test_it_refuses_a_newcomer_outside_the_auto_join_domains(live_server, acme):
    url, page = sign_in(live_server.url, "boris")

    assert url == f"{live_server.url}/login/"
    assert message(page) == (
        "boris@elsewhere.org has no Keyfolio account yet. "
        "Ask an administrator of your workspace to add you."
    )
    assert not User.objects.filter(email="boris@elsewhere.org").exists()
    assert AccessAttempt.objects.get().failures_since_start == 1  # as any failed log-in


def test_it_says_so_when_the_person_declines_at_the_provider(live_server, acme):
    url, page = sign_in(live_server.url, "anna", allow=False)

    assert url == f"{live_server.url}/login/"
    assert message(page) == (
        "Single sign-on did not complete. Try again, or log in with your password."
    )
    assert not User.objects.filter(email="anna@example.com").exists()


def test_the_login_page_shows_the_button_when_single_sign_on_is_on(acme):
    page = Client().get("/login/?next=/w/acme/accounts/").content.decode()

    assert "Sign in with Test ID" in page
    assert 'href="/sso/login/?next=/w/acme/accounts/"' in page


def test_with_single_sign_on_off_there_is_no_button_and_no_way_back(world):
    client = Client()

    assert "Sign in with" not in client.get("/login/").content.decode()
    assert client.get("/sso/login/").status_code == 404
    assert client.get("/sso/callback/?code=x&state=y").status_code == 404


def test_it_works_with_the_endpoints_given_one_by_one(live_server, acme, settings):
    issuer = settings.OIDC_ISSUER
    settings.OIDC_ISSUER = ""
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{issuer}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{issuer}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{issuer}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{issuer}/jwks"

    url, _page = sign_in(live_server.url, "anna")

    assert url == f"{live_server.url}/w/acme/"
