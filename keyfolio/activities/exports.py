"""Exporting the activity log, one row per activity: `account` (the account's name),
the activity's field names (`occurred_on` its date, `kind` its kind's key) and
`author`, the e-mail of who recorded it."""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import AccountQuerySet
from keyfolio.activities.models import Activity

ACTIVITY_FIELDS = (
    "account",
    "occurred_on",
    "kind",
    "summary",
    "next_step",
    "next_step_due",
    "author",
)
ACTIVITIES_SHEET = _("Activities")  # The XLSX sheet's name.
ACTIVITIES_WIDTHS = {"account": 40, "occurred_on": 12, "summary": 60, "next_step": 40}


def activities_records(accounts: AccountQuerySet) -> Iterator[dict[str, Any]]:
    """Every activity of `accounts`, by account name and then date, as a record with
    the keys ACTIVITY_FIELDS. One query whatever the number of activities, in chunks."""
    rows = (
        Activity.objects.filter(account__in=accounts)
        .order_by("account__name", "account_id", "occurred_on", "created_at", "pk")
        .values_list(
            "account__name",
            "occurred_on",
            "kind",
            "summary",
            "next_step",
            "next_step_due",
            "created_by__email",
        )
    )
    for row in rows.iterator(chunk_size=2000):
        yield dict(zip(ACTIVITY_FIELDS, row, strict=True))
