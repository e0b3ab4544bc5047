"""The portfolio report for a quarterly review, as data: the square, the zone table, the
accounts that moved most over the last quarter, and what it covers (workspace, filters,
thresholds, date, who made it). keyfolio.portfolio.report_pdf sets it on A4.

It costs what it shows, whatever the number of accounts: one GROUP BY for the zone
table, one for the revenue per zone, one read for the drawing (named points for a few
accounts, small points for more, density cells counted in the database for many), one
aggregate and two short lists over the quarter's moves.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.functional import Promise

from keyfolio.accounts.models import AccountQuerySet, ZoneChoice
from keyfolio.method import Thresholds, shown_index
from keyfolio.method.movement import DEFAULT_MIN_POINTS, DEFAULT_PERIOD, MoveSummary, period_start
from keyfolio.portfolio.forms import ZONE_FILTERS, SquareFilterForm
from keyfolio.portfolio.movement import MovementRow, biggest_moves, moves_summary
from keyfolio.portfolio.selectors import (
    CURRENT,
    WHOLE_SQUARE,
    ZONES,
    SquareFilters,
    placed,
    square_cells,
)
from keyfolio.revenue.models import RevenueEntry
from keyfolio.revenue.selectors import trailing_year
from keyfolio.users.models import User
from keyfolio.workspaces.models import Workspace

# Up to this many accounts the square names each point; up to DOT_POINTS it draws them
# as small points; beyond, as density cells (see keyfolio.portfolio.selectors.square_cells).
NAMED_POINTS = 40
DOT_POINTS = 2000
Label = str | Promise  # A text, or one to translate when the report is set.

# How many accounts each of the two lists of movers shows.
MOVERS_SHOWN = 6


@dataclass(frozen=True)
class ZoneRow:
    """One line of the zone table: a zone ("" for the accounts not on the square)."""

    zone: str
    count: int
    share: float  # Of all the report's accounts, 0..1.
    average_client: float | None  # As shown (keyfolio.method.shown_index).
    average_our: float | None
    revenue: dict[str, Decimal]  # Over the last twelve months, by currency.

    @property
    def label(self) -> str:
        return str(ZoneChoice(self.zone).label) if self.zone else ""


@dataclass(frozen=True)
class SquareDrawing:
    """What the report's square draws: `points` (our, client, zone, name or "") in modes
    "named" and "dots", `cells` (as square_cells gives them) in mode "cells"."""

    mode: str
    points: list[tuple[float, float, str, str]] = field(default_factory=list)
    cells: dict = field(default_factory=dict)

    @property
    def most_in_a_cell(self) -> int:
        """How many accounts the fullest density cell holds."""
        return max((count for _, _, count, _ in self.cells.get("rows", [])), default=0)


@dataclass(frozen=True)
class PortfolioReport:
    workspace: str
    today: date
    author: str  # Who made it; "" from the command line.
    filters: list[tuple[Label, Label]]  # (filter, value) for each filter applied.
    thresholds: Thresholds
    zones: list[ZoneRow]  # Key, target, maintain, reconsider, then the not assessed.
    average_client: float | None
    average_our: float | None
    drawing: SquareDrawing
    start: date  # The movers' period.
    min_points: float
    moves: MoveSummary
    compared: int  # Accounts placed at both ends of the period.
    up: list[MovementRow]
    down: list[MovementRow]

    @property
    def total(self) -> int:
        return sum(row.count for row in self.zones)

    @property
    def placed(self) -> int:
        return sum(row.count for row in self.zones if row.zone)

    @property
    def revenue(self) -> list[tuple[str, list[Decimal | None], Decimal]]:
        """The revenue table: for each currency, the largest total first, its amount in
        each zone of `zones` (None for none) and its total."""
        currencies = {currency for row in self.zones for currency in row.revenue}
        table = []
        for currency in currencies:
            amounts = [row.revenue.get(currency) for row in self.zones]
            table.append((currency, amounts, sum((a for a in amounts if a), Decimal(0))))
        return sorted(table, key=lambda line: (-line[2], line[0]))


def portfolio_report(
    accounts: AccountQuerySet,
    *,
    workspace: Workspace,
    filters: SquareFilters,
    thresholds: Thresholds,
    today: date,
    author: str = "",
) -> PortfolioReport:
    """The report of `accounts` (the square's, filters applied), as of `today`."""
    zones, average_client, average_our = _zone_table(accounts, workspace, thresholds, today)
    start = period_start(today, DEFAULT_PERIOD)
    moves, compared = moves_summary(accounts, start=start, end=today, min_points=DEFAULT_MIN_POINTS)
    movers = {
        direction: biggest_moves(
            accounts,
            start=start,
            end=today,
            min_points=DEFAULT_MIN_POINTS,
            direction=direction,
            count=MOVERS_SHOWN,
            slug=workspace.slug,
        )
        for direction in (1, -1)
    }
    return PortfolioReport(
        workspace=workspace.name,
        today=today,
        author=author,
        filters=_filters_shown(filters),
        thresholds=thresholds,
        zones=zones,
        average_client=average_client,
        average_our=average_our,
        drawing=_drawing(accounts, sum(row.count for row in zones if row.zone)),
        start=start,
        min_points=DEFAULT_MIN_POINTS,
        moves=moves,
        compared=compared,
        up=movers[1],
        down=movers[-1],
    )


def _zone_table(
    accounts: AccountQuerySet, workspace: Workspace, thresholds: Thresholds, today: date
) -> tuple[list[ZoneRow], float | None, float | None]:
    """The zone table's rows, and the mean indices of all the placed accounts (as shown)."""
    groups = (
        accounts.order_by()
        .values_list(f"{CURRENT}zone")
        .annotate(Count("pk"), Sum(f"{CURRENT}client_index"), Sum(f"{CURRENT}our_index"))
    )
    counts: dict[str, int] = defaultdict(int)
    sums: dict[str, tuple[float, float]] = {}
    for zone, count, client_sum, our_sum in groups:
        zone = zone if zone in ZONES else ""  # Never assessed (None), or not placed ("").
        counts[zone] += count
        if zone:
            sums[zone] = (client_sum, our_sum)
    total = sum(counts.values())
    revenue = _revenue_by_zone(accounts, workspace, today)

    def mean(zones: list[str], axis: int, threshold: float) -> float | None:
        count = sum(counts[zone] for zone in zones)
        if not count:
            return None
        return shown_index(sum(sums[zone][axis] for zone in zones) / count, threshold)

    rows = [
        ZoneRow(
            zone=zone,
            count=counts[zone],
            share=counts[zone] / total if total else 0.0,
            average_client=mean([zone], 0, thresholds.client) if zone else None,
            average_our=mean([zone], 1, thresholds.our) if zone else None,
            revenue=revenue.get(zone, {}),
        )
        for zone in [*ZONES, ""]
    ]
    placed_zones = [zone for zone in ZONES if counts[zone]]
    return rows, mean(placed_zones, 0, thresholds.client), mean(placed_zones, 1, thresholds.our)


def _revenue_by_zone(
    accounts: AccountQuerySet, workspace: Workspace, today: date
) -> dict[str, dict[str, Decimal]]:
    """Our revenue over the last twelve months by the accounts' current zone ("" for none)
    and currency (an account's own, else the workspace's)."""
    entries = trailing_year(RevenueEntry.objects.filter(account__in=accounts), today=today)
    groups = (
        entries.order_by()
        .values_list(f"account__{CURRENT}zone", "account__currency")
        .annotate(Sum("amount"))
    )
    totals: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for zone, currency, amount in groups:
        zone = zone if zone in ZONES else ""
        totals[zone][currency or workspace.default_currency] += amount
    return {zone: dict(by_currency) for zone, by_currency in totals.items()}


def _drawing(accounts: AccountQuerySet, count: int) -> SquareDrawing:
    """The square as the report draws `count` placed accounts: named points, small
    points, or density cells."""
    if count > DOT_POINTS:
        return SquareDrawing("cells", cells=square_cells(accounts, bounds=WHOLE_SQUARE))
    named = count <= NAMED_POINTS
    columns = [f"{CURRENT}our_index", f"{CURRENT}client_index", f"{CURRENT}zone"]
    rows = placed(accounts).order_by("name", "pk").values_list(*columns, "name" if named else "pk")
    return SquareDrawing(
        "named" if named else "dots",
        points=[(our, client, zone, name if named else "") for our, client, zone, name in rows],
    )


def _filters_shown(filters: SquareFilters) -> list[tuple[Label, Label]]:
    """Each filter applied, as (what it filters, by what), labelled as the square's form
    labels them and lazily: the report's language is chosen when it is set."""
    fields = SquareFilterForm.base_fields
    shown: list[tuple[Label, Label]] = []
    if filters.owner:
        names = User.objects.filter(pk=filters.owner).values_list("full_name", "email")
        name = next((User.display_name_of(*row) for row in names), "")
        shown.append((fields["owner"].label or "", name))
    if filters.zone:
        shown.append((fields["zone"].label or "", dict(ZONE_FILTERS)[filters.zone]))
    if filters.segment:
        shown.append((fields["segment"].label or "", filters.segment))
    return shown
