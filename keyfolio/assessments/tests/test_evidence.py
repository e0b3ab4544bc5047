"""Data-backed hints on the assessment form: what each criterion's hint says on known
data, no hint without data, and the form's queries whatever the data size."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from keyfolio.assessments.evidence import evidence_for
from keyfolio.assessments.tests.helpers import assess, url
from keyfolio.intel.models import Competitor, CompetitorPresence, IntelNote, NoteKind
from keyfolio.plans.models import AccountPlan, PlanAnswer, PlanQuestion, PlanStatus
from keyfolio.revenue.models import RevenueEntry
from keyfolio.revenue.selectors import month_start
from keyfolio.stakeholders.models import Contact, ContactRelationship
from keyfolio.surveys.models import Invitation
from keyfolio.surveys.tests.factories import answered_survey, unanswered_survey

TODAY = date(2026, 3, 15)


def revenue(account, months_back, amount=1000):
    for back in months_back:
        RevenueEntry.objects.create(
            workspace=account.workspace,
            account=account,
            month=month_start(TODAY, back),
            amount=Decimal(amount),
        )


def contact(account, name, *, role="", attitude=0, knows=(), active=True, boss=None):
    """A contact of `account`; `knows` pairs (user, strength) of ours who know them."""
    person = Contact.objects.create(
        workspace=account.workspace,
        account=account,
        name=name,
        decision_role=role,
        attitude=attitude,
        active=active,
        reports_to=boss,
    )
    for user, strength in knows:
        ContactRelationship.objects.create(contact=person, user=user, strength=strength)
    return person


def plan(account, *, answered=0, status=PlanStatus.ACTIVE, **figures):
    made = AccountPlan.objects.create(
        workspace=account.workspace, account=account, title="2026", status=status, **figures
    )
    questions = PlanQuestion.objects.filter(workspace=account.workspace).order_by("position")
    for question in questions[:answered]:
        PlanAnswer.objects.create(plan=made, question=question, text="<div>Known.</div>")
    return made


def note(account, *, days_ago):
    made = IntelNote.objects.create(
        workspace=account.workspace, account=account, kind=NoteKind.GOALS, title="Strategy"
    )
    # auto_now stamps the write; an update sets the age the test needs.
    written = timezone.make_aware(timezone.datetime.combine(TODAY, timezone.datetime.min.time()))
    IntelNote.objects.filter(pk=made.pk).update(updated_at=written - timedelta(days=days_ago))


def rival(account, name, share):
    competitor = Competitor.objects.create(workspace=account.workspace, name=name)
    CompetitorPresence.objects.create(account=account, competitor=competitor, estimated_share=share)


def test_it_gives_no_hint_without_data(world):
    assert evidence_for(world.account, today=TODAY) == {}


def test_it_reads_purchase_frequency_from_the_months_with_revenue(world):
    revenue(world.account, [0, 1, 2, 3, 5, 6, 8, 9, 11])
    revenue(world.account, [4], amount=0)  # A booked zero is no purchase.
    revenue(world.account, [14, 20])  # Older than a year: not counted.

    hint = evidence_for(world.account, today=TODAY)["purchase_frequency"]
    assert hint.text == "Revenue in 9 of the last 12 months → about 75"
    assert hint.suggestion == 75
    assert hint.tabs == ("revenue:index",)
    assert "half of them 50" in hint.rule


def test_it_says_nothing_of_frequency_without_revenue_in_the_last_year(world):
    revenue(world.account, [13, 18])
    assert "purchase_frequency" not in evidence_for(world.account, today=TODAY)


def test_it_counts_contacts_and_the_decision_makers_we_know(world):
    chief = contact(world.account, "Chief", role="decision_maker", knows=[(world.director, 5)])
    contact(world.account, "CFO", role="economic_buyer", knows=[(world.manager, 2)], boss=chief)
    contact(world.account, "Buyer", knows=[(world.manager, 4)], boss=chief)
    contact(world.account, "Planner")
    contact(world.account, "Gone", role="decision_maker", active=False)

    hint = evidence_for(world.account, today=TODAY)["contact_count"]
    # 10 for each of the 3 contacts beyond the first, 50 × 1 of 2 deciders known well.
    assert hint.text == (
        "4 active contacts, 2 known well by our people; "
        "1 of 2 decision makers known well → about 55"
    )
    assert hint.suggestion == 55
    assert hint.tabs == ("stakeholders:map",)


def test_it_reads_the_relationship_from_attitudes_alone(world):
    contact(world.account, "Fan", attitude=2)
    hint = evidence_for(world.account, today=TODAY)["relationship"]
    assert hint.text == "1 active contact: 1 for us, 0 against → about 100"
    assert hint.tabs == ("stakeholders:map",)


def test_it_calls_a_lone_contact_single_threaded(world):
    contact(world.account, "Buyer", knows=[(world.manager, 5)])
    hint = evidence_for(world.account, today=TODAY)["contact_count"]
    assert hint.text == "Single-threaded: one active contact → about 0"
    assert hint.suggestion == 0


def test_it_reads_knowledge_from_plan_completeness_and_fresh_intelligence(world):
    plan(world.account, answered=8)
    note(world.account, days_ago=20)

    hint = evidence_for(world.account, today=TODAY)["client_knowledge"]
    # 60 × 8/11 = 43.6, plus 40 for intelligence within six months. (timesince joins
    # a number and its unit with a no-break space.)
    assert hint.text == (
        "The plan answers 8 of 11 questions; intelligence updated 2\xa0weeks ago → about 85"
    )
    assert hint.suggestion == 85
    assert hint.tabs == ("dossier:plan", "intel:index")


def test_it_gives_nothing_for_stale_intelligence(world):
    plan(world.account, answered=8)
    note(world.account, days_ago=200)

    hint = evidence_for(world.account, today=TODAY)["client_knowledge"]
    assert hint.text == (
        "The plan answers 8 of 11 questions; intelligence stale, last updated 6\xa0months ago "
        "→ about 45"
    )
    assert hint.suggestion == 45


def test_it_reads_knowledge_without_a_plan(world):
    plan(world.account, answered=11, status=PlanStatus.ARCHIVED)  # Not the current plan.
    note(world.account, days_ago=0)

    hint = evidence_for(world.account, today=TODAY)["client_knowledge"]
    assert hint.text == "No current plan; intelligence updated today → about 40"
    assert hint.tabs == ("intel:index",)


def test_it_counts_competitors_at_the_client(world):
    rival(world.account, "Vektor", 30)
    rival(world.account, "Atlas", 15)

    hint = evidence_for(world.account, today=TODAY)["client_competition"]
    assert hint.text == (
        "2 competitors recorded at the client; holding about 45 % of its spend → about 55"
    )
    assert hint.suggestion == 55
    assert hint.tabs == ("intel:index",)


def test_it_reads_the_need_for_us_from_the_share_of_wallet(world):
    plan(world.account, current_volume=Decimal(300_000), client_total_spend=Decimal(1_000_000))

    hint = evidence_for(world.account, today=TODAY)["need_for_us"]
    assert hint.text == (
        "We hold about 30 % of the client's spend in our category (plan) → about 30"
    )
    assert hint.suggestion == 30
    assert hint.tabs == ("dossier:plan",)


def test_it_suggests_nothing_when_the_volume_exceeds_the_spend(world):
    plan(world.account, current_volume=Decimal(300), client_total_spend=Decimal(100))

    hint = evidence_for(world.account, today=TODAY)["need_for_us"]
    assert "check the figures" in hint.text
    assert hint.suggestion is None


def test_it_says_how_to_judge_prices_without_suggesting_a_score(world):
    plan(world.account, price_or_value="price")

    hint = evidence_for(world.account, today=TODAY)["prices"]
    assert hint.text.startswith("The plan says the client's priority is price")
    assert hint.suggestion is None
    assert hint.rule == ""


def test_it_reads_the_relationship_from_loyalty_and_attitudes(world):
    plan(world.account, loyalty=4)
    for n, attitude in enumerate([2, 1, 0, -1]):
        contact(world.account, f"Person {n}", attitude=attitude)
    contact(world.account, "Gone", attitude=-2, active=False)

    hint = evidence_for(world.account, today=TODAY)["relationship"]
    # Loyalty 4 → 75, average attitude +0.5 → 62.5; their mean 68.75.
    assert hint.text == (
        "Loyalty 4 of 5 in the plan; 4 active contacts: 2 for us, 1 against → about 70"
    )
    assert hint.suggestion == 70
    assert hint.tabs == ("dossier:plan", "stakeholders:map")


def test_it_reads_only_the_account_asked_about(world):
    other = world.foreign_account
    revenue(other, [0, 1, 2])
    contact(other, "Someone", role="decision_maker")
    plan(other, answered=5, loyalty=5, price_or_value="value")
    note(other, days_ago=1)
    rival(other, "Vektor", 30)
    assert evidence_for(world.account, today=TODAY) == {}


def test_it_shows_hints_on_the_form_with_a_button_for_the_suggestion(world):
    today = timezone.localdate()
    for back in range(12):
        RevenueEntry.objects.create(
            workspace=world.workspace,
            account=world.account,
            month=month_start(today, back),
            amount=Decimal(500),
        )
    plan(world.account, price_or_value="value")

    response = world.client_for(world.manager).get(url(world, "create", world.account.pk))
    assert response.status_code == 200
    assert "Revenue in 12 of the last 12 months → about 100" in response.text
    assert 'data-kf-use-score="100"' in response.text
    assert "use 100" in response.text
    revenue_tab = reverse("revenue:index", args=[world.slug, world.account.pk])
    assert f'href="{revenue_tab}"' in response.text
    assert "The plan says the client&#x27;s priority is value" in response.text
    rows = {row.criterion.key: row for row in response.context["form"].rows()}
    assert rows["purchase_frequency"].hint.suggestion == 100
    assert rows["reputation"].hint is None


def test_it_shows_hints_when_correcting_an_assessment(world):
    assessment = assess(world.account, client=60, our=60, assessor=world.manager)
    plan(world.account, loyalty=5)

    response = world.client_for(world.manager).get(url(world, "edit", assessment.pk))
    assert response.status_code == 200
    assert "Loyalty 5 of 5 in the plan → about 100" in response.text


def test_it_keeps_hints_out_of_the_live_preview(world):
    plan(world.account, loyalty=5)
    client = world.client_for(world.manager)
    response = client.post(url(world, "preview", world.account.pk), {"assessed_on": "2026-03-01"})
    assert response.status_code == 200
    assert "Loyalty" not in response.text


def fill(account, users, size: int) -> None:
    """An account with `size` of everything the hints read."""
    today = timezone.localdate()
    for back in range(min(size, 24)):
        RevenueEntry.objects.create(
            workspace=account.workspace,
            account=account,
            month=month_start(today, back),
            amount=Decimal(100 + back),
        )
    chief = contact(account, "Chief", role="decision_maker", knows=[(users[0], 5)])
    for n in range(size):
        contact(account, f"Person {n}", attitude=n % 3 - 1, knows=[(users[n % 2], 3)], boss=chief)
    plan(
        account,
        answered=min(size, 11),
        loyalty=3,
        price_or_value="balanced",
        current_volume=Decimal(100),
        client_total_spend=Decimal(1000),
    )
    for n in range(size):
        IntelNote.objects.create(
            workspace=account.workspace, account=account, kind=NoteKind.OTHER, title=f"N{n}"
        )
        rival(account, f"Rival {n}", 1)
        answered_survey(account, nps=n % 11, csat=n % 5 + 1, days_ago=n + 1)


@pytest.mark.parametrize("size", [3, 30])
def test_it_renders_the_form_with_hints_in_constant_queries(world, django_assert_num_queries, size):
    fill(world.account, [world.manager, world.teammate], size)
    client = world.client_for(world.manager)
    # The form's own 7 (test_create counts 8 with an assessment to prefill) plus the
    # hints' 9: current plan, its completeness (2), revenue months, coverage,
    # attitudes, intelligence, rivals, surveys.
    with django_assert_num_queries(16):
        response = client.get(url(world, "create", world.account.pk))
    hints = [row.hint for row in response.context["form"].rows() if row.hint]
    assert len(hints) == 8
    assert f"({size} answers, last" in response.text


# The surveys' figures ------------------------------------------------------------------


def surveyed(account, *, on: date, nps: int | None, csat: int | None):
    """A survey of `account` answered at noon on `on`."""
    invitation = answered_survey(account, nps=nps, csat=csat)
    at = timezone.make_aware(datetime.combine(on, time(12)))
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=at, answered_at=at, created_at=at)


def five_answers(account):
    # NPS: promoters 10, 9, 9; a passive 8; a detractor 6 → (3 − 1) / 5 = +40.
    # CSAT: 4 of the 5 answers are a 4 or a 5 → 80 %.
    for days_ago, nps, csat in [(40, 10, 5), (30, 9, 4), (20, 8, 4), (10, 6, 3), (3, 9, 4)]:
        surveyed(account, on=TODAY - timedelta(days=days_ago), nps=nps, csat=csat)


def test_it_adds_the_survey_figures_beside_the_relationship_suggestion(world):
    plan(world.account, loyalty=4)
    five_answers(world.account)

    hint = evidence_for(world.account, today=TODAY)["relationship"]
    assert hint.text == "Loyalty 4 of 5 in the plan → about 75"  # The surveys suggest nothing.
    assert hint.suggestion == 75
    assert hint.surveys == "Surveys: NPS +40, CSAT 80 % (5 answers, last 12 Mar 2026)"


def test_it_shows_the_survey_figures_alone_for_service_quality(world):
    five_answers(world.account)

    hints = evidence_for(world.account, today=TODAY)
    for key in ("service_quality", "relationship"):
        assert hints[key].text == ""
        assert hints[key].suggestion is None
        assert hints[key].surveys.startswith("Surveys: NPS +40, CSAT 80 %")
    assert set(hints) == {"service_quality", "relationship"}


def test_it_words_the_survey_figures_in_russian(world):
    surveyed(world.account, on=date(2026, 3, 12), nps=3, csat=None)
    with translation.override("ru"):
        line = evidence_for(world.account, today=TODAY)["service_quality"].surveys
    # A detractor alone: NPS −100 with a true minus; no CSAT answered, no CSAT figure;
    # the date in Russian.
    assert "NPS \u2212100" in line
    assert "CSAT" not in line
    assert "12 марта 2026" in line


def test_it_shows_no_survey_figures_without_an_answer_in_the_last_year(world):
    unanswered_survey(world.account)
    surveyed(world.account, on=TODAY - timedelta(days=400), nps=10, csat=5)
    plan(world.account, loyalty=5)

    hints = evidence_for(world.account, today=TODAY)
    assert hints["relationship"].surveys == ""
    assert "service_quality" not in hints


def test_it_reads_only_the_surveys_of_the_account_asked_about(world):
    five_answers(world.foreign_account)
    assert evidence_for(world.account, today=TODAY) == {}


def test_it_links_the_survey_figures_to_the_surveys_tab(world):
    answered_survey(world.account, nps=10, csat=5, days_ago=2)

    response = world.client_for(world.manager).get(url(world, "create", world.account.pk))
    assert "Surveys: NPS +100, CSAT 100 % (1 answer, last" in response.text
    surveys_tab = reverse("surveys:account", args=[world.slug, world.account.pk])
    assert response.text.count(f'href="{surveys_tab}"') == 2  # Relationship, service quality.
    rows = {row.criterion.key: row for row in response.context["form"].rows()}
    assert rows["service_quality"].hint.surveys
    assert rows["reputation"].hint is None
