"""Exporting monthly revenue and opportunities in the very columns their imports read.

`keyfolio export-revenue` and the revenue tab's download write one row per account and
month: `account`, `month` (YYYY-MM), `amount` and `note` (see keyfolio.revenue.imports),
so that the file can be edited and imported again with `keyfolio import-revenue` or the
tab's import. Opportunities are one row per opportunity in their field names (`owner`
an e-mail), for `keyfolio import opportunities`.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import Account
from keyfolio.core.exports import Month
from keyfolio.revenue.imports import ACCOUNT, AMOUNT, MONTH, NOTE
from keyfolio.revenue.models import Opportunity, RevenueEntry

REVENUE_FIELDS = (ACCOUNT, MONTH, AMOUNT, NOTE)
REVENUE_SHEET = _("Revenue")  # The XLSX sheet's name.
REVENUE_WIDTHS = {ACCOUNT: 40, AMOUNT: 14, NOTE: 40}


def revenue_records(accounts: Iterable[Account]) -> Iterator[dict[str, Any]]:
    """Every month of revenue recorded for `accounts` (a queryset or a few accounts), by
    account name and then month: the month as a `Month`, the amount as a Decimal.
    One query, read in chunks as the records are consumed."""
    entries = (
        RevenueEntry.objects.filter(account__in=accounts)
        .order_by("account__name", "account_id", "month")
        .values_list("account__name", "month", "amount", "note")
    )
    for name, month, amount, note in entries.iterator(chunk_size=2000):
        yield {ACCOUNT: name, MONTH: Month(month), AMOUNT: amount, NOTE: note}


OPPORTUNITY_FIELDS = (
    "account",
    "name",
    "amount",
    "currency",
    "stage",
    "probability",
    "expected_close",
    "status",
    "owner",
    "external_id",
    "source",
)
OPPORTUNITIES_SHEET = _("Opportunities")  # The XLSX sheet's name.
OPPORTUNITIES_WIDTHS = {"account": 40, "name": 40, "amount": 14, "owner": 28}


def opportunities_records(accounts: Iterable[Account]) -> Iterator[dict[str, Any]]:
    """Every opportunity of `accounts`, open, won and lost, by account name and then
    expected close, as a record with the keys OPPORTUNITY_FIELDS (`owner` an e-mail,
    the amount a Decimal, the close a `date`). One query, read in chunks."""
    rows = (
        Opportunity.objects.filter(account__in=accounts)
        .order_by("account__name", "account_id", "expected_close", "name", "pk")
        .values_list(
            "account__name",
            "name",
            "amount",
            "currency",
            "stage",
            "probability",
            "expected_close",
            "status",
            "owner__email",
            "external_id",
            "source",
        )
    )
    for row in rows.iterator(chunk_size=2000):
        yield dict(zip(OPPORTUNITY_FIELDS, row, strict=True))
