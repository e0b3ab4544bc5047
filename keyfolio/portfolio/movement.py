"""Reads for the movement report: which accounts moved on the square over a period.

Each account's position at a date is its latest placed assessment on or before
that date (an assessment that does not place the account says nothing about where
it stands). Whether a move counts, its distance and its direction come from
keyfolio.method.movement; this module only fetches the positions, one query per
date whatever the number of accounts, reading only the columns it needs.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from keyfolio.accounts.models import Account, AccountQuerySet, ZoneChoice
from keyfolio.assessments.models import Assessment
from keyfolio.method import Zone
from keyfolio.method.movement import Move, MoveSummary, Position, is_notable, summarize
from keyfolio.portfolio.selectors import SquareFilters, portfolio_accounts
from keyfolio.workspaces.models import Membership


@dataclass(frozen=True)
class DatedPosition:
    position: Position
    assessed_on: date


def positions_on(accounts: AccountQuerySet, day: date) -> dict[int, DatedPosition]:
    """Each account's position by its latest placed assessment on or before `day`, by
    account id; accounts placed by no such assessment are left out. One query: the
    assessments are ranked per account in the database and only the first is read."""
    ranked = (
        Assessment.objects.filter(account__in=accounts.values("pk"), assessed_on__lte=day)
        .exclude(zone="")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("account_id")],
                # As Account.refresh_assessment_pointers orders them.
                order_by=[F("assessed_on").desc(), F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank=1)
        .values_list("account_id", "assessed_on", "client_index", "our_index", "zone")
    )
    return {
        account_id: DatedPosition(Position(client, our, Zone(zone)), assessed_on)
        for account_id, assessed_on, client, our, zone in ranked
    }


@dataclass(frozen=True)
class MovementRow:
    account: Account
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


@dataclass(frozen=True)
class MovementReport:
    start: date
    end: date
    min_points: float
    rows: list[MovementRow]  # The notable moves, the longest first.
    summary: MoveSummary
    compared: int  # Accounts placed at both ends of the period.
    accounts: int  # Accounts in the report's scope.


def movement_report(
    membership: Membership, filters: SquareFilters, *, start: date, end: date, min_points: float
) -> MovementReport:
    """The accounts this member sees (narrowed by owner and segment) that changed zone
    or moved by more than `min_points` on either index between `start` and `end`."""
    accounts = portfolio_accounts(membership, filters)
    listed = list(accounts.select_related("owner").only("name", "owner__full_name", "owner__email"))
    before, after = positions_on(accounts, start), positions_on(accounts, end)
    rows, moves = [], []
    for account in listed:
        if account.pk not in before or account.pk not in after:
            continue
        first, last = before[account.pk], after[account.pk]
        move = Move(first.position, last.position)
        moves.append(move)
        if is_notable(move, min_points=min_points):
            url = reverse("dossier:overview", args=(membership.workspace.slug, account.pk))
            rows.append(MovementRow(account, url, move, first.assessed_on, last.assessed_on))
    rows.sort(key=lambda row: (-row.move.distance, row.account.name))
    return MovementReport(
        start=start,
        end=end,
        min_points=min_points,
        rows=rows,
        summary=summarize(moves, min_points=min_points),
        compared=len(moves),
        accounts=len(listed),
    )
