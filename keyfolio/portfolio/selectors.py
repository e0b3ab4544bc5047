"""Reads for the portfolio square (METHOD.md §2).

The square shows every account a member may see as a point (x = our index, y = client
index) placed by its current assessment, with an optional arrow from the previous one.
It costs what it shows, not what the portfolio holds: the summary is one GROUP BY over
the accounts' current and previous zones, the table one page of rows, the list of zone
changes its first few, and the chart either the points (up to
settings.SQUARE_MAX_POINTS of them) or density cells counted in the database. Rows are
read with values_list(): the columns shown, never model objects.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.paginator import Page
from django.db.models import Count, F, Func, IntegerField, Sum, Value
from django.urls import reverse
from django.utils import timezone

from keyfolio.accounts.models import SORT_CHOICES, Account, AccountQuerySet, ZoneChoice
from keyfolio.assessments.models import Methodology
from keyfolio.core.pagination import counted_page
from keyfolio.method import DEFAULT_THRESHOLDS, Thresholds, Zone, shown_index, zone_of
from keyfolio.method.movement import zone_direction
from keyfolio.method.plan import share_of_wallet
from keyfolio.plans.selectors import current_plan_spend
from keyfolio.revenue.selectors import trailing_revenue
from keyfolio.surveys.selectors import nps_of_account
from keyfolio.users.models import User
from keyfolio.workspaces.models import Membership, Workspace


@dataclass(frozen=True)
class SquareFilters:
    owner: int | None = None  # A user id.
    zone: str = ""  # A Zone value, NOT_ASSESSED, or "" for every zone.
    segment: str = ""

    @property
    def any(self) -> bool:
        return bool(self.owner or self.zone or self.segment)


# The zone sort starts with the best zone, so it reads naturally descending.
DEFAULT_SORT = "-zone"

# How many zone changes the square lists beside the chart; the movement report has all.
ZONE_CHANGES_SHOWN = 8

ZONES = [zone.value for zone in Zone]
CURRENT = "current_assessment__"
PREVIOUS = "previous_assessment__"


def square_accounts(membership: Membership, filters: SquareFilters) -> AccountQuerySet:
    """The accounts on this member's square: the visible, non-archived ones narrowed by
    `filters`. Nothing is joined or ordered yet: each read below takes what it needs."""
    return square_of(Account.objects.visible_to(membership), filters)


def square_of(accounts: AccountQuerySet, filters: SquareFilters) -> AccountQuerySet:
    """The non-archived ones of `accounts` narrowed by `filters`: a member's square from
    the accounts they see, a command's from the whole workspace."""
    accounts = _of_owner_and_segment(accounts.active(), filters)
    if filters.zone:
        accounts = accounts.in_zone(filters.zone)
    return accounts


def portfolio_accounts(membership: Membership, filters: SquareFilters) -> AccountQuerySet:
    """The visible, non-archived accounts of the chosen owner and segment: what the
    square and the movement report both start from."""
    return _of_owner_and_segment(Account.objects.visible_to(membership).active(), filters)


def _of_owner_and_segment(accounts: AccountQuerySet, filters: SquareFilters) -> AccountQuerySet:
    if filters.owner:
        accounts = accounts.filter(owner=filters.owner)
    if filters.segment:
        accounts = accounts.filter(segment=filters.segment)
    return accounts


def placed(accounts: AccountQuerySet) -> AccountQuerySet:
    """The accounts whose current assessment places them on the square."""
    return accounts.filter(current_assessment__zone__in=ZONES)


def square_segments(membership: Membership) -> list[str]:
    """The distinct segments of the accounts this member sees, for the filter."""
    return Account.objects.visible_to(membership).active().segments()


def square_members(workspace: Workspace) -> list[tuple[int, str]]:
    """The workspace's members as (user id, display name), for the owner filter."""
    members = workspace.memberships.order_by("user__full_name", "user__email")
    return [
        (user_id, User.display_name_of(full_name, email))
        for user_id, full_name, email in members.values_list(
            "user_id", "user__full_name", "user__email"
        )
    ]


def square_thresholds(workspace: Workspace) -> Thresholds:
    """The thresholds of the workspace's current methodology, where the square splits."""
    try:
        return Methodology.objects.current_for(workspace).thresholds
    except Methodology.DoesNotExist:
        return DEFAULT_THRESHOLDS


# --- windows and density cells -------------------------------------------------------


