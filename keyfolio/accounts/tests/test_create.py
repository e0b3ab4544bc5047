import pytest
from django.urls import reverse

from keyfolio.accounts.models import Account
from keyfolio.conftest import add_member, make_user
from keyfolio.workspaces.models import Role


def create_url(world) -> str:
    return reverse("accounts:create", args=[world.slug])


def form_data(**overrides) -> dict:
    data = {
        "name": "Contoso",
        "segment": "Retail",
        "industry": "Chemicals",
        "country": "Germany",
        "website": "contoso.example",
        "goal_min_zone": "target",
        "goal_max_zone": "key",
        "currency": "usd",
        "description": "Biggest distributor in the DACH region.",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("person", ["owner", "admin", "director", "manager", "outsider"])
def test_it_shows_the_form_to_managers_and_above(world, person):
    response = world.client_for(getattr(world, person)).get(create_url(world))
    assert response.status_code == 200
    assert response.context["form"].initial["owner"] == getattr(world, person)
    assert response.context["form"]["currency"].value() == "EUR"


def test_it_creates_an_account_owned_by_its_creator_by_default(world):
    client = world.client_for(world.manager)
    data = form_data(owner=world.manager.pk, team=[world.teammate.pk, world.viewer.pk])
    response = client.post(create_url(world), data)
    account = Account.objects.get(workspace=world.workspace, name="Contoso")
    assert response.status_code == 302
    assert response.url == reverse("dossier:overview", args=[world.slug, account.pk])
    assert account.owner == world.manager
    assert set(account.team.all()) == {world.teammate, world.viewer}
    assert account.currency == "USD"
    assert account.website == "https://contoso.example"
    assert account.segment == "Retail"


def test_it_sends_a_manager_to_the_list_when_they_gave_the_account_away(world):
    client = world.client_for(world.outsider)
    response = client.post(create_url(world), form_data(owner=world.manager.pk))
    assert response.status_code == 302
    assert response.url == reverse("accounts:list", args=[world.slug])
    assert Account.objects.get(name="Contoso").owner == world.manager


@pytest.mark.parametrize("name", ["Northwind", "northwind ", "NORTHWIND"])
def test_it_refuses_a_duplicate_name_and_saves_nothing(world, name):
    client = world.client_for(world.manager)
    response = client.post(create_url(world), form_data(name=name, owner=world.manager.pk))
    assert response.status_code == 200
    assert "already exists" in response.context["form"].errors["name"][0]
    assert Account.objects.filter(workspace=world.workspace).count() == 1


def test_it_suggests_restoring_an_archived_namesake(world):
    world.account.archive()
    client = world.client_for(world.manager)
    response = client.post(create_url(world), form_data(name="Northwind", owner=world.manager.pk))
    assert "restore it" in response.context["form"].errors["name"][0]
    assert Account.objects.filter(workspace=world.workspace).count() == 1


def test_it_allows_the_name_of_an_account_in_another_workspace(world):
    client = world.client_for(world.manager)
    client.post(create_url(world), form_data(name="Initech", owner=world.manager.pk))
    assert Account.objects.filter(workspace=world.workspace, name="Initech").exists()


def test_it_refuses_an_owner_from_another_workspace_and_saves_nothing(world):
    client = world.client_for(world.manager)
    response = client.post(create_url(world), form_data(owner=world.stranger.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["owner"] == ["Choose a manager of this workspace."]
    assert not Account.objects.filter(name="Contoso").exists()


def test_it_refuses_a_viewer_as_owner(world):
    client = world.client_for(world.manager)
    response = client.post(create_url(world), form_data(owner=world.viewer.pk))
    assert "owner" in response.context["form"].errors
    assert not Account.objects.filter(name="Contoso").exists()


def test_it_refuses_a_team_member_from_another_workspace_and_saves_nothing(world):
    client = world.client_for(world.manager)
    data = form_data(owner=world.manager.pk, team=[world.teammate.pk, world.stranger.pk])
    response = client.post(create_url(world), data)
    assert response.context["form"].errors["team"] == ["Choose members of this workspace."]
    assert not Account.objects.filter(name="Contoso").exists()


@pytest.mark.parametrize("currency", ["EU", "EURO", "€€€", "12A"])
def test_it_refuses_a_currency_that_is_not_three_letters(world, currency):
    client = world.client_for(world.manager)
    response = client.post(create_url(world), form_data(owner=world.manager.pk, currency=currency))
    assert "currency" in response.context["form"].errors
    assert not Account.objects.filter(name="Contoso").exists()


def test_it_shows_members_by_name_in_the_owner_choices(world):
    add_member(world.workspace, make_user("nina@acme.test", "Nina New"), Role.MANAGER)
    body = world.client_for(world.manager).get(create_url(world)).content.decode()
    assert "Nina New" in body
    assert "Sam Stranger" not in body


def test_it_refuses_as_owner_a_viewer_who_manages_elsewhere(world):
    # The stranger owns another workspace; here they only read.
    add_member(world.workspace, world.stranger, Role.VIEWER)
    client = world.client_for(world.manager)
    response = client.post(create_url(world), form_data(owner=world.stranger.pk))
    assert "owner" in response.context["form"].errors
    assert not Account.objects.filter(name="Contoso").exists()


def test_it_marks_only_the_invalid_fields(world):
    client = world.client_for(world.manager)
    response = client.post(create_url(world), form_data(name="Northwind", owner=world.manager.pk))
    form = response.context["form"]
    assert "is-invalid" in form.fields["name"].widget.attrs["class"]
    assert "is-invalid" not in form.fields["owner"].widget.attrs["class"]
