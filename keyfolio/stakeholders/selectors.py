"""Reads over an account's stakeholders."""

from django.db.models import Max
from django.db.models.functions import Coalesce

from keyfolio.accounts.models import Account
from keyfolio.method.coverage import Coverage, Person, coverage_of
from keyfolio.stakeholders.models import Contact


def contacts_with_best_relationship(account: Account):
    """The account's contacts, each annotated with `best_relationship` (0..5): how well
    the best-connected of our people knows them. One query."""
    return Contact.objects.filter(account=account).annotate(
        best_relationship=Coalesce(Max("relationships__strength"), 0)
    )


def coverage_for(account: Account) -> Coverage:
    """How well our people cover the account's people (see keyfolio.method.coverage)."""
    rows = contacts_with_best_relationship(account).values(
        "id", "decision_role", "influence", "best_relationship", "active"
    )
    return coverage_of(Person(**row) for row in rows)
