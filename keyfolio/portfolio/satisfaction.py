"""The portfolio's satisfaction (rule 5 of the method): NPS, CSAT and response rate of
the surveys of the last year, by zone, by account manager and by segment, over the
accounts of a member's square.

Each breakdown is one GROUP BY over the accounts and their invitations: the database
counts promoters, detractors, satisfied answers and sendings per group, and the figures
follow from those counts (keyfolio.surveys.selectors.Tally), so the page costs three
queries whatever the number of accounts and answers. Every group of the square's
accounts is listed, surveyed or not: a manager who never surveys is worth seeing.
"""

from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import add

from django.utils.translation import gettext as _

from keyfolio.accounts.models import AccountQuerySet, ZoneChoice
from keyfolio.method.zones import Zone
from keyfolio.surveys.selectors import DEFAULT_WINDOW_DAYS, Tally, tally_annotations
from keyfolio.users.models import User


@dataclass(frozen=True)
class Group:
    label: str
    tally: Tally


@dataclass(frozen=True)
class PortfolioSatisfaction:
    total: Tally | None  # None when the square holds no account
    by_zone: list[Group]
    by_manager: list[Group]
    by_segment: list[Group]
    window_days: int

    @property
    def surveyed(self) -> bool:
        """Whether a survey was sent to or answered by one of the accounts in the window."""
        return bool(self.total and (self.total.sent or self.total.responses))


def portfolio_satisfaction(
    accounts: AccountQuerySet, *, today: date, window_days: int = DEFAULT_WINDOW_DAYS
) -> PortfolioSatisfaction:
    """The satisfaction of `accounts` by zone, manager and segment: three queries."""
    aggregates = tally_annotations(today=today, window_days=window_days)

    def tallies(*columns: str) -> list[tuple[tuple, Tally]]:
        rows = accounts.order_by().values(*columns).annotate(**aggregates)
        return [(tuple(row[c] for c in columns), Tally.of(row)) for row in rows]

    by_zone = _zones(tallies("current_assessment__zone"))
    return PortfolioSatisfaction(
        # The zones split every account exactly once: their sum is the whole.
        total=reduce(add, (group.tally for group in by_zone)) if by_zone else None,
        by_zone=by_zone,
        by_manager=_managers(tallies("owner", "owner__full_name", "owner__email")),
        by_segment=_segments(tallies("segment")),
        window_days=window_days,
    )


def _zones(rows: list[tuple[tuple, Tally]]) -> list[Group]:
    """The zones best first, then the accounts not on the square (no assessment, or one
    without a zone) as one group."""
    found: dict[str, Tally] = {}
    for (zone,), tally in rows:
        key = zone or ""
        found[key] = found[key] + tally if key in found else tally
    order = [zone.value for zone in Zone] + [""]
    return [
        Group(str(ZoneChoice(key).label) if key else _("Not assessed"), found[key])
        for key in order
        if key in found
    ]


def _managers(rows: list[tuple[tuple, Tally]]) -> list[Group]:
    """The managers by name, the accounts without one last."""
    named = sorted(
        (
            (User.display_name_of(full_name, email), tally)
            for (owner, full_name, email), tally in rows
            if owner
        ),
        key=lambda pair: pair[0].casefold(),
    )
    unowned = [Group(_("No account manager"), tally) for (owner, *_n), tally in rows if not owner]
    return [Group(label, tally) for label, tally in named] + unowned


def _segments(rows: list[tuple[tuple, Tally]]) -> list[Group]:
    """The segments by name, the accounts without one last."""
    named = sorted(
        ((segment, tally) for (segment,), tally in rows if segment), key=lambda p: p[0].casefold()
    )
    unnamed = [Group(_("No segment"), tally) for (segment,), tally in rows if not segment]
    return [Group(label, tally) for label, tally in named] + unnamed
