"""The executive flag's move from the person to the membership keeps today's values."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# Where the flag was on the person, and the two migrations that move it.
BEFORE = [("users", "0002_user_is_executive"), ("workspaces", "0001_initial")]
AFTER = [("users", "0003_remove_user_is_executive"), ("workspaces", "0002_membership_is_executive")]


def migrate(targets):
    """Migrate the test database to `targets` and return the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def at_the_end():
    """Whatever a test leaves, the next one finds the database fully migrated."""
    yield
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


def people(apps):
    User = apps.get_model("users", "User")
    Workspace = apps.get_model("workspaces", "Workspace")
    Membership = apps.get_model("workspaces", "Membership")
    acme = Workspace.objects.create(name="Acme", slug="acme")
    globex = Workspace.objects.create(name="Globex", slug="globex")
    return User, Membership, acme, globex


@pytest.mark.django_db(transaction=True)
def test_every_membership_of_an_executive_starts_flagged(at_the_end):
    User, Membership, acme, globex = people(migrate(BEFORE))
    boss = User.objects.create(email="dina@acme.test", is_executive=True)
    staff = User.objects.create(email="max@acme.test")
    for user in (boss, staff):
        for workspace in (acme, globex):
            Membership.objects.create(workspace=workspace, user=user, role="manager")

    Membership = migrate(AFTER).get_model("workspaces", "Membership")
    flagged = Membership.objects.filter(is_executive=True)
    assert sorted(flagged.values_list("user__email", "workspace__slug")) == [
        ("dina@acme.test", "acme"),
        ("dina@acme.test", "globex"),
    ]


@pytest.mark.django_db(transaction=True)
def test_going_back_makes_anyone_flagged_somewhere_an_executive(at_the_end):
    User, Membership, acme, globex = people(migrate(AFTER))
    boss = User.objects.create(email="dina@acme.test")
    staff = User.objects.create(email="max@acme.test")
    Membership.objects.create(workspace=acme, user=boss, role="director", is_executive=True)
    Membership.objects.create(workspace=globex, user=boss, role="manager")
    Membership.objects.create(workspace=acme, user=staff, role="manager")

    User = migrate(BEFORE).get_model("users", "User")
    assert list(User.objects.filter(is_executive=True).values_list("email", flat=True)) == [
        "dina@acme.test"
    ]
