"""The calibration page's reads: where the assessors of a member's accounts disagree
most, and who of them scores high or low compared with the others.

An account counts when two or more people assessed it within CONSENSUS_WINDOW ending at
its latest assessment, with that assessment's methodology version: the accounts whose
consensus card (keyfolio.assessments.consensus) shows several assessors. The page costs
what it shows, not what the portfolio holds: the database picks those accounts'
assessments (the others are never read), their scores come as plain tuples, and only
the accounts of the table's page get their consensus indices computed. The arithmetic
is keyfolio.method.consensus's.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from statistics import fmean

from django.core.paginator import Page
from django.db.models import DateField, F, Func, Max, Min, QuerySet, Window
from django.db.models.functions import RowNumber

from keyfolio.accounts.models import Account
from keyfolio.assessments.consensus import CONSENSUS_WINDOW, PlacedByConsensus
from keyfolio.assessments.models import Assessment, Criterion, Score
from keyfolio.core.pagination import counted_page
from keyfolio.method import AssessmentResult, Axis, Thresholds
from keyfolio.method.consensus import (
    CriterionWeight,
    Ratings,
    Spread,
    consensus_result,
    criterion_spreads,
    deviations,
)
from keyfolio.users.models import User
from keyfolio.workspaces.models import Membership

# How many accounts the calibration page names under each criterion.
WORST_ACCOUNTS = 3
# How many of the highest and of the lowest scorers it lists (a big team has hundreds of
# assessors; the ones in between are the nearest the consensus).
ASSESSORS_SHOWN = 10

CURRENT = "current_assessment__"


@dataclass(frozen=True)
class AccountRef:
    """An account as the page names and links it."""

    pk: int
    name: str


@dataclass(frozen=True)
class Rating:
    """One assessor's latest assessment of an account within its window."""

    assessment: int  # Its id.
    assessor: User  # Only the names are read: an unsaved instance is enough.
    assessed_on: date
    scores: dict[str, float | None]  # By criterion key.


@dataclass(frozen=True)
class AccountWindow:
    """An account that several people assessed within its window, as its ratings say."""

    account: AccountRef
    ratings: list[Rating]  # Two or more, by date then assessor.
    thresholds: Thresholds  # Of its latest assessment's methodology.
    spreads: dict[str, Spread | None]  # By criterion key, of the ratings' scores.


@dataclass(frozen=True)
class AccountCalibration(PlacedByConsensus):
    """One row of the table of accounts: the consensus of its assessors."""

    account: AccountRef
    ratings: list[Rating]
    result: AssessmentResult  # From the mean scores.
    thresholds: Thresholds  # Of the methodology version the ratings share.
    widest: float  # The widest spread of a criterion.
    wide_criteria: int  # How many criteria are widely spread.


@dataclass(frozen=True)
class CriterionCalibration:
    criterion: Criterion  # Its label as one of the methodology versions in use has it.
    average_spread: float
    accounts: int  # Accounts where two or more assessors scored it.
    wide: int  # Of which with a wide spread.
    worst: list[tuple[AccountRef, Spread]]  # Widest first.


@dataclass(frozen=True)
class AssessorCalibration:
    assessor: User
    mean_deviation: float  # Above 0: scores higher than the others on the same accounts.
    mean_distance: float  # The same without the sign: how far from the consensus at all.
    scores: int
    accounts: int

    @property
    def size(self) -> float:
        """How far from the others, whichever way."""
        return abs(self.mean_deviation)


@dataclass(frozen=True)
class Calibration:
    page: Page  # Of AccountCalibration, by account name.
    criteria: list[CriterionCalibration]  # Widest average spread first.
    assessors: list[AssessorCalibration]  # Highest scorers first.

    @property
    def accounts(self) -> int:
        """How many accounts have several assessors."""
        return self.page.paginator.count

    @property
    def consensuses(self) -> list[AccountCalibration]:
        """The accounts of this page."""
        return list(self.page.object_list)

    @property
    def highest_assessors(self) -> list["AssessorCalibration"]:
        """The assessors the page lists first: those who score highest, or everyone."""
        return self.assessors[:ASSESSORS_SHOWN]

    @property
    def lowest_assessors(self) -> list["AssessorCalibration"]:
        """Those it lists last, after the gap: those who score lowest."""
        return self.assessors[ASSESSORS_SHOWN:][-ASSESSORS_SHOWN:]

    @property
    def assessors_between(self) -> int:
        """How many the page leaves out between them: the ones nearest the consensus."""
        return max(0, len(self.assessors) - 2 * ASSESSORS_SHOWN)

    @property
    def widest_spread(self) -> float:
        return max((c.average_spread for c in self.criteria), default=0.0)

    @property
    def widest_deviation(self) -> float:
        return max((abs(a.mean_deviation) for a in self.assessors), default=0.0)


