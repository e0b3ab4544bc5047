"""Shared test fixtures: a workspace with named people, so that every view gets its
access test cheaply (owner, admin, director, manager who owns the account, a
teammate, an outsider manager, a viewer, and a stranger from another workspace)."""

import os
import secrets
from dataclasses import dataclass
from datetime import date

import pytest
from django.conf import settings
from django.db import transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.test import Client
from django.utils import translation

from keyfolio.accounts.models import Account
from keyfolio.audit.guard import erasing
from keyfolio.users.models import User
from keyfolio.workspaces.models import Membership, Role, Workspace
from keyfolio.workspaces.services import workspace_create

PASSWORD = "correct-horse-battery"

# The suite runs with DEBUG off, as production does. The processes that tests start (the
# console-script tests) then refuse the published development key (keyfolio/core/checks.py),
# so they get a key of this test session; in-process tests run no system checks.
os.environ.setdefault("SECRET_KEY", f"test-session-{secrets.token_urlsafe(32)}")


@pytest.fixture(autouse=True, scope="session")
def _flushes_empty_the_audit_trail():
    """A transactional test ends by emptying every table (Django's flush), the audit
    trail's too, which the database's guard (keyfolio.audit.guard) refuses otherwise."""
    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        alias = self.connection.alias
        with transaction.atomic(using=alias), erasing(using=alias):
            return original(self, sql_list)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BaseDatabaseOperations, "execute_sql_flush", execute_sql_flush)
        yield


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs `collectstatic`; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.AXES_ENABLED = False
    # Argon2 is deliberately slow; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language and leaves it so: a request handled in
    the test's thread activates its person's language and may leave it active, which
    would turn the next test's stored messages Russian."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def make_user(email: str, name: str = "", **fields) -> User:
    return User.objects.create_user(email, PASSWORD, full_name=name, **fields)


@dataclass
class World:
    workspace: Workspace
    owner: User
    admin: User
    director: User
    manager: User  # owns `account`
    teammate: User  # on `account`'s team
    outsider: User  # a manager in the same workspace with no tie to `account`
    viewer: User  # on `account`'s team, read-only
    stranger: User  # owner of another workspace
    other_workspace: Workspace
    account: Account
    foreign_account: Account  # in the other workspace

    def client_for(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    @property
    def slug(self) -> str:
        return self.workspace.slug


def add_member(workspace: Workspace, user: User, role: Role) -> User:
    Membership.objects.create(workspace=workspace, user=user, role=role)
    return user


def mark_executive(workspace: Workspace, user: User, is_executive: bool = True) -> None:
    """Make `user` one of our executives in `workspace` (the flag is the membership's)."""
    Membership.objects.filter(workspace=workspace, user=user).update(is_executive=is_executive)


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
    """Acme with its named people and Northwind, and Globex with its owner and Initech."""
    owner = make_user("olga@acme.test", "Olga Owner")
    workspace = workspace_create(name="Acme", owner=owner, slug="acme")
    admin = add_member(workspace, make_user("adam@acme.test", "Adam Admin"), Role.ADMIN)
    director = add_member(workspace, make_user("dina@acme.test", "Dina Director"), Role.DIRECTOR)
    manager = add_member(workspace, make_user("max@acme.test", "Max Manager"), Role.MANAGER)
    teammate = add_member(workspace, make_user("tom@acme.test", "Tom Teammate"), Role.MANAGER)
    outsider = add_member(workspace, make_user("oscar@acme.test", "Oscar Outsider"), Role.MANAGER)
    viewer = add_member(workspace, make_user("vera@acme.test", "Vera Viewer"), Role.VIEWER)
    stranger = make_user("sam@globex.test", "Sam Stranger")
    other = workspace_create(name="Globex", owner=stranger, slug="globex")
    # The world's accounts were opened a moment ago: with a grace period their
    # relationship checks would wait a month, so the world has none (the tests of the
    # grace period give it one).
    for playbook in (workspace.playbook_settings, other.playbook_settings):
        playbook.grace_days = 0
        playbook.save(update_fields=["grace_days"])
    account = Account.objects.create(workspace=workspace, name="Northwind", owner=manager)
    account.team.add(teammate, viewer)
    foreign = Account.objects.create(workspace=other, name="Initech", owner=stranger)
    return World(
        workspace,
        owner,
        admin,
        director,
        manager,
        teammate,
        outsider,
        viewer,
        stranger,
        other,
        account,
        foreign,
    )


@pytest.fixture
def plan(world):
    """Northwind's active plan for 2027, with no answers yet."""
    from keyfolio.plans import services
    from keyfolio.plans.models import PlanStatus

    return services.plan_create(
        account=world.account,
        title="2027",
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 12, 31),
        status=PlanStatus.ACTIVE,
        created_by=world.manager,
    )
