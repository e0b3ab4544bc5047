"""Reads over an account's stakeholders."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from keyfolio.accounts.models import Account
from keyfolio.method.coverage import Coverage, Person, coverage_of
from keyfolio.stakeholders.models import Attitude, Contact, ContactRelationship


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


# The table's status filter: which contacts it lists.
STATUS_ACTIVE, STATUS_INACTIVE, STATUS_ALL = "active", "inactive", "all"


def contact_table(account: Account, *, status: str = STATUS_ACTIVE, role: str = "") -> QuerySet:
    """The account's contacts for the stakeholder table, the most influential first, with
    their manager and who of ours knows them (best first). Two queries however many."""
    contacts = Contact.objects.filter(account=account)
    if status == STATUS_ACTIVE:
        contacts = contacts.filter(active=True)
    elif status == STATUS_INACTIVE:
        contacts = contacts.filter(active=False)
    if role:
        contacts = contacts.filter(decision_role=role)
    return (
        contacts.select_related("reports_to")
        .prefetch_related(_relationships_with_people())
        .order_by("-influence", "name", "pk")
    )


def contact_with_relationships(account: Account, pk: int) -> QuerySet:
    """One contact of the account as a table row shows it (a queryset: get or 404 it)."""
    return contact_table(account, status=STATUS_ALL).filter(pk=pk)


def _relationships_with_people() -> Prefetch:
    return Prefetch(
        "relationships",
        queryset=ContactRelationship.objects.select_related("user").order_by(
            "-strength", "user__full_name", "user__email"
        ),
    )


def contact_counts(account: Account) -> dict[str, int]:
    """How many contacts each status filter of the table shows. One query."""
    counts = Contact.objects.filter(account=account).aggregate(
        all=Count("pk"), active=Count("pk", filter=Q(active=True))
    )
    return {**counts, STATUS_INACTIVE: counts["all"] - counts["active"]}


def active_contacts(account: Account) -> list[Contact]:
    """The account's active contacts with only what the org chart and the coverage panel
    show. One query."""
    fields = ("id", "name", "title", "reports_to_id", "decision_role", "influence", "attitude")
    return list(Contact.objects.filter(account=account, active=True).only(*fields))


@dataclass(frozen=True)
class AttitudeCount:
    attitude: Attitude
    count: int


def attitude_mix(contacts: Iterable[Contact]) -> list[AttitudeCount]:
    """How many of the contacts stand where towards us, from opponents to mentors."""
    counts = Counter(contact.attitude for contact in contacts)
    return [AttitudeCount(attitude, counts[attitude.value]) for attitude in Attitude]
