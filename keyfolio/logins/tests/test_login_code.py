"""The log-in's second step: the code after the password."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from keyfolio.conftest import PASSWORD
from keyfolio.logins.pending import PENDING_KEY
from keyfolio.logins.two_factor import recovery_codes_left
from keyfolio.testing import messages_of, totp_code, two_factor_on

LOGIN = reverse("users:login")
CODE = reverse("logins:code")


@pytest.fixture
def olga_key(world, settings):
    # django-otp's own slow-down after a wrong code (seconds) is tested on its own below.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    return two_factor_on(world.owner)


def log_in(client, next_url=""):
    data = {"username": "olga@acme.test", "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def test_a_person_without_two_factor_logs_in_with_the_password(world, client):
    response = log_in(client)
    assert response.url == reverse("workspaces:home")
    assert client.session[SESSION_KEY] == str(world.owner.pk)


def test_the_password_alone_does_not_log_in(world, client, olga_key):
    response = log_in(client)
    assert response.url == CODE
    assert SESSION_KEY not in client.session
    page = client.get(CODE).content.decode()
    assert "olga@acme.test" in page
    assert client.get(reverse("users:profile")).status_code == 302


def test_the_right_code_logs_in_and_goes_on(world, client, olga_key):
    key, _ = olga_key
    log_in(client, next_url="/profile/")
    response = client.post(CODE, {"code": totp_code(key, steps_ahead=1)})
    assert response.url == "/profile/"
    assert client.session[SESSION_KEY] == str(world.owner.pk)
    assert PENDING_KEY not in client.session


def test_a_code_is_accepted_with_spaces(world, client, olga_key):
    key, _ = olga_key
    log_in(client)
    code = totp_code(key, steps_ahead=1)
    client.post(CODE, {"code": f"{code[:3]} {code[3:]}"})
    assert client.session[SESSION_KEY] == str(world.owner.pk)


def test_a_wrong_code_says_so_and_does_not_log_in(world, client, olga_key):
    log_in(client)
    response = client.post(CODE, {"code": "000000"})
    assert response.status_code == 200
    assert "This code is not right." in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_recovery_code_logs_in_once(world, client, olga_key):
    _, codes = olga_key
    log_in(client)
    response = client.post(CODE, {"code": codes[0].upper()}, follow=True)
    assert response.context["user"] == world.owner
    assert any("Recovery codes left: 9" in m for m in messages_of(response))
    assert recovery_codes_left(world.owner) == 9
    client.post(reverse("users:logout"))
    log_in(client)
    client.post(CODE, {"code": codes[0]})
    assert SESSION_KEY not in client.session


def test_the_code_page_without_a_password_first_sends_to_log_in(client, world, olga_key):
    key, _ = olga_key
    response = client.post(CODE, {"code": totp_code(key)})
    assert response.url == LOGIN
    assert SESSION_KEY not in client.session


def test_the_step_expires(world, client, olga_key):
    key, _ = olga_key
    log_in(client)
    session = client.session
    session[PENDING_KEY]["since"] = "2020-01-01T00:00:00+00:00"
    session.save()
    response = client.post(CODE, {"code": totp_code(key, steps_ahead=1)})
    assert response.url == LOGIN
    assert SESSION_KEY not in client.session


def test_one_can_go_back_and_log_in_as_someone_else(world, client, olga_key):
    log_in(client)
    client.post(reverse("logins:code_cancel"))
    assert client.get(CODE).url == LOGIN


def test_wrong_codes_lock_out_as_wrong_passwords_do(world, client, olga_key, settings):
    key, _ = olga_key
    settings.AXES_ENABLED = True  # The conftest turns django-axes off.
    settings.AXES_FAILURE_LIMIT = 3
    log_in(client)
    for _ in range(2):
        assert client.post(CODE, {"code": "000000"}).status_code == 200
    locked = client.post(CODE, {"code": "000000"})
    assert locked.status_code == 429
    # Locked out, even the right code and the right password are refused now.
    assert client.post(CODE, {"code": totp_code(key, steps_ahead=1)}).status_code == 429
    assert SESSION_KEY not in client.session
    assert log_in(client).status_code == 429


def test_django_otp_slows_down_guessing(world, client, settings):
    key, _ = two_factor_on(world.owner)
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    log_in(client)
    client.post(CODE, {"code": "000000"})
    response = client.post(CODE, {"code": totp_code(key, steps_ahead=1)})
    assert "Too many wrong codes. Try again in" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_an_invitation_link_does_not_skip_the_code(world, client, olga_key):
    uid = urlsafe_base64_encode(force_bytes(world.owner.pk))
    token = default_token_generator.make_token(world.owner)
    url = reverse("users:password_reset_confirm", args=[uid, token])
    form_url = client.get(url).url
    new = "a-new-long-passphrase-42"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.url == LOGIN
    assert SESSION_KEY not in client.session
