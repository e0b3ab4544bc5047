"""Exporting monthly revenue in the very columns the revenue import reads.

`keyfolio export-revenue` and the revenue tab's download write one row per account and
month: `account`, `month` (YYYY-MM), `amount` and `note` (see keyfolio.revenue.imports),
so that the file can be edited and imported again with `keyfolio import-revenue` or the
tab's import.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import Account
from keyfolio.core.exports import Month
from keyfolio.revenue.imports import ACCOUNT, AMOUNT, MONTH, NOTE
from keyfolio.revenue.models import RevenueEntry

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
