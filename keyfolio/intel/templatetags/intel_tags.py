"""Display helpers for the intelligence tab."""

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.timesince import timesince
from django.utils.translation import gettext, ngettext

register = template.Library()

# The mean length of a month, for lengths of time that are given in days.
DAYS_A_MONTH = 365.25 / 12


@register.filter
def updated_ago(moment: datetime) -> str:
    """ "updated 8 months ago", in the largest unit only: the week left over from
    "8 months, 1 week" would only add noise to a staleness marker."""
    if timezone.now() - moment < timedelta(minutes=1):
        return gettext("updated just now")
    return gettext("updated %(time)s ago") % {"time": timesince(moment, depth=1)}


@register.filter
def span(length: timedelta) -> str:
    """A length of time in whole months, or days when shorter: 183 days → "6 months"."""
    months = round(length.days / DAYS_A_MONTH)
    if months:
        return ngettext("%(n)d month", "%(n)d months", months) % {"n": months}
    return ngettext("%(n)d day", "%(n)d days", length.days) % {"n": length.days}


@register.filter
def percent_share(value: float | None) -> str:
    """A share in per cent with at most one decimal: 28.000000004 → "28", 12.54 → "12.5"."""
    if value is None:
        return ""
    rounded = round(value, 1)
    decimals = 0 if rounded == int(rounded) else 1
    return number_format(rounded, decimals)
