"""Our competitors at an account: adding one known or new, editing, removing."""

import pytest
from django.urls import reverse

from keyfolio.intel.models import Competitor, CompetitorPresence
from keyfolio.intel.tests.factories import presence
from keyfolio.testing import HTMX


def create_url(world, account=None) -> str:
    return reverse("intel:presence_create", args=[world.slug, (account or world.account).pk])


def edit_url(world, p) -> str:
    return reverse("intel:presence_edit", args=[world.slug, p.account_id, p.pk])


def delete_url(world, p) -> str:
    return reverse("intel:presence_delete", args=[world.slug, p.account_id, p.pk])


def known(world, name: str) -> Competitor:
    return Competitor.objects.create(workspace=world.workspace, name=name)


# --- adding -------------------------------------------------------------------------------


def test_it_adds_a_competitor_the_workspace_knows(world):
    globex = known(world, "Globex")
    data = {
        "competitor": globex.pk,
        "estimated_share": "35.5",
        "strengths": " Price ",
        "weaknesses": "Slow",
    }
    response = world.client_for(world.teammate).post(create_url(world), data)
    assert response.status_code == 302
    added = CompetitorPresence.objects.get()
    assert (added.account, added.competitor, added.estimated_share) == (world.account, globex, 35.5)
    assert (added.strengths, added.weaknesses, added.updated_by) == (
        "Price",
        "Slow",
        world.teammate,
    )


def test_it_adds_a_new_competitor_to_the_workspace_by_its_name(world):
    response = world.client_for(world.manager).post(create_url(world), {"new_name": " Hooli "})
    assert response.status_code == 302
    hooli = Competitor.objects.get()
    assert (hooli.workspace, hooli.name) == (world.workspace, "Hooli")
    assert CompetitorPresence.objects.get().estimated_share is None


def test_it_takes_a_typed_name_of_a_known_competitor_as_that_one(world):
    globex = known(world, "Globex")
    world.client_for(world.manager).post(create_url(world), {"new_name": "GLOBEX"})
    assert Competitor.objects.count() == 1
    assert CompetitorPresence.objects.get().competitor == globex


def test_it_offers_only_the_workspaces_competitors_not_yet_listed(world):
    listed = presence(world.account, "Globex", 30)
    free = known(world, "Initech")
    Competitor.objects.create(workspace=world.other_workspace, name="Foreign Corp")
    response = world.client_for(world.manager).get(create_url(world), headers=HTMX)
    offered = list(response.context["form"].fields["competitor"].queryset)
    assert offered == [free]
    assert listed.competitor not in offered


@pytest.mark.parametrize(
    "data, field",
    [
        ({}, "competitor"),
        ({"new_name": "   "}, "competitor"),
        ({"new_name": "Hooli", "estimated_share": "101"}, "estimated_share"),
        ({"new_name": "Hooli", "estimated_share": "-1"}, "estimated_share"),
        ({"new_name": "Hooli", "estimated_share": "a lot"}, "estimated_share"),
        ({"new_name": "x" * 201}, "new_name"),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(world, data, field):
    response = world.client_for(world.manager).post(create_url(world), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not CompetitorPresence.objects.exists()
    assert not Competitor.objects.exists()


def test_it_refuses_both_a_pick_and_a_new_name(world):
    globex = known(world, "Globex")
    response = world.client_for(world.manager).post(
        create_url(world), {"competitor": globex.pk, "new_name": "Hooli"}
    )
    assert "not both" in str(response.context["form"].errors["competitor"])
    assert not CompetitorPresence.objects.exists()
    assert Competitor.objects.count() == 1


def test_it_lists_a_competitor_only_once_per_account(world):
    presence(world.account, "Globex", 30)
    response = world.client_for(world.manager).post(create_url(world), {"new_name": "globex"})
    assert response.status_code == 200
    assert "already listed at this account" in str(response.context["form"].errors["competitor"])
    assert CompetitorPresence.objects.count() == 1


def test_it_refuses_a_competitor_of_another_workspace(world):
    foreign = Competitor.objects.create(workspace=world.other_workspace, name="Foreign Corp")
    response = world.client_for(world.manager).post(create_url(world), {"competitor": foreign.pk})
    assert "competitor" in response.context["form"].errors
    assert not CompetitorPresence.objects.exists()


def test_it_shows_htmx_errors_in_place_of_the_form(world):
    response = world.client_for(world.manager).post(
        create_url(world), {"new_name": "Hooli", "estimated_share": "150"}, headers=HTMX
    )
    assert response["HX-Retarget"] == "#presence-form-new"
    assert not CompetitorPresence.objects.exists()


def test_it_answers_a_saved_htmx_form_with_the_tab_and_its_bar(world):
    response = world.client_for(world.manager).post(
        create_url(world), {"new_name": "Hooli", "estimated_share": "40"}, headers=HTMX
    )
    body = response.content.decode()
    assert 'id="intel-content"' in body
    assert "40 % accounted for" in body


# --- editing and removing ----------------------------------------------------------------


def test_it_edits_a_competitors_share_and_notes(world):
    p = presence(world.account, "Globex", 30)
    data = {"estimated_share": "45", "strengths": "Price", "weaknesses": ""}
    response = world.client_for(world.manager).post(edit_url(world, p), data)
    assert response.status_code == 302
    p.refresh_from_db()
    assert (p.estimated_share, p.strengths, p.updated_by) == (45, "Price", world.manager)


def test_it_shows_a_whole_share_without_decimals_in_the_edit_form(world):
    p = presence(world.account, "Globex", 35)
    body = world.client_for(world.manager).get(edit_url(world, p), headers=HTMX).content.decode()
    assert 'value="35"' in body
    assert f'id="presence-form-{p.pk}"' in body


def test_it_keeps_the_share_when_the_edit_is_refused(world):
    p = presence(world.account, "Globex", 30)
    response = world.client_for(world.manager).post(edit_url(world, p), {"estimated_share": "250"})
    assert "estimated_share" in response.context["form"].errors
    p.refresh_from_db()
    assert p.estimated_share == 30


def test_it_removes_a_competitor_from_the_account_but_not_from_the_workspace(world):
    p = presence(world.account, "Globex", 30)
    response = world.client_for(world.manager).post(delete_url(world, p))
    assert response.status_code == 302
    assert not CompetitorPresence.objects.exists()
    assert Competitor.objects.filter(name="Globex").exists()
