"""The square (METHOD.md §2): four zones split by two thresholds.

x = our index, y = client index, both 0..100. A point exactly on a threshold
belongs to the higher side.
"""

import math
from dataclasses import dataclass
from enum import StrEnum


class Zone(StrEnum):
    KEY = "key"  # Attractive client, strong position: invest, grow, partner.
    TARGET = "target"  # Attractive client, weak position: develop our position.
    MAINTAIN = "maintain"  # Less attractive client, strong position: serve efficiently.
    RECONSIDER = "reconsider"  # Less attractive client, weak position: decide deliberately.

    @property
    def attractive(self) -> bool:
        """The zone lies at or above the client threshold (the top of the square)."""
        return self in (Zone.KEY, Zone.TARGET)

    @property
    def strong(self) -> bool:
        """The zone lies at or above our threshold (the right of the square)."""
        return self in (Zone.KEY, Zone.MAINTAIN)


_ZONE_AT = {(zone.attractive, zone.strong): zone for zone in Zone}


# Zones ordered from the best to the worst, used to tell whether an account moved
# up or down between two assessments.
ZONE_RANK = {Zone.KEY: 3, Zone.TARGET: 2, Zone.MAINTAIN: 1, Zone.RECONSIDER: 0}


@dataclass(frozen=True)
class Thresholds:
    client: float = 50.0
    our: float = 50.0

    def __post_init__(self) -> None:
        for value in (self.client, self.our):
            if not 0 <= value <= 100:
                raise ValueError(f"A threshold must lie within 0..100, got {value}.")


DEFAULT_THRESHOLDS = Thresholds()


def zone_of(client_index: float, our_index: float, thresholds: Thresholds) -> Zone:
    return _ZONE_AT[client_index >= thresholds.client, our_index >= thresholds.our]


def shown_index(value: float, threshold: float) -> float:
    """An index as every page, PDF, e-mail and file shows it: to one decimal, and never
    on the other side of its axis' threshold than the index itself (an index of 49.96
    under a threshold of 50 shows as 49.9, not as 50.0 beside a zone that says it is
    below). Within 0.1 of the index either way."""
    shown = round(value, 1)
    if value < threshold <= shown:
        return math.floor(value * 10) / 10
    if shown < threshold <= value:
        return math.ceil(value * 10) / 10
    return shown


@dataclass(frozen=True)
class Box:
    """The part of the square a zone covers, in index units: `our` is its span of our
    index (x, left to right), `client` its span of the client index (y, bottom to top)."""

    zone: Zone
    our: tuple[float, float]
    client: tuple[float, float]


def zone_boxes(thresholds: Thresholds) -> list[Box]:
    """The four zones' parts of the square, in Zone order (key, target, maintain,
    reconsider). A threshold of 0 or 100 leaves two of them empty, with no width or
    no height; they are still listed."""
    our, client = thresholds.our, thresholds.client
    return [
        Box(
            zone,
            our=(our, 100.0) if zone.strong else (0.0, our),
            client=(client, 100.0) if zone.attractive else (0.0, client),
        )
        for zone in Zone
    ]


@dataclass(frozen=True)
class Gap:
    """How far a point is from a zone: index points to gain (+) or shed (-) per axis."""

    client: float
    our: float
    reached: bool

    @property
    def distance(self) -> float:
        return math.hypot(self.client, self.our)


def distance_to_zone(
    client_index: float, our_index: float, zone: Zone, thresholds: Thresholds
) -> Gap:
    """The smallest move in each index that puts the point inside `zone`.

    The high side of a threshold is inclusive, so reaching it needs exactly the
    difference. The low side is exclusive: a point sitting on the threshold has a
    gap of 0 on that axis yet is not inside, which is why `reached` is decided by
    the zone rule itself rather than by the gaps.
    """
    return Gap(
        client=_axis_gap(client_index, thresholds.client, zone.attractive),
        our=_axis_gap(our_index, thresholds.our, zone.strong),
        reached=zone_of(client_index, our_index, thresholds) == zone,
    )


def _axis_gap(value: float, threshold: float, wants_high: bool) -> float:
    if wants_high:
        return max(0.0, threshold - value)
    return min(0.0, threshold - value)


def shown_gap(gap: Gap, client_index: float, our_index: float, thresholds: Thresholds) -> Gap:
    """A gap as pages show it: from the shown index to the threshold, to one decimal, so
    that the shown index plus the shown gap lands on the threshold (49.96 shows as 49.9
    and its gap to 50 as +0.1, never as +0.0). An axis with no gap keeps none."""
    return Gap(
        client=_shown_axis_gap(gap.client, client_index, thresholds.client),
        our=_shown_axis_gap(gap.our, our_index, thresholds.our),
        reached=gap.reached,
    )


