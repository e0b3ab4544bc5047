"""Money as the reader's language writes it, and amounts as the input boxes show them."""

from decimal import Decimal

from django import template
from django.utils import translation
from django.utils.formats import get_format, number_format

from keyfolio.revenue.forms import MonthAmountForm, TargetForm

register = template.Library()

# Currencies whose sign everyone knows; any other is written with its code.
SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "RUB": "₽", "JPY": "¥", "CNY": "¥", "INR": "₹"}
NBSP = "\u00a0"
MINUS = "\u2212"


def format_money(amount: Decimal | float | None, currency: str, *, decimals: int = 0) -> str:
    """Money as the reader's language writes it: "€12,500" in English, "12 500 €" in
    Russian (the sign where each language puts it, as the browser's Intl.NumberFormat
    does for the charts); "" for None."""
    if amount is None:
        return ""
    number = number_format(abs(Decimal(str(amount))), decimals, use_l10n=True, force_grouping=True)
    code = currency.upper()
    sign = SYMBOLS.get(code, code)
    if translation.get_language() == "ru":
        text = f"{number}{NBSP}{sign}"
    else:
        text = f"{sign}{number}" if code in SYMBOLS else f"{sign}{NBSP}{number}"
    return f"{MINUS}{text}" if amount < 0 else text


@register.filter
def money(amount, currency: str) -> str:
    """`{{ amount|money:currency }}`: whole units, for totals and figures."""
    return format_money(amount, currency)


@register.filter
def money_cents(amount, currency: str) -> str:
    """`{{ amount|money_cents:currency }}`: with the cents."""
    return format_money(amount, currency, decimals=2)


@register.filter
def amount_input(amount: Decimal | None) -> str:
    """An amount as an input box shows it, written so that keyfolio.revenue.amounts
    reads it back unchanged: thousands grouped with no-break spaces (in every language:
    the English comma is refused by the rule), the language's decimal separator, and
    cents only when there are some. "12 500,50" in Russian, "12 500.50" in English."""
    if amount is None:
        return ""
    whole, _point, cents = f"{abs(amount):.2f}".partition(".")
    groups = [whole[max(0, end - 3) : end] for end in range(len(whole), 0, -3)]
    text = NBSP.join(reversed(groups))
    if cents != "00":
        text += get_format("DECIMAL_SEPARATOR") + cents
    return f"-{text}" if amount < 0 else text


@register.filter
def share_percent(share: float | None) -> str:
    """A share (0.123) as a whole percentage ("12"), "" for None."""
    return "" if share is None else f"{round(share * 100):d}"


@register.filter
def signed_percent(share: float | None) -> str:
    """A change as a signed percentage: "+12 %", "−3 %", "±0 %"; "" for None."""
    if share is None:
        return ""
    points = round(share * 100)
    # Russian puts a space before the percent sign; English does not.
    percent = f"{NBSP}%" if translation.get_language() == "ru" else "%"
    if points == 0:
        return f"±0{percent}"
    return f"{'+' if points > 0 else MINUS}{abs(points)}{percent}"


@register.filter
def month_version(amount: Decimal | None) -> str:
    """`{{ cell.amount|month_version }}`: the version of a month's cell, for its form."""
    return MonthAmountForm.version_of_amount(amount)


@register.simple_tag
def target_version(year: int, amount: Decimal | None) -> str:
    """`{% target_version year.year year.target %}`: the version of a year's target cell."""
    return TargetForm.version_of_amount(amount, year=year)
