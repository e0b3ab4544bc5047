"""The client's voice in rule 5: an answer through the surveys service refreshes the
account; an answered survey passes rule 5 within the survey window; a fall of the NPS
warns; a decision maker's detractor answer is a red item on the work queue, snoozable,
until the same person answers better or the window passes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from keyfolio.activities.tests.factories import make_contact
from keyfolio.playbook.catalog import playbook_settings_for
from keyfolio.playbook.models import AccountAttention, AccountCheck
from keyfolio.playbook.refresh import checks_refresh
from keyfolio.playbook.services import playbook_settings_update
from keyfolio.playbook.tests.factories import answered_survey, folded_items
from keyfolio.stakeholders.models import DecisionRole
from keyfolio.surveys.models import Invitation, QuestionKind, SurveyTemplate
from keyfolio.surveys.services import survey_answer


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the block, then what its commit would run."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def anna(world):
    return make_contact(
        world.account,
        "Anna Petrova",
        email="anna@northwind.test",
        decision_role=DecisionRole.DECISION_MAKER,
    )


def stored(account, check: str) -> AccountCheck:
    return AccountCheck.objects.get(account=account, check_key=check)


def answer(account, contact, *, nps: int) -> bool:
    """Send `contact` a survey and answer it now through the surveys service."""
    now = timezone.now()
    template = SurveyTemplate.objects.current_for(account.workspace)
    invitation = Invitation.objects.create(
        workspace=account.workspace,
        account=account,
        contact=contact,
        contact_name=contact.name,
        email=contact.email,
        decision_role=contact.decision_role,
        template=template,
        sent_at=now - timedelta(days=1),
        expires_at=now + timedelta(days=29),
    )
    questions = list(template.questions.all())
    nps_question = next(q for q in questions if q.kind == QuestionKind.NPS)
    return survey_answer(invitation=invitation, questions=questions, values={nps_question.pk: nps})


def attention_body(world) -> str:
    """The attention page with Northwind's row opened."""
    client = world.client_for(world.manager)
    page = client.get(reverse("playbook:attention", args=[world.slug])).content.decode()
    return page + folded_items(client, world, world.account)


def test_an_answer_through_the_surveys_service_turns_rule_5_green(world, anna, committed):
    assert stored(world.account, "satisfaction").status.value == "red"
    with committed():
        assert answer(world.account, anna, nps=9)
    row = stored(world.account, "satisfaction")
    assert (row.status.value, row.reason_code) == ("green", "satisfaction.ok")
    assert row.numbers == {"days": 0, "limit": 183}
    assert stored(world.account, "detractor").status.value == "green"


def test_a_decision_makers_detractor_answer_is_a_red_item_until_they_answer_better(
    world, anna, committed, today
):
    with committed():
        answer(world.account, anna, nps=3)
    row = stored(world.account, "detractor")
    assert (row.status.value, row.numbers) == ("red", {"score": 3, "days": 0})
    body = attention_body(world)
    assert "No detractor among decision makers" in body
    assert "A decision maker scored us 3 out of 10 (NPS) 0 days ago" in body
    # The catalog's suggestion for it is offered.
    assert "Call the client back about their answer" in body

    # Snoozable like any check.
    snooze = reverse("playbook:snooze", args=[world.slug, world.account.pk, "detractor"])
    with committed():
        response = world.client_for(world.manager).post(
            snooze, {"until": (today + timedelta(days=7)).isoformat(), "reason": "Called her"}
        )
    assert response.status_code == 302
    assert AccountAttention.objects.get(account=world.account).snoozed == 1
    assert "Snoozed until" in attention_body(world)

    # The same person answers better: the item clears.
    with committed():
        answer(world.account, anna, nps=9)
    assert stored(world.account, "detractor").status.value == "green"


def test_a_detractor_who_decides_nothing_raises_no_item(world, committed):
    user = make_contact(world.account, "Ivan", email="ivan@northwind.test", decision_role="user")
    with committed():
        answer(world.account, user, nps=2)
    assert stored(world.account, "detractor").status.value == "green"
    assert stored(world.account, "satisfaction").status.value == "green"


def test_a_detractor_answer_clears_after_the_survey_window(world, anna, committed, today):
    answered_survey(world.account, anna, on=today - timedelta(days=100), nps=1)
    refresh_account(world, today)
    assert stored(world.account, "detractor").status.value == "red"
    with committed():
        update(playbook_settings_for(world.workspace), survey_window_days=90)
    assert stored(world.account, "detractor").status.value == "green"


def refresh_account(world, today):
    """What the night's run does; the factory writes past the services' signals."""
    checks_refresh([world.account.pk], today=today)


def update(settings, **changes):
    """Save the playbook settings through the service, with these changes."""
    fields = [
        "executive_contact_days",
        "strategy_review_days",
        "satisfaction_days",
        "survey_window_days",
        "intelligence_days",
        "assessment_days",
        "warning_days",
        "grace_days",
    ]
    values = {name: getattr(settings, name) for name in fields} | changes
    return playbook_settings_update(settings=settings, **values)


def test_the_survey_window_setting_decides_how_long_an_answer_passes_rule_5(
    world, anna, committed, today
):
    answered_survey(world.account, anna, on=today - timedelta(days=100), nps=9)
    refresh_account(world, today)
    assert stored(world.account, "satisfaction").status.value == "green"
    with committed():
        update(playbook_settings_for(world.workspace), survey_window_days=90)
    row = stored(world.account, "satisfaction")
    assert (row.status.value, row.reason_code, row.numbers) == (
        "red",
        "satisfaction.overdue",
        {"days": 100, "limit": 90},
    )


def test_a_fall_of_the_nps_turns_rule_5_amber_with_the_numbers(world, committed, today):
    # Two promoters half a year ago (NPS +100), a promoter and a passive now (NPS +50).
    people = [
        make_contact(world.account, f"Person {n}", email=f"p{n}@northwind.test") for n in range(4)
    ]
    answered_survey(world.account, people[0], on=today - timedelta(days=250), nps=10)
    answered_survey(world.account, people[1], on=today - timedelta(days=240), nps=9)
    answered_survey(world.account, people[2], on=today - timedelta(days=20), nps=10)
    with committed():
        answer(world.account, people[3], nps=8)
    row = stored(world.account, "satisfaction")
    assert (row.status.value, row.reason_code) == ("amber", "satisfaction.nps_dropped")
    assert row.numbers == {"before": 100, "now": 50, "drop": 50, "days": 183}
    assert "NPS fell by 50 points, from 100 to 50, over the last 183 days" in attention_body(world)


def test_deleting_an_answered_survey_refreshes_its_account(world, anna, committed):
    with committed():
        answer(world.account, anna, nps=2)
    assert stored(world.account, "detractor").status.value == "red"
    with committed():
        Invitation.objects.get().delete()
    assert stored(world.account, "detractor").status.value == "green"
