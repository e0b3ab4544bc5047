from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from keyfolio.accounts.models import StageChange
from keyfolio.accounts.tests.factories import assess
from keyfolio.activities.models import Activity
from keyfolio.briefs.selectors import (
    ANSWER_LEAST,
    ANSWER_MOST,
    BLOCK_COST,
    MAX_ACTIONS,
    MAX_COMPETITORS,
    MAX_EVENTS,
    MAX_RISKS,
    MAX_STAKEHOLDERS,
    AnswerExcerpt,
    answer_columns,
    brief_for,
    dossier_summary,
    fair_shares,
    shortened_answers,
)
from keyfolio.core.text import ELLIPSIS
from keyfolio.plans.models import AccountPlan, Action, PlanAnswer, PlanQuestion
from keyfolio.plans.richtext import Block, size
from keyfolio.revenue.models import RevenueEntry, RevenueTarget
from keyfolio.stakeholders.models import Contact, ContactRelationship


def test_it_reads_an_empty_dossier(world):
    brief = brief_for(world.account, today=date(2026, 5, 4))
    assert brief.current is None and brief.radar is None and brief.index_history is None
    assert brief.plan is None and brief.answers == [] and brief.risks == []
    assert brief.stakeholders == [] and brief.actions == [] and brief.events == []
    assert brief.revenue.year_to_date == 0 and brief.revenue.target is None
    assert brief.summary.intel_stale is True
    assert brief.coverage.single_threaded is True


def test_it_keeps_each_list_to_its_limit(rich):
    brief = brief_for(rich.account, today=timezone.localdate())
    assert len(brief.stakeholders) == MAX_STAKEHOLDERS
    assert len(brief.actions) == MAX_ACTIONS
    assert len(brief.risks) == MAX_RISKS
    assert len(brief.competitors) == MAX_COMPETITORS
    assert len(brief.events) == MAX_EVENTS


def test_it_shows_the_current_and_previous_assessment_and_the_gap(rich):
    brief = brief_for(rich.account, today=timezone.localdate())
    assert brief.current.pk == rich.account.current_assessment_id
    assert brief.previous.pk == rich.account.previous_assessment_id
    assert brief.client_change == pytest.approx(1)
    assert brief.our_change == pytest.approx(2)
    # 59 / 52 is in the key zone, within the default goal (at least target, at most key).
    assert brief.goal_distance.within is True
    assert len(brief.radar["indicators"]) == 15
    assert len(brief.index_history["client"]) == 12


def test_it_measures_the_distance_to_each_bound_of_the_goal(rich):
    rich.account.goal_min_zone = rich.account.goal_max_zone = "target"
    brief = brief_for(rich.account, today=timezone.localdate())
    assert brief.goal_distance.to_minimum.reached is True
    # Key at 59 / 52, at most target: two of our points down (to maintain: nine client).
    above = brief.goal_distance.to_maximum
    assert (above.reached, above.client, above.our) == (False, 0, -2)


def test_it_lists_the_most_influential_active_contacts_with_who_knows_them(world):
    today = date(2026, 5, 4)
    weak = Contact.objects.create(workspace=world.workspace, account=world.account, name="Weak",
                                  influence=1)  # fmt: skip
    Contact.objects.create(workspace=world.workspace, account=world.account, name="Gone",
                           influence=5, active=False)  # fmt: skip
    boss = Contact.objects.create(workspace=world.workspace, account=world.account, name="Boss",
                                  influence=5, decision_role="decision_maker")  # fmt: skip
    ContactRelationship.objects.create(contact=boss, user=world.teammate, strength=2)
    ContactRelationship.objects.create(contact=boss, user=world.manager, strength=3)
    brief = brief_for(world.account, today=today)
    assert [s.contact for s in brief.stakeholders] == [boss, weak]
    assert [r.user for r in brief.stakeholders[0].known_by] == [world.manager, world.teammate]
    assert brief.uncovered_deciders == ["Boss"]


