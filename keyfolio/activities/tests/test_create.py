"""Logging an activity from the tab or its own page."""

from datetime import date

import pytest
from django.urls import reverse

from keyfolio.accounts.models import Account
from keyfolio.activities.models import Activity
from keyfolio.activities.tests.factories import make_contact
from keyfolio.conftest import add_member, mark_executive
from keyfolio.plans.models import Action
from keyfolio.testing import HTMX, is_page, templates_of
from keyfolio.workspaces.models import Role


def create_url(world, account=None, **params) -> str:
    url = reverse("activities:create", args=[world.slug, (account or world.account).pk])
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def timeline_url(world) -> str:
    return reverse("activities:timeline", args=[world.slug, world.account.pk])


def posted(world, **changes) -> dict:
    data = {
        "kind": "meeting",
        "occurred_on": "2026-03-10",
        "our_people": [world.manager.pk],
        "summary": "Met the buying team.",
        "next_step": "",
        "next_step_due": "",
        "rules_touched": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def rules_of(activity: Activity) -> list[int]:
    return [row.rule for row in activity.rules.all()]


# --- access -----------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["owner", "director", "manager", "teammate"])
def test_it_lets_editors_log_an_activity(world, person):
    client = world.client_for(getattr(world, person))
    assert client.get(create_url(world)).status_code == 200
    response = client.post(create_url(world), posted(world))
    assert response.status_code == 302
    assert response.url == timeline_url(world)
    assert Activity.objects.get().account == world.account


# --- what it saves ----------------------------------------------------------------------


def test_it_saves_the_people_and_turns_the_next_step_into_an_action(world):
    anna = make_contact(world.account, "Anna Berg", "CFO")
    data = posted(
        world,
        kind="strategy_session",
        our_people=[world.manager.pk, world.director.pk],
        their_people=[anna.pk],
        next_step="Draft the joint plan",
        next_step_due="2026-04-15",
        rules=["2"],
        rules_touched="1",
    )
    response = world.client_for(world.teammate).post(create_url(world), data, follow=True)
    activity = Activity.objects.get()
    assert set(activity.our_people.all()) == {world.manager, world.director}
    assert list(activity.their_people.all()) == [anna]
    assert rules_of(activity) == [2]
    action = Action.objects.get()
    assert activity.next_action == action
    assert (action.title, action.owner, action.due_on, action.rule) == (
        "Draft the joint plan",
        world.teammate,
        date(2026, 4, 15),
        2,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert "Activity logged." in messages


def test_it_applies_the_kinds_rules_to_a_form_never_touched(world):
    # A browser without JavaScript posts no rule and leaves rules_touched empty.
    world.client_for(world.manager).post(create_url(world), posted(world, kind="executive_meeting"))
    assert rules_of(Activity.objects.get()) == [1]


def test_it_keeps_no_rule_when_the_person_cleared_them(world):
    data = posted(world, kind="executive_meeting", rules_touched="1")
    world.client_for(world.manager).post(create_url(world), data)
    assert rules_of(Activity.objects.get()) == []


def test_it_keeps_the_rules_ticked_whatever_the_kind(world):
    data = posted(world, kind="executive_meeting", rules=["5", "6"])
    world.client_for(world.manager).post(create_url(world), data)
    assert rules_of(Activity.objects.get()) == [5, 6]


def test_it_starts_from_today_the_person_logging_and_the_kinds_rules(world):
    response = world.client_for(world.teammate).get(create_url(world, kind="executive_meeting"))
    form = response.context["form"]
    assert form["kind"].value() == "executive_meeting"
    assert form["our_people"].value() == [world.teammate.pk]
    assert form["rules"].value() == [1]
    assert response.context["kind_rules"]["business_review"] == [2, 5]


def test_it_starts_from_a_meeting_for_an_unknown_kind(world):
    response = world.client_for(world.teammate).get(create_url(world, kind="party"))
    assert response.context["form"]["kind"].value() == "meeting"


def test_it_offers_the_accounts_active_contacts_and_the_workspaces_members(world):
    anna = make_contact(world.account, "Anna Berg")
    make_contact(world.account, "Gone Person", active=False)
    other = Account.objects.create(workspace=world.workspace, name="Contoso", owner=world.manager)
    make_contact(other, "Carl Contoso")
    form = world.client_for(world.manager).get(create_url(world)).context["form"]
    assert list(form.fields["their_people"].queryset) == [anna]
    assert world.viewer in form.fields["our_people"].queryset
    assert world.stranger not in form.fields["our_people"].queryset


def test_it_stars_the_executives_of_this_workspace_only(world):
    """Dina is one of Acme's executives, Max one of Globex's only."""
    mark_executive(world.workspace, world.director)
    add_member(world.other_workspace, world.manager, Role.MANAGER)
    mark_executive(world.other_workspace, world.manager)
    response = world.client_for(world.manager).get(create_url(world))
    starred = {
        user for user in response.context["form"].fields["our_people"].queryset if user.is_executive
    }
    assert starred == {world.director}
    assert response.content.decode().count('class="bi bi-star-fill text-warning"') == 1


# --- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change, field",
    [
        ({"our_people": None}, "our_people"),
        ({"next_step_due": "2026-04-01"}, "next_step"),
        ({"kind": "party"}, "kind"),
        ({"occurred_on": "soon"}, "occurred_on"),
        ({"rules": ["9"]}, "rules"),
        ({"summary": "   "}, "summary"),
    ],
)
def test_it_shows_field_errors_and_saves_nothing(world, change, field):
    response = world.client_for(world.manager).post(create_url(world), posted(world, **change))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Activity.objects.exists()
    assert not Action.objects.exists()


def test_it_refuses_people_from_elsewhere(world):
    other = Account.objects.create(workspace=world.workspace, name="Contoso", owner=world.manager)
    carl = make_contact(other, "Carl Contoso")
    data = posted(
        world,
        our_people=[world.manager.pk, world.stranger.pk],
        their_people=[carl.pk],
        next_step="Follow up",
    )
    response = world.client_for(world.manager).post(create_url(world), data)
    errors = response.context["form"].errors
    assert "our_people" in errors and "their_people" in errors
    assert not Activity.objects.exists()
    assert not Action.objects.exists()


# --- from the tab, with htmx -------------------------------------------------------------


def test_with_htmx_it_answers_errors_with_the_form_alone(world):
    response = world.client_for(world.manager).post(
        create_url(world), posted(world, our_people=None), headers=HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert not is_page(response)
    assert "activities/_form.html" in templates_of(response)
    assert "Name at least one of our people who took part." in body


def test_with_htmx_it_reloads_the_tab_once_logged(world):
    response = world.client_for(world.manager).post(create_url(world), posted(world), headers=HTMX)
    assert response["HX-Redirect"] == timeline_url(world)
    assert Activity.objects.count() == 1
