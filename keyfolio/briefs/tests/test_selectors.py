from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from keyfolio.accounts.models import StageChange
from keyfolio.accounts.tests.factories import assess
from keyfolio.activities.models import Activity
from keyfolio.briefs.selectors import (
    MAX_ACTIONS,
    MAX_COMPETITORS,
    MAX_EVENTS,
    MAX_RISKS,
    MAX_STAKEHOLDERS,
    brief_for,
    dossier_summary,
    plain_text,
)
from keyfolio.plans.models import AccountPlan, Action, PlanAnswer, PlanQuestion
from keyfolio.revenue.models import RevenueEntry, RevenueTarget
from keyfolio.stakeholders.models import Contact, ContactRelationship


def test_it_strips_the_markup_of_an_answer_and_keeps_words_apart():
    text = plain_text("<p>One &amp; two</p><ul><li>three</li><li>four</li></ul>", 100)
    assert text == "One & two three four"


def test_it_truncates_an_answer():
    assert plain_text("<p>" + "word " * 100 + "</p>", 30) == "word word word word word word…"


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
    assert brief.gap.reached is True  # 59 / 52 is in the key zone, the default goal
    assert len(brief.radar["indicators"]) == 15
    assert len(brief.index_history["client"]) == 12


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


def test_it_takes_the_key_questions_first_without_markup(world):
    plan = AccountPlan.objects.create(workspace=world.workspace, account=world.account,
                                      title="2026", status="active")  # fmt: skip
    questions = {q.key: q for q in PlanQuestion.objects.filter(workspace=world.workspace)}
    for key in ("importance", "decision_process", "how_we_differ"):
        PlanAnswer.objects.create(plan=plan, question=questions[key], text=f"<p>{key}</p>")
    PlanAnswer.objects.create(plan=plan, question=questions["risk"], text="<p></p>")
    answers = brief_for(world.account, today=date(2026, 5, 4)).answers
    assert [a.text for a in answers] == ["how_we_differ", "decision_process", "importance"]


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
    # (2), uncovered deciders, open actions, risks, competitors.
    with django_assert_num_queries(21):
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
