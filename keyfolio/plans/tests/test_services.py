from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from keyfolio.plans import selectors, services
from keyfolio.plans.models import AccountPlan, Action, PlanAnswer, PlanStatus
from keyfolio.plans.tests.conftest import questions_of


def test_it_counts_answers_towards_completeness_as_they_are_added(world, plan):
    questions = questions_of(world)
    assert selectors.plan_completeness(plan).answered == 0
    services.answer_save(plan=plan, question=questions[0], text="<div>One</div>", by=world.manager)
    services.answer_save(plan=plan, question=questions[1], text="<div>Two</div>", by=world.manager)
    completeness = selectors.plan_completeness(plan)
    assert (completeness.answered, completeness.asked) == (2, 11)
    # Emptying an answer in the editor makes it unanswered again.
    services.answer_save(plan=plan, question=questions[1], text="<div><br></div>", by=world.manager)
    assert selectors.plan_completeness(plan).answered == 1


def test_it_keeps_one_answer_per_question_and_records_who_wrote_it(world, plan):
    question = questions_of(world)[0]
    services.answer_save(plan=plan, question=question, text="<div>First</div>", by=world.manager)
    services.answer_save(plan=plan, question=question, text="<div>Second</div>", by=world.teammate)
    answer = PlanAnswer.objects.get(plan=plan, question=question)
    assert answer.text == "<div>Second</div>"
    assert answer.updated_by == world.teammate


def test_it_sanitizes_answers_on_the_way_in(world, plan):
    question = questions_of(world)[0]
    answer = services.answer_save(
        plan=plan,
        question=question,
        text='<div onclick="x()">Hi<script>alert(1)</script><a href="javascript:x()">l</a></div>',
        by=None,
    )
    assert answer.text == '<div>Hi<a rel="noopener noreferrer">l</a></div>'


def test_it_refuses_an_answer_to_another_workspaces_question(world, plan):
    foreign_question = questions_of(world)[0].__class__.objects.filter(
        workspace=world.other_workspace
    )[0]
    with pytest.raises(ValidationError):
        services.answer_save(plan=plan, question=foreign_question, text="x", by=None)


def test_it_starts_a_new_plan_from_the_previous_plans_answers(world, plan):
    questions = questions_of(world)
    services.answer_save(plan=plan, question=questions[0], text="<div>Kept</div>", by=world.manager)
    services.plan_figures_update(
        plan=plan,
        current_volume=Decimal("1200000"),
        planned_revenue=Decimal("1500000"),
        client_total_spend=Decimal("6000000"),
        planned_share_of_wallet=25,
        price_or_value="value",
        loyalty=4,
        resource_owner=world.teammate,
        capacity_note="Two engineers",
    )
    services.objective_save(plan=plan, title="Win the tender")
    new = services.plan_create(account=world.account, title="2028", copy_answers_from=plan)
    assert new.answers.get().text == "<div>Kept</div>"
    assert new.planned_revenue == Decimal("1500000")
    assert new.resource_owner == world.teammate
    assert new.loyalty == 4
    assert new.objectives.count() == 0
    assert selectors.plan_completeness(new).answered == 1


def test_it_starts_a_new_plan_empty_when_asked_to(world, plan):
    services.answer_save(plan=plan, question=questions_of(world)[0], text="<div>x</div>", by=None)
    new = services.plan_create(account=world.account, title="2028")
    assert new.answers.count() == 0
    assert new.status == PlanStatus.DRAFT


def test_it_refuses_a_plan_ending_before_it_starts(world):
    with pytest.raises(ValidationError) as error:
        services.plan_create(
            account=world.account, title="Bad", starts_on=date(2027, 5, 1), ends_on=date(2027, 1, 1)
        )
    assert "ends_on" in error.value.error_dict
    assert not AccountPlan.objects.exists()


def test_it_refuses_a_plan_without_a_title(world):
    with pytest.raises(ValidationError) as error:
        services.plan_create(account=world.account, title="  ")
    assert "title" in error.value.error_dict


def test_it_marks_a_plan_reviewed_today(world, plan):
    services.plan_mark_reviewed(plan=plan)
    plan.refresh_from_db()
    assert plan.reviewed_on == timezone.localdate()


@pytest.mark.parametrize(
    ("field", "value"),
    [("loyalty", 6), ("planned_share_of_wallet", 120.0), ("planned_revenue", Decimal("-1"))],
)
def test_it_refuses_figures_out_of_range(world, plan, field, value):
    figures = {
        "current_volume": None,
        "planned_revenue": None,
        "client_total_spend": None,
        "planned_share_of_wallet": None,
        "price_or_value": "",
        "loyalty": None,
        "resource_owner": None,
        "capacity_note": "",
        field: value,
    }
    with pytest.raises(ValidationError) as error:
        services.plan_figures_update(plan=plan, **figures)
    assert field in error.value.error_dict
    plan.refresh_from_db()
    assert getattr(plan, field) is None


