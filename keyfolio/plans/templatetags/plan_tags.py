"""Display helpers for the plan tab."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from keyfolio.plans import display

register = template.Library()


@register.filter
def money(value: Decimal | None, currency: str) -> str:
    """An amount in the page's language with its currency code: "1,250,000 EUR" in English,
    "1 250 000 EUR" in Russian. Cents show only when there are any."""
    if value is None:
        return ""
    decimals = 0 if value == value.to_integral_value() else 2
    amount = number_format(value, decimals, use_l10n=True, force_grouping=True)
    return f"{amount}\u00a0{currency}"


@register.filter
def severity_band(severity: int) -> display.SeverityBand:
    return display.severity_band(severity)


@register.filter
def answered_elsewhere(key: str) -> str:
    """Where else the plan tab answers the question `key`: "stakeholders", "figures",
    "risks", or ""."""
    if key in display.STAKEHOLDER_QUESTIONS:
        return "stakeholders"
    if key in display.FIGURE_QUESTIONS:
        return "figures"
    if key in display.RISK_QUESTIONS:
        return "risks"
    return ""
