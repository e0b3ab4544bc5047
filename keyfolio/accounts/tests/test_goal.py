"""The goal range on the account form and in the services: at least one zone, at most
another (METHOD.md §2), never a minimum above the maximum."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from keyfolio.accounts.models import Account
from keyfolio.accounts.services import account_create, account_update
from keyfolio.accounts.tests.test_edit import edit_url, form_data
from keyfolio.method import DEFAULT_GOAL, GoalRange, Zone


def post(world, **fields):
    return world.client_for(world.manager).post(edit_url(world), form_data(world, **fields))


def test_a_new_account_aims_at_least_at_target_and_at_most_at_key(world):
    account = Account.objects.create(workspace=world.workspace, name="Contoso")
    assert account.goal == DEFAULT_GOAL == GoalRange(Zone.TARGET, Zone.KEY)


def test_the_form_saves_both_bounds(world):
    response = post(world, goal_min_zone="maintain", goal_max_zone="target")
    assert response.status_code == 302
    world.account.refresh_from_db()
    assert world.account.goal == GoalRange(Zone.MAINTAIN, Zone.TARGET)


def test_the_form_refuses_a_minimum_above_the_maximum_and_saves_nothing(world):
    response = post(world, goal_min_zone="key", goal_max_zone="maintain", name="Changed")
    assert response.status_code == 200
    assert response.context["form"].errors["goal_max_zone"] == [
        "The maximum (Maintain) ranks below the minimum (Key): choose Key or a higher zone "
        "as the maximum."
    ]
    assert "choose Key or a higher zone" in response.content.decode()
    world.account.refresh_from_db()
    assert (world.account.name, world.account.goal) == ("Northwind", DEFAULT_GOAL)


def test_the_form_refuses_a_zone_that_does_not_exist(world):
    response = post(world, goal_min_zone="top")
    assert "goal_min_zone" in response.context["form"].errors
    world.account.refresh_from_db()
    assert world.account.goal == DEFAULT_GOAL


def test_the_form_offers_both_bounds_with_their_help(world):
    html = world.client_for(world.manager).get(edit_url(world)).content.decode()
    assert 'name="goal_min_zone"' in html and 'name="goal_max_zone"' in html
    assert "At least (minimum)" in html and "At most (maximum)" in html
    assert "The highest zone worth aiming for" in html


def test_the_new_account_form_takes_a_range(world):
    data = form_data(world, name="Contoso", goal_min_zone="reconsider", goal_max_zone="maintain")
    response = world.client_for(world.manager).post(
        reverse("accounts:create", args=[world.slug]), data
    )
    assert response.status_code == 302
    contoso = world.workspace.accounts.get(name="Contoso")
    assert contoso.goal == GoalRange(Zone.RECONSIDER, Zone.MAINTAIN)


def test_the_services_refuse_a_reversed_range_whatever_calls_them(world):
    with pytest.raises(ValidationError) as error:
        account_update(account=world.account, goal_min_zone="key", goal_max_zone="target")
    assert "goal_max_zone" in error.value.message_dict
    with pytest.raises(ValidationError):
        account_create(
            workspace=world.workspace, name="Upside", owner=None, goal_min_zone="target",
            goal_max_zone="reconsider",
        )  # fmt: skip
    assert not world.workspace.accounts.filter(name="Upside").exists()
    world.account.refresh_from_db()
    assert world.account.goal == DEFAULT_GOAL


def test_the_database_refuses_a_reversed_range(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.filter(pk=world.account.pk).update(
            goal_min_zone="target", goal_max_zone="maintain"
        )


def test_the_list_shows_each_accounts_range(world):
    world.account.goal_min_zone = "maintain"
    world.account.goal_max_zone = "target"
    world.account.save()
    html = world.client_for(world.manager).get(reverse("accounts:list", args=[world.slug]))
    assert "Maintain → " in html.content.decode()


# --- The migration from one goal zone to the range ------------------------------------------

BEFORE = [("accounts", "0007_account_segment_index")]
AFTER = [("accounts", "0009_account_goal_range_constraint")]


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


@pytest.mark.django_db(transaction=True)
def test_the_old_goal_becomes_the_maximum_and_keeps_its_meaning_below_target(at_the_end):
    apps = migrate(BEFORE)
    workspace = apps.get_model("workspaces", "Workspace").objects.create(name="A", slug="a")
    Account = apps.get_model("accounts", "Account")
    for zone in ("key", "target", "maintain", "reconsider"):
        Account.objects.create(workspace=workspace, name=zone, goal_zone=zone)

    Account = migrate(AFTER).get_model("accounts", "Account")
    ranges = Account.objects.order_by("name").values_list("name", "goal_min_zone", "goal_max_zone")
    assert list(ranges) == [
        ("key", "target", "key"),  # The article's range; key was the old default.
        ("maintain", "maintain", "maintain"),  # A deliberate lower goal stays that zone.
        ("reconsider", "reconsider", "reconsider"),
        ("target", "target", "target"),
    ]

    Account = migrate(BEFORE).get_model("accounts", "Account")
    goals = Account.objects.order_by("name").values_list("name", "goal_zone")
    assert all(name == goal for name, goal in goals)  # Back again: the maximum.


def test_a_goal_of_one_zone_is_shown_once_in_the_list(world):
    world.account.goal_min_zone = world.account.goal_max_zone = "maintain"
    world.account.save()
    html = world.client_for(world.manager).get(reverse("accounts:list", args=[world.slug]))
    assert "Maintain → " not in html.content.decode()
