"""What the dossier suggests for a meeting."""

from datetime import timedelta

from django.utils import timezone, translation

from keyfolio.meetings.prefill import call_plan_prefill
from keyfolio.meetings.tests.factories import build_dossier
from keyfolio.plans.models import PlanAnswer, PlanQuestion

# Plan answers are stamped with the real time, so the tests run on the real day.
TODAY = timezone.localdate()


def test_it_asks_about_the_weakest_criteria_first(world):
    build_dossier(world.account, by=world.manager, today=TODAY)
    prefill = call_plan_prefill(world.account, on=TODAY, today=TODAY)
    about_criteria = [q for q in prefill.questions if q.startswith("What would raise")]
    assert about_criteria == [
        "What would raise “Our prices (competitiveness)” (now 20 %)?",
        "What would raise “Relationship with the client” (now 30 %)?",
        "What would raise “Our knowledge of the client” (now 40 %)?",
    ]


def test_it_asks_the_unanswered_and_stale_plan_questions(world):
    dossier = build_dossier(world.account, by=world.manager, today=TODAY)
    asked = list(PlanQuestion.objects.filter(workspace=world.workspace, active=True))
    prefill = call_plan_prefill(world.account, on=TODAY, today=TODAY)
    assert dossier["answered"].text not in prefill.questions
    assert [q for q in prefill.questions if q in {a.text for a in asked}] == [
        a.text for a in asked[1:]
    ]
    # An answer given more than a year ago is asked again.
    PlanAnswer.objects.filter(question=dossier["answered"]).update(
        updated_at=timezone.now() - timedelta(days=400)
    )
    later = call_plan_prefill(world.account, on=TODAY, today=TODAY)
    assert later.questions[0] == dossier["answered"].text


def test_it_expects_objections_from_risks_competitors_and_detractors(world):
    build_dossier(world.account, by=world.manager, today=TODAY)
    prefill = call_plan_prefill(world.account, on=TODAY, today=TODAY)
    assert [(o.objection, o.answer, o.source) for o in prefill.objections] == [
        ("Tender in spring", "Early offer", "risk"),
        ("Why you rather than Rivalco?", "Slow", "competitor"),
        ("Boris Kern (skeptic) will object", "", "detractor"),
    ]
    assert "Tender in spring — Early offer" in prefill.objections_text


def test_it_lists_the_open_actions_overdue_first(world):
    dossier = build_dossier(world.account, by=world.manager, today=TODAY)
    prefill = call_plan_prefill(world.account, on=TODAY, today=TODAY)
    assert [(a.title, a.overdue) for a in prefill.open_actions] == [
        (dossier["overdue"].title, True),
        (dossier["later"].title, False),
    ]


def test_it_suggests_the_most_influential_people_with_who_knows_them(world):
    build_dossier(world.account, by=world.manager, today=TODAY)
    prefill = call_plan_prefill(world.account, on=TODAY, today=TODAY)
    assert [(p.name, p.influence, p.known_by) for p in prefill.attendees] == [
        ("Anna Berg", 5, [world.manager.display_name]),
        ("Boris Kern", 4, []),
    ]


def test_it_suggests_in_russian(world):
    build_dossier(world.account, by=world.manager, today=TODAY)
    with translation.override("ru"):
        prefill = call_plan_prefill(world.account, on=TODAY, today=TODAY)
    assert any("Цены" in q for q in prefill.questions)


def test_an_empty_dossier_suggests_nothing(world):
    prefill = call_plan_prefill(world.account, on=TODAY, today=TODAY)
    assert (prefill.questions, prefill.objections, prefill.open_actions) == ([], [], [])