@dataclass(frozen=True)
class Bounds:
    """A window of the square in index units, edges included: our index (x) from
    `our_min` to `our_max`, the client index (y) from `client_min` to `client_max`."""

    our_min: float = 0.0
    our_max: float = 100.0
    client_min: float = 0.0
    client_max: float = 100.0

    @property
    def whole(self) -> bool:
        return self == WHOLE_SQUARE

    def of(self, accounts: AccountQuerySet) -> AccountQuerySet:
        """The placed ones of `accounts` inside this window."""
        if self.whole:
            return placed(accounts)
        return placed(accounts).filter(
            current_assessment__our_index__range=(self.our_min, self.our_max),
            current_assessment__client_index__range=(self.client_min, self.client_max),
        )

    def as_dict(self) -> dict[str, list[float]]:
        return {
            "our": [self.our_min, self.our_max],
            "client": [self.client_min, self.client_max],
        }


WHOLE_SQUARE = Bounds()

# At most this many density cells across a window (20 × 20 on the whole square).
CELLS_PER_SIDE = 20
# The sides a cell may have, in index points, smallest first: round numbers, so that a
# cell's edges fall on the thresholds a workspace is likely to choose.
CELL_SIZES = (0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0)


def cell_size(span: float) -> float:
    """The side of the cells for a window `span` index points wide: the smallest round
    size that cuts it into at most CELLS_PER_SIDE cells (at least half as many, but
    never cells under 0.1 points)."""
    wanted = span / CELLS_PER_SIDE
    return next((size for size in CELL_SIZES if size >= wanted), CELL_SIZES[-1])


# --- the summary ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SquareSummary:
    zone_counts: dict[str, int] = field(default_factory=dict)  # Every Zone value, even at 0.
    not_placed: int = 0
    average_client: float | None = None
    average_our: float | None = None
    moved_up: int = 0
    moved_down: int = 0
    # The whole square's density cells (see square_cells), counted on the way.
    cells: dict = field(default_factory=dict)

    @property
    def placed(self) -> int:
        return sum(self.zone_counts.values())

    @property
    def total(self) -> int:
        return self.placed + self.not_placed

    @property
    def zone_changes(self) -> int:
        return self.moved_up + self.moved_down

    def shown_averages(self, thresholds: Thresholds) -> tuple[float | None, float | None]:
        """The mean indices as every page shows an index (client, our)."""
        if self.average_client is None or self.average_our is None:
            return None, None
        return (
            shown_index(self.average_client, thresholds.client),
            shown_index(self.average_our, thresholds.our),
        )

    @property
    def zones(self) -> list[tuple[str, str, int]]:
        """(zone, its label, how many accounts are in it), best zone first."""
        return [(z, str(ZoneChoice(z).label), count) for z, count in self.zone_counts.items()]


class CellIndex(Func):
    """Which cell of `size` index points an index lies in, counting from 0: floor(index /
    size). SQLite truncates natively (the same for an index, never negative) where
    Django's FLOOR would call back into Python for every row."""

    output_field = IntegerField()

    def __init__(self, expression: Any, size: float) -> None:
        super().__init__(expression / Value(size))

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="CAST(%(expressions)s AS INTEGER)")

    def as_sql(self, compiler, connection, function=None, template=None, **extra):
        return super().as_sql(
            compiler, connection, function, template or "FLOOR(%(expressions)s)", **extra
        )


def _cell_counts(
    accounts: AccountQuerySet, bounds: Bounds, *more: Any
) -> tuple[tuple[float, float], Any]:
    """`accounts` grouped by the density cell their current assessment lies in (at the cell
    size of `bounds`), their current zone and `more`, with their number: rows of (column,
    row, zone, *more, count). Column × size is the cell's left edge on our index, row ×
    size its bottom edge on the client index; accounts not placed come in cell None."""
    size = (
        cell_size(bounds.our_max - bounds.our_min),
        cell_size(bounds.client_max - bounds.client_min),
    )
    groups = (
        accounts.order_by()
        .annotate(
            column=CellIndex(F(f"{CURRENT}our_index"), size[0]),
            row=CellIndex(F(f"{CURRENT}client_index"), size[1]),
        )
        .values_list("column", "row", f"{CURRENT}zone", *more)
    )
    return size, groups


def _cells(size: tuple[float, float], counts: dict[tuple[int, int], Counter[str]]) -> dict:
    """Density cells as square.js draws them: rows of [column, row, count, zone], zone the
    one most of the cell's accounts are in (a cell may straddle a threshold, and stored
    zones follow the thresholds of their day)."""
    return {
        "size": list(size),
        "rows": [
            [column, row, sum(zones.values()), zones.most_common(1)[0][0]]
            for (column, row), zones in sorted(counts.items())
        ],
    }


