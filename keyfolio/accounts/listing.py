"""Reads for the accounts list: search, filters and sorts.

The list page, and later the API and exports, narrow `Account.objects.visible_to()`
with these functions, so that "which accounts match" means the same everywhere.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from keyfolio.accounts.models import Account, AccountQuerySet
from keyfolio.method.zones import ZONE_RANK

# An assessment older than this is stale (METHOD.md §5: "the assessment is older
# than 90 days"). Move it next to the playbook rules once they live in keyfolio.method.
STALE_AFTER = timedelta(days=90)

# The zone filter's value for accounts that have no zone: never assessed, or
# assessed without a single criterion on one of the two axes.
NOT_ASSESSED = "none"

# What `?sort=` may name, and the column each one orders by. A leading "-" reverses.
SORTS = {
    "name": "name",
    "zone": "zone_rank",
    "client": "current_assessment__client_index",
    "our": "current_assessment__our_index",
    "assessed": "current_assessment__assessed_on",
    "owner": "owner__full_name",
}
DEFAULT_SORT = "name"


@dataclass(frozen=True)
class AccountFilters:
    q: str = ""
    owner_id: int | None = None
    zone: str = ""
    segment: str = ""
    archived: bool = False
    sort: str = DEFAULT_SORT


def stale_before(today: date | None = None) -> date:
    """Assessments made before this day are stale."""
    return (today or timezone.localdate()) - STALE_AFTER


def _case_variants(text: str) -> set[str]:
    # SQLite compares case-insensitively only within ASCII, so "ром" would miss
    # "Ромашка" there; trying the usual spellings of the query covers Cyrillic names.
    # PostgreSQL needs none of this but is not harmed by it.
    return {text, text.lower(), text.upper(), text.capitalize(), text.title()}


def search(accounts: QuerySet[Account], text: str) -> QuerySet[Account]:
    """Accounts whose name, segment, industry or country contains `text`, any case."""
    text = text.strip()
    if not text:
        return accounts
    condition = Q()
    for variant in _case_variants(text):
        for field in ("name", "segment", "industry", "country"):
            condition |= Q(**{f"{field}__icontains": variant})
    return accounts.filter(condition)


def filter_by_zone(accounts: QuerySet[Account], zone: str) -> QuerySet[Account]:
    if zone == NOT_ASSESSED:
        return accounts.filter(Q(current_assessment__isnull=True) | Q(current_assessment__zone=""))
    return accounts.filter(current_assessment__zone=zone)


def with_zone_rank(accounts: QuerySet[Account]) -> QuerySet[Account]:
    """Annotate `zone_rank`: higher for better zones, None for accounts with no zone."""
    ranks = [
        When(current_assessment__zone=zone.value, then=Value(r)) for zone, r in ZONE_RANK.items()
    ]
    return accounts.annotate(zone_rank=Case(*ranks, default=None, output_field=IntegerField()))


def parse_sort(value: str) -> str:
    """The sort asked for if it is one we know, otherwise the default."""
    return value if value.lstrip("-") in SORTS else DEFAULT_SORT


def order(accounts: QuerySet[Account], sort: str) -> QuerySet[Account]:
    """Order by a whitelisted sort; accounts without a value come last either way,
    and the name then the id break ties so that pages never overlap."""
    sort = parse_sort(sort)
    key = sort.lstrip("-")
    descending = sort.startswith("-")
    # Ascending zones read from the best (key) down, as a director reads the square.
    if key == "zone":
        descending = not descending
        accounts = with_zone_rank(accounts)
    column = F(SORTS[key])
    primary = column.desc(nulls_last=True) if descending else column.asc(nulls_last=True)
    return accounts.order_by(primary, "name", "pk")


def account_list(accounts: AccountQuerySet, filters: AccountFilters) -> QuerySet[Account]:
    """The rows of the accounts list: `accounts` narrowed by `filters`, ordered, with
    what each row shows joined in (owner and current assessment)."""
    rows: QuerySet[Account] = accounts.archived() if filters.archived else accounts.active()
    rows = search(rows, filters.q)
    if filters.owner_id:
        rows = rows.filter(owner_id=filters.owner_id)
    if filters.zone:
        rows = filter_by_zone(rows, filters.zone)
    if filters.segment:
        rows = rows.filter(segment=filters.segment)
    return order(rows.select_related("owner", "current_assessment"), filters.sort)


def segments(accounts: QuerySet[Account]) -> list[str]:
    """The distinct non-empty segments among `accounts`, for the segment filter."""
    values = accounts.exclude(segment="").values_list("segment", flat=True)
    return list(values.order_by("segment").distinct())
