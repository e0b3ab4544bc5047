"""The portfolio as plain records, for `keyfolio portfolio` and the square's download.

One record per active account with its current assessment. The keys are a
published format (scripts rely on them): change them only with a new format.
"""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import AccountQuerySet

PORTFOLIO_FIELDS = ("account", "assessed_on", "client_index", "our_index", "zone", "completeness")
PORTFOLIO_SHEET = _("Portfolio")  # The XLSX sheet's name.
PORTFOLIO_WIDTHS = {"account": 40, "assessed_on": 12}


def portfolio_records(accounts: AccountQuerySet) -> Iterator[dict[str, Any]]:
    """The active ones of `accounts` by name, each with its current assessment's date
    (a `date`: JSON writes it in ISO form, XLSX as a date cell),
    unrounded indices, zone and completeness; None where it was never assessed or is
    not placed. One query whatever the number of accounts, read in chunks as the
    records are consumed: only the six columns, no model instance per account."""
    rows = (
        accounts.active()
        .order_by("name", "pk")
        .values_list(
            "name",
            "current_assessment__assessed_on",
            "current_assessment__client_index",
            "current_assessment__our_index",
            "current_assessment__zone",
            "current_assessment__completeness",
        )
    )
    for name, assessed_on, client_index, our_index, zone, completeness in rows.iterator(
        chunk_size=2000
    ):
        yield {
            "account": name,
            "assessed_on": assessed_on,
            "client_index": client_index,
            "our_index": our_index,
            "zone": zone or None,
            "completeness": completeness,
        }
