"""The order of the attention list ("what needs me this week"), most urgent first.

Red before amber; then the more important account: its zone (key, target, maintain,
reconsider, never placed last), then our revenue with it over the last twelve months;
then the due date (undated last), the account's name and the check's order (the
playbook's own order, anything else, such as an action, after every check). Lines
that tie on all of these keep the order they came in.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypeVar

from keyfolio.method.playbook import STATUS_RANK, Check, Status
from keyfolio.method.zones import ZONE_RANK, Zone

T = TypeVar("T")

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


def by_attention(items: Iterable[T], urgency: Callable[[T], Urgency]) -> list[T]:
    """`items` most urgent first; `urgency` says what ranks each of them."""
    return sorted(items, key=lambda item: attention_key(urgency(item)))
