"""Several assessors on one account: its consensus card (the calibration page, which
reads every account's window at once, is keyfolio.assessments.calibration).

When more than one person assessed an account within CONSENSUS_WINDOW ending at its
latest assessment, their latest assessments there are read together: the mean score
per criterion gives the consensus indices and zone, and the spread per criterion
shows where they disagree. Only assessments made with the latest one's methodology
version count, because scores of other versions do not mean the same thing.
The arithmetic is in keyfolio.method.consensus; this module only reads and groups.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet

from keyfolio.accounts.models import Account, ZoneChoice
from keyfolio.assessments.display import AxisGroup, group_by_axis
from keyfolio.assessments.models import Assessment, Criterion, Score
from keyfolio.method import AssessmentResult, Axis, Thresholds, shown_index
from keyfolio.method.consensus import (
    WIDE_SPREAD,
    CriterionWeight,
    Spread,
    consensus_result,
    criterion_spreads,
)
from keyfolio.users.models import User

CONSENSUS_WINDOW = timedelta(days=30)


@dataclass(frozen=True)
class Rating:
    """One assessor's latest assessment of the account within the window."""

    assessment: Assessment
    scores: dict[str, float | None]  # By criterion key.

    @property
    def assessor(self) -> User:
        assert self.assessment.assessor is not None
        return self.assessment.assessor


@dataclass(frozen=True)
class CriterionRow:
    criterion: Criterion
    values: list[float | None]  # One per rating, in the ratings' order.
    spread: Spread | None  # None if nobody scored the criterion.

    @property
    def wide(self) -> bool:
        return self.spread is not None and self.spread.wide


class PlacedByConsensus:
    """What a consensus shows of its mean scores: the zone and the two indices as every
    page shows them (keyfolio.method.shown_index), by the thresholds of the methodology
    version the ratings share. Mixed into Consensus and the calibration's rows."""

    result: AssessmentResult
    thresholds: Thresholds

    @property
    def zone(self) -> str:
        return self.result.zone.value if self.result.zone else ""

    @property
    def zone_label(self) -> str:
        return str(ZoneChoice(self.zone).label) if self.zone else ""

    @property
    def shown_client_index(self) -> float | None:
        index = self.result.client_index
        return None if index is None else shown_index(index, self.thresholds.client)

    @property
    def shown_our_index(self) -> float | None:
        index = self.result.our_index
        return None if index is None else shown_index(index, self.thresholds.our)


@dataclass(frozen=True)
class Consensus(PlacedByConsensus):
    account: Account
    ratings: list[Rating]  # Two or more, by date then assessor.
    result: AssessmentResult  # From the mean scores.
    thresholds: Thresholds  # Of the methodology version the ratings share.
    criteria: list[CriterionRow]  # In the methodology's order.
    window_start: date
    window_end: date

    @property
    def criteria_by_axis(self) -> list[AxisGroup]:
        return group_by_axis(self.criteria, lambda row: row.criterion.axis)

    @property
    def wide_spread(self) -> float:
        return WIDE_SPREAD

    @property
    def wide_criteria(self) -> list[CriterionRow]:
        return [row for row in self.criteria if row.wide]

    @property
    def widest(self) -> float:
        return max((row.spread.spread for row in self.criteria if row.spread), default=0.0)


def _window_scores() -> QuerySet[Score]:
    """Scores with what grouping them needs joined: one query, only these columns."""
    return (
        Score.objects.filter(assessment__assessor__isnull=False)
        .select_related(
            "criterion", "assessment__assessor", "assessment__methodology", "assessment__account"
        )
        .only(
            "value",
            "criterion__key", "criterion__axis", "criterion__weight", "criterion__position",
            "criterion__label_en", "criterion__label_ru",
            "assessment__account", "assessment__assessed_on", "assessment__created_at",
            "assessment__client_index", "assessment__our_index", "assessment__zone",
            "assessment__assessor__full_name", "assessment__assessor__email",
            "assessment__methodology__threshold_client", "assessment__methodology__threshold_our",
            "assessment__account__name",
        )
    )  # fmt: skip


def _latest_per_assessor(assessments: Iterable[Assessment]) -> list[Assessment]:
    """Each assessor's latest assessment (as Account.refresh_assessment_pointers orders
    them), by date then name. Only signed assessments reach here (see _window_scores)."""
    latest: dict[int | None, Assessment] = {}
    for a in assessments:
        seen = latest.get(a.assessor_id)
        if seen is None or _recency(a) > _recency(seen):
            latest[a.assessor_id] = a
    return sorted(latest.values(), key=lambda a: (a.assessed_on, _name(a), a.pk))


def _recency(assessment: Assessment) -> tuple:
    return (assessment.assessed_on, assessment.created_at, assessment.pk)


def _name(assessment: Assessment) -> str:
    return assessment.assessor.display_name if assessment.assessor else ""


def _consensus(account: Account, scores: list[Score]) -> Consensus | None:
    """The consensus of one account's window scores, or None for fewer than two assessors."""
    by_assessment: dict[int, list[Score]] = defaultdict(list)
    for score in scores:
        by_assessment[score.assessment_id].append(score)
    assessments = _latest_per_assessor(group[0].assessment for group in by_assessment.values())
    if len(assessments) < 2:
        return None
    ratings = [
        Rating(a, {s.criterion.key: s.value for s in by_assessment[a.pk]}) for a in assessments
    ]
    criteria = sorted(
        {s.criterion.key: s.criterion for a in assessments for s in by_assessment[a.pk]}.values(),
        key=lambda c: (c.axis, c.position, c.pk),
    )
    spreads = criterion_spreads([r.scores for r in ratings])
    weights = [CriterionWeight(c.key, Axis(c.axis), c.weight) for c in criteria]
    thresholds = assessments[-1].methodology.thresholds
    return Consensus(
        account=account,
        ratings=ratings,
        result=consensus_result(weights, [r.scores for r in ratings], thresholds),
        thresholds=thresholds,
        criteria=[
            CriterionRow(c, [r.scores.get(c.key) for r in ratings], spreads.get(c.key))
            for c in criteria
        ],
        window_start=min(a.assessed_on for a in assessments),
        window_end=max(a.assessed_on for a in assessments),
    )


def _group(scores: Iterable[Score]) -> list[Consensus]:
    by_account: dict[int, list[Score]] = defaultdict(list)
    for score in scores:
        by_account[score.assessment.account_id].append(score)
    found = (_consensus(group[0].assessment.account, group) for group in by_account.values())
    return [c for c in found if c is not None]


def account_consensus(account: Account) -> Consensus | None:
    """The account's consensus if two or more people assessed it within the window
    ending at its latest assessment: one query (the latest is already joined)."""
    latest = account.current_assessment
    if latest is None:
        return None
    scores = _window_scores().filter(
        assessment__account=account,
        assessment__methodology_id=latest.methodology_id,
        assessment__assessed_on__range=(latest.assessed_on - CONSENSUS_WINDOW, latest.assessed_on),
    )
    found = _group(scores)
    return found[0] if found else None
