"""The portfolio as plain records, for `keyfolio portfolio` and the square's download.

One record per active account with its current assessment. The keys are a
published format (scripts rely on them): change them only with a new format.
"""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import Account, AccountQuerySet

PORTFOLIO_FIELDS = ("account", "assessed_on", "client_index", "our_index", "zone", "completeness")
PORTFOLIO_SHEET = _("Portfolio")  # The XLSX sheet's name.
PORTFOLIO_WIDTHS = {"account": 40, "assessed_on": 12}


def portfolio_records(accounts: AccountQuerySet) -> Iterator[dict[str, Any]]:
    """The active ones of `accounts` by name, each with its current assessment's date
    (a `date`: JSON writes it in ISO form, XLSX as a date cell),
    unrounded indices, zone and completeness; None where it was never assessed or is
    not placed. One query whatever the number of accounts, read in chunks as the
    records are consumed."""
    accounts = accounts.active().with_assessments().order_by("name", "pk")
    for account in accounts.iterator(chunk_size=1000):
        yield _record(account)


def _record(account: Account) -> dict[str, Any]:
    current = account.current_assessment
    if current is None:
        return {"account": account.name} | dict.fromkeys(PORTFOLIO_FIELDS[1:])
    return {
        "account": account.name,
        "assessed_on": current.assessed_on,
        "client_index": current.client_index,
        "our_index": current.our_index,
        "zone": current.zone or None,
        "completeness": current.completeness,
    }
