"""The sales pipeline of an account: open and weighted amounts, and the plan gap.

An opportunity is worth its amount when it is won; before that, its weighted amount
(amount × probability) is what it adds to the year on average. The plan gap is what
remains to be found for the year's target once the revenue booked so far and the
weighted pipeline are counted:

    plan gap = target − booked − weighted pipeline

There are no exchange rates: every figure is kept per currency, and a gap is only
computed in the currency of the target.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


class DealStatus(StrEnum):
    OPEN = "open"
    WON = "won"
    LOST = "lost"


# A closed opportunity is certain either way: won is all of it, lost is none.
CLOSED_PROBABILITY = {DealStatus.WON: 100, DealStatus.LOST: 0}


@dataclass(frozen=True)
class Deal:
    amount: Decimal
    probability: int  # 0..100
    currency: str
    status: DealStatus = DealStatus.OPEN


def weighted_amount(amount: Decimal, probability: int) -> Decimal:
    """The amount times the probability (a percentage), to the cent."""
    return (amount * probability / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def settled_probability(status: DealStatus, probability: int | None) -> int | None:
    """The probability to keep: the one given, else the one a closed status implies
    (None for an open deal without one)."""
    if probability is not None:
        return probability
    return CLOSED_PROBABILITY.get(status)


@dataclass(frozen=True)
class PipelineTotal:
    """The open deals in one currency."""

    currency: str
    deals: int
    open: Decimal
    weighted: Decimal


def pipeline_totals(deals: Iterable[Deal]) -> list[PipelineTotal]:
    """The open and weighted pipeline per currency, largest open amount first."""
    counts: dict[str, int] = {}
    opened: dict[str, Decimal] = {}
    weighted: dict[str, Decimal] = {}
    for deal in deals:
        if deal.status != DealStatus.OPEN:
            continue
        counts[deal.currency] = counts.get(deal.currency, 0) + 1
        opened[deal.currency] = opened.get(deal.currency, ZERO) + deal.amount
        weighted[deal.currency] = weighted.get(deal.currency, ZERO) + weighted_amount(
            deal.amount, deal.probability
        )
    totals = [PipelineTotal(c, counts[c], opened[c], weighted[c]) for c in counts]
    return sorted(totals, key=lambda total: (-total.open, total.currency))


def plan_gap(target: Decimal, booked: Decimal, weighted: Decimal) -> Decimal:
    """What the year still lacks: positive short of the target, negative beyond it."""
    return target - booked - weighted
