"""The two-factor page: set up (scan, confirm), new recovery codes, turn off."""

from base64 import b32encode
from binascii import unhexlify

import pytest
from django.urls import reverse

from keyfolio.logins.two_factor import ENROL_KEY, has_two_factor, recovery_codes_left
from keyfolio.testing import messages_of, totp_code, two_factor_on

PAGE = reverse("logins:two_factor")
ENABLE = reverse("logins:two_factor_enable")
DISABLE = reverse("logins:two_factor_disable")
CODES = reverse("logins:recovery_codes")


@pytest.fixture
def olga(world):
    return world.client_for(world.owner)


def test_it_shows_a_qr_code_and_the_key_to_type(world, olga):
    body = olga.get(PAGE).content.decode()
    assert '<svg class="kf-qr"' in body
    key = olga.session[ENROL_KEY]
    secret = b32encode(unhexlify(key)).decode()
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in body
    assert "<script" not in body.split("<main", 1)[1].split("</main>", 1)[0]


def test_it_keeps_the_same_key_until_it_is_confirmed(olga):
    olga.get(PAGE)
    key = olga.session[ENROL_KEY]
    olga.get(PAGE)
    assert olga.session[ENROL_KEY] == key


def test_it_turns_on_with_the_code_the_app_shows_and_shows_the_codes_once(world, olga):
    olga.get(PAGE)
    key = olga.session[ENROL_KEY]
    response = olga.post(ENABLE, {"code": totp_code(key)}, follow=True)
    assert has_two_factor(world.owner)
    assert "Two-factor authentication is on." in messages_of(response)
    codes = response.context["new_codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in response.content.decode() for code in codes)
    assert ENROL_KEY not in olga.session
    again = olga.get(PAGE).content.decode()
    assert codes[0] not in again
    assert "You have 10 recovery codes left." in again


def test_a_wrong_code_turns_nothing_on(world, olga):
    olga.get(PAGE)
    key = olga.session[ENROL_KEY]
    wrong = f"{(int(totp_code(key)) + 500_000) % 1_000_000:06d}"
    response = olga.post(ENABLE, {"code": wrong}, follow=True)
    assert not has_two_factor(world.owner)
    assert any("did not match" in m for m in messages_of(response))
    assert olga.session[ENROL_KEY] == key  # The same QR code can still be confirmed.


def test_it_turns_off_only_with_a_right_code(world, olga, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    key, _ = two_factor_on(world.owner)
    response = olga.post(DISABLE, {"code": "000000"}, follow=True)
    assert has_two_factor(world.owner)
    assert any("not right" in m for m in messages_of(response))
    olga.post(DISABLE, {"code": totp_code(key, steps_ahead=1)})
    assert not has_two_factor(world.owner)
    assert recovery_codes_left(world.owner) == 0


def test_it_turns_off_with_a_recovery_code(world, olga):
    _, codes = two_factor_on(world.owner)
    olga.post(DISABLE, {"code": codes[3]})
    assert not has_two_factor(world.owner)


def test_new_recovery_codes_replace_the_old_ones(world, olga):
    key, old = two_factor_on(world.owner)
    response = olga.post(CODES, {"code": totp_code(key, steps_ahead=1)}, follow=True)
    new = response.context["new_codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert recovery_codes_left(world.owner) == 10
    # An old code no longer turns anything off.
    olga.post(DISABLE, {"code": old[0]})
    assert has_two_factor(world.owner)


def test_new_recovery_codes_want_a_code(world, olga):
    _, old = two_factor_on(world.owner)
    response = olga.post(CODES, {"code": ""}, follow=True)
    assert response.context["new_codes"] is None
    assert old[0] not in response.content.decode()
    assert "Type a code from your authenticator app." in messages_of(response)


def test_the_profile_says_whether_two_factor_is_on(world, olga):
    assert "Set up" in olga.get(reverse("users:profile")).content.decode()
    two_factor_on(world.owner)
    assert "Manage" in olga.get(reverse("users:profile")).content.decode()
