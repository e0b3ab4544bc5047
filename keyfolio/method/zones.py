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
