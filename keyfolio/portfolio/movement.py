"""Reads for the movement report: which accounts moved on the square over a period.

Each account's position at a date is its latest placed assessment on or before that
date (an assessment that does not place the account says nothing about where it
stands). Whether a move counts, its distance and its direction are the rules of
keyfolio.method.movement; here the database applies them, so that the report costs
what it shows: one aggregate for the summary and one page of the longest moves, each
joining every account to its two positions by index (see Assessment's "latest placed"
index), whatever the number of accounts.
"""

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Page
from django.db.models import (
    Case,
    Count,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)

from keyfolio.accounts.models import AccountQuerySet, ZoneChoice
from keyfolio.assessments.models import Assessment
from keyfolio.core.pagination import PAGE_SIZE, CountedPaginator
from keyfolio.method import Zone
from keyfolio.method.movement import Move, MoveSummary, Position
from keyfolio.method.zones import ZONE_RANK
from keyfolio.portfolio.selectors import ZONES, AccountUrls, SquareFilters, portfolio_accounts
from keyfolio.users.models import User
from keyfolio.workspaces.models import Membership

# The two ends of a move, as the accounts' joins are named.
THEN, NOW = "at_start", "at_end"


def _latest_placed(day: date) -> Subquery:
    """The id of the outer account's latest placed assessment on or before `day`, in the
    order of Account.refresh_assessment_pointers."""
    return Subquery(
        Assessment.objects.filter(account=OuterRef("pk"), assessed_on__lte=day, zone__in=ZONES)
        .order_by("-assessed_on", "-created_at", "-pk")
        .values("pk")[:1]
    )


def _rank(end: str) -> Case:
    """The rank (ZONE_RANK) of the zone at one end of the move."""
    return Case(
        *(When(**{f"{end}_zone": zone.value}, then=Value(r)) for zone, r in ZONE_RANK.items()),
        output_field=IntegerField(),
    )


def moves_between(accounts: AccountQuerySet, *, start: date, end: date) -> AccountQuerySet:
    """`accounts` with their position at `start` and at `end` joined (as THEN and NOW;
    None where no assessment placed the account by then) and the move between them:
    `client_change`, `our_change`, `rank_change` (ZONE_RANK, > 0 for a better zone) and
    `distance2`, the square of the distance (the order of the distance, with no square
    root for SQLite to lack)."""
    return accounts.alias(
        **{
            THEN: FilteredRelation(
                "assessments", condition=Q(assessments__pk=_latest_placed(start))
            ),
            NOW: FilteredRelation("assessments", condition=Q(assessments__pk=_latest_placed(end))),
        }
    ).annotate(
        # Every read names these annotations, never the joins themselves: a filter on
        # `then__…` would join the assessments once more (a reverse relation is joined
        # anew by each filter()).
        **{
            f"{end}_{name}": F(f"{end}__{name}")
            for end in (THEN, NOW)
            for name in ("client_index", "our_index", "zone", "assessed_on")
        },
        client_change=F(f"{NOW}_client_index") - F(f"{THEN}_client_index"),
        our_change=F(f"{NOW}_our_index") - F(f"{THEN}_our_index"),
        rank_change=_rank(NOW) - _rank(THEN),
        distance2=F("client_change") * F("client_change") + F("our_change") * F("our_change"),
    )


def _compared() -> Q:
    return Q(**{f"{THEN}_assessed_on__isnull": False, f"{NOW}_assessed_on__isnull": False})


def _notable(min_points: float) -> Q:
    """As keyfolio.method.movement.is_notable: a zone change, or more than `min_points`
    on either index. (Every zone has its own rank: a zone change changes the rank.)"""
    far = Q(client_change__gt=min_points) | Q(client_change__lt=-min_points)
    far |= Q(our_change__gt=min_points) | Q(our_change__lt=-min_points)
    return _compared() & (~Q(rank_change=0) | far)


@dataclass(frozen=True)
class MovementRow:
    id: int
    name: str
    owner: str  # The owner's display name, "" for none.
    url: str
    move: Move
    start_on: date  # When the account was assessed at either end.
    end_on: date

    @property
    def start_zone_label(self) -> str:
        return str(ZoneChoice(self.move.start.zone).label)

    @property
    def end_zone_label(self) -> str:
        return str(ZoneChoice(self.move.end.zone).label)


ROW_COLUMNS = (
    "pk", "name", "owner__full_name", "owner__email",
    f"{THEN}_client_index", f"{THEN}_our_index", f"{THEN}_zone", f"{THEN}_assessed_on",
    f"{NOW}_client_index", f"{NOW}_our_index", f"{NOW}_zone", f"{NOW}_assessed_on",
)  # fmt: skip


def _row(values: tuple[Any, ...], urls: AccountUrls) -> MovementRow:
    """A MovementRow from the first values of a row, those of ROW_COLUMNS."""
    (pk, name, owner_name, owner_email, then_client, then_our, then_zone, then_on,
     now_client, now_our, now_zone, now_on) = values[: len(ROW_COLUMNS)]  # fmt: skip
    return MovementRow(
        id=pk,
        name=name,
        owner=User.display_name_of(owner_name, owner_email) if owner_email else "",
        url=urls(pk),
        move=Move(
            Position(then_client, then_our, Zone(then_zone)),
            Position(now_client, now_our, Zone(now_zone)),
        ),
        start_on=then_on,
        end_on=now_on,
    )


