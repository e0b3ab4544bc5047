from io import StringIO

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command

from keyfolio.logins.two_factor import has_two_factor, recovery_codes_left
from keyfolio.testing import two_factor_on


def reset(email: str) -> str:
    out = StringIO()
    call_command("reset_2fa", email, stdout=out)
    return out.getvalue()


def test_it_turns_two_factor_off_and_logs_the_person_out(world):
    two_factor_on(world.owner)
    two_factor_on(world.admin)
    client = world.client_for(world.owner)
    assert "Two-factor authentication is off for olga@acme.test" in reset("Olga@Acme.test")
    assert not has_two_factor(world.owner) and recovery_codes_left(world.owner) == 0
    assert not Session.objects.filter(session_key=client.session.session_key).exists()
    assert has_two_factor(world.admin)


def test_it_says_when_there_is_nothing_to_reset(world):
    assert "has no two-factor authentication" in reset("olga@acme.test")


def test_it_refuses_an_unknown_email(db):
    with pytest.raises(CommandError, match=r"Nobody logs in as nobody@acme\.test"):
        reset("nobody@acme.test")
