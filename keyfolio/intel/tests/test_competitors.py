"""The workspace's competitors (settings): who sees it, usage, adding, renaming, deleting."""

import pytest
from django.urls import reverse

from keyfolio.accounts.models import Account
from keyfolio.intel.models import Competitor
from keyfolio.intel.tests.factories import presence
from keyfolio.testing import messages_of


def page_url(slug="acme") -> str:
    return reverse("intel:competitors", args=[slug])


def rename_url(world, c) -> str:
    return reverse("intel:competitor_rename", args=[world.slug, c.pk])


def delete_url(world, c) -> str:
    return reverse("intel:competitor_delete", args=[world.slug, c.pk])


@pytest.fixture
def globex(world) -> Competitor:
    return Competitor.objects.create(workspace=world.workspace, name="Globex")


# --- access -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "admin"])
def test_it_shows_the_competitors_to_admins(world, globex, who):
    response = world.client_for(getattr(world, who)).get(page_url())
    assert response.status_code == 200
    assert [c.name for c in response.context["rows"]] == ["Globex"]


def test_it_links_the_page_in_the_settings_menu_for_admins_only(world):
    assert page_url() in world.client_for(world.admin).get(page_url()).content.decode()
    square = reverse("portfolio:square", args=[world.slug])
    assert page_url() not in world.client_for(world.director).get(square).content.decode()


# --- the list -----------------------------------------------------------------------------


def test_it_counts_the_accounts_and_averages_the_shares(world, globex):
    other = Account.objects.create(workspace=world.workspace, name="Contoso")
    presence(world.account, "Globex", 30)
    presence(other, "Globex", 45)
    presence(other, "Initech")
    Competitor.objects.create(workspace=world.workspace, name="Hooli")
    presence(world.foreign_account, "Globex", 90)  # Another workspace's Globex.
    rows = {
        c.name: (c.account_count, c.average_share)
        for c in world.client_for(world.admin).get(page_url()).context["rows"]
    }
    assert rows == {"Globex": (2, 37.5), "Hooli": (0, None), "Initech": (1, None)}


@pytest.mark.parametrize("size", [3, 30])
def test_it_runs_a_constant_number_of_queries(world, django_assert_num_queries, size):
    for n in range(size):
        presence(world.account, f"Rival {n:02d}", n)
    client = world.client_for(world.admin)
    # session, user, membership, competitors with their usage.
    with django_assert_num_queries(4):
        response = client.get(page_url())
    assert len(response.context["rows"]) == size


# --- adding, renaming, deleting ----------------------------------------------------------


def test_it_adds_a_competitor(world):
    response = world.client_for(world.admin).post(page_url(), {"name": "  Hooli "})
    assert response.status_code == 302
    assert Competitor.objects.get(workspace=world.workspace).name == "Hooli"


@pytest.mark.parametrize("name", ["", "   ", "GLOBEX", "x" * 201])
def test_it_refuses_a_bad_or_taken_name(world, globex, name):
    response = world.client_for(world.admin).post(page_url(), {"name": name})
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert Competitor.objects.count() == 1


def test_it_allows_a_name_taken_in_another_workspace(world):
    Competitor.objects.create(workspace=world.other_workspace, name="Globex")
    world.client_for(world.admin).post(page_url(), {"name": "Globex"})
    assert Competitor.objects.filter(workspace=world.workspace, name="Globex").exists()


def test_it_renames_a_competitor(world, globex):
    response = world.client_for(world.admin).post(
        rename_url(world, globex), {"name": "Globex Corp"}, follow=True
    )
    globex.refresh_from_db()
    assert globex.name == "Globex Corp"
    assert "Renamed to “Globex Corp”." in messages_of(response)


def test_it_refuses_to_rename_to_a_taken_name(world, globex):
    Competitor.objects.create(workspace=world.workspace, name="Hooli")
    response = world.client_for(world.admin).post(
        rename_url(world, globex), {"name": "hooli"}, follow=True
    )
    globex.refresh_from_db()
    assert globex.name == "Globex"
    assert "A competitor called “Hooli” already exists." in messages_of(response)


def test_it_lets_a_competitor_change_only_the_case_of_its_name(world, globex):
    world.client_for(world.admin).post(rename_url(world, globex), {"name": "GLOBEX"})
    globex.refresh_from_db()
    assert globex.name == "GLOBEX"


def test_it_deletes_an_unused_competitor(world, globex):
    response = world.client_for(world.admin).post(delete_url(world, globex))
    assert response.status_code == 302
    assert not Competitor.objects.exists()


def test_it_refuses_to_delete_a_competitor_listed_at_an_account(world):
    used = presence(world.account, "Globex", 30).competitor
    response = world.client_for(world.admin).post(delete_url(world, used), follow=True)
    assert Competitor.objects.filter(pk=used.pk).exists()
    assert "“Globex” is listed at 1 account; remove it there first." in messages_of(response)
