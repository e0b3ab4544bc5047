"""The order of the attention list ("what needs me this week"), most urgent first.

The flat list (every line on its own): red before amber; then the more important
account: its zone (key, target, maintain, reconsider, never placed last), then our
revenue with it over the last twelve months; then the due date (undated last), the
account's name and the check's order (the playbook's own order, anything else, such as
an action, after every check). Lines that tie on all of these keep the order they came
in.

The work queue (one row per account, its lines folded beneath): accounts by what
matters about them, in this order: the zone first (a key account's amber line comes
before a reconsider account's red one: the square says where effort pays), then the
severity of the account's most urgent line, then how many days its latest line is
overdue, then revenue and name. Within an account, the lines go red before amber, the
most overdue first, then in the playbook's order.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from keyfolio.method.playbook import STATUS_RANK, Check, Status
from keyfolio.method.zones import ZONE_RANK, Zone

T = TypeVar("T")

# "This week": an open action due from today through the next six days is on the list.
WEEK = timedelta(days=6)

# The checks in the order the playbook runs them (the rules, then the general checks).
CHECK_ORDER = {check.value: n for n, check in enumerate(Check)}
# An account never placed on the square ranks below every zone.
UNPLACED_RANK = min(ZONE_RANK.values()) - 1


@dataclass(frozen=True)
class Urgency:
    """What ranks one line of the attention list, as plain values."""

    severity: Status
    zone: Zone | None  # the account's current zone; None when it was never assessed
    revenue: Decimal  # our revenue with the account over the last twelve months
    account_name: str
    check: str  # a Check value, or another kind of line (an action)
    due_on: date | None = None


AttentionKey = tuple[int, int, Decimal, date, str, int]


def zone_rank(zone: Zone | None) -> int:
    """How important an account's zone makes it: higher first, never placed lowest."""
    return UNPLACED_RANK if zone is None else ZONE_RANK[zone]


def attention_key(urgency: Urgency) -> AttentionKey:
    """The sort key of a line: smaller comes first."""
    return (
        -STATUS_RANK[urgency.severity],
        -zone_rank(urgency.zone),
        -urgency.revenue,
        urgency.due_on or date.max,
        urgency.account_name.lower(),
        CHECK_ORDER.get(urgency.check, len(CHECK_ORDER)),
    )


@dataclass(frozen=True)
class ItemUrgency:
    """What ranks one line within its account."""

    severity: Status
    overdue_days: int = 0  # days past its limit or due date; 0 when not late
    check: str = ""


@dataclass(frozen=True)
class AccountUrgency:
    """What ranks an account on the work queue: its own importance and its lines'."""

    zone: Zone | None
    severity: Status  # of its most urgent line
    overdue_days: int  # of its most overdue line
    revenue: Decimal
    account_name: str


ItemKey = tuple[int, int, int]
AccountKey = tuple[int, int, int, Decimal, str]


def item_key(item: ItemUrgency) -> ItemKey:
    """The sort key of a line within its account: smaller comes first."""
    return (
        -STATUS_RANK[item.severity],
        -item.overdue_days,
        CHECK_ORDER.get(item.check, len(CHECK_ORDER)),
    )


def account_key(account: AccountUrgency) -> AccountKey:
    """The sort key of an account on the work queue: smaller comes first."""
    return (
        -zone_rank(account.zone),
        -STATUS_RANK[account.severity],
        -account.overdue_days,
        -account.revenue,
        account.account_name.lower(),
    )


def account_urgency(
    items: Iterable[ItemUrgency], *, zone: Zone | None, revenue: Decimal, account_name: str
) -> AccountUrgency | None:
    """An account's rank from its lines (None when it has none): the most severe line's
    severity and the most overdue line's days."""
    found = list(items)
    if not found:
        return None
    return AccountUrgency(
        zone=zone,
        severity=max((item.severity for item in found), key=STATUS_RANK.__getitem__),
        overdue_days=max(item.overdue_days for item in found),
        revenue=revenue,
        account_name=account_name,
    )


def action_overdue_days(due_on: date, today: date) -> int:
    """How many days an action is past its due date (0 when it is not)."""
    return max(0, (today - due_on).days)


def by_urgency(items: Iterable[T], urgency: Callable[[T], ItemUrgency]) -> list[T]:
    """An account's lines, most urgent first."""
    return sorted(items, key=lambda item: item_key(urgency(item)))


def by_account_urgency(accounts: Iterable[T], urgency: Callable[[T], AccountUrgency]) -> list[T]:
    """Accounts in the work queue's order."""
    return sorted(accounts, key=lambda account: account_key(urgency(account)))


def by_attention(items: Iterable[T], urgency: Callable[[T], Urgency]) -> list[T]:
    """`items` most urgent first; `urgency` says what ranks each of them."""
    return sorted(items, key=lambda item: attention_key(urgency(item)))
