import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from keyfolio.conftest import PASSWORD
from keyfolio.demo.services import (
    DEMO_EMAIL,
    DEMO_PASSWORD,
    DEMO_WORKSPACE_SLUG,
    demo_owner_get_or_create,
)
from keyfolio.playbook.models import AccountCheck
from keyfolio.playbook.receivers import refresh_marked
from keyfolio.users.models import User
from keyfolio.workspaces.models import Membership, Role, Workspace


def init(*args: str) -> str:
    out = StringIO()
    call_command("init", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def counts() -> tuple[int, int, int]:
    return User.objects.count(), Workspace.objects.count(), Membership.objects.count()


def test_it_creates_the_workspace_with_its_admin_as_owner(db):
    output = init("--admin", "Boss@Example.test", "--password", PASSWORD)

    boss = User.objects.get(email="boss@example.test")
    assert boss.check_password(PASSWORD)
    workspace = Workspace.objects.get(name="Keyfolio")
    assert Membership.objects.get(workspace=workspace, user=boss).role == Role.OWNER
    assert workspace.methodologies.count() == 1
    assert "Created workspace 'Keyfolio'" in output
    assert PASSWORD not in output


def test_it_generates_a_password_and_prints_it_once(db):
    output = init("--workspace", "Acme Ltd", "--admin", "boss@example.test")

    password = re.search(r"Password for boss@example.test: (\S+)", output).group(1)
    assert User.objects.get(email="boss@example.test").check_password(password)
    assert Workspace.objects.filter(name="Acme Ltd").exists()
    assert password not in init("--workspace", "Acme Ltd", "--admin", "boss@example.test")


def test_it_uses_a_default_admin_when_making_the_workspace(db):
    init()
    admin = User.objects.get(email="admin@keyfolio.local")
    assert Membership.objects.get(user=admin).workspace.name == "Keyfolio"


def test_it_changes_nothing_when_run_again(db):
    init("--admin", "boss@example.test", "--password", PASSWORD)
    before = counts()

    output = init("--admin", "boss@example.test", "--password", "another-password-1")

    assert counts() == before
    assert "Nothing to do" in output
    assert User.objects.get(email="boss@example.test").check_password(PASSWORD)
    init()  # Without --admin, an existing workspace is left as it is.
    assert counts() == before


def test_it_adds_a_new_admin_to_an_existing_workspace(db):
    init("--admin", "boss@example.test", "--password", PASSWORD)
    init("--admin", "deputy@example.test", "--password", PASSWORD)
    workspace = Workspace.objects.get()
    assert set(workspace.memberships.values_list("user__email", "role")) == {
        ("boss@example.test", Role.OWNER),
        ("deputy@example.test", Role.OWNER),
    }


def test_it_loads_the_demo_into_an_empty_database(db):
    output = init("--demo-if-empty")

    workspace = Workspace.objects.get()
    assert workspace.slug == DEMO_WORKSPACE_SLUG
    assert workspace.accounts.count() == 24
    assert "http://127.0.0.1:8000" in output
    assert DEMO_EMAIL in output and DEMO_PASSWORD in output
    assert User.objects.get(email=DEMO_EMAIL).check_password(DEMO_PASSWORD)


def test_it_loads_no_demo_when_data_exists(world):
    before = counts()
    output = init("--demo-if-empty")

    assert counts() == before
    assert not Workspace.objects.filter(slug=DEMO_WORKSPACE_SLUG).exists()
    assert "http://127.0.0.1:8000" in output
    assert DEMO_EMAIL not in output  # There is no demo user to remind of.


def test_it_reminds_of_the_demo_login_when_the_demo_user_exists(world):
    demo_owner_get_or_create()
    refresh_marked()  # As the commit of the world's writes would have done.
    output = init("--demo-if-empty")
    assert "Nothing to do" in output
    assert f"{DEMO_EMAIL} / {DEMO_PASSWORD}" in output


def test_it_computes_the_checks_of_accounts_that_have_none(world):
    """After the upgrade that brought the attention queue's table, every account gets its
    stored checks from `init`; accounts that have them are left to the worker."""
    output = init("--demo-if-empty")

    assert "Computed the playbook checks of 2 accounts." in output
    assert set(AccountCheck.objects.values_list("account__name", flat=True)) == {
        "Northwind",
        "Initech",
    }
    assert "Computed the playbook checks" not in init("--demo-if-empty")


def test_it_refuses_a_weak_password_and_makes_nothing(db):
    with pytest.raises(CommandError) as refused:
        init("--admin", "boss@example.test", "--password", "83920174")
    assert "This password is entirely numeric." in str(refused.value)
    assert "This password is too short." in str(refused.value)
    assert counts() == (0, 0, 0)
