"""How assessments are shown: axis titles, zone names and the small square.

Presentation only. Which zone a point is in, and the indices themselves, come
from keyfolio.method through the services and models; this module only turns
those numbers into geometry and words for the templates.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import ZoneChoice
from keyfolio.method import AXES, Axis, Thresholds
from keyfolio.method.zones import Box, zone_boxes

T = TypeVar("T")

AXIS_TITLES: dict[Axis, Promise] = {
    Axis.CLIENT: _("Client position — how attractive the client is"),
    Axis.OUR: _("Our position — how strong we are with the client"),
}


@dataclass(frozen=True)
class AxisGroup:
    axis: Axis
    title: Promise
    items: list


def group_by_axis(items: Iterable[T], axis_of: Callable[[T], str]) -> list[AxisGroup]:
    """Split `items` by axis, client position first, keeping their order within an axis."""
    groups = {axis: AxisGroup(axis, AXIS_TITLES[axis], []) for axis in AXES}
    for item in items:
        groups[Axis(axis_of(item))].items.append(item)
    return list(groups.values())


def zone_label(zone: str | None) -> str:
    return str(ZoneChoice(zone).label) if zone else ""


@dataclass(frozen=True)
class Rect:
    """One zone of the small square, its name written in the zone's outer corner,
    where a point is least likely to hide it."""

    zone: str
    label: str
    x: float
    y: float
    width: float
    height: float
    top: bool
    left: bool

    @property
    def label_x(self) -> float:
        return self.x + 2.5 if self.left else self.x + self.width - 2.5

    @property
    def label_y(self) -> float:
        return self.y + 6.5 if self.top else self.y + self.height - 3

    @property
    def label_anchor(self) -> str:
        return "start" if self.left else "end"


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class MiniSquare:
    """The square in SVG user units (0..100, y pointing down), for a small inline SVG."""

    zones: list[Rect]
    point: Point | None
    previous: Point | None
    threshold_x: float
    threshold_y: float


def _rect(box: Box) -> Rect:
    """A zone's box in SVG units, its name in the outer corner: top for the attractive
    zones, left for the weak ones."""
    return Rect(
        zone=box.zone.value,
        label=zone_label(box.zone),
        x=box.our[0],
        y=100 - box.client[1],
        width=box.our[1] - box.our[0],
        height=box.client[1] - box.client[0],
        top=box.zone.attractive,
        left=not box.zone.strong,
    )


def _point(client_index: float | None, our_index: float | None) -> Point | None:
    if client_index is None or our_index is None:
        return None
    return Point(x=our_index, y=100 - client_index)


def mini_square(
    thresholds: Thresholds,
    *,
    point: tuple[float | None, float | None] | None = None,
    previous: tuple[float | None, float | None] | None = None,
) -> MiniSquare:
    """The four zones split at the thresholds, and up to two points given as
    (client index, our index); x is our index, y the client index, as on the portfolio."""
    # Drawn in reading order, top left first.
    boxes = sorted(
        zone_boxes(thresholds), key=lambda box: (not box.zone.attractive, box.zone.strong)
    )
    zones = [_rect(box) for box in boxes]
    return MiniSquare(
        zones=[z for z in zones if z.width > 0 and z.height > 0],
        point=_point(*point) if point else None,
        previous=_point(*previous) if previous else None,
        threshold_x=thresholds.our,
        threshold_y=100 - thresholds.client,
    )
