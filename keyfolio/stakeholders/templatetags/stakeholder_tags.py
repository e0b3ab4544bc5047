"""Display helpers for the stakeholder pages."""

from django import template

from keyfolio.method.coverage import DECIDING_ROLES, KNOWS_WELL
from keyfolio.stakeholders.models import Attitude

register = template.Library()


@register.filter
def attitude_key(value: int) -> str:
    """The CSS key of an attitude (-2..2): "opponent" ... "mentor" (see keyfolio.css)."""
    return Attitude(value).name.lower()


@register.filter
def dots(influence: int) -> list[bool]:
    """Five dots, the first `influence` of them filled: [True, True, True, False, False]."""
    return [n <= influence for n in range(1, 6)]


@register.filter
def role_class(decision_role: str) -> str:
    """The badge style of a role in decisions: deciders stand out, champions and blockers
    are coloured, the others are plain."""
    if decision_role in DECIDING_ROLES:
        return "role-decider"
    return {"champion": "role-champion", "blocker": "role-blocker"}.get(decision_role, "")


@register.filter
def knows_well(strength: int) -> bool:
    return strength >= KNOWS_WELL