def test_it_refuses_people_from_outside_the_workspace(world, plan):
    with pytest.raises(ValidationError) as error:
        services.action_create(account=world.account, title="Call", owner=world.stranger)
    assert "owner" in error.value.error_dict
    with pytest.raises(ValidationError):
        services.risk_save(plan=plan, description="R", likelihood=1, impact=1, owner=world.stranger)
    assert not Action.objects.exists()


def test_it_ticks_an_action_off_and_reopens_it(world):
    action = services.action_create(account=world.account, title="Call the CFO")
    services.action_complete(action=action, on=date(2027, 3, 4))
    assert action.done_on == date(2027, 3, 4)
    services.action_complete(action=action, done=True)
    assert action.done_on == date(2027, 3, 4)  # Done stays done on its day.
    services.action_complete(action=action, done=False)
    action.refresh_from_db()
    assert action.done_on is None


def test_it_lists_overdue_actions_first_then_by_due_date_then_done_ones(world):
    today = timezone.localdate()
    make = services.action_create
    done = make(account=world.account, title="Done", due_on=today - timedelta(days=30))
    services.action_complete(action=done)
    make(account=world.account, title="No date")
    make(account=world.account, title="Next week", due_on=today + timedelta(days=7))
    make(account=world.account, title="Long overdue", due_on=today - timedelta(days=20))
    make(account=world.account, title="Tomorrow", due_on=today + timedelta(days=1))
    make(account=world.account, title="Overdue", due_on=today - timedelta(days=1))
    every = selectors.ActionFilters(show=selectors.ActionShow.ALL)
    listed = selectors.actions_of(world.account, every, today=today)
    assert [a.title for a in listed] == [
        "Long overdue",
        "Overdue",
        "Tomorrow",
        "Next week",
        "No date",
        "Done",
    ]
    assert [a.overdue for a in listed] == [True, True, False, False, False, False]


def test_it_filters_actions_by_state_owner_and_rule(world):
    a = services.action_create(account=world.account, title="A", owner=world.manager, rule=1)
    b = services.action_create(account=world.account, title="B", owner=world.teammate, rule=4)
    services.action_complete(action=b)
    today = timezone.localdate()

    def titles(**filters):
        found = selectors.actions_of(world.account, selectors.ActionFilters(**filters), today=today)
        return [x.title for x in found]

    assert titles() == ["A"]
    assert titles(show="done") == ["B"]
    assert titles(show="all", owner_id=world.teammate.pk) == ["B"]
    assert titles(show="all", rule=1) == ["A"]
    assert a.pk


def test_it_sorts_risks_by_severity_with_closed_ones_last(world, plan):
    services.risk_save(plan=plan, description="Small", likelihood=1, impact=2)
    services.risk_save(plan=plan, description="Big", likelihood=5, impact=4)
    services.risk_save(plan=plan, description="Closed big", likelihood=5, impact=5, closed=True)
    services.risk_save(plan=plan, description="Middle", likelihood=3, impact=3)
    assert [r.description for r in selectors.risks_of(plan, "all")] == [
        "Big",
        "Middle",
        "Small",
        "Closed big",
    ]
    assert [r.description for r in selectors.risks_of(plan)] == ["Big", "Middle", "Small"]
    assert [r.description for r in selectors.risks_of(plan, "closed")] == ["Closed big"]


def test_it_refuses_a_risk_scored_outside_one_to_five(world, plan):
    with pytest.raises(ValidationError) as error:
        services.risk_save(plan=plan, description="R", likelihood=0, impact=6)
    assert set(error.value.error_dict) == {"likelihood", "impact"}
    assert not plan.risks.exists()


def test_it_adds_a_question_last_with_a_key_unique_in_the_workspace(world):
    question = services.question_create(
        workspace=world.workspace,
        key="budget-cycle",
        text_en="When is the budget set?",
        text_ru="Когда?",
    )
    assert question.position == 11
    with pytest.raises(ValidationError) as error:
        services.question_create(
            workspace=world.workspace, key="budget-cycle", text_en="x", text_ru="y"
        )
    assert "key" in error.value.error_dict
    # Another workspace may use the same key.
    services.question_create(
        workspace=world.other_workspace, key="budget-cycle", text_en="x", text_ru="y"
    )


def test_it_shows_the_implied_share_of_wallet(world, plan):
    plan.planned_revenue = Decimal("1500000")
    plan.client_total_spend = Decimal("6000000")
    plan.current_volume = Decimal("900000")
    figures = selectors.plan_figures(plan, account=world.account, workspace=world.workspace)
    assert figures.implied_share == pytest.approx(0.25)
    assert figures.current_share == pytest.approx(0.15)
    assert figures.currency == "EUR"  # The account has none: the workspace's.


def test_it_shows_money_in_the_accounts_own_currency(world, plan):
    world.account.currency = "USD"
    figures = selectors.plan_figures(plan, account=world.account, workspace=world.workspace)
    assert figures.currency == "USD"
