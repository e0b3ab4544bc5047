"""The single sign-on views without a provider: what they answer when it is away, and
the checks on the ID token that mozilla-django-oidc leaves to us."""

import socket

import pytest
from django.core.exceptions import SuspiciousOperation
from django.test import Client

from keyfolio.conftest import PASSWORD
from keyfolio.sso.backends import OIDCBackend
from keyfolio.sso.config import discovery
from keyfolio.sso.tests.conftest import BACKEND, sso_on
from keyfolio.tests.test_html_valid import HTML_VALIDATE, problems_found

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_it_says_so_when_the_provider_cannot_be_reached(settings):
    sso_on(settings, f"http://127.0.0.1:{closed_port()}/openid")
    discovery.cache_clear()

    response = Client().get("/sso/login/", follow=True)

    assert response.redirect_chain == [("/login/", 302)]
    assert "The sign-in service could not be reached." in response.content.decode()


def test_the_callback_without_a_code_goes_back_to_the_login_page(settings):
    sso_on(settings, "https://id.example/")
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://id.example/authorize"

    response = Client().get("/sso/callback/", follow=True)

    assert response.redirect_chain == [("/login/", 302)]
    assert "Single sign-on did not complete." in response.content.decode()


@pytest.fixture
def backend(settings):
    sso_on(settings, "https://id.example")
    return OIDCBackend()


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        ({"aud": "another-app", "iss": "https://id.example"}, "another audience"),
        ({"aud": ["another-app"], "iss": "https://id.example"}, "another audience"),
        ({"aud": "keyfolio", "iss": "https://evil.example"}, "another issuer"),
    ],
)
def test_it_refuses_an_id_token_made_for_someone_else(backend, payload, error):
    with pytest.raises(SuspiciousOperation, match=error):
        backend._check_id_token(payload)


def test_it_accepts_an_id_token_for_keyfolio_from_the_issuer(backend):
    backend._check_id_token({"aud": ["keyfolio", "other"], "iss": "https://id.example/"})


def test_password_log_ins_work_while_the_provider_is_away(settings, world):
    sso_on(settings, f"http://127.0.0.1:{closed_port()}/openid")
    discovery.cache_clear()

    response = Client().post("/login/", {"username": "max@acme.test", "password": PASSWORD})

    assert response.status_code == 302 and response.url == "/"


def test_people_signed_in_through_the_provider_stay_in_while_it_is_away(settings, world):
    sso_on(settings, f"http://127.0.0.1:{closed_port()}/openid")
    discovery.cache_clear()
    client = Client()
    client.force_login(world.manager, backend=BACKEND)

    assert client.get("/w/acme/accounts/").status_code == 200


@pytest.mark.skipif(not HTML_VALIDATE.exists(), reason="html-validate is not installed")
def test_the_login_page_with_the_button_is_valid_html(settings, tmp_path):
    sso_on(settings, "https://id.example")
    page = tmp_path / "login.html"
    page.write_bytes(Client().get("/login/?next=/w/acme/").content)

    assert "Sign in with Test ID" in page.read_text()
    assert problems_found([page], tmp_path / "report.json") == []
