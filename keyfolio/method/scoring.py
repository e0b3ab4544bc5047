"""Indices, zone and completeness of one assessment (METHOD.md §1–2).

An axis index is the weighted arithmetic mean of the assessed criteria on that
axis; with equal weights it is the article's plain mean. A criterion left "not
assessed" (value None) does not count, and an axis with nothing assessed has no
index, so the account is not placed on the square. Nothing is rounded here:
rounding is for display only.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from keyfolio.method.criteria import Axis
from keyfolio.method.zones import Thresholds, Zone, zone_of


@dataclass(frozen=True)
class ScoredCriterion:
    axis: Axis
    value: float | None  # 0..100, or None for "not assessed".
    weight: float = 1.0

    def __post_init__(self) -> None:
        if self.value is not None and not 0 <= self.value <= 100:
            raise ValueError(f"A score must lie within 0..100, got {self.value}.")
        if self.weight < 0:
            raise ValueError(f"A weight cannot be negative, got {self.weight}.")


@dataclass(frozen=True)
class AssessmentResult:
    client_index: float | None
    our_index: float | None
    zone: Zone | None
    completeness: float  # Share of the criteria that were assessed, 0..1.
    scored: int  # How many criteria were assessed,
    criteria: int  # of how many.

    @property
    def placed(self) -> bool:
        return self.zone is not None


def axis_index(scores: Iterable[ScoredCriterion]) -> float | None:
    """The weighted mean of the assessed scores, or None if nothing counts.

    Criteria with weight 0 count for nothing; if every assessed criterion weighs
    0 the axis has no index, as if nothing had been assessed.
    """
    assessed = [(s.value, s.weight) for s in scores if s.value is not None and s.weight > 0]
    total_weight = sum(weight for _, weight in assessed)
    if not assessed or total_weight == 0:
        return None
    mean = sum(value * weight for value, weight in assessed) / total_weight
    # Floating-point sums can stray a hair outside the range of their inputs.
    low = min(value for value, _ in assessed)
    high = max(value for value, _ in assessed)
    return min(max(mean, low), high)


def evaluate(scores: Sequence[ScoredCriterion], thresholds: Thresholds) -> AssessmentResult:
    client = axis_index(s for s in scores if s.axis == Axis.CLIENT)
    our = axis_index(s for s in scores if s.axis == Axis.OUR)
    zone = zone_of(client, our, thresholds) if client is not None and our is not None else None
    assessed = sum(1 for s in scores if s.value is not None)
    completeness = assessed / len(scores) if scores else 0.0
    return AssessmentResult(client, our, zone, completeness, scored=assessed, criteria=len(scores))
