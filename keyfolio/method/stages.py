"""Relationship stages (METHOD.md §3, McDonald & Millman-Wilson)."""

from enum import StrEnum


class Stage(StrEnum):
    EXPLORATORY = "exploratory"
    BASIC = "basic"
    COOPERATIVE = "cooperative"
    INTERDEPENDENT = "interdependent"
    INTEGRATED = "integrated"
    # Disintegration can happen at any stage; it is not a step on the ladder.
    DISINTEGRATING = "disintegrating"


LADDER = (
    Stage.EXPLORATORY,
    Stage.BASIC,
    Stage.COOPERATIVE,
    Stage.INTERDEPENDENT,
    Stage.INTEGRATED,
)
