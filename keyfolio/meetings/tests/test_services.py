"""Planning a meeting, changing its call plan, recording its outcome."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from keyfolio.activities.models import Activity
from keyfolio.meetings.models import CallPlan
from keyfolio.meetings.services import NextStep, call_plan_update, meeting_outcome_record
from keyfolio.meetings.tests.factories import build_dossier, plan_meeting
from keyfolio.method.playbook import Check
from keyfolio.plans.models import AccountPlan, Action, PlanStatus
from keyfolio.playbook.models import AccountCheck
from keyfolio.playbook.queue import AttentionQueue, Scope
from keyfolio.playbook.refresh import checks_refresh
from keyfolio.stakeholders.models import Attitude

TODAY = timezone.localdate()


def test_planning_logs_a_future_meeting_with_the_suggested_plan(world):
    dossier = build_dossier(world.account, by=world.manager, today=TODAY)
    plan = plan_meeting(
        world.account,
        by=world.manager,
        on=TODAY + timedelta(days=3),
        today=TODAY,
        theirs=[dossier["skeptic"]],
        purpose="Renewal",
    )
    activity = Activity.objects.get()
    assert (activity.kind, activity.occurred_on, activity.summary) == (
        "meeting",
        TODAY + timedelta(days=3),
        "Renewal",
    )
    assert list(activity.their_people.all()) == [dossier["skeptic"]]
    assert plan.activity == activity
    assert "Boris Kern (skeptic) will object" in plan.objection_lines
    assert any("Our prices" in line for line in plan.question_lines)


def test_the_plan_is_ready_only_with_the_clients_win(world):
    plan = plan_meeting(
        world.account,
        by=world.manager,
        on=TODAY,
        today=TODAY,
        purpose="Renewal",
        primary_objective="Sign the renewal",
    )
    assert not plan.ready
    assert list(CallPlan.objects.not_ready()) == [plan]
    call_plan_update(
        plan=plan,
        by=world.manager,
        on=TODAY,
        our_people=[world.manager],
        their_people=[],
        today=TODAY,
        client_win="A price fixed for two years",
    )
    plan.refresh_from_db()
    assert plan.ready
    assert list(CallPlan.objects.ready()) == [plan]


def test_a_whitespace_win_is_no_win(world):
    plan = plan_meeting(
        world.account,
        by=world.manager,
        on=TODAY,
        today=TODAY,
        purpose="x",
        primary_objective="Sign",
        client_win="   ",
    )
    assert not plan.ready


def test_the_outcome_turns_next_steps_into_actions_and_updates_attitudes(world):
    dossier = build_dossier(world.account, by=world.manager, today=TODAY)
    skeptic, supporter = dossier["skeptic"], dossier["supporter"]
    plan = plan_meeting(
        world.account, by=world.manager, on=TODAY, today=TODAY, theirs=[skeptic], purpose="Renewal"
    )
    before = Action.objects.count()
    actions = meeting_outcome_record(
        plan=plan,
        by=world.teammate,
        primary_outcome="partly",
        fallback_outcome="met",
        client_said="They want a two-year price.",
        next_steps=[NextStep("Send the two-year offer", date(2027, 1, 15)), NextStep("  ")],
        attitudes={skeptic.pk: Attitude.SUPPORTER, supporter.pk: Attitude.OPPONENT},
        today=TODAY,
    )
    plan.refresh_from_db()
    assert (plan.primary_outcome, plan.fallback_outcome, plan.has_outcome) == (
        "partly",
        "met",
        True,
    )
    assert plan.activity.summary == "They want a two-year price."
    assert Action.objects.count() == before + 1
    assert [(a.title, a.due_on, a.owner, a.account) for a in actions] == [
        ("Send the two-year offer", date(2027, 1, 15), world.teammate, world.account)
    ]
    skeptic.refresh_from_db()
    supporter.refresh_from_db()
    assert skeptic.attitude == Attitude.SUPPORTER
    # Someone who was not at the meeting keeps their attitude.
    assert supporter.attitude == Attitude.SUPPORTER


def test_the_outcome_waits_for_the_meeting(world):
    plan = plan_meeting(
        world.account, by=world.manager, on=TODAY + timedelta(days=1), today=TODAY, purpose="x"
    )
    with pytest.raises(ValidationError) as error:
        meeting_outcome_record(plan=plan, by=world.manager, primary_outcome="met", today=TODAY)
    assert error.value.message_dict == {"primary_outcome": ["The meeting has not taken place yet."]}


def test_the_outcome_needs_the_primary_objective(world):
    plan = plan_meeting(world.account, by=world.manager, on=TODAY, today=TODAY, purpose="x")
    with pytest.raises(ValidationError) as error:
        meeting_outcome_record(plan=plan, by=world.manager, primary_outcome="", today=TODAY)
    assert error.value.message_dict == {"primary_outcome": ["Say how the primary objective went."]}
    plan.refresh_from_db()
    assert not plan.has_outcome


# --- the attention queue ----------------------------------------------------------------


def queue_titles(world, today) -> list[str]:
    # The queue ranks actions by their account's stored keys, computed on commit.
    checks_refresh([world.account.pk], today=today)
    queue = AttentionQueue(world.workspace, today=today, scope=Scope.whole_team())
    return [item.action.title for item in queue.lines(0, 50) if item.action is not None]


def test_a_meeting_this_week_without_a_ready_plan_is_on_the_queue_until_ready(world):
    on = TODAY + timedelta(days=3)
    plan = plan_meeting(world.account, by=world.manager, on=on, today=TODAY, purpose="Renewal")
    prepare = f"Prepare the call plan for the meeting on {on}: what does the client win?"
    assert prepare in queue_titles(world, TODAY)
    call_plan_update(
        plan=plan,
        by=world.manager,
        on=on,
        our_people=[world.manager],
        their_people=[],
        today=TODAY,
        primary_objective="Sign",
        client_win="Two-year price",
    )
    assert prepare not in queue_titles(world, TODAY)


def test_a_meeting_next_month_is_not_on_the_queue_yet(world):
    plan_meeting(world.account, by=world.manager, on=TODAY + timedelta(days=30), today=TODAY)
    assert queue_titles(world, TODAY) == []


def test_a_held_meeting_stays_on_the_queue_until_its_outcome(world):
    held = TODAY - timedelta(days=2)
    plan = plan_meeting(
        world.account,
        by=world.manager,
        on=held,
        today=TODAY,
        purpose="x",
        primary_objective="Sign",
        client_win="Two-year price",
    )
    assert queue_titles(world, TODAY) == [f"Record the outcome of the meeting on {held}"]
    meeting_outcome_record(plan=plan, by=world.manager, primary_outcome="met", today=TODAY)
    assert queue_titles(world, TODAY) == []


# --- rule 2 -----------------------------------------------------------------------------


def joint_strategy_reason(world) -> str:
    checks_refresh([world.account.pk], today=TODAY)
    row = AccountCheck.objects.get(account=world.account, check_key=Check.JOINT_STRATEGY)
    return row.reason_code


def test_rule_2_counts_a_meeting_with_the_clients_win_and_an_outcome(world):
    AccountPlan.objects.create(
        workspace=world.workspace,
        account=world.account,
        title="2027",
        status=PlanStatus.ACTIVE,
        reviewed_on=TODAY,
    )
    plan = plan_meeting(
        world.account,
        by=world.manager,
        on=TODAY,
        today=TODAY,
        purpose="x",
        primary_objective="Sign",
        client_win="Two-year price",
    )
    assert joint_strategy_reason(world) == "joint_strategy.not_agreed"
    meeting_outcome_record(plan=plan, by=world.manager, primary_outcome="partly", today=TODAY)
    assert joint_strategy_reason(world) == "joint_strategy.win_win"


def test_rule_2_ignores_a_meeting_without_the_clients_win(world):
    AccountPlan.objects.create(
        workspace=world.workspace,
        account=world.account,
        title="2027",
        status=PlanStatus.ACTIVE,
        reviewed_on=TODAY,
    )
    plan = plan_meeting(world.account, by=world.manager, on=TODAY, today=TODAY, purpose="x")
    meeting_outcome_record(plan=plan, by=world.manager, primary_outcome="met", today=TODAY)
    assert joint_strategy_reason(world) == "joint_strategy.not_agreed"
