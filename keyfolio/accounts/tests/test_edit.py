import pytest
from django.urls import reverse

from keyfolio.accounts.models import Account


def edit_url(world, account=None) -> str:
    return reverse("accounts:edit", args=[world.slug, (account or world.account).pk])


def form_data(world, **overrides) -> dict:
    data = {
        "name": "Northwind Traders",
        "segment": "Logistics",
        "industry": "",
        "country": "Sweden",
        "website": "",
        "owner": world.manager.pk,
        "team": [world.teammate.pk],
        "goal_zone": "target",
        "currency": "SEK",
        "description": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("person", ["owner", "director", "manager", "teammate"])
def test_it_saves_changes_for_those_who_may_edit(world, person):
    response = world.client_for(getattr(world, person)).post(edit_url(world), form_data(world))
    assert response.status_code == 302
    assert response.url == reverse("dossier:overview", args=[world.slug, world.account.pk])
    world.account.refresh_from_db()
    assert world.account.name == "Northwind Traders"
    assert world.account.goal_zone == "target"
    assert world.account.currency == "SEK"
    assert list(world.account.team.all()) == [world.teammate]


def test_it_shows_the_form_filled_in(world):
    response = world.client_for(world.manager).get(edit_url(world))
    assert response.status_code == 200
    assert response.context["form"]["name"].value() == "Northwind"


def test_it_keeps_its_own_name(world):
    client = world.client_for(world.manager)
    response = client.post(edit_url(world), form_data(world, name="Northwind"))
    assert response.status_code == 302


def test_it_refuses_the_name_of_another_account_and_saves_nothing(world):
    Account.objects.create(workspace=world.workspace, name="Contoso")
    client = world.client_for(world.manager)
    response = client.post(edit_url(world), form_data(world, name="contoso"))
    assert response.status_code == 200
    assert "already exists" in response.context["form"].errors["name"][0]
    world.account.refresh_from_db()
    assert (world.account.name, world.account.currency) == ("Northwind", "")


def test_it_refuses_a_foreign_owner_and_saves_nothing(world):
    client = world.client_for(world.manager)
    response = client.post(edit_url(world), form_data(world, owner=world.stranger.pk))
    assert "owner" in response.context["form"].errors
    world.account.refresh_from_db()
    assert world.account.owner == world.manager
    assert world.account.name == "Northwind"
