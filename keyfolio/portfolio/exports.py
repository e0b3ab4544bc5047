"""The portfolio as plain records, for `keyfolio portfolio` and the square's download.

One record per active account with its current assessment. The keys are a
published format (scripts rely on them): change them only with a new format, adding
keys at the end so that a reader by column position keeps working.

The two index columns hold the indices as every page, PDF and e-mail shows them
(keyfolio.method.shown_index: one decimal, never across a threshold from the zone
column), so a spreadsheet never shows 50.0 beside a zone that says "below 50". The
stored, unrounded indices follow at the end as `client_index_exact` and
`our_index_exact`, for those who compute with them (an average over many accounts, the
zones at other thresholds) without the rounding of each.
"""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import AccountQuerySet
from keyfolio.method import shown_index

PORTFOLIO_FIELDS = (
    "account",
    "assessed_on",
    "client_index",
    "our_index",
    "zone",
    "completeness",
    "client_index_exact",
    "our_index_exact",
)
PORTFOLIO_SHEET = _("Portfolio")  # The XLSX sheet's name.
PORTFOLIO_WIDTHS = {"account": 40, "assessed_on": 12}


def portfolio_records(accounts: AccountQuerySet) -> Iterator[dict[str, Any]]:
    """The active ones of `accounts` by name, each with its current assessment's date
    (a `date`: JSON writes it in ISO form, XLSX as a date cell), indices as shown and
    unrounded, zone and completeness; None where it was never assessed or is not
    placed. One query whatever the number of accounts, read in chunks as the records
    are consumed: only the columns needed, no model instance per account."""
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
            "current_assessment__methodology__threshold_client",
            "current_assessment__methodology__threshold_our",
        )
    )
    for row in rows.iterator(chunk_size=2000):
        name, assessed_on, client_index, our_index, zone, completeness, *thresholds = row
        threshold_client, threshold_our = thresholds
        yield {
            "account": name,
            "assessed_on": assessed_on,
            "client_index": _shown(client_index, threshold_client),
            "our_index": _shown(our_index, threshold_our),
            "zone": zone or None,
            "completeness": completeness,
            "client_index_exact": client_index,
            "our_index_exact": our_index,
        }


def _shown(index: float | None, threshold: float | None) -> float | None:
    if index is None or threshold is None:
        return None
    return shown_index(index, threshold)