# --- reading ---------------------------------------------------------------------------------


class DaysBefore(Func):
    """The date `days` days before a date column, in the database's own date arithmetic
    (Django's generic date arithmetic on SQLite calls back into Python for every row)."""

    output_field = DateField()

    def __init__(self, expression, days: int):
        super().__init__(expression)
        self.days = int(days)

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"date({sql}, '-{self.days} days')", params

    def as_sql(self, compiler, connection, **extra):
        # PostgreSQL: a date minus an integer is a date.
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} - {self.days})", params


def window_assessments(membership: Membership) -> QuerySet[Assessment]:
    """Each assessor's latest signed assessment (as Account.refresh_assessment_pointers
    orders them) within the latest window of each active account this member sees, of
    the accounts that two or more people assessed there.

    Only accounts whose previous assessment lies in the window can qualify (the others
    have one assessment there), and the accounts' pointers tell which those are; their
    windows are then read by the assessments' index. An account has several assessors
    when the lowest and the highest assessor id of its window differ."""
    days = CONSENSUS_WINDOW.days
    accounts = (
        Account.objects.visible_to(membership)
        .active()
        .filter(previous_assessment__assessed_on__gte=DaysBefore(F(f"{CURRENT}assessed_on"), days))
    )
    latest = f"account__{CURRENT}"
    by_account = [F("account_id")]
    return (
        Assessment.objects.filter(
            account__in=accounts,
            assessor__isnull=False,
            methodology_id=F(f"{latest}methodology_id"),
            assessed_on__lte=F(f"{latest}assessed_on"),
            assessed_on__gte=DaysBefore(F(f"{latest}assessed_on"), days),
        )
        .annotate(
            first_assessor=Window(Min("assessor_id"), partition_by=by_account),
            last_assessor=Window(Max("assessor_id"), partition_by=by_account),
            recency=Window(
                RowNumber(),
                partition_by=[F("account_id"), F("assessor_id")],
                order_by=[F("assessed_on").desc(), F("created_at").desc(), F("pk").desc()],
            ),
        )
        .filter(first_assessor__lt=F("last_assessor"), recency=1)
    )


ASSESSMENT_COLUMNS = (
    "pk", "account_id", "account__name", "assessor_id", "assessor__full_name",
    "assessor__email", "assessed_on", "methodology__threshold_client",
    "methodology__threshold_our",
)  # fmt: skip


def account_windows(membership: Membership) -> tuple[list[AccountWindow], dict[str, Criterion]]:
    """Every account this member sees with several assessors in its latest window, by
    name, and the criteria their scores name (by key). Three queries: the assessments,
    their scores (by the assessments' query again, as a subquery: their ids may be more
    than a database takes as parameters), their criteria; one when no account has
    several assessors."""
    chosen = window_assessments(membership)
    by_account: dict[int, list[tuple]] = defaultdict(list)
    for row in chosen.values_list(*ASSESSMENT_COLUMNS):
        by_account[row[1]].append(row)
    if not by_account:
        return [], {}
    scores: dict[int, dict[int, float | None]] = defaultdict(dict)
    for assessment, criterion, value in Score.objects.filter(
        assessment__in=chosen.values("pk")
    ).values_list("assessment_id", "criterion_id", "value"):
        scores[assessment][criterion] = value
    criteria = Criterion.objects.filter(pk__in={c for s in scores.values() for c in s})
    by_id = {criterion.pk: criterion for criterion in criteria}
    people: dict[int, User] = {}
    windows = [_window(rows, scores, by_id, people) for rows in by_account.values()]
    windows.sort(key=lambda w: (w.account.name, w.account.pk))
    return windows, {criterion.key: criterion for criterion in by_id.values()}


