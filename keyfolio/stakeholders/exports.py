"""Exporting the client's people, one row per contact, in the columns a contacts
import reads: `account` (the account's name), the contact's field names, and
`reports_to` (the name of the contact they report to, on the same account)."""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import AccountQuerySet
from keyfolio.stakeholders.models import Contact

CONTACT_FIELDS = (
    "account",
    "name",
    "title",
    "department",
    "email",
    "phone",
    "decision_role",
    "influence",
    "attitude",
    "reports_to",
    "language",
    "notes",
    "active",
    "external_id",
    "source",
)
CONTACTS_SHEET = _("Contacts")  # The XLSX sheet's name.
CONTACTS_WIDTHS = {"account": 40, "name": 30, "title": 30, "email": 30, "notes": 40}


def contacts_records(accounts: AccountQuerySet) -> Iterator[dict[str, Any]]:
    """Every contact of `accounts` (those who left too: `active` says so), by account
    name and then contact name, as a record with the keys CONTACT_FIELDS. One query
    whatever the number of contacts (the account and the manager joined), in chunks."""
    rows = (
        Contact.objects.filter(account__in=accounts)
        .order_by("account__name", "account_id", "name", "pk")
        .values_list(
            "account__name",
            "name",
            "title",
            "department",
            "email",
            "phone",
            "decision_role",
            "influence",
            "attitude",
            "reports_to__name",
            "language",
            "notes",
            "active",
            "external_id",
            "source",
        )
    )
    for row in rows.iterator(chunk_size=2000):
        yield dict(zip(CONTACT_FIELDS, row, strict=True))
