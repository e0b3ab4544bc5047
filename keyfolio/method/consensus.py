"""Several assessors on one account: their consensus and where they disagree.

When more than one person scores the same account within a short window, the
consensus of a criterion is the plain mean of the scores given to it, and the
consensus indices and zone are computed from those means exactly as for one
assessment (keyfolio.method.evaluate). How far apart the assessors are on a
criterion is its spread (highest minus lowest score) and its standard deviation.
"""

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from keyfolio.method.criteria import Axis
from keyfolio.method.scoring import AssessmentResult, ScoredCriterion, evaluate
from keyfolio.method.zones import Thresholds

# Two assessors this far apart on a criterion (in points of 0..100) read the client
# differently enough to talk it through.
WIDE_SPREAD = 25.0

Rater = TypeVar("Rater", bound=Hashable)
# One assessor's scores by criterion key; None is "not assessed".
Ratings = Mapping[str, float | None]


@dataclass(frozen=True)
class Spread:
    mean: float
    spread: float  # Highest minus lowest score.
    deviation: float  # Population standard deviation: the raters are all there is.
    count: int  # How many raters scored the criterion.

    @property
    def wide(self) -> bool:
        return self.spread >= WIDE_SPREAD


def spread_of(values: Sequence[float]) -> Spread | None:
    """Mean, spread and standard deviation of the scores given, or None if there are none."""
    if not values:
        return None
    low, high = min(values), max(values)
    if low == high:
        return Spread(low, 0.0, 0.0, len(values))
    count = len(values)
    # Keep the mean within the scores despite floating-point rounding.
    mean = min(max(math.fsum(values) / count, low), high)
    # In floats: statistics.pstdev is exact, in fractions, and a hundred times slower,
    # which the calibration page feels over thousands of accounts.
    deviation = math.sqrt(math.fsum([(value - mean) ** 2 for value in values]) / count)
    return Spread(mean, high - low, deviation, count)


def criterion_spreads(ratings: Sequence[Ratings]) -> dict[str, Spread | None]:
    """Every criterion key any rater has, with the spread of the scores it was given."""
    given: dict[str, list[float]] = {}
    for rating in ratings:
        for key, value in rating.items():
            scores = given.setdefault(key, [])
            if value is not None:
                scores.append(value)
    return {key: spread_of(scores) for key, scores in given.items()}


@dataclass(frozen=True)
class CriterionWeight:
    key: str
    axis: Axis
    weight: float = 1.0


def consensus_result(
    criteria: Sequence[CriterionWeight], ratings: Sequence[Ratings], thresholds: Thresholds
) -> AssessmentResult:
    """Indices, zone and completeness of the mean scores, as if one assessor had given
    them. A criterion nobody scored stays "not assessed"."""
    spreads = criterion_spreads(ratings)
    scored = []
    for criterion in criteria:
        spread = spreads.get(criterion.key)
        mean = spread.mean if spread is not None else None
        scored.append(ScoredCriterion(criterion.axis, mean, criterion.weight))
    return evaluate(scored, thresholds)


def deviations(
    ratings: Mapping[Rater, Ratings], spreads: Mapping[str, Spread | None] | None = None
) -> dict[Rater, list[float]]:
    """Each rater's score minus the mean, for every criterion that at least two raters
    scored: positive values mean this rater scores higher than the others. `spreads`, if
    given, are criterion_spreads of these ratings, already computed."""
    if spreads is None:
        spreads = criterion_spreads(list(ratings.values()))
    result: dict[Rater, list[float]] = {rater: [] for rater in ratings}
    for rater, rating in ratings.items():
        for key, value in rating.items():
            spread = spreads.get(key)
            if value is not None and spread is not None and spread.count > 1:
                result[rater].append(value - spread.mean)
    return result