@dataclass(frozen=True)
class MovementReport:
    start: date
    end: date
    min_points: float
    page: Page  # Of MovementRow: the notable moves, the longest first.
    summary: MoveSummary
    compared: int  # Accounts placed at both ends of the period.
    accounts: int  # Accounts in the report's scope.
    longest: float  # The longest notable move, in index points (0 for none).

    @property
    def rows(self) -> list[MovementRow]:
        """The moves of this page."""
        return list(self.page.object_list)


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _totals(min_points: float) -> dict[str, Any]:
    """The report's figures over all its accounts, as aggregates."""
    notable = _notable(min_points)
    return {
        "accounts": Count("pk"),
        "compared": Sum(_flag(_compared())),
        "moved_up": Sum(_flag(_compared() & Q(rank_change__gt=0))),
        "moved_down": Sum(_flag(_compared() & Q(rank_change__lt=0))),
        "big_within_zone": Sum(_flag(notable & Q(rank_change=0))),
        "longest": Max(Case(When(notable, then=F("distance2")))),
    }


def _summary(figures: dict[str, Any]) -> MoveSummary:
    return MoveSummary(
        moved_up=figures["moved_up"] or 0,
        moved_down=figures["moved_down"] or 0,
        big_within_zone=figures["big_within_zone"] or 0,
    )


def _page_number(value: str | int | None) -> int:
    try:
        return max(1, int(value or 1))
    except (TypeError, ValueError):
        return 1


def movement_report(
    membership: Membership,
    filters: SquareFilters,
    *,
    start: date,
    end: date,
    min_points: float,
    page: str | int | None = 1,
) -> MovementReport:
    """The accounts this member sees (narrowed by owner and segment) that changed zone
    or moved by more than `min_points` on either index between `start` and `end`: the
    summary of them all, and page `page` of them, the longest moves first.

    One query, since finding every account's two positions is its whole cost: the page
    of rows carries the report's totals (aggregates over all the accounts, as window
    functions), the notable moves sorted before the others. Only a page past the last
    costs more: the totals alone, then the last page."""
    moves = moves_between(portfolio_accounts(membership, filters), start=start, end=end)
    totals = _totals(min_points)
    rows = (
        moves.annotate(
            notable=_flag(_notable(min_points)),
            **{f"total_{name}": Window(total) for name, total in totals.items()},
        )
        .order_by(F("notable").desc(), F("distance2").desc(nulls_last=True), "name", "pk")
        .values_list(*ROW_COLUMNS, "notable", *(f"total_{name}" for name in totals))
    )
    number = _page_number(page)
    found = list(rows[(number - 1) * PAGE_SIZE : number * PAGE_SIZE])
    if found:
        figures = dict(zip(totals, found[0][len(ROW_COLUMNS) + 1 :], strict=True))
    else:
        figures = moves.aggregate(**totals)
    summary = _summary(figures)
    paginator = CountedPaginator([], PAGE_SIZE, count=summary.total)
    if number > paginator.num_pages:  # Past the last page of moves: show the last.
        number = paginator.num_pages
        found = list(rows[(number - 1) * PAGE_SIZE : number * PAGE_SIZE])
    urls = AccountUrls(membership.workspace.slug)
    notable_rows = [_row(values, urls) for values in found if values[len(ROW_COLUMNS)]]
    return MovementReport(
        start=start,
        end=end,
        min_points=min_points,
        page=Page(notable_rows, number, paginator),
        summary=summary,
        compared=figures["compared"] or 0,
        accounts=figures["accounts"],
        longest=math.sqrt(figures["longest"] or 0),
    )


def zone_changes_between(membership: Membership, *, start: date, end: date) -> list[MovementRow]:
    """Every account this member sees that is in another zone at `end` than at `start`,
    the longest moves first (for the weekly digest: a week's zone changes are few)."""
    moves = moves_between(portfolio_accounts(membership, SquareFilters()), start=start, end=end)
    urls = AccountUrls(membership.workspace.slug)
    changed = moves.filter(_compared()).exclude(rank_change=0)
    return [
        _row(values, urls)
        for values in changed.order_by(F("distance2").desc(), "name", "pk").values_list(
            *ROW_COLUMNS
        )
    ]


def moves_summary(
    accounts: AccountQuerySet, *, start: date, end: date, min_points: float
) -> tuple[MoveSummary, int]:
    """How many of `accounts` moved to a better zone, to a worse one, or by more than
    `min_points` within their zone between `start` and `end`, and how many were placed
    at both ends: one aggregate."""
    moves = moves_between(accounts, start=start, end=end)
    figures = moves.aggregate(**_totals(min_points))
    return _summary(figures), figures["compared"] or 0


def biggest_moves(
    accounts: AccountQuerySet,
    *,
    start: date,
    end: date,
    min_points: float,
    direction: int,
    count: int,
    slug: str,
) -> list[MovementRow]:
    """The `count` notable moves of `accounts` between `start` and `end` that went up
    (`direction` 1) or down (-1), the furthest first: zone changes by how many zones they
    crossed, then moves within a zone by their length. A move within a zone goes up when
    its two changes add up to a gain (towards the key zone's corner), down for a loss."""
    moves = moves_between(accounts, start=start, end=end).annotate(
        net_change=F("client_change") + F("our_change")
    )
    if direction > 0:
        way = Q(rank_change__gt=0) | Q(rank_change=0, net_change__gt=0)
        order = [F("rank_change").desc()]
    else:
        way = Q(rank_change__lt=0) | Q(rank_change=0, net_change__lt=0)
        order = [F("rank_change").asc()]
    found = (
        moves.filter(_notable(min_points) & way)
        .order_by(*order, F("distance2").desc(), "name", "pk")
        .values_list(*ROW_COLUMNS)[:count]
    )
    urls = AccountUrls(slug)
    return [_row(values, urls) for values in found]
