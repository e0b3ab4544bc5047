"""Who of ours knows whom: adding, changing and removing, inline (htmx) and as plain forms."""

import pytest

from keyfolio.stakeholders.models import ContactRelationship
from keyfolio.stakeholders.tests.factories import contact_url, knows, make_contact
from keyfolio.testing import HTMX, form_as_posted


@pytest.fixture
def anna(world):
    return make_contact(world.account, "Anna Petrova", decision_role="decision_maker")


def add_url(world, contact) -> str:
    return contact_url("relationship_add", world, contact)


@pytest.mark.parametrize("person", ["owner", "director", "manager", "teammate"])
def test_it_records_who_knows_a_contact(world, anna, person):
    client = world.client_for(getattr(world, person))
    data = {"user": world.teammate.pk, "strength": "4", "note": "Met in Riga"}
    response = client.post(add_url(world, anna), data)
    assert response.status_code == 302
    assert response.url == contact_url("contact_edit", world, anna) + "#relationships"
    relationship = ContactRelationship.objects.get()
    assert (relationship.user, relationship.strength, relationship.note) == (
        world.teammate,
        4,
        "Met in Riga",
    )


def test_it_answers_htmx_with_the_row_and_the_fresh_coverage(world, anna):
    client = world.client_for(world.manager)
    response = client.post(
        add_url(world, anna), {"user": world.manager.pk, "strength": "5"}, headers=HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="contact-{anna.pk}"' in body
    assert 'id="coverage-panel" hx-swap-oob="true"' in body
    assert "Every decider is known well" in body


def test_it_refuses_a_second_relationship_of_the_same_pair_and_saves_nothing(world, anna):
    knows(world.manager, anna, strength=2)
    client = world.client_for(world.manager)
    response = client.post(add_url(world, anna), {"user": world.manager.pk, "strength": "5"})
    assert response.status_code == 200
    assert "not yet listed" in response.content.decode()
    assert list(ContactRelationship.objects.values_list("strength", flat=True)) == [2]


def test_it_refuses_someone_of_another_workspace(world, anna):
    client = world.client_for(world.manager)
    response = client.post(
        add_url(world, anna), {"user": world.stranger.pk, "strength": "3"}, headers=HTMX
    )
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert not ContactRelationship.objects.exists()


def test_it_refuses_a_strength_beyond_five(world, anna):
    client = world.client_for(world.manager)
    response = client.post(add_url(world, anna), {"user": world.manager.pk, "strength": "8"})
    assert "strength" in response.context["add_form"].errors
    assert not ContactRelationship.objects.exists()


def test_it_changes_how_well_and_the_note(world, anna):
    relationship = knows(world.manager, anna, strength=2)
    url = contact_url("relationship_edit", world, anna, relationship.pk)
    response = world.client_for(world.teammate).post(
        url, {"strength": "5", "note": "Golf"}, headers=HTMX
    )
    assert response.status_code == 200
    relationship.refresh_from_db()
    assert (relationship.strength, relationship.note) == (5, "Golf")


def test_it_keeps_a_relationship_when_the_change_is_bad(world, anna):
    relationship = knows(world.manager, anna, strength=2)
    url = contact_url("relationship_edit", world, anna, relationship.pk)
    response = world.client_for(world.manager).post(
        url, {"strength": "0", "note": "x"}, headers=HTMX
    )
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    relationship.refresh_from_db()
    assert (relationship.strength, relationship.note) == (2, "")


def test_it_removes_a_relationship(world, anna):
    relationship = knows(world.manager, anna)
    url = contact_url("relationship_remove", world, anna, relationship.pk)
    response = world.client_for(world.manager).post(url, headers=HTMX)
    assert response.status_code == 200
    assert not ContactRelationship.objects.exists()
    assert "Deciders nobody of ours knows well" in response.content.decode()


def test_it_opens_and_closes_the_inline_panel(world, anna):
    knows(world.teammate, anna, note="Met in Riga")
    client = world.client_for(world.manager)
    opened = client.get(contact_url("contact_row", world, anna) + "?relationships=1", headers=HTMX)
    assert "Met in Riga" in opened.content.decode()
    assert "kf-rel-panel" in opened.content.decode()
    closed = client.get(contact_url("contact_row", world, anna), headers=HTMX)
    assert "kf-rel-panel" not in closed.content.decode()


def test_it_shows_a_viewer_the_panel_without_forms(world, anna):
    knows(world.teammate, anna, note="Met in Riga")
    url = contact_url("contact_row", world, anna) + "?relationships=1"
    body = world.client_for(world.viewer).get(url, headers=HTMX).content.decode()
    assert "Met in Riga" in body
    assert "<form" not in body


def test_it_is_404_for_a_relationship_of_another_contact(world, anna):
    boris = make_contact(world.account, "Boris")
    relationship = knows(world.manager, boris)
    url = contact_url("relationship_remove", world, anna, relationship.pk)
    assert world.client_for(world.manager).post(url).status_code == 404
    assert ContactRelationship.objects.exists()


def test_a_change_over_a_newer_version_is_refused_and_the_merge_saved(world, anna):
    relationship = knows(world.manager, anna, strength=2, note="Met once")
    page = contact_url("contact_edit", world, anna)
    url = contact_url("relationship_edit", world, anna, relationship.pk)

    def opened(client) -> dict:
        ((_rel, form),) = client.get(page).context["relationships"]
        return form_as_posted(form)

    mine, theirs = world.client_for(world.manager), world.client_for(world.teammate)
    mine_read, theirs_read = opened(mine), opened(theirs)
    theirs.post(url, {**theirs_read, "strength": "4"}, headers=HTMX)

    refused = mine.post(url, {**mine_read, "strength": "3", "note": "Golf"}, headers=HTMX)

    ((_rel, form),) = refused.context["relationships"]
    assert [(c["name"], c["theirs"], c["yours"]) for c in form.conflict] == [
        ("strength", "4 · good relationship", "3 · working contact"),
        ("note", "Met once", "Golf"),
    ]
    relationship.refresh_from_db()
    assert (relationship.strength, relationship.note) == (4, "Met once")

    mine.post(url, {**form_as_posted(form), "merge-strength": "theirs"}, headers=HTMX)
    relationship.refresh_from_db()
    assert (relationship.strength, relationship.note) == (4, "Golf")
