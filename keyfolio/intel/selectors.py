"""Reads over an account's intelligence."""

from datetime import datetime

from django.db.models import Max

from keyfolio.accounts.models import Account
from keyfolio.intel.models import CompetitorPresence, IntelNote


def intel_last_updated(account: Account) -> datetime | None:
    """When anything on the client or its competitors was last written (two queries)."""
    notes = IntelNote.objects.filter(account=account).aggregate(last=Max("updated_at"))["last"]
    rivals = CompetitorPresence.objects.filter(account=account).aggregate(last=Max("updated_at"))[
        "last"
    ]
    dates = [d for d in (notes, rivals) if d is not None]
    return max(dates) if dates else None
