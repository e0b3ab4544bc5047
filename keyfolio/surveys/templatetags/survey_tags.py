"""How survey figures read: NPS signed (+25, −10), shares and trends in whole points."""

from django import template
from django.utils.formats import number_format

register = template.Library()

MINUS = "\u2212"


@register.filter
def signed(value: float | None) -> str:
    """A whole number with its sign, "—" for none: NPS and the trends."""
    if value is None:
        return "—"
    rounded = round(value)
    if rounded > 0:
        return f"+{number_format(rounded)}"
    if rounded < 0:
        return f"{MINUS}{number_format(-rounded)}"
    return "0"


@register.filter
def share(value: float | None) -> str:
    """A share in whole per cent without the sign, "—" for none: CSAT, response rate."""
    return "—" if value is None else f"{number_format(round(value))}%"


@register.filter
def trend_class(value: float | None) -> str:
    if value is None or round(value) == 0:
        return "kf-muted"
    return "kf-delta-up" if value > 0 else "kf-delta-down"