def _shown_axis_gap(points: float, value: float, threshold: float) -> float:
    if points == 0:
        return 0.0
    return round(threshold - shown_index(value, threshold), 1)


# --- The goal: a range of zones (METHOD.md §2) ---------------------------------------


def goal_range_is_ordered(minimum: Zone, maximum: Zone) -> bool:
    """A goal's minimum may not rank above its maximum."""
    return ZONE_RANK[minimum] <= ZONE_RANK[maximum]


@dataclass(frozen=True)
class GoalRange:
    """The article's goal for an account: at least `minimum`, at most `maximum`, by
    ZONE_RANK (key > target > maintain > reconsider). By default at least target (the
    client sees us as a supplier of weight) and at most key (full interaction)."""

    minimum: Zone = Zone.TARGET
    maximum: Zone = Zone.KEY

    def __post_init__(self) -> None:
        if not goal_range_is_ordered(self.minimum, self.maximum):
            raise ValueError(
                f"A goal's minimum {self.minimum} ranks above its maximum {self.maximum}."
            )

    def contains(self, zone: Zone) -> bool:
        return ZONE_RANK[self.minimum] <= ZONE_RANK[zone] <= ZONE_RANK[self.maximum]


DEFAULT_GOAL = GoalRange()


def zones_at_least(zone: Zone) -> list[Zone]:
    """The zones ranked `zone` or better, in Zone order."""
    return [z for z in Zone if ZONE_RANK[z] >= ZONE_RANK[zone]]


def zones_at_most(zone: Zone) -> list[Zone]:
    """The zones ranked `zone` or worse, in Zone order."""
    return [z for z in Zone if ZONE_RANK[z] <= ZONE_RANK[zone]]


@dataclass(frozen=True)
class GoalDistance:
    """How far a point is from each bound of its goal range.

    `to_minimum` holds the points still to gain (each >= 0) to rank at least the
    minimum; `to_maximum` the points to shed (each <= 0) to rank at most the maximum.
    A bound the point already keeps has no gap and is `reached`."""

    to_minimum: Gap
    to_maximum: Gap

    @property
    def within(self) -> bool:
        return self.to_minimum.reached and self.to_maximum.reached


def distance_to_goal(
    client_index: float, our_index: float, goal: GoalRange, thresholds: Thresholds
) -> GoalDistance:
    """The distance from the point to each bound of `goal`.

    A bound is a set of zones ("at least target" is key or target), and the distance
    to it is the smallest move into the nearest of them. Rank only rises as either
    index rises, so the zones at least the minimum cover everything above and right of
    any of their points: the nearest one is reached by gains alone. Likewise the zones
    at most the maximum are reached by losses alone. Where two zones are equally near
    ("at least maintain" from exactly as far below both thresholds), the first in Zone
    order is taken, so the answer is always the same.
    """
    return GoalDistance(
        to_minimum=_gap_to_nearest(
            client_index, our_index, zones_at_least(goal.minimum), thresholds, sign=1
        ),
        to_maximum=_gap_to_nearest(
            client_index, our_index, zones_at_most(goal.maximum), thresholds, sign=-1
        ),
    )


def _gap_to_nearest(
    client_index: float,
    our_index: float,
    zones: list[Zone],
    thresholds: Thresholds,
    *,
    sign: int,
) -> Gap:
    """The gap to the nearest of `zones`, whose moves all go one way (`sign`: +1 gains,
    -1 losses)."""
    gaps = [distance_to_zone(client_index, our_index, zone, thresholds) for zone in zones]
    # A point on a threshold has no gap to the zone below it either, without being in it:
    # the zone it is in wins.
    reached = next((gap for gap in gaps if gap.reached), None)
    if reached is not None:
        return reached
    # In exact numbers the nearest zone is reached by moves one way only; in floats a
    # point a hair (1e-76) below a threshold ties with it, and the tie must not go to a
    # zone that wants the other way.
    one_way = [gap for gap in gaps if gap.client * sign >= 0 and gap.our * sign >= 0]
    return min(one_way or gaps, key=lambda g: g.distance)


def shown_goal_distance(
    distance: GoalDistance, client_index: float, our_index: float, thresholds: Thresholds
) -> GoalDistance:
    """`distance` in the numbers pages show (see shown_gap)."""
    return GoalDistance(
        to_minimum=shown_gap(distance.to_minimum, client_index, our_index, thresholds),
        to_maximum=shown_gap(distance.to_maximum, client_index, our_index, thresholds),
    )
