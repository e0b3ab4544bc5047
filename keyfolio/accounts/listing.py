"""Reads for the accounts list: search, filters and sorts.

The list page, and later the API and exports, narrow `Account.objects.visible_to()`
with these functions, so that "which accounts match" means the same everywhere.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from keyfolio.accounts.models import Account, AccountQuerySet
from keyfolio.method.freshness import ASSESSMENT_STALE_AFTER as STALE_AFTER

# The sorts the list offers (a subset of the shared SORT_COLUMNS).
SORTS = ("name", "zone", "client", "our", "assessed", "owner")
DEFAULT_SORT = "name"


@dataclass(frozen=True)
class AccountFilters:
    q: str = ""
    owner_id: int | None = None
    zone: str = ""
    segment: str = ""
    group_id: int | None = None  # a parent account: its children only
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


def search(accounts: AccountQuerySet, text: str) -> AccountQuerySet:
    """Accounts whose name, segment, industry or country contains `text`, any case."""
    text = text.strip()
    if not text:
        return accounts
    return accounts.filter(contains_any_case(text, "name", "segment", "industry", "country"))


def contains_any_case(text: str, *fields: str) -> Q:
    """One of `fields` contains `text`, in any case, Cyrillic too (see _case_variants)."""
    condition = Q()
    for variant in _case_variants(text):
        for field in fields:
            condition |= Q(**{f"{field}__icontains": variant})
    return condition


def parse_sort(value: str) -> str:
    """The sort asked for if it is one we know, otherwise the default."""
    return value if value.removeprefix("-") in SORTS else DEFAULT_SORT


def account_list(accounts: AccountQuerySet, filters: AccountFilters) -> QuerySet[Account]:
    """The rows of the accounts list: `accounts` narrowed by `filters`, ordered, with
    what each row shows joined in (owner, current assessment, the parent's name)."""
    rows = accounts.archived() if filters.archived else accounts.active()
    rows = search(rows, filters.q)
    if filters.owner_id:
        rows = rows.filter(owner_id=filters.owner_id)
    if filters.zone:
        rows = rows.in_zone(filters.zone)
    if filters.segment:
        rows = rows.filter(segment=filters.segment)
    if filters.group_id:
        rows = rows.filter(parent_id=filters.group_id)
    rows = rows.select_related("owner", "current_assessment__methodology")
    # The group an account belongs to, named only if the member may see its parent (as
    # the dossier's group card does), in the rows' own query.
    parent = accounts.filter(pk=OuterRef("parent_id")).values("name")[:1]
    rows = rows.annotate(parent_name=Subquery(parent))
    return rows.sorted_by(parse_sort(filters.sort))