def _cell_of(column: float, row: float, size: tuple[float, float]) -> tuple[int, int]:
    # An index of exactly 100 belongs in the last cell, not in one past the square.
    last = (math.ceil(100 / size[0]) - 1, math.ceil(100 / size[1]) - 1)
    return min(int(column), last[0]), min(int(row), last[1])


def square_summary(accounts: AccountQuerySet) -> SquareSummary:
    """Counts per zone, the mean indices of the placed accounts, how many moved to a
    better or a worse zone since their previous assessment, and the whole square's
    density cells: one GROUP BY over the cell, the current and the previous zone,
    whatever the number of accounts."""
    size, groups = _cell_counts(accounts, WHOLE_SQUARE, f"{PREVIOUS}zone")
    groups = groups.annotate(Count("pk"), Sum(f"{CURRENT}client_index"), Sum(f"{CURRENT}our_index"))
    zones: Counter[str] = Counter()
    directions: Counter[int] = Counter()
    cells: dict[tuple[int, int], Counter[str]] = defaultdict(Counter)
    total, client, our = 0, 0.0, 0.0
    for column, row, zone, previous, count, client_sum, our_sum in groups:
        total += count
        if not zone:  # Never assessed (None), or not placed ("").
            continue
        zones[zone] += count
        cells[_cell_of(column, row, size)][zone] += count
        client += client_sum
        our += our_sum
        if previous:
            directions[zone_direction(Zone(previous), Zone(zone))] += count
    placed_count = sum(zones.values())
    return SquareSummary(
        zone_counts={zone: zones[zone] for zone in ZONES},
        not_placed=total - placed_count,
        average_client=client / placed_count if placed_count else None,
        average_our=our / placed_count if placed_count else None,
        moved_up=directions[1],
        moved_down=directions[-1],
        cells=_cells(size, cells),
    )


# --- the table -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Movement:
    """How an account moved from its previous placement to its current one."""

    client: float  # Change of the client index, in index points.
    our: float
    zone_from: str
    zone_to: str

    @property
    def direction(self) -> int:
        """+1 if the account moved to a better zone, -1 to a worse one, 0 if it stayed."""
        return zone_direction(Zone(self.zone_from), Zone(self.zone_to))

    @property
    def zone_changed(self) -> bool:
        return self.zone_from != self.zone_to

    @property
    def zone_change_label(self) -> str:
        """E.g. "Target → Key"."""
        return f"{ZoneChoice(self.zone_from).label} → {ZoneChoice(self.zone_to).label}"


# The columns of one row of the table (and of the list of zone changes), in this order.
ROW_COLUMNS = (
    "pk",
    "name",
    "owner__full_name",
    "owner__email",
    "segment",
    f"{CURRENT}client_index",
    f"{CURRENT}our_index",
    f"{CURRENT}zone",
    f"{CURRENT}completeness",
    f"{CURRENT}assessed_on",
    f"{PREVIOUS}client_index",
    f"{PREVIOUS}our_index",
    f"{PREVIOUS}zone",
    f"{CURRENT}methodology__threshold_client",
    f"{CURRENT}methodology__threshold_our",
)


@dataclass(frozen=True)
class SquareRow:
    """One account in the table under the square, from a tuple of ROW_COLUMNS."""

    id: int
    name: str
    url: str
    owner: str  # The owner's display name, "" for none.
    segment: str
    client: float | None  # As shown: see keyfolio.method.shown_index.
    our: float | None
    zone: str  # "" when the account is not placed.
    completeness: float | None  # None when it was never assessed.
    assessed_on: date | None
    movement: Movement | None  # Only when both this and the previous assessment place it.

    @classmethod
    def of(cls, values: Sequence[Any], url: str) -> "SquareRow":
        (pk, name, owner_name, owner_email, segment, client, our, zone, completeness,
         assessed_on, previous_client, previous_our, previous_zone, threshold_client,
         threshold_our) = values  # fmt: skip
        movement = None
        if zone and previous_zone:
            movement = Movement(client - previous_client, our - previous_our, previous_zone, zone)
        return cls(
            id=pk,
            name=name,
            url=url,
            owner=User.display_name_of(owner_name, owner_email) if owner_email else "",
            segment=segment,
            # As every page shows an index (keyfolio.method.shown_index).
            client=None if client is None else shown_index(client, threshold_client),
            our=None if our is None else shown_index(our, threshold_our),
            zone=zone or "",
            completeness=completeness,
            assessed_on=assessed_on,
            movement=movement,
        )

    @property
    def placed(self) -> bool:
        return bool(self.zone)

    @property
    def assessed(self) -> bool:
        return self.assessed_on is not None

    @property
    def zone_label(self) -> str:
        return str(ZoneChoice(self.zone).label) if self.zone else ""