def test_it_lists_open_actions_due_first_and_flags_the_overdue(world):
    today = date(2026, 5, 4)

    def action(title, **fields):
        return Action.objects.create(workspace=world.workspace, account=world.account,
                                     title=title, **fields)  # fmt: skip

    action("Undated")
    action("Late", due_on=today - timedelta(days=1))
    action("Done", due_on=today - timedelta(days=9), done_on=today)
    action("Soon", due_on=today + timedelta(days=1))
    brief = brief_for(world.account, today=today)
    assert [(a.action.title, a.overdue) for a in brief.actions] == [
        ("Late", True), ("Soon", False), ("Undated", False)
    ]  # fmt: skip
    assert (brief.summary.actions.open, brief.summary.actions.overdue) == (3, 1)


def test_it_ranks_risks_by_severity(rich):
    brief = brief_for(rich.account, today=timezone.localdate())
    severities = [r.severity for r in brief.risks]
    assert severities == sorted(severities, reverse=True)
    assert severities[0] == 20


def test_it_reads_every_written_answer_in_the_templates_order_with_its_lists(world):
    plan = AccountPlan.objects.create(workspace=world.workspace, account=world.account,
                                      title="2026", status="active")  # fmt: skip
    questions = {q.key: q for q in PlanQuestion.objects.filter(workspace=world.workspace)}
    for key in ("importance", "decision_process", "how_we_differ"):
        PlanAnswer.objects.create(plan=plan, question=questions[key], text=f"<div>{key}</div>")
    PlanAnswer.objects.create(plan=plan, question=questions["risk"], text="<div><br></div>")
    PlanAnswer.objects.create(
        plan=plan, question=questions["loyalty"], text="<ol><li>one &amp; two</li><li>3</li></ol>"
    )
    answers = brief_for(world.account, today=date(2026, 5, 4)).answers
    in_order = sorted(questions.values(), key=lambda q: q.position)
    asked = [q.text for q in in_order if q.key in {"importance", "decision_process",
                                                   "how_we_differ", "loyalty"}]  # fmt: skip
    assert [a.question for a in answers] == asked
    assert Block("ol", ("one & two", "3")) in [b for a in answers for b in a.blocks]
    assert not any(a.shortened for a in answers)


def answer(question: str, *texts: str) -> AnswerExcerpt:
    return AnswerExcerpt(question, [Block("text", (text,)) for text in texts])


def test_it_shortens_the_answers_to_share_the_characters_given():
    long = "Our engineers are on site within a day. " * 20
    answers = [answer("Short?", "Yes."), answer("Long?", long), answer("Longer?", long, long)]
    shortened = shortened_answers(answers, 400)
    assert shortened[0] == answer("Short?", "Yes.")  # whole: it needs little
    for excerpt in shortened[1:]:
        assert excerpt.shortened
        assert size(excerpt.blocks, block_cost=BLOCK_COST) <= (400 - 4) // 2
        assert excerpt.blocks[-1].items[-1].endswith(ELLIPSIS)
    assert [a.question for a in shortened] == ["Short?", "Long?", "Longer?"]


def test_it_splits_the_answers_into_two_columns_of_about_half_in_order():
    answers = [answer(f"Q{n}?", "x" * length) for n, length in enumerate([300, 20, 20, 250, 30])]
    left, right = answer_columns(answers)
    assert left + right == answers
    assert [a.question for a in left] == ["Q0?", "Q1?"]  # 358 of 715 characters
    assert answer_columns([]) == [[], []]
    assert answer_columns(answers[:1]) in ([[], answers[:1]], [answers[:1], []])


def test_fair_shares_give_the_small_what_they_need_and_the_rest_to_the_large():
    assert fair_shares([10, 500, 300], 600, least=60, most=1000) == [10, 295, 295]
    assert fair_shares([10, 20], 600, least=60, most=1000) == [10, 20]
    assert fair_shares([500, 500], 600, least=60, most=200) == [200, 200]
    # Too many answers for the total: each still gets the least, whatever the sum.
    assert fair_shares([500] * 20, 600, least=ANSWER_LEAST, most=ANSWER_MOST) == [60] * 20


