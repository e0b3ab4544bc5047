"""Small display helpers for the portfolio square's table."""

from django import template
from django.utils.formats import number_format

from keyfolio.accounts.models import SORT_COLUMNS

register = template.Library()

# Numbers and dates read best from the highest down, names from A to Z.
_DESCENDING_FIRST = {"client", "our", "zone", "completeness", "assessed"}


@register.filter
def signed(value: float | None, digits: int = 1) -> str:
    """A change in index points with its sign: "+4.2", "−3.0", "±0.0"."""
    if value is None:
        return ""
    rounded = round(value, digits)
    text = number_format(abs(rounded), digits)
    if rounded > 0:
        return f"+{text}"
    if rounded < 0:
        return f"\u2212{text}"
    return f"\u00b1{text}"


@register.inclusion_tag("portfolio/_sort_header.html", takes_context=True)
def sort_header(context, column: str, label: str, numeric: bool = False) -> dict:
    """A table header that sorts by `column`, and reverses the order on a second click."""
    assert column in SORT_COLUMNS, column
    current = context["sort"]
    active = current.removeprefix("-") == column
    descending = current.startswith("-")
    if active:
        next_sort = column if descending else f"-{column}"
    else:
        next_sort = f"-{column}" if column in _DESCENDING_FIRST else column
    query = context["request"].GET.copy()
    query["sort"] = next_sort
    query.pop("page", None)  # A new order starts on its first page.
    return {
        "label": label,
        "href": f"?{query.urlencode()}",
        "active": active,
        "descending": descending,
        "numeric": numeric,
    }


@register.filter
def delta_class(value: float | None, digits: int = 1) -> str:
    """Green for a gain, red for a loss, muted for no change."""
    if value is None or round(value, digits) == 0:
        return "kf-muted"
    return "text-success" if value > 0 else "text-danger"
