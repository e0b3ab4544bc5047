"""Changing and deleting an activity."""

from datetime import date

import pytest
from django.urls import reverse

from keyfolio.activities.models import Activity
from keyfolio.activities.tests.factories import log, make_contact
from keyfolio.plans.models import Action
from keyfolio.testing import two_edit

DAY = date(2026, 3, 10)


def edit_url(world, activity, account=None) -> str:
    return reverse("activities:edit", args=[world.slug, (account or world.account).pk, activity.pk])


def delete_url(world, activity, account=None) -> str:
    return reverse(
        "activities:delete", args=[world.slug, (account or world.account).pk, activity.pk]
    )


@pytest.fixture
def activity(world) -> Activity:
    return log(
        world.account,
        by=world.manager,
        on=DAY,
        kind="executive_meeting",
        summary="Dinner with the board",
        next_step="Send the proposal",
        due=date(2026, 3, 20),
    )


def posted(world, **changes) -> dict:
    data = {
        "kind": "executive_meeting",
        "occurred_on": "2026-03-10",
        "our_people": [world.manager.pk],
        "summary": "Dinner with the board",
        "next_step": "Send the proposal",
        "next_step_due": "2026-03-20",
        "rules": ["1"],
        "rules_touched": "1",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# --- access -----------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["owner", "director", "manager", "teammate"])
def test_it_lets_editors_change_it(world, activity, person):
    client = world.client_for(getattr(world, person))
    assert client.get(edit_url(world, activity)).status_code == 200
    response = client.post(edit_url(world, activity), posted(world, summary="Board dinner"))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.summary == "Board dinner"


# --- changing ---------------------------------------------------------------------------


def test_it_starts_from_what_was_logged(world, activity):
    form = world.client_for(world.manager).get(edit_url(world, activity)).context["form"]
    assert form["kind"].value() == "executive_meeting"
    assert form["rules"].value() == [1]
    assert form["rules_touched"].value() == "1"
    assert form["next_step"].value() == "Send the proposal"


def test_it_keeps_a_contact_who_has_since_left(world, activity):
    gone = make_contact(world.account, "Gone Person")
    activity.their_people.add(gone)
    gone.active = False
    gone.save()
    form = world.client_for(world.manager).get(edit_url(world, activity)).context["form"]
    assert gone in form.fields["their_people"].queryset


def test_its_action_follows_the_next_step(world, activity):
    world.client_for(world.teammate).post(
        edit_url(world, activity),
        posted(world, next_step="Send the revised proposal", next_step_due="2026-03-27"),
    )
    action = Action.objects.get()
    assert (action.title, action.due_on, action.owner) == (
        "Send the revised proposal",
        date(2026, 3, 27),
        world.manager,
    )


def test_bad_input_changes_nothing(world, activity):
    response = world.client_for(world.manager).post(
        edit_url(world, activity), posted(world, summary="Changed", our_people=None)
    )
    assert response.context["form"].errors["our_people"]
    activity.refresh_from_db()
    assert activity.summary == "Dinner with the board"
    assert list(activity.our_people.all()) == [world.manager]


# --- deleting ---------------------------------------------------------------------------


def test_deleting_keeps_its_action(world, activity):
    response = world.client_for(world.teammate).post(delete_url(world, activity))
    assert response.status_code == 302
    assert not Activity.objects.exists()
    assert Action.objects.get().title == "Send the proposal"


def test_a_save_over_a_newer_version_is_refused_and_the_merge_saved(world, activity):
    def stored():
        activity.refresh_from_db()
        return activity.summary, activity.next_step, [u.pk for u in activity.our_people.all()]

    after_theirs, merged = two_edit(
        mine=world.client_for(world.manager),
        theirs=world.client_for(world.teammate),
        url=edit_url(world, activity),
        stored=stored,
        their_change={"summary": "Their notes", "our_people": [world.teammate.pk]},
        my_change={"summary": "My notes", "next_step": "Send the offer"},
    )
    assert after_theirs == ("Their notes", "Send the proposal", [world.teammate.pk])
    assert merged == ("Their notes", "Send the offer", [world.teammate.pk])


def test_a_new_activity_is_never_a_conflict(world):
    # The new form's defaults (today) may change before it is posted: nothing to lose.
    url = reverse("activities:create", args=[world.slug, world.account.pk])
    data = {
        "kind": "call",
        "occurred_on": "2026-03-10",
        "our_people": [world.manager.pk],
        "summary": "Hello",
        "version": '"an-old-version"',
    }
    assert world.client_for(world.manager).post(url, data).status_code == 302
    assert Activity.objects.filter(summary="Hello").exists()