class AccountUrls:
    """The account page of an id, without one reverse() per account."""

    def __init__(self, slug: str) -> None:
        # The id is the path's last segment: the slug can never be mistaken for it.
        head, _, tail = reverse("dossier:overview", args=(slug, 0)).rpartition("/0/")
        self.template = f"{head}/{{id}}/{tail}"  # For square.js: "/w/acme/accounts/{id}/".
        self._head, self._tail = head, tail

    def __call__(self, pk: int) -> str:
        return f"{self._head}/{pk}/{self._tail}"


def square_table(
    accounts: AccountQuerySet, *, sort: str, page: str | int | None, count: int, slug: str
) -> Page:
    """One page of the table under the square, ordered by `sort` (a key of SORT_COLUMNS,
    "-" for descending; anything else falls back to DEFAULT_SORT), then by name. `count`
    is how many accounts there are (the summary's total): nothing counts them again."""
    ordered = accounts.sorted_by(sort if sort in SORT_CHOICES else DEFAULT_SORT)
    urls = AccountUrls(slug)
    return counted_page(
        ordered.values_list(*ROW_COLUMNS),
        count=count,
        number=page,
        wrap=lambda values: SquareRow.of(values, urls(values[0])),
    )


def square_zone_changes(accounts: AccountQuerySet, *, slug: str) -> list[SquareRow]:
    """The accounts that changed zone at their latest assessment, the latest first: the
    first ZONE_CHANGES_SHOWN of them (the summary counts them all)."""
    changed = (
        placed(accounts)
        .filter(previous_assessment__zone__in=ZONES)
        .exclude(current_assessment__zone=F(f"{PREVIOUS}zone"))
        .order_by(f"-{CURRENT}assessed_on", "name", "pk")
    )
    urls = AccountUrls(slug)
    return [
        SquareRow.of(values, urls(values[0]))
        for values in changed.values_list(*ROW_COLUMNS)[:ZONE_CHANGES_SHOWN]
    ]


# --- the chart -----------------------------------------------------------------------------


# The columns of a point, as square.js reads them (see square_points).
POINT_FIELDS = [
    "id", "name", "our", "client", "zone", "owner", "segment", "assessed_on",
    "scored", "criteria", "revenue", "wallet", "currency", "nps",
]  # fmt: skip
PREVIOUS_FIELDS = [
    "previous_our", "previous_client", "previous_zone", "previous_on", "change_our",
    "change_client",
]  # fmt: skip
FORECAST_FIELDS = ["forecast_our", "forecast_client", "forecast_zone"]
# How many accounts a search on a square of density cells answers at most.
FOUND_SHOWN = 12


def _index(value: float | None) -> float | None:
    # Two decimals draw the point exactly and keep the page small (an index is stored
    # unrounded: 63.333333333333336 is 18 characters).
    return None if value is None else round(value, 2)


