"""Answered surveys for the tests of the pages that show satisfaction elsewhere (the
dossier, the brief, the square, the assessment form)."""

from datetime import timedelta

from django.utils import timezone

from keyfolio.accounts.models import Account
from keyfolio.surveys.models import Invitation, SurveyTemplate


def answered_survey(
    account: Account,
    *,
    nps: int | None = 9,
    csat: int | None = 4,
    comment: str = "",
    days_ago: int = 10,
    name: str = "Anna Petrova",
) -> Invitation:
    """A survey sent to and answered by `name` `days_ago` (its headline figures only:
    what the roll-ups read)."""
    at = timezone.now() - timedelta(days=days_ago)
    return Invitation.objects.create(
        workspace=account.workspace,
        account=account,
        contact_name=name,
        email="anna@northwind.test",
        template=SurveyTemplate.objects.current_for(account.workspace),
        created_at=at,
        sent_at=at,
        expires_at=at + timedelta(days=30),
        answered_at=at,
        nps=nps,
        csat=csat,
        comment=comment,
    )


def unanswered_survey(account: Account, *, days_ago: int = 10) -> Invitation:
    at = timezone.now() - timedelta(days=days_ago)
    return Invitation.objects.create(
        workspace=account.workspace,
        account=account,
        contact_name="Boris Ivanov",
        email="boris@northwind.test",
        template=SurveyTemplate.objects.current_for(account.workspace),
        created_at=at,
        sent_at=at,
        expires_at=at + timedelta(days=30),
    )
