"""Where the events come from; connected in apps.py's ready.

Each event is emitted once the transaction that made it commits (a rolled-back one
emits nothing), and its payload is read then, from the committed rows:

- assessment.created and account.zone_changed: a new assessment (post_save, created).
  The zone changed when the new assessment is the account's current one and its zone
  differs from the one before it (the account's previous assessment).
- survey.answered: keyfolio.surveys.signals.survey_answered.
- opportunity.won: an opportunity saved as won that was not won before.
- action.overdue: found by the night's job (keyfolio.webhooks.tasks.emit_overdue_actions).

Writes in bulk (the scores and opportunities imports) send no model signals and emit
no events.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from keyfolio.accounts.models import Account
from keyfolio.assessments.models import Assessment
from keyfolio.revenue.models import Opportunity, OpportunityStatus
from keyfolio.surveys.models import Invitation
from keyfolio.surveys.signals import survey_answered
from keyfolio.webhooks.models import EventType, Webhook
from keyfolio.webhooks.services import account_data, event_emit


def _listened(workspace_id: int) -> bool:
    """Whether the workspace has a webhook on: the common case of none costs one query
    at the save and nothing at the commit."""
    return Webhook.objects.filter(workspace_id=workspace_id, active=True).exists()


def _zone(assessment: Assessment | None) -> str | None:
    return (assessment.zone or None) if assessment is not None else None


@receiver(post_save, sender=Assessment, dispatch_uid="webhooks.assessment")
def assessment_saved(sender, instance: Assessment, created: bool, **kwargs) -> None:
    if created and _listened(instance.workspace_id):
        transaction.on_commit(partial(assessment_created, instance.pk), robust=True)


def assessment_created(assessment_id: int) -> None:
    assessment = (
        Assessment.objects.filter(pk=assessment_id)
        .select_related("account__current_assessment", "account__previous_assessment")
        .first()
    )
    if assessment is None:
        return  # deleted in the meantime
    account: Account = assessment.account
    data = {
        "assessment": {
            "id": assessment.pk,
            "assessed_on": assessment.assessed_on.isoformat(),
            "zone": _zone(assessment),
            "client_index": assessment.client_index,
            "our_index": assessment.our_index,
        },
        "account": account_data(account),
    }
    event_emit(
        workspace_id=assessment.workspace_id, event_type=EventType.ASSESSMENT_CREATED, data=data
    )
    if account.current_assessment_id != assessment.pk:
        return  # dated before the current one: the account's zone is what it was
    before = _zone(account.previous_assessment)
    if before != _zone(assessment):
        event_emit(
            workspace_id=assessment.workspace_id,
            event_type=EventType.ACCOUNT_ZONE_CHANGED,
            data={
                "account": account_data(account),
                "zone": _zone(assessment),
                "previous_zone": before,
                "assessment_id": assessment.pk,
            },
        )


@receiver(survey_answered, dispatch_uid="webhooks.survey_answered")
def invitation_answered(sender, *, invitation: Invitation, **kwargs) -> None:
    if _listened(invitation.workspace_id):
        transaction.on_commit(partial(survey_answer_emit, invitation.pk), robust=True)


def survey_answer_emit(invitation_id: int) -> None:
    invitation = Invitation.objects.filter(pk=invitation_id).select_related("account").first()
    if invitation is None or invitation.answered_at is None:
        return
    event_emit(
        workspace_id=invitation.workspace_id,
        event_type=EventType.SURVEY_ANSWERED,
        data={
            "invitation": {
                "id": invitation.pk,
                "contact_id": invitation.contact_id,
                "contact_name": invitation.contact_name,
                "answered_at": invitation.answered_at.isoformat(timespec="seconds"),
                "nps": invitation.nps,
                "csat": invitation.csat,
                "comment": invitation.comment,
            },
            "account": account_data(invitation.account),
        },
    )


@receiver(pre_save, sender=Opportunity, dispatch_uid="webhooks.opportunity_before")
def opportunity_before(sender, instance: Opportunity, **kwargs) -> None:
    # Only a save as won needs to know whether it was won already: one query then.
    instance._webhooks_newly_won = instance.status == OpportunityStatus.WON and (  # type: ignore[attr-defined]
        instance.pk is None
        or not Opportunity.objects.filter(pk=instance.pk, status=OpportunityStatus.WON).exists()
    )


@receiver(post_save, sender=Opportunity, dispatch_uid="webhooks.opportunity_won")
def opportunity_saved(sender, instance: Opportunity, **kwargs) -> None:
    if getattr(instance, "_webhooks_newly_won", False) and _listened(instance.workspace_id):
        instance._webhooks_newly_won = False  # type: ignore[attr-defined]
        transaction.on_commit(partial(opportunity_won, instance.pk), robust=True)


def opportunity_won(opportunity_id: int) -> None:
    opportunity = Opportunity.objects.filter(pk=opportunity_id).select_related("account").first()
    if opportunity is None or opportunity.status != OpportunityStatus.WON:
        return
    event_emit(
        workspace_id=opportunity.workspace_id,
        event_type=EventType.OPPORTUNITY_WON,
        data={
            "opportunity": {
                "id": opportunity.pk,
                "name": opportunity.name,
                "amount": str(opportunity.amount),
                "currency": opportunity.currency,
            },
            "account": account_data(opportunity.account),
        },
    )
