"""Reads for the portfolio square (METHOD.md §2).

The square shows every account a member may see as a point (x = our index,
y = client index) placed by its current assessment, with an optional arrow from
the previous one. Everything here is a read: one query for the accounts with both
assessments joined, one for the workspace's thresholds, and plain data out for the
template and the chart.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from statistics import fmean

from django.urls import reverse

from keyfolio.accounts.models import SORT_CHOICES, Account, AccountQuerySet, ZoneChoice
from keyfolio.assessments.models import Assessment, Methodology
from keyfolio.method import DEFAULT_THRESHOLDS, Thresholds, Zone, zone_of
from keyfolio.method.movement import zone_direction
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


def square_accounts(
    membership: Membership, filters: SquareFilters, *, sort: str = DEFAULT_SORT
) -> AccountQuerySet:
    """The accounts on this member's square: the visible, non-archived ones with the
    owner, current and previous assessment joined (one query whatever their number),
    narrowed by `filters` and ordered by `sort` (a key of SORT_COLUMNS, "-" for
    descending; anything else falls back to DEFAULT_SORT), then by name."""
    accounts = portfolio_accounts(membership, filters).with_assessments()
    if filters.zone:
        accounts = accounts.in_zone(filters.zone)
    return accounts.sorted_by(sort if sort in SORT_CHOICES else DEFAULT_SORT)


def portfolio_accounts(membership: Membership, filters: SquareFilters) -> AccountQuerySet:
    """The visible, non-archived accounts of the chosen owner and segment: what the
    square and the movement report both start from."""
    accounts = Account.objects.visible_to(membership).active()
    if filters.owner:
        accounts = accounts.filter(owner=filters.owner)
    if filters.segment:
        accounts = accounts.filter(segment=filters.segment)
    return accounts


def square_segments(membership: Membership) -> list[str]:
    """The distinct segments of the accounts this member sees, for the filter."""
    return Account.objects.visible_to(membership).active().segments()


def square_members(workspace: Workspace) -> list[Membership]:
    """The workspace's members with their users, for the owner filter."""
    return list(
        workspace.memberships.select_related("user").order_by("user__full_name", "user__email")
    )


def square_thresholds(workspace: Workspace) -> Thresholds:
    """The thresholds of the workspace's current methodology, where the square splits."""
    try:
        return Methodology.objects.current_for(workspace).thresholds
    except Methodology.DoesNotExist:
        return DEFAULT_THRESHOLDS


@dataclass(frozen=True)
class Placement:
    """Where one assessment puts an account on the square."""

    client: float
    our: float
    zone: str
    assessed_on: date

    @classmethod
    def of(cls, assessment: Assessment | None) -> "Placement | None":
        """None for no assessment, or one that lacks an index on either axis."""
        if assessment is None or not assessment.placed:
            return None
        assert assessment.client_index is not None and assessment.our_index is not None
        return cls(
            assessment.client_index, assessment.our_index, assessment.zone, assessment.assessed_on
        )

    def as_dict(self) -> dict:
        return {
            "client": self.client,
            "our": self.our,
            "zone": self.zone,
            "assessed_on": self.assessed_on.isoformat(),
        }


@dataclass(frozen=True)
class Movement:
    """How an account moved from its previous placement to its current one."""

    client: float  # Change of the client index, in index points.
    our: float
    zone_from: str
    zone_to: str

    @classmethod
    def between(cls, previous: Placement, current: Placement) -> "Movement":
        return cls(
            current.client - previous.client,
            current.our - previous.our,
            previous.zone,
            current.zone,
        )

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


@dataclass(frozen=True)
class Forecast:
    """Where the account is expected in three years (METHOD.md §2), and that point's zone."""

    client: float
    our: float
    zone: str

    @classmethod
    def of(cls, account: Account, thresholds: Thresholds) -> "Forecast | None":
        """None unless both forecast indices are set."""
        client, our = account.forecast_client_index, account.forecast_our_index
        if client is None or our is None:
            return None
        return cls(client, our, zone_of(client, our, thresholds).value)

    def as_dict(self) -> dict:
        return {"client": self.client, "our": self.our, "zone": self.zone}


@dataclass(frozen=True)
class SquareRow:
    """One account on the square and in the table under it."""

    account: Account
    url: str
    current: Placement | None
    previous: Placement | None  # Only if the previous assessment was placed too.
    forecast: Forecast | None = None

    @property
    def assessment(self) -> Assessment | None:
        """The current assessment, placed or not (the table shows its completeness)."""
        return self.account.current_assessment

    @property
    def placed(self) -> bool:
        return self.current is not None

    @property
    def movement(self) -> Movement | None:
        if self.current is None or self.previous is None:
            return None
        return Movement.between(self.previous, self.current)

    def as_point(self) -> dict:
        """The chart's data for this account; call only for a placed row."""
        assert self.current is not None and self.assessment is not None
        account = self.account
        return {
            "id": account.pk,
            "name": account.name,
            "url": self.url,
            "owner": account.owner.display_name if account.owner else "",
            "segment": account.segment,
            **self.current.as_dict(),
            "completeness": self.assessment.completeness,
            "previous": self.previous.as_dict() if self.previous else None,
            "forecast": self.forecast.as_dict() if self.forecast else None,
        }


def square_rows(
    accounts: Iterable[Account], *, workspace: Workspace, thresholds: Thresholds
) -> list[SquareRow]:
    """Wrap accounts from `square_accounts` with their page's URL, their placements and
    their forecast (placed by the current `thresholds`)."""
    return [
        SquareRow(
            account,
            url=reverse("dossier:overview", args=(workspace.slug, account.pk)),
            current=Placement.of(account.current_assessment),
            previous=Placement.of(account.previous_assessment),
            forecast=Forecast.of(account, thresholds),
        )
        for account in accounts
    ]


def square_points(rows: Iterable[SquareRow]) -> list[dict]:
    """The chart's points: plain dicts for the placed accounts only (see as_point)."""
    return [row.as_point() for row in rows if row.placed]


@dataclass(frozen=True)
class SquareSummary:
    zone_counts: dict[str, int] = field(default_factory=dict)  # Every Zone value, even at 0.
    not_placed: int = 0
    average_client: float | None = None
    average_our: float | None = None
    moved_up: int = 0
    moved_down: int = 0

    @property
    def placed(self) -> int:
        return sum(self.zone_counts.values())

    @property
    def zones(self) -> list[tuple[str, str, int]]:
        """(zone, its label, how many accounts are in it), best zone first."""
        return [(z, str(ZoneChoice(z).label), count) for z, count in self.zone_counts.items()]


def square_summary(rows: Sequence[SquareRow]) -> SquareSummary:
    """Counts per zone, the mean indices of the placed accounts, and how many moved
    to a better or a worse zone since their previous assessment."""
    placed = [row.current for row in rows if row.current is not None]
    zones = Counter(p.zone for p in placed)
    directions = Counter(row.movement.direction for row in rows if row.movement is not None)
    return SquareSummary(
        zone_counts={zone.value: zones[zone.value] for zone in Zone},
        not_placed=len(rows) - len(placed),
        average_client=fmean(p.client for p in placed) if placed else None,
        average_our=fmean(p.our for p in placed) if placed else None,
        moved_up=directions[1],
        moved_down=directions[-1],
    )