@given(st.lists(st.integers(min_value=0, max_value=2000), max_size=30),
       st.integers(min_value=0, max_value=5000))  # fmt: skip
def test_fair_shares_never_give_more_than_needed_nor_exceed_a_total_that_allows_the_least(
    sizes, total
):
    shares = fair_shares(sizes, total, least=ANSWER_LEAST, most=ANSWER_MOST)
    assert all(
        0 <= share <= min(need, ANSWER_MOST) for share, need in zip(shares, sizes, strict=True)
    )
    if ANSWER_LEAST * len(sizes) <= total:
        assert sum(shares) <= total


def test_it_sums_revenue_this_year_and_over_twelve_months(world):
    today = date(2026, 3, 15)
    for month, amount in ((date(2025, 3, 1), 5), (date(2025, 4, 1), 10), (date(2026, 1, 1), 20),
                          (date(2026, 3, 1), 40), (date(2026, 4, 1), 80)):  # fmt: skip
        RevenueEntry.objects.create(workspace=world.workspace, account=world.account,
                                    month=month, amount=Decimal(amount))  # fmt: skip
    RevenueTarget.objects.create(account=world.account, year=2026, amount=Decimal(120))
    AccountPlan.objects.create(workspace=world.workspace, account=world.account, title="2026",
                               client_total_spend=Decimal(140))  # fmt: skip
    revenue = dossier_summary(world.account, today=today).revenue
    assert revenue.year_to_date == 60  # January and March; April is still to come
    assert revenue.trailing_12_months == 70  # April 2025 to March 2026
    assert revenue.share_of_target == pytest.approx(0.5)
    assert revenue.share_of_wallet == pytest.approx(0.5)


def test_it_says_since_when_the_account_is_at_its_stage(world):
    StageChange.objects.create(account=world.account, stage="basic", changed_on=date(2025, 1, 1))
    StageChange.objects.create(account=world.account, stage="cooperative",
                               changed_on=date(2026, 2, 1))  # fmt: skip
    world.account.stage = "cooperative"
    world.account.save()
    assert brief_for(world.account, today=date(2026, 5, 4)).stage_since == date(2026, 2, 1)


def test_it_merges_assessments_and_stage_changes_into_recent_events(world):
    assess(world.account, client=60, our=60, on=date(2026, 1, 10))
    assess(world.account, client=62, our=61, on=date(2026, 3, 10))
    StageChange.objects.create(account=world.account, stage="basic", changed_on=date(2026, 2, 1))
    events = brief_for(world.account, today=date(2026, 5, 4)).events
    assert [e.on for e in events] == [date(2026, 3, 10), date(2026, 2, 1), date(2026, 1, 10)]
    assert events[1].stage_change is not None and events[0].assessment is not None


@pytest.mark.parametrize("size", [2, 12])
def test_it_reads_the_brief_in_a_constant_number_of_queries(world, django_assert_num_queries, size):
    from keyfolio.briefs.tests.factories import rich_dossier

    rich_dossier(world.account, today=timezone.localdate(), people=[world.manager], size=size)
    world.account.refresh_from_db()
    # Plan, completeness (2), coverage, intelligence, revenue (2), action counts; owner,
    # team, assessments, scores, stage changes, answers, stakeholders and who knows them
    # (2), uncovered deciders, open actions, risks, competitors, opportunities;
    # satisfaction.
    with django_assert_num_queries(23):
        brief_for(world.account, today=timezone.localdate())


def test_the_latest_activities_join_the_recent_events_but_planned_ones_do_not(world):
    assess(world.account, client=70, our=60, on=date(2026, 3, 10))
    for kind, day in [("executive_meeting", date(2026, 4, 2)), ("proposal", date(2026, 6, 1))]:
        Activity.objects.create(
            workspace=world.workspace,
            account=world.account,
            kind=kind,
            occurred_on=day,
            summary=f"{kind} with the client",
        )
    events = brief_for(world.account, today=date(2026, 5, 4)).events
    assert [(e.on, e.activity.kind if e.activity else None) for e in events] == [
        (date(2026, 4, 2), "executive_meeting"),
        (date(2026, 3, 10), None),
    ]
