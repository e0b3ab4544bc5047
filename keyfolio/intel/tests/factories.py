"""Test data for the intelligence tab: notes, competitors, plans with our share."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from keyfolio.accounts.models import Account
from keyfolio.intel.models import Competitor, CompetitorPresence, IntelNote, NoteKind
from keyfolio.plans.models import AccountPlan, PlanStatus


def note(account: Account, title: str = "A note", *, kind=NoteKind.GOALS, by=None, **fields):
    return IntelNote.objects.create(
        workspace_id=account.workspace_id,
        account=account,
        kind=kind,
        title=title,
        updated_by=by,
        **fields,
    )


def presence(account: Account, name: str, share: float | None = None, **fields):
    competitor, _ = Competitor.objects.get_or_create(workspace_id=account.workspace_id, name=name)
    return CompetitorPresence.objects.create(
        account=account, competitor=competitor, estimated_share=share, **fields
    )


def age(queryset, *, days: int) -> None:
    """Make the rows look last written `days` ago (auto_now would overwrite a save)."""
    queryset.update(updated_at=timezone.now() - timedelta(days=days))


def plan_with_share(account: Account, *, volume: str, spend: str) -> AccountPlan:
    return AccountPlan.objects.create(
        workspace_id=account.workspace_id,
        account=account,
        title="2026",
        status=PlanStatus.ACTIVE,
        current_volume=Decimal(volume),
        client_total_spend=Decimal(spend),
    )
