"""Display helpers for the account pages."""

from datetime import date

from django import template
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from keyfolio.method.zones import Gap

register = template.Library()


@register.filter
def signed(value: float | None) -> str:
    """A change in index points with its sign: "+8", "−3", "+0.4"; "" for None.

    Whole points read best, but a change smaller than one point is still a change, so it
    keeps one decimal rather than showing as a misleading "+0".
    """
    if value is None:
        return ""
    decimals = 1 if 0 < abs(value) < 0.95 else 0
    magnitude = number_format(round(abs(value), decimals), decimals)
    if round(value, decimals) == 0:
        return "±0"
    return f"+{magnitude}" if value > 0 else f"−{magnitude}"


@register.filter
def signed_points(value: float) -> str:
    """Index points with their sign and one decimal, as indices show: "+8.0", "−0.1"."""
    magnitude = number_format(abs(value), 1)
    if round(value, 1) == 0:
        return f"±{magnitude}"
    return f"+{magnitude}" if value > 0 else f"−{magnitude}"


@register.filter
def gap_points(gap: Gap) -> str:
    """The points a gap asks for on each axis that has one: "+8.0 client, +12.0 our"."""
    parts = []
    if gap.client:
        parts.append(_("%(points)s client") % {"points": signed_points(gap.client)})
    if gap.our:
        parts.append(_("%(points)s our") % {"points": signed_points(gap.our)})
    return ", ".join(parts)


@register.filter
def percent(share: float | None) -> str:
    """A share of 0..1 as a whole percentage: 0.867 → "87"."""
    return "" if share is None else f"{round(share * 100):d}"


@register.filter
def days_ago(day: date) -> str:
    """How long since `day`, in its largest unit ("8 months"); "" for today or later."""
    today = timezone.localdate()
    return timesince(day, today, depth=1) if day < today else ""
