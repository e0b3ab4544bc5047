"""How accounts move on the square over a period (METHOD.md §2), as plain data.

The movement report compares where each account stood at the start of a period
with where it stands at its end. A move counts when the account changed zone, or
when either index moved by more than a chosen number of points: a big move inside
one zone is often the first sign of a zone change to come.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from keyfolio.method.zones import ZONE_RANK, Zone

# Moves of this many index points or fewer, within one zone, are noise by default.
DEFAULT_MIN_POINTS = 10


@dataclass(frozen=True)
class Position:
    """Where one assessment puts an account: x = our index, y = client index."""

    client: float
    our: float
    zone: Zone


def zone_direction(before: Zone, after: Zone) -> int:
    """+1 if `after` is a better zone than `before` (ZONE_RANK), -1 if worse, 0 if same rank."""
    change = ZONE_RANK[after] - ZONE_RANK[before]
    return (change > 0) - (change < 0)


def distance(a: Position, b: Position) -> float:
    """How far apart two points are on the square, in index points."""
    return math.hypot(b.client - a.client, b.our - a.our)


@dataclass(frozen=True)
class Move:
    start: Position
    end: Position

    @property
    def client_change(self) -> float:
        return self.end.client - self.start.client

    @property
    def our_change(self) -> float:
        return self.end.our - self.start.our

    @property
    def distance(self) -> float:
        return distance(self.start, self.end)

    @property
    def zone_changed(self) -> bool:
        return self.start.zone != self.end.zone

    @property
    def direction(self) -> int:
        return zone_direction(self.start.zone, self.end.zone)

    def moved_more_than(self, points: float) -> bool:
        return abs(self.client_change) > points or abs(self.our_change) > points


def is_notable(move: Move, *, min_points: float) -> bool:
    """A zone change always counts; otherwise either index must move by more than
    `min_points` (a move of exactly `min_points` does not)."""
    return move.zone_changed or move.moved_more_than(min_points)


@dataclass(frozen=True)
class MoveSummary:
    moved_up: int = 0  # To a better zone.
    moved_down: int = 0  # To a worse zone.
    big_within_zone: int = 0  # More than the minimum on an index, zone unchanged.

    @property
    def total(self) -> int:
        return self.moved_up + self.moved_down + self.big_within_zone


def summarize(moves: Iterable[Move], *, min_points: float) -> MoveSummary:
    """Count the notable moves by kind; moves that are not notable count nowhere.
    Every zone has its own rank, so a zone change is always up or down."""
    up = down = big = 0
    for move in moves:
        if move.direction > 0:
            up += 1
        elif move.direction < 0:
            down += 1
        elif is_notable(move, min_points=min_points):
            big += 1
    return MoveSummary(moved_up=up, moved_down=down, big_within_zone=big)


class Period(StrEnum):
    """The report's preset periods, each ending today."""

    DAYS_30 = "30d"
    QUARTER = "quarter"
    YEAR = "year"


DEFAULT_PERIOD = Period.QUARTER


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier, or that month's last day if it is
    shorter (31 May minus 3 months is 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    return date(year, month, min(day.day, last_day))


def period_start(end: date, period: Period) -> date:
    """The first day of a preset period that ends on `end`."""
    if period == Period.DAYS_30:
        return end - timedelta(days=30)
    return months_before(end, 3 if period == Period.QUARTER else 12)
