import pytest
from django.urls import reverse

from keyfolio.accounts.models import Account
from keyfolio.method import GoalRange, Zone


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
        "goal_min_zone": "key",
        "goal_max_zone": "key",
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
    assert world.account.goal == GoalRange(Zone.KEY, Zone.KEY)
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


def test_it_refuses_a_description_longer_than_the_limit_and_saves_nothing(world):
    client = world.client_for(world.manager)
    response = client.post(edit_url(world), form_data(world, description="x" * 5001))
    assert response.status_code == 200
    assert (
        "at most 5000 characters (it has 5001)" in response.context["form"].errors["description"][0]
    )
    world.account.refresh_from_db()
    assert world.account.description == ""


def test_the_header_folds_a_long_description_after_its_first_words(world):
    words = [f"word{i}" for i in range(300)]
    client = world.client_for(world.manager)
    client.post(edit_url(world), form_data(world, description=" ".join(words)))
    overview = reverse("dossier:overview", args=[world.slug, world.account.pk])
    body = client.get(overview).content.decode()
    summary = body[body.index("<summary>") : body.index("</summary>")]
    assert "word39 …" in summary
    assert "word40" not in summary
    assert "word299" in body  # Unfolded in <details>, nothing lost.


def test_the_header_shows_a_short_description_whole(world):
    client = world.client_for(world.manager)
    client.post(edit_url(world), form_data(world, description="A family firm.\nTwo sites."))
    overview = reverse("dossier:overview", args=[world.slug, world.account.pk])
    body = client.get(overview).content.decode()
    assert "A family firm.<br>Two sites." in body
    assert "<summary>" not in body


def test_it_saves_the_tax_id_typed_in_the_form(world):
    client = world.client_for(world.manager)
    response = client.post(edit_url(world), form_data(world, tax_id=" 7707083893 "))
    assert response.status_code == 302
    world.account.refresh_from_db()
    assert world.account.tax_id == "7707083893"
