"""Adding, editing and deleting intelligence notes, inline (htmx) and as plain pages."""

import pytest
from django.urls import reverse

from keyfolio.intel.models import IntelNote
from keyfolio.intel.tests.factories import age, note
from keyfolio.testing import HTMX, is_page, templates_of


def create_url(world, account=None, kind="") -> str:
    url = reverse("intel:note_create", args=[world.slug, (account or world.account).pk])
    return f"{url}?kind={kind}" if kind else url


def edit_url(world, n) -> str:
    return reverse("intel:note_edit", args=[world.slug, n.account_id, n.pk])


def delete_url(world, n) -> str:
    return reverse("intel:note_delete", args=[world.slug, n.account_id, n.pk])


def index_url(world) -> str:
    return reverse("intel:index", args=[world.slug, world.account.pk])


GOOD = {
    "kind": "goals",
    "title": "  Cut logistics cost by 8 %  ",
    "body": "The COO's target.\nNext year.",
    "source": "Meeting",
}


# --- adding -------------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["owner", "director", "manager", "teammate"])
def test_it_adds_a_note_for_editors(world, person):
    user = getattr(world, person)
    response = world.client_for(user).post(create_url(world, kind="goals"), GOOD)
    assert response.status_code == 302
    assert response.url == index_url(world)
    added = IntelNote.objects.get()
    assert (added.account, added.workspace, added.kind) == (world.account, world.workspace, "goals")
    assert added.title == "Cut logistics cost by 8 %"
    assert added.body == "The COO's target.\nNext year."
    assert added.updated_by == user


def test_it_offers_the_form_preset_to_the_kind_asked(world):
    response = world.client_for(world.manager).get(create_url(world, kind="segment"))
    assert response.status_code == 200
    assert response.context["form"].initial["kind"] == "segment"
    assert response.context["tab"] == "intel"  # A page of the dossier, without JavaScript.


def test_it_answers_htmx_with_the_form_alone(world):
    response = world.client_for(world.manager).get(create_url(world, kind="segment"), headers=HTMX)
    body = response.content.decode()
    assert not is_page(response)
    assert "intel/_form.html" in templates_of(response)
    assert 'hx-post="' in body


def test_it_answers_a_saved_htmx_form_with_the_whole_tab(world):
    response = world.client_for(world.manager).post(
        create_url(world, kind="goals"), GOOD, headers=HTMX
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="intel-content">')
    assert "Cut logistics cost by 8 %" in body
    assert "HX-Retarget" not in response.headers


@pytest.mark.parametrize(
    "data, field",
    [
        ({**GOOD, "title": "   "}, "title"),
        ({**GOOD, "title": "x" * 201}, "title"),
        ({**GOOD, "kind": "gossip"}, "kind"),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(world, data, field):
    response = world.client_for(world.manager).post(create_url(world), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not IntelNote.objects.exists()


def test_it_shows_htmx_errors_in_place_of_the_form(world):
    response = world.client_for(world.manager).post(
        create_url(world, kind="goals"), {**GOOD, "title": ""}, headers=HTMX
    )
    assert response["HX-Retarget"] == "#note-form-new-goals"
    assert response["HX-Reswap"] == "outerHTML"
    assert "This field is required." in response.content.decode()
    assert not IntelNote.objects.exists()


# --- editing ------------------------------------------------------------------------------


def test_it_edits_a_note_and_makes_it_fresh_again(world):
    n = note(world.account, "Old title", by=world.manager)
    age(IntelNote.objects.filter(pk=n.pk), days=300)
    data = {"kind": "segment", "title": "New title", "body": "", "source": ""}
    response = world.client_for(world.teammate).post(edit_url(world, n), data)
    assert response.status_code == 302
    n.refresh_from_db()
    assert (n.kind, n.title, n.updated_by) == ("segment", "New title", world.teammate)
    page = world.client_for(world.manager).get(index_url(world))
    assert page.context["intel"].stale is False


def test_it_opens_the_edit_form_in_place_of_the_note(world):
    n = note(world.account, "Budget")
    response = world.client_for(world.manager).get(edit_url(world, n), headers=HTMX)
    assert not is_page(response)
    assert response.context["form"].instance == n
    assert response.context["form"]["title"].value() == "Budget"


def test_it_keeps_the_note_when_the_edit_is_refused(world):
    n = note(world.account, "Budget")
    response = world.client_for(world.manager).post(
        edit_url(world, n), {"kind": "goals", "title": ""}, headers=HTMX
    )
    assert response["HX-Retarget"] == f"#note-form-{n.pk}"
    n.refresh_from_db()
    assert n.title == "Budget"


# --- deleting -----------------------------------------------------------------------------


def test_it_deletes_a_note(world):
    n = note(world.account, "Budget")
    response = world.client_for(world.manager).post(delete_url(world, n))
    assert response.status_code == 302
    assert not IntelNote.objects.exists()


def test_it_answers_an_htmx_delete_with_the_whole_tab(world):
    n = note(world.account, "Budget")
    response = world.client_for(world.manager).post(delete_url(world, n), headers=HTMX)
    assert 'id="intel-content"' in response.content.decode()
    assert "Budget" not in response.content.decode()
