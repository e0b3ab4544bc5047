"""A group of companies on the dossier's overview: the account's parent, and for a
parent its children with their zone and the sums of their revenue (last twelve
months) and open pipeline, per currency (there are no exchange rates).

Only the accounts the member may see are listed and summed, so a group shows no more
than the accounts list would. Three queries at most, however big the group.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q

from keyfolio.accounts.models import Account
from keyfolio.method.pipeline import PipelineTotal
from keyfolio.revenue.selectors import pipeline_by_account, trailing_revenue_by_account
from keyfolio.workspaces.models import Membership


@dataclass(frozen=True)
class Child:
    account: Account
    currency: str
    revenue: Decimal | None  # The last twelve months; None without an entry then.
    pipeline: list[PipelineTotal]


@dataclass(frozen=True)
class CurrencySum:
    currency: str
    revenue: Decimal
    open: Decimal
    weighted: Decimal


@dataclass(frozen=True)
class Group:
    parent: Account | None  # The account's own parent, when the member sees it.
    children: list[Child]
    sums: list[CurrencySum]  # The children's, per currency, largest revenue first.


def _sums(children: list[Child]) -> list[CurrencySum]:
    revenue: dict[str, Decimal] = {}
    opened: dict[str, Decimal] = {}
    weighted: dict[str, Decimal] = {}
    for child in children:
        revenue.setdefault(child.currency, Decimal(0))
        revenue[child.currency] += child.revenue or 0
        for total in child.pipeline:
            revenue.setdefault(total.currency, Decimal(0))
            opened[total.currency] = opened.get(total.currency, Decimal(0)) + total.open
            weighted[total.currency] = weighted.get(total.currency, Decimal(0)) + total.weighted
    sums = [
        CurrencySum(c, revenue[c], opened.get(c, Decimal(0)), weighted.get(c, Decimal(0)))
        for c in revenue
    ]
    return sorted(sums, key=lambda s: (-s.revenue, -s.open, s.currency))


def account_group(membership: Membership, account: Account, *, today: date) -> Group:
    """The account's parent and children as `membership` sees them: one query for both,
    and two more (revenue, pipeline) when it has children."""
    related = (
        Account.objects.visible_to(membership)
        .filter(Q(parent=account) | Q(pk=account.parent_id))
        .select_related("current_assessment")
        .only("pk", "name", "currency", "parent_id", "archived_at", "current_assessment__zone")
        .order_by("name")
    )
    parent, members = None, []
    for other in related:
        if other.pk == account.parent_id:
            parent = other
        else:
            members.append(other)
    if not members:
        return Group(parent, [], [])
    ids = [child.pk for child in members]
    revenue = trailing_revenue_by_account(ids, today=today)
    pipeline = pipeline_by_account(ids)
    default = membership.workspace.default_currency
    children = [
        Child(
            child,
            (child.currency or default).upper(),
            revenue.get(child.pk),
            pipeline.get(child.pk, []),
        )
        for child in members
    ]
    return Group(parent, children, _sums(children))
