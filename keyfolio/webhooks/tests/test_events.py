"""Events: emitted once the transaction commits, never for one rolled back, once each."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from keyfolio.assessments.services import ScoreInput, assessment_create
from keyfolio.method import DEFAULT_CRITERIA
from keyfolio.plans.models import Action
from keyfolio.revenue.models import Opportunity, OpportunityStatus
from keyfolio.surveys.models import Invitation, SurveyTemplate
from keyfolio.surveys.services import survey_answer
from keyfolio.webhooks.models import WebhookDelivery
from keyfolio.webhooks.services import actions_overdue_emit


def _events(hook) -> list[tuple[str, dict]]:
    rows = WebhookDelivery.objects.filter(webhook=hook).order_by("pk")
    return [(row.event_type, row.payload) for row in rows]


def _assess(world, value: int):
    scores = {c.key: ScoreInput(value) for c in DEFAULT_CRITERIA}
    return assessment_create(account=world.account, assessor=world.manager, scores=scores)


def test_an_assessment_is_announced_on_commit(world, hook, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assessment = _assess(world, 80)
        assert _events(hook) == []  # not before the commit
    for callback in callbacks:
        callback()
    [(kind, message), (zone_kind, zone_message)] = _events(hook)
    assert kind == "assessment.created"
    assert message["type"] == "assessment.created"
    assert message["data"]["assessment"]["id"] == assessment.pk
    assert message["data"]["assessment"]["zone"] == assessment.zone
    assert message["data"]["account"] == {"id": world.account.pk, "name": "Northwind"}
    # The first placed assessment moves the account from no zone into one.
    assert zone_kind == "account.zone_changed"
    assert zone_message["data"]["previous_zone"] is None
    assert zone_message["data"]["zone"] == assessment.zone


def test_a_zone_change_is_announced_only_when_the_zone_changes(
    world, hook, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _assess(world, 90)
    with django_capture_on_commit_callbacks(execute=True):
        _assess(world, 90)
    with django_capture_on_commit_callbacks(execute=True):
        last = _assess(world, 5)
    assert first.zone != last.zone
    kinds = [kind for kind, _ in _events(hook)]
    assert kinds == [
        "assessment.created",
        "account.zone_changed",
        "assessment.created",
        "assessment.created",
        "account.zone_changed",
    ]
    change = _events(hook)[-1][1]["data"]
    assert (change["previous_zone"], change["zone"]) == (first.zone, last.zone)


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_emits_nothing(world, hook):
    with pytest.raises(RuntimeError), transaction.atomic():
        _assess(world, 80)
        raise RuntimeError("rolled back")
    assert _events(hook) == []
    _assess(world, 80)  # the service's own transaction commits
    assert [kind for kind, _ in _events(hook)] == ["assessment.created", "account.zone_changed"]


def test_an_opportunity_won_is_announced_once(world, hook, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        deal = Opportunity.objects.create(
            workspace=world.workspace,
            account=world.account,
            name="Retrofit",
            amount=1200,
            currency="EUR",
            probability=50,
            expected_close=date(2026, 12, 1),
        )
    with django_capture_on_commit_callbacks(execute=True):
        deal.status = OpportunityStatus.WON
        deal.save()
    with django_capture_on_commit_callbacks(execute=True):
        deal.probability = 100
        deal.save()  # still won: not news
    [(kind, message)] = _events(hook)
    assert kind == "opportunity.won"
    assert message["data"]["opportunity"] == {
        "id": deal.pk,
        "name": "Retrofit",
        "amount": "1200.00",
        "currency": "EUR",
    }


def test_a_survey_answer_is_announced(world, hook, django_capture_on_commit_callbacks):
    now = timezone.now()
    invitation = Invitation.objects.create(
        workspace=world.workspace,
        account=world.account,
        contact_name="Anna Petrova",
        email="anna@client.test",
        template=SurveyTemplate.objects.current_for(world.workspace),
        sent_at=now,
        expires_at=now + timedelta(days=30),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert survey_answer(invitation=invitation, questions=[], values={})
    with django_capture_on_commit_callbacks(execute=True):
        assert not survey_answer(invitation=invitation, questions=[], values={})
    [(kind, message)] = _events(hook)
    assert kind == "survey.answered"
    assert message["data"]["invitation"]["id"] == invitation.pk
    assert message["data"]["invitation"]["contact_name"] == "Anna Petrova"
    assert message["data"]["account"]["name"] == "Northwind"


def test_an_overdue_action_is_announced_once(world, hook):
    today = date(2026, 12, 5)
    overdue = Action.objects.create(
        workspace=world.workspace, account=world.account, title="Call", due_on=today - timedelta(1)
    )
    Action.objects.create(  # due today: not overdue yet
        workspace=world.workspace, account=world.account, title="Visit", due_on=today
    )
    Action.objects.create(  # done
        workspace=world.workspace,
        account=world.account,
        title="Send",
        due_on=today - timedelta(2),
        done_on=today - timedelta(3),
    )
    assert actions_overdue_emit(today=today) == 1
    assert actions_overdue_emit(today=today) == 0
    # Tomorrow the one due today is overdue too; the first is not announced again.
    assert actions_overdue_emit(today=today + timedelta(1)) == 1
    [(kind, message), (_, visit)] = _events(hook)
    assert visit["data"]["action"]["title"] == "Visit"
    assert kind == "action.overdue"
    assert message["data"]["action"]["id"] == overdue.pk
    assert message["data"]["action"]["due_on"] == "2026-12-04"
    # A new due date makes it news again when that one passes.
    overdue.due_on = today + timedelta(1)
    overdue.save()
    assert actions_overdue_emit(today=today + timedelta(2)) == 1


def test_only_subscribed_active_webhooks_hear(world, hook, django_capture_on_commit_callbacks):
    hook.events = ["opportunity.won"]
    hook.save()
    with django_capture_on_commit_callbacks(execute=True):
        _assess(world, 80)
    assert _events(hook) == []
