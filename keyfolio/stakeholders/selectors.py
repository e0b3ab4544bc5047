"""Reads over an account's stakeholders."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Avg, Count, Max, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from keyfolio.accounts.models import Account
from keyfolio.method.coverage import Coverage, Person, coverage_of
from keyfolio.stakeholders.models import Attitude, Contact, ContactRelationship


def _with_best_relationship(contacts: QuerySet[Contact]):
    return contacts.annotate(best_relationship=Coalesce(Max("relationships__strength"), 0))


def contacts_with_best_relationship(account: Account):
    """The account's contacts, each annotated with `best_relationship` (0..5): how well
    the best-connected of our people knows them. One query."""
    return _with_best_relationship(Contact.objects.filter(account=account))


def coverage_by_account(account_ids: Iterable[int]) -> dict[int, Coverage]:
    """How well our people cover each account's people (see keyfolio.method.coverage),
    by account id, every account included: one query however many accounts."""
    ids = list(account_ids)
    people: dict[int, list[Person]] = {pk: [] for pk in ids}
    rows = _with_best_relationship(Contact.objects.filter(account_id__in=ids)).values(
        "account_id", "id", "decision_role", "influence", "best_relationship", "active"
    )
    for row in rows:
        people[row.pop("account_id")].append(Person(**row))
    return {pk: coverage_of(persons) for pk, persons in people.items()}


def coverage_for(account: Account) -> Coverage:
    """How well our people cover the account's people (one query)."""
    return coverage_by_account([account.pk])[account.pk]


@dataclass(frozen=True)
class ActiveContacts:
    """How many of the client's people are active contacts, and how they stand to us."""

    count: int
    average_attitude: float | None  # -2..2; None without an active contact
    supporters: int
    against: int  # skeptics and opponents


NO_ACTIVE_CONTACTS = ActiveContacts(0, None, 0, 0)


def active_contacts_by_account(account_ids: Iterable[int]) -> dict[int, ActiveContacts]:
    """The active contacts of each account, counted, by account id, for the accounts
    with any (the others have NO_ACTIVE_CONTACTS): one query however many accounts."""
    rows = (
        Contact.objects.active()
        .filter(account_id__in=list(account_ids))
        .values("account_id")
        .annotate(
            count=Count("pk"),
            average_attitude=Avg("attitude"),
            supporters=Count("pk", filter=Q(attitude__gt=Attitude.NEUTRAL)),
            against=Count("pk", filter=Q(attitude__lt=Attitude.NEUTRAL)),
        )
        .order_by()
    )
    return {row.pop("account_id"): ActiveContacts(**row) for row in rows}


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
