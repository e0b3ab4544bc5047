"""Exporting accounts, one row per account, in the columns an accounts import reads.

The columns are the account's field names (`owner` is the account manager's e-mail,
`parent` the parent account's name, `archived` whether it is archived), so that a file
exported here can be read back by `keyfolio import accounts`. Archived accounts are in
the file too: moving out takes everything.
"""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import AccountQuerySet

ACCOUNT_FIELDS = (
    "name",
    "parent",
    "owner",
    "segment",
    "industry",
    "country",
    "website",
    "currency",
    "stage",
    "goal_min_zone",
    "goal_max_zone",
    "forecast_client_index",
    "forecast_our_index",
    "description",
    "tax_id",
    "external_id",
    "source",
    "archived",
)
ACCOUNTS_SHEET = _("Accounts")  # The XLSX sheet's name.
ACCOUNTS_WIDTHS = {"name": 40, "parent": 30, "owner": 28, "website": 30, "description": 50}


def accounts_records(accounts: AccountQuerySet) -> Iterator[dict[str, Any]]:
    """Every one of `accounts` by name, archived ones too, as a record with the keys
    ACCOUNT_FIELDS; "" for a text left blank, None for a figure not given. One query
    whatever the number of accounts (the parent and owner joined), read in chunks."""
    rows = accounts.order_by("name", "pk").values_list(
        "name",
        "parent__name",
        "owner__email",
        "segment",
        "industry",
        "country",
        "website",
        "currency",
        "stage",
        "goal_min_zone",
        "goal_max_zone",
        "forecast_client_index",
        "forecast_our_index",
        "description",
        "tax_id",
        "external_id",
        "source",
        "archived_at",
    )
    for *values, archived_at in rows.iterator(chunk_size=2000):
        yield dict(zip(ACCOUNT_FIELDS, (*values, archived_at is not None), strict=True))