def _amount(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def square_points(
    accounts: AccountQuerySet,
    *,
    arrows: bool,
    forecast: bool,
    thresholds: Thresholds,
    today: date | None = None,
    limit: int | None = None,
) -> dict:
    """The placed `accounts` as rows of POINT_FIELDS (then the previous placement and the
    change since, as the table shows it, if `arrows`; the forecast and its zone by
    `thresholds` if `forecast`) with their owners' names once each. Indices are as every
    page shows them (keyfolio.method.shown_index); `scored` of `criteria` is how complete
    the current assessment is; `revenue` is our revenue over the twelve months to `today`
    and `wallet` its share of the client's spend by the current plan (either None when
    unknown), in the account's `currency` ("" for the workspace's); `nps` the client's NPS
    over the last year, whole (None when not surveyed). One query, in order of
    id (of name when `limit`ed, the first `limit`), at most SQUARE_MAX_POINTS rows by the
    caller's choice."""
    columns = [
        "pk", "name", f"{CURRENT}our_index", f"{CURRENT}client_index", f"{CURRENT}zone",
        "owner_id", "segment", f"{CURRENT}assessed_on", f"{CURRENT}criteria_scored",
        f"{CURRENT}criteria_total", "revenue_12", "client_spend", "currency",
        "owner__full_name", "owner__email",
        f"{CURRENT}methodology__threshold_our", f"{CURRENT}methodology__threshold_client",
        "nps",
    ]  # fmt: skip
    if arrows:
        columns += [f"{PREVIOUS}{name}" for name in ("our_index", "client_index", "zone")]
        columns.append(f"{PREVIOUS}assessed_on")
    if forecast:
        columns += ["forecast_our_index", "forecast_client_index"]
    today = today or timezone.localdate()
    accounts = accounts.annotate(
        revenue_12=trailing_revenue(today=today),
        client_spend=current_plan_spend(),
        nps=nps_of_account(today=today),
    )
    ordered = accounts.order_by("name", "pk") if limit else accounts.order_by("pk")
    rows, owners = [], {}
    for values in ordered.values_list(*columns)[:limit]:
        (pk, name, our, client, zone, owner, segment, on, scored, criteria, revenue, spend,
         currency, owner_name, owner_email, threshold_our,
         threshold_client, nps) = values[:18]  # fmt: skip
        if owner is not None:
            owners[owner] = User.display_name_of(owner_name, owner_email)
        wallet = share_of_wallet(_amount(revenue), _amount(spend))
        row = [
            pk, name, shown_index(our, threshold_our), shown_index(client, threshold_client),
            zone, owner, segment, on.isoformat(), scored, criteria, _amount(revenue),
            _share(wallet), currency, None if nps is None else round(nps),
        ]  # fmt: skip
        rest = values[18:]
        if arrows:
            (p_our, p_client, p_zone, p_on), rest = rest[:4], rest[4:]
            if p_zone:  # A previous assessment that does not place the account has no arrow.
                # The change as the table shows it (SquareRow.movement, the filter signed).
                change = Movement(client - p_client, our - p_our, p_zone, zone)
                row += [_index(p_our), _index(p_client), p_zone, p_on.isoformat()]
                row += [round(change.our, 1), round(change.client, 1)]
            else:
                row += [None] * 6
        if forecast:
            f_our, f_client = rest
            if f_our is None or f_client is None:
                row += [None] * 3
            else:
                row += [
                    shown_index(f_our, thresholds.our),
                    shown_index(f_client, thresholds.client),
                    zone_of(f_client, f_our, thresholds).value,
                ]
        rows.append(row)
    fields = (
        POINT_FIELDS + (PREVIOUS_FIELDS if arrows else []) + (FORECAST_FIELDS if forecast else [])
    )
    return {"fields": fields, "rows": rows, "owners": owners}


def square_found(
    accounts: AccountQuerySet, text: str, *, arrows: bool, forecast: bool, thresholds: Thresholds
) -> dict:
    """The placed `accounts` whose name holds `text` (any case), for the search over a
    square of density cells: the first FOUND_SHOWN by name as points, and whether there
    are more. One query."""
    matches = placed(accounts).filter(name__icontains=text)
    points = square_points(
        matches, arrows=arrows, forecast=forecast, thresholds=thresholds, limit=FOUND_SHOWN + 1
    )
    more = len(points["rows"]) > FOUND_SHOWN
    points["rows"] = points["rows"][:FOUND_SHOWN]
    return {"mode": "found", "points": points, "more": more}


def square_cells(accounts: AccountQuerySet, *, bounds: Bounds) -> dict:
    """The placed `accounts` inside `bounds` counted per density cell, in the database
    (GROUP BY the cells' indices), at a cell size that gives about CELLS_PER_SIDE cells
    across the window (see _cells for the rows)."""
    size, groups = _cell_counts(bounds.of(accounts), bounds)
    cells: dict[tuple[int, int], Counter[str]] = defaultdict(Counter)
    for column, row, zone, count in groups.annotate(Count("pk")):
        cells[_cell_of(column, row, size)][zone] += count
    return _cells(size, cells)


def square_window(
    accounts: AccountQuerySet,
    *,
    bounds: Bounds,
    summary: SquareSummary | None = None,
    arrows: bool = False,
    forecast: bool = False,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> dict:
    """What the chart draws of `accounts` inside `bounds`: their points when there are at
    most settings.SQUARE_MAX_POINTS of them, else density cells with their counts (arrows
    and forecasts go with points only). The `summary` of the accounts, if given for the
    whole square, has counted them and their cells already."""
    if summary is not None and bounds.whole:
        count = summary.placed
    else:
        count, summary = bounds.of(accounts).count(), None
    window: dict[str, Any] = {"count": count, "bounds": bounds.as_dict()}
    if count > settings.SQUARE_MAX_POINTS:
        cells = summary.cells if summary is not None else square_cells(accounts, bounds=bounds)
        return window | {"mode": "cells", "cells": cells}
    points = square_points(
        bounds.of(accounts), arrows=arrows, forecast=forecast, thresholds=thresholds
    )
    return window | {"mode": "points", "points": points}
