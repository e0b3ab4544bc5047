import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from keyfolio.conftest import PASSWORD
from keyfolio.users.models import User
from keyfolio.workspaces.models import Membership, Role


def createuser(*args: str) -> str:
    out = StringIO()
    call_command("createuser", *args, stdout=out)
    return out.getvalue()


def test_it_creates_a_user_with_a_name_and_password(db):
    createuser("Kate@Example.test", "--name", "Kate Keen", "--password", PASSWORD)
    kate = User.objects.get(email="kate@example.test")
    assert kate.full_name == "Kate Keen"
    assert kate.check_password(PASSWORD)
    assert not kate.memberships.exists()


def test_it_generates_a_password_and_prints_it(db):
    output = createuser("kate@example.test")
    password = re.search(r"Password: (\S+)", output).group(1)
    assert User.objects.get(email="kate@example.test").check_password(password)


def test_it_adds_the_user_to_a_workspace_as_a_manager_by_default(world):
    createuser("kate@example.test", "--workspace", "acme")
    assert Membership.objects.get(user__email="kate@example.test").role == Role.MANAGER


def test_it_adds_the_user_with_the_role_given(world):
    createuser("kate@example.test", "--workspace", "acme", "--role", "director")
    membership = Membership.objects.get(user__email="kate@example.test")
    assert (membership.workspace, membership.role) == (world.workspace, Role.DIRECTOR)


def test_it_fails_clearly_if_the_user_exists(world):
    with pytest.raises(CommandError, match="already exists"):
        createuser("MAX@acme.test", "--workspace", "globex")
    assert not Membership.objects.filter(user=world.manager, workspace__slug="globex").exists()


def test_it_creates_nobody_for_a_missing_workspace(db):
    with pytest.raises(CommandError, match="no workspace 'nope'"):
        createuser("kate@example.test", "--workspace", "nope")
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [(["not-an-email"], "not an e-mail"), (["kate@example.test", "--role", "admin"], "--role")],
)
def test_it_refuses_bad_arguments(db, args, message):
    with pytest.raises(CommandError, match=message):
        createuser(*args)
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("password", "reasons"),
    [
        (
            "1",
            [
                "This password is too short. It must contain at least 10 characters.",
                "This password is too common.",
                "This password is entirely numeric.",
            ],
        ),
        ("83920174", ["too short", "entirely numeric"]),
        ("password123", ["This password is too common."]),
        ("kate.keen@example", ["The password is too similar to the e-mail."]),
        ("Kate Keen 1", ["The password is too similar to the full name."]),
    ],
)
def test_it_refuses_a_password_the_validators_refuse(world, password, reasons):
    with pytest.raises(CommandError) as refused:
        createuser(
            "kate.keen@example.test",
            "--name",
            "Kate Keen",
            "--password",
            password,
            "--workspace",
            "acme",
        )
    message = str(refused.value)
    assert "nothing was changed" in message
    for reason in reasons:
        assert reason in message
    assert not User.objects.filter(email="kate.keen@example.test").exists()
