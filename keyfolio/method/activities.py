"""Kinds of activity and the rules of key account work each kind usually serves."""

from enum import StrEnum

from keyfolio.method.plan import Rule


class ActivityKind(StrEnum):
    MEETING = "meeting"
    CALL = "call"
    EMAIL = "email"
    EXECUTIVE_MEETING = "executive_meeting"
    SEMINAR = "seminar"
    CONFERENCE = "conference"
    INFORMAL_EVENT = "informal_event"
    STRATEGY_SESSION = "strategy_session"
    BUSINESS_REVIEW = "business_review"
    PROPOSAL = "proposal"


# The suggestion the activity form starts from; the person logging it may change it.
KIND_RULES: dict[ActivityKind, frozenset[Rule]] = {
    ActivityKind.MEETING: frozenset(),
    ActivityKind.CALL: frozenset(),
    ActivityKind.EMAIL: frozenset(),
    # Rule 1: relationships between the people of power, formal and informal.
    ActivityKind.EXECUTIVE_MEETING: frozenset({Rule.LEADERSHIP}),
    ActivityKind.SEMINAR: frozenset({Rule.LEADERSHIP, Rule.NEEDS_AND_SOLUTIONS}),
    ActivityKind.CONFERENCE: frozenset({Rule.LEADERSHIP, Rule.INTELLIGENCE}),
    ActivityKind.INFORMAL_EVENT: frozenset({Rule.LEADERSHIP}),
    # Rule 2: the joint strategy is made with the client.
    ActivityKind.STRATEGY_SESSION: frozenset({Rule.JOINT_STRATEGY}),
    # A business review looks back with the client (satisfaction) and ahead (strategy).
    ActivityKind.BUSINESS_REVIEW: frozenset({Rule.JOINT_STRATEGY, Rule.SATISFACTION}),
    # Rule 3: show the client new products and services it needs.
    ActivityKind.PROPOSAL: frozenset({Rule.NEEDS_AND_SOLUTIONS}),
}

# Kinds that count as executive contact for rule 1 whoever attended.
EXECUTIVE_KINDS = frozenset({ActivityKind.EXECUTIVE_MEETING})
# Kinds that count as "an opportunity or new offer logged" for rule 3.
OFFER_KINDS = frozenset({ActivityKind.PROPOSAL})