def _window(
    rows: list[tuple],
    scores: dict[int, dict[int, float | None]],
    criteria: dict[int, Criterion],
    people: dict[int, User],
) -> AccountWindow:
    """One account's window from its rows of ASSESSMENT_COLUMNS (each assessor's latest)
    and their scores; `people` keeps one User per assessor across the accounts."""
    ratings = []
    for pk, _, _, assessor, full_name, email, assessed_on, *_ in rows:
        if assessor not in people:
            people[assessor] = User(pk=assessor, full_name=full_name, email=email)
        keyed = {criteria[c].key: value for c, value in scores[pk].items()}
        ratings.append(Rating(pk, people[assessor], assessed_on, keyed))
    ratings.sort(key=lambda r: (r.assessed_on, r.assessor.display_name, r.assessment))
    _, account, name, *_, threshold_client, threshold_our = rows[0]
    return AccountWindow(
        account=AccountRef(account, name),
        ratings=ratings,
        thresholds=Thresholds(client=threshold_client, our=threshold_our),
        spreads=criterion_spreads([rating.scores for rating in ratings]),
    )


# --- the page --------------------------------------------------------------------------------


def _account_calibration(
    window: AccountWindow, criteria: dict[str, Criterion]
) -> AccountCalibration:
    spreads = window.spreads
    keys = [key for key in spreads if key in criteria]
    weights = [
        CriterionWeight(key, Axis(criteria[key].axis), criteria[key].weight)
        for key in sorted(keys, key=lambda k: (criteria[k].axis, criteria[k].position))
    ]
    ratings: list[Ratings] = [rating.scores for rating in window.ratings]
    found = [spread for spread in spreads.values() if spread is not None]
    return AccountCalibration(
        account=window.account,
        ratings=window.ratings,
        result=consensus_result(weights, ratings, window.thresholds),
        thresholds=window.thresholds,
        widest=max((spread.spread for spread in found), default=0.0),
        wide_criteria=sum(spread.wide for spread in found),
    )


def _criteria_calibration(
    windows: list[AccountWindow], criteria: dict[str, Criterion]
) -> list[CriterionCalibration]:
    spreads: dict[str, list[tuple[AccountRef, Spread]]] = defaultdict(list)
    for window in windows:
        for key, spread in window.spreads.items():
            if spread is not None and spread.count > 1:
                spreads[key].append((window.account, spread))
    result = [
        CriterionCalibration(
            criterion=criteria[key],
            average_spread=fmean([s.spread for _, s in found]),
            accounts=len(found),
            wide=sum(s.wide for _, s in found),
            worst=sorted(
                (pair for pair in found if pair[1].spread > 0), key=lambda p: -p[1].spread
            )[:WORST_ACCOUNTS],
        )
        for key, found in spreads.items()
    ]
    return sorted(result, key=lambda c: (-c.average_spread, c.criterion.axis, c.criterion.position))


def _assessors_calibration(windows: list[AccountWindow]) -> list[AssessorCalibration]:
    pooled: dict[int, list[float]] = defaultdict(list)
    accounts: dict[int, int] = defaultdict(int)
    people: dict[int, User] = {}
    for window in windows:
        for rating in window.ratings:
            people[rating.assessor.pk] = rating.assessor
            accounts[rating.assessor.pk] += 1
        ratings = {rating.assessor.pk: rating.scores for rating in window.ratings}
        for pk, found in deviations(ratings, window.spreads).items():
            pooled[pk].extend(found)
    result = [
        AssessorCalibration(
            assessor=people[pk],
            mean_deviation=fmean(found),
            mean_distance=fmean([abs(d) for d in found]),
            scores=len(found),
            accounts=accounts[pk],
        )
        for pk, found in pooled.items()
        if found
    ]
    return sorted(result, key=lambda a: (-a.mean_deviation, a.assessor.display_name))


def calibration_for(membership: Membership, *, page: str | int | None = 1) -> Calibration:
    """Where the assessors of this member's accounts disagree most, who of them scores
    high or low compared with the others on the same accounts (both over every account
    with several assessors), and page `page` of those accounts with their consensus."""
    windows, criteria = account_windows(membership)
    return Calibration(
        page=counted_page(
            windows,
            count=len(windows),
            number=page,
            wrap=lambda window: _account_calibration(window, criteria),
        ),
        criteria=_criteria_calibration(windows, criteria),
        assessors=_assessors_calibration(windows),
    )
