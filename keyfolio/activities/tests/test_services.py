"""Logging, changing and deleting activities, and the reads others use."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from keyfolio.accounts.models import Account
from keyfolio.activities.models import Activity, ActivityRule, KindChoice
from keyfolio.activities.selectors import latest_activities
from keyfolio.activities.services import activity_delete, activity_update, suggested_rules
from keyfolio.activities.tests.factories import log, make_contact
from keyfolio.method.activities import KIND_RULES, ActivityKind
from keyfolio.plans.models import Action

DAY = date(2026, 3, 10)


def rules_of(activity: Activity) -> list[int]:
    return list(ActivityRule.objects.filter(activity=activity).values_list("rule", flat=True))


@pytest.mark.parametrize("kind", list(ActivityKind))
def test_it_suggests_the_rules_of_the_kind(kind):
    assert suggested_rules(kind) == sorted(KIND_RULES[kind])


def test_it_suggests_nothing_for_an_unknown_kind():
    assert suggested_rules("tea_ceremony") == []


def test_it_gives_an_executive_meeting_rule_1_when_nobody_chose(world):
    activity = log(world.account, by=world.manager, on=DAY, kind=KindChoice.EXECUTIVE_MEETING)
    assert rules_of(activity) == [1]


def test_it_keeps_the_rules_chosen_even_none(world):
    chosen = log(world.account, by=world.manager, on=DAY, kind="executive_meeting", rules=[6, 2])
    assert rules_of(chosen) == [2, 6]
    cleared = log(world.account, by=world.manager, on=DAY, kind="executive_meeting", rules=[])
    assert rules_of(cleared) == []


def test_it_records_the_people_on_both_sides(world):
    anna = make_contact(world.account, "Anna Berg", "CFO")
    activity = log(
        world.account, by=world.manager, on=DAY, ours=[world.manager, world.director], theirs=[anna]
    )
    assert set(activity.our_people.all()) == {world.manager, world.director}
    assert list(activity.their_people.all()) == [anna]
    assert activity.created_by == world.manager
    assert activity.workspace_id == world.workspace.pk


def test_it_turns_the_next_step_into_an_action_for_the_person_logging(world):
    due = DAY + timedelta(days=14)
    activity = log(
        world.account,
        by=world.teammate,
        on=DAY,
        ours=[world.manager],
        kind="business_review",
        next_step="  Send the renewal proposal ",
        due=due,
    )
    action = Action.objects.get()
    assert activity.next_action == action
    assert action.account == world.account
    assert action.title == "Send the renewal proposal"
    assert action.owner == world.teammate
    assert action.due_on == due
    assert action.rule == 2  # the first of the rules served (2 and 5)
    assert action.done_on is None


def test_it_makes_no_action_without_a_next_step(world):
    activity = log(world.account, by=world.manager, on=DAY)
    assert activity.next_action is None
    assert not Action.objects.exists()


def test_an_action_serves_no_rule_when_the_activity_serves_none(world):
    log(world.account, by=world.manager, on=DAY, kind="call", next_step="Call back")
    assert Action.objects.get().rule is None


def test_it_allows_a_planned_activity_in_the_future(world):
    later = timezone.localdate() + timedelta(days=30)
    activity = log(world.account, by=world.manager, on=later, kind="seminar")
    assert activity.occurred_on == later


@pytest.mark.parametrize(
    "change, field",
    [
        ({"ours": []}, "our_people"),
        ({"due": DAY}, "next_step"),
        ({"next_step": "x" * 301}, "next_step"),
        ({"kind": "tea_ceremony"}, "kind"),
        ({"rules": [7]}, "rules"),
        ({"summary": " "}, "summary"),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(world, change, field):
    with pytest.raises(ValidationError) as caught:
        log(world.account, by=world.manager, on=DAY, **change)
    assert field in caught.value.message_dict
    assert not Activity.objects.exists()
    assert not Action.objects.exists()


def test_it_takes_an_activity_that_names_their_people_without_a_summary(world):
    contact = make_contact(world.account, "Anna Petrova", "CFO")
    activity = log(world.account, by=world.manager, on=DAY, theirs=[contact], summary="")
    assert list(activity.their_people.all()) == [contact]
    assert activity.summary == ""


def test_it_refuses_a_contact_of_another_account(world):
    other = Account.objects.create(workspace=world.workspace, name="Contoso", owner=world.manager)
    stranger = make_contact(other, "Carl Contoso")
    with pytest.raises(ValidationError) as caught:
        log(world.account, by=world.manager, on=DAY, theirs=[stranger], next_step="Follow up")
    assert "their_people" in caught.value.message_dict
    assert not Activity.objects.exists()
    assert not Action.objects.exists()


def test_it_refuses_someone_who_is_not_a_member(world):
    with pytest.raises(ValidationError) as caught:
        log(world.account, by=world.manager, on=DAY, ours=[world.manager, world.stranger])
    assert "our_people" in caught.value.message_dict
    assert not Activity.objects.exists()


def _update(activity, by, **changes):
    fields = {
        "kind": activity.kind,
        "occurred_on": activity.occurred_on,
        "our_people": list(activity.our_people.all()),
        "their_people": list(activity.their_people.all()),
        "summary": activity.summary,
        "next_step": activity.next_step,
        "next_step_due": activity.next_step_due,
        "rules": rules_of(activity),
    }
    return activity_update(activity=activity, by=by, **{**fields, **changes})


def test_an_update_renames_and_redates_the_action(world):
    activity = log(world.account, by=world.manager, on=DAY, next_step="Send deck", due=DAY)
    action = activity.next_action
    _update(activity, world.teammate, next_step="Send the deck and prices", next_step_due=None)
    action.refresh_from_db()
    assert (action.title, action.due_on, action.owner) == (
        "Send the deck and prices",
        None,
        world.manager,
    )


def test_an_update_adds_an_action_for_a_new_next_step(world):
    activity = log(world.account, by=world.manager, on=DAY)
    _update(activity, world.teammate, next_step="Book the workshop", next_step_due=DAY, rules=[3])
    activity.refresh_from_db()
    assert activity.next_action.owner == world.teammate
    assert activity.next_action.rule == 3
    assert rules_of(activity) == [3]


def test_an_update_unlinks_but_keeps_the_action_of_a_removed_next_step(world):
    activity = log(world.account, by=world.manager, on=DAY, next_step="Send deck")
    action_pk = activity.next_action_id
    _update(activity, world.manager, next_step="")
    activity.refresh_from_db()
    assert activity.next_action is None
    assert Action.objects.filter(pk=action_pk).exists()


def test_a_refused_update_changes_nothing(world):
    activity = log(world.account, by=world.manager, on=DAY, summary="Kick-off", rules=[1])
    with pytest.raises(ValidationError):
        _update(activity, world.manager, summary="Changed", our_people=[], rules=[2])
    activity.refresh_from_db()
    assert activity.summary == "Kick-off"
    assert rules_of(activity) == [1]
    assert list(activity.our_people.all()) == [world.manager]


def test_deleting_an_activity_keeps_its_action(world):
    activity = log(world.account, by=world.manager, on=DAY, next_step="Send deck")
    action_pk = activity.next_action_id
    activity_delete(activity=activity)
    assert not Activity.objects.exists()
    assert Action.objects.get(pk=action_pk).title == "Send deck"


def test_latest_activities_are_the_newest_that_took_place(world):
    today = timezone.localdate()
    for days_ago in (40, 3, 20, 10, 1, 30):
        log(world.account, by=world.manager, on=today - timedelta(days=days_ago))
    log(world.account, by=world.manager, on=today + timedelta(days=5))  # planned
    other = Account.objects.create(workspace=world.workspace, name="Contoso", owner=world.manager)
    log(other, by=world.manager, on=today)
    latest = latest_activities(world.account, 3)
    assert [(today - a.occurred_on).days for a in latest] == [1, 3, 10]


@pytest.mark.parametrize("size", [3, 20])
def test_latest_activities_take_a_constant_number_of_queries(
    world, django_assert_num_queries, size
):
    anna = make_contact(world.account, "Anna Berg", "CFO")
    for n in range(size):
        log(
            world.account,
            by=world.manager,
            on=DAY - timedelta(days=n),
            ours=[world.manager, world.director],
            theirs=[anna],
            kind="seminar",
            next_step=f"Step {n}",
        )
    # activities, our people, their people, rules, next actions
    with django_assert_num_queries(5):
        latest = latest_activities(world.account, 10, today=DAY)
        for activity in latest:
            assert activity.next_action.title.startswith("Step")
            assert [r.rule for r in activity.rules.all()] == [1, 3]
            assert len(activity.our_people.all()) == 2
            assert activity.their_people.all()[0].title == "CFO"
