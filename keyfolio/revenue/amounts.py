"""Money amounts as people type them, with one rule for every language.

People write 12 500,50 (Russian, French), 12500.50 (anyone) or 12,500.50 (English).
A comma or a point alone cannot say which it is: "12,500" is twelve and a half in
Moscow and twelve thousand five hundred in London. So Keyfolio reads amounts by a
rule that is never ambiguous, the same in every language and in every interface
(the revenue table, the import, the CLI):

- spaces (including the non-breaking ones that spreadsheets and Russian number
  formats put between thousands) separate groups of three digits;
- a comma or a point followed by one or two digits at the very end separates the
  cents ("12,5" is 12.50);
- a leading minus sign ("-" or "−") makes the amount negative (a credit note);
- anything else is an error: "12,500" and "12,500.50" are refused with a message
  that says how to write them, rather than guessed.

A number cell of a spreadsheet is already a number: it is taken as is, rounded to
the cent.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
# RevenueEntry.amount keeps 14 digits, 2 of them after the point.
AMOUNT_LIMIT = Decimal(10) ** 12
SPACES = " \u00a0\u202f"  # space, no-break space, narrow no-break space
MINUS = "-\u2212"  # hyphen-minus, minus sign

_AMOUNT = re.compile(
    rf"(?P<sign>[{MINUS}])?\s*"
    rf"(?P<whole>\d{{1,3}}(?:[{SPACES}]\d{{3}})+|\d+)"
    r"(?:[.,](?P<cents>\d{1,2}))?"
)


class AmountError(ValueError):
    """The text is not an amount; the message says how to write one."""


def parse_amount(value: Any) -> Decimal | None:
    """The amount in `value` (text or a spreadsheet number), None when blank.

    Raises AmountError for text that breaks the rule above or an amount too large to keep.
    """
    if isinstance(value, bool):
        raise AmountError(_not_an_amount(str(value)))
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
        if not number.is_finite():  # nan, inf
            raise AmountError(_not_an_amount(str(value)))
        try:
            amount = number.quantize(CENT, rounding=ROUND_HALF_UP)
        except InvalidOperation:  # Too many digits to keep the cents.
            raise AmountError(
                _("%(value)s is too large for an amount") % {"value": value}
            ) from None
    else:
        text = "" if value is None else str(value).strip(SPACES + "\t\r\n")
        if not text:
            return None
        match = _AMOUNT.fullmatch(text)
        if match is None:
            raise AmountError(_not_an_amount(text))
        digits = re.sub(f"[{SPACES}]", "", match["whole"])
        amount = Decimal(f"{digits}.{match['cents'] or 0}").quantize(CENT)
        if match["sign"] and amount:  # "-0" is plain zero.
            amount = -amount
    if abs(amount) >= AMOUNT_LIMIT:
        raise AmountError(_("%(value)s is too large for an amount") % {"value": value})
    return amount


def _not_an_amount(text: str) -> str:
    return _(
        "'%(value)s' is not an amount: write it like 12500, 12 500 or 12 500,50 "
        "(spaces between thousands, a comma or a point only before the cents)"
    ) % {"value": text}
