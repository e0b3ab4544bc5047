"""The key account method as pure Python: no Django, plain data in and out.

Everything that decides what a score *means* lives here (the criteria catalog,
the indices, the zones, the distance to a goal), so that the web views, the API,
the CLI and the tests all share one definition. See METHOD.md for the source.
"""

from keyfolio.method.criteria import AXES, DEFAULT_CRITERIA, Axis, CriterionSpec
from keyfolio.method.scoring import AssessmentResult, ScoredCriterion, axis_index, evaluate
from keyfolio.method.zones import (
    DEFAULT_GOAL,
    DEFAULT_THRESHOLDS,
    GoalDistance,
    GoalRange,
    Thresholds,
    Zone,
    distance_to_goal,
    distance_to_zone,
    shown_index,
    zone_of,
)

__all__ = [
    "AXES",
    "DEFAULT_CRITERIA",
    "DEFAULT_GOAL",
    "DEFAULT_THRESHOLDS",
    "AssessmentResult",
    "Axis",
    "CriterionSpec",
    "GoalDistance",
    "GoalRange",
    "ScoredCriterion",
    "Thresholds",
    "Zone",
    "axis_index",
    "distance_to_goal",
    "distance_to_zone",
    "evaluate",
    "shown_index",
    "zone_of",
]
