import pytest
from django.core.exceptions import ValidationError

from keyfolio.accounts.models import Account
from keyfolio.accounts.services import account_create, account_update


def test_it_creates_with_the_workspace_currency_by_default(world):
    account = account_create(workspace=world.workspace, name=" Contoso ", owner=world.manager)
    assert (account.name, account.currency) == ("Contoso", "EUR")
    assert (account.goal_min_zone, account.goal_max_zone) == ("target", "key")


def test_it_refuses_a_duplicate_name_with_a_field_error(world):
    with pytest.raises(ValidationError) as caught:
        account_create(workspace=world.workspace, name="NORTHWIND", owner=world.manager)
    assert "name" in caught.value.message_dict
    assert Account.objects.filter(workspace=world.workspace).count() == 1


def test_it_refuses_people_from_another_workspace(world):
    with pytest.raises(ValidationError) as caught:
        account_create(
            workspace=world.workspace, name="Contoso", owner=world.stranger, team=[world.stranger]
        )
    assert set(caught.value.message_dict) == {"owner", "team"}
    assert not Account.objects.filter(name="Contoso").exists()


def test_it_updates_the_given_fields_and_the_team(world):
    account_update(account=world.account, name="Northwind AB", team=[world.teammate])
    world.account.refresh_from_db()
    assert world.account.name == "Northwind AB"
    assert world.account.owner == world.manager
    assert list(world.account.team.all()) == [world.teammate]


def test_it_leaves_the_team_alone_when_not_given(world):
    account_update(account=world.account, segment="Logistics")
    assert set(world.account.team.all()) == {world.teammate, world.viewer}


def test_it_refuses_to_change_what_a_person_may_not_edit(world):
    with pytest.raises(TypeError):
        account_update(account=world.account, workspace=world.other_workspace)


def test_it_refuses_the_name_of_another_account_on_update(world):
    Account.objects.create(workspace=world.workspace, name="Contoso")
    with pytest.raises(ValidationError):
        account_update(account=world.account, name="Contoso")
    assert Account.objects.get(pk=world.account.pk).name == "Northwind"


def test_it_refuses_a_description_over_the_limit_with_a_field_error(world):
    with pytest.raises(ValidationError) as caught:
        account_update(account=world.account, description="x" * 5001)
    assert caught.value.message_dict["description"] == [
        "Keep the description under 5,000 characters (this one has 5,001)."
    ]
    world.account.refresh_from_db()
    assert world.account.description == ""
