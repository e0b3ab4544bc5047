"""Reading one cell of a CRM's export as the value Keyfolio keeps.

CRMs write the same things differently: dates as 2024-05-31, 31.05.2024 or 5/31/2024;
amounts as 1 234 567,89 ₽ or $1,234,567.89; a won deal as "Closed Won", "won" or
"Сделка успешна". Each function here takes a cell (text, a number or a date, as the
table reader gives it) and returns the value, or raises `CellError` with a message for
the person who fixes the file. `Locale` says how a preset's files write numbers and
dates where the text alone leaves it open (1,234: a thousand or one and a bit?).
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from keyfolio.core.tables import cell_text


class CellError(ValueError):
    """The cell cannot be read as what its column holds; the message says why."""


@dataclass(frozen=True)
class Locale:
    decimal_comma: bool = False  # "1,5" is one and a half (Russian), not fifteen.
    day_first: bool = True  # "05/06/2024" is 5 June (Europe), not May 6 (US).


ENGLISH = Locale(decimal_comma=False, day_first=False)
RUSSIAN = Locale(decimal_comma=True, day_first=True)

CURRENCY_SYMBOLS = {
    "₽": "RUB",
    "руб": "RUB",
    "р.": "RUB",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "CNY",
    "₸": "KZT",
    "₴": "UAH",
    "₺": "TRY",
    "₹": "INR",
}
CURRENCY_NAMES = {
    "us dollar": "USD",
    "dollar": "USD",
    "euro": "EUR",
    "pound sterling": "GBP",
    "russian ruble": "RUB",
    "russian rouble": "RUB",
    "рубль": "RUB",
    "российский рубль": "RUB",
    "доллар сша": "USD",
    "евро": "EUR",
    "юань": "CNY",
    "китайский юань": "CNY",
}
CODE = re.compile(r"[A-Za-z]{3}")
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?")
DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s.*)?")
SLASHED_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s.*)?")
NUMBER_JUNK = re.compile(r"[^\d,.\-]")  # Spaces, currency signs and codes around a number.

TRUE_WORDS = {"true", "1", "yes", "y", "да", "истина", "x", "✓"}
FALSE_WORDS = {"false", "0", "no", "n", "нет", "ложь", ""}
WON_WORDS = ("closed won", "closedwon", "won", "выигр", "успешн", "реализовано")
LOST_WORDS = (
    "closed lost",
    "closedlost",
    "lost",
    "проигр",
    "провал",
    "не реализовано",
    "отказ",
    "закрыто и не",
)
OPEN_WORDS = ("open", "открыт", "в работе")


def text(cell: Any, limit: int) -> str:
    value = cell_text(cell)
    if len(value) > limit:
        raise CellError(
            _("is %(count)d characters long; at most %(limit)d fit")
            % {"count": len(value), "limit": limit}
        )
    return value


def email(cell: Any) -> str:
    value = cell_text(cell).lower()
    if value.startswith("mailto:"):
        value = value[len("mailto:") :]
    try:
        validate_email(value)
    except ValidationError:
        raise CellError(_("'%(value)s' is not an e-mail address") % {"value": value}) from None
    return value


def day(cell: Any, locale: Locale) -> date:
    """A date, from a date cell or text in ISO, dotted (31.05.2024) or slashed form."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    value = cell_text(cell)
    try:
        if match := ISO_DATE.fullmatch(value):
            year, month, mday = (int(part) for part in match.groups())
        elif match := DOTTED_DATE.fullmatch(value):
            mday, month, year = (int(part) for part in match.groups())
        elif match := SLASHED_DATE.fullmatch(value):
            first, second, year = (int(part) for part in match.groups())
            mday, month = (first, second) if locale.day_first else (second, first)
        else:
            raise ValueError(value)
        return date(year, month, mday)
    except ValueError:
        raise CellError(
            _("'%(value)s' is not a date (write it as YYYY-MM-DD or DD.MM.YYYY)") % {"value": value}
        ) from None


def amount(cell: Any, locale: Locale) -> Decimal:
    """A sum of money, with or without a currency sign, in either way of writing thousands."""
    if isinstance(cell, int | float | Decimal) and not isinstance(cell, bool):
        return Decimal(str(cell))
    raw = cell_text(cell).replace("\u00a0", " ").replace("\u202f", " ")
    value = NUMBER_JUNK.sub("", raw)
    if "," in value and "." in value:
        # Both: the last one is the decimal sign.
        thousands = "," if value.rindex(".") > value.rindex(",") else "."
        value = value.replace(thousands, "").replace(",", ".")
    elif "," in value:
        value = value.replace(",", "." if _comma_is_decimal(value, locale) else "")
    try:
        result = Decimal(value)
    except InvalidOperation:
        raise CellError(_("'%(value)s' is not an amount") % {"value": raw}) from None
    if not result.is_finite():
        raise CellError(_("'%(value)s' is not an amount") % {"value": raw})
    return result


def _comma_is_decimal(value: str, locale: Locale) -> bool:
    """A lone comma: 1,5 and 12,50 are decimals anywhere; 1,234 and 1,234,567 are
    thousands unless the preset writes decimal commas."""
    groups = value.split(",")
    if len(groups) > 2 or (len(groups) == 2 and len(groups[1]) == 3):
        return locale.decimal_comma and len(groups) == 2
    return True


def percent(cell: Any, locale: Locale) -> int:
    if isinstance(cell, int | float | Decimal) and not isinstance(cell, bool):
        number = Decimal(str(cell))
    else:
        raw = cell_text(cell).rstrip("%").strip()
        try:
            number = amount(raw, locale)
        except CellError:
            raise CellError(
                _("'%(value)s' is not a percentage") % {"value": cell_text(cell)}
            ) from None
    if not 0 <= number <= 100:
        raise CellError(_("%(value)s is not between 0 and 100") % {"value": cell_text(cell)})
    return int(number.quantize(Decimal(1)))


def number_between(cell: Any, low: float, high: float, locale: Locale) -> float:
    value = float(amount(cell, locale))
    if not low <= value <= high:
        raise CellError(
            _("%(value)s is not between %(low)s and %(high)s")
            % {"value": cell_text(cell), "low": f"{low:g}", "high": f"{high:g}"}
        )
    return value


def choice(cell: Any, choices) -> Any:
    """One of a model field's `choices` (a TextChoices or IntegerChoices class), given by
    its value ("champion", 1) or its label in the current language ("Champion")."""
    value = cell_text(cell).casefold()
    for option in choices:
        if value in (str(option.value).casefold(), str(option.label).casefold()):
            return option.value
    names = ", ".join(str(option.value) for option in choices)
    raise CellError(
        _("'%(value)s' is not one of: %(names)s") % {"value": cell_text(cell), "names": names}
    )


def flag(cell: Any) -> bool:
    value = cell_text(cell).lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise CellError(_("'%(value)s' is neither yes nor no") % {"value": cell_text(cell)})


def currency(cell: Any) -> str:
    value = cell_text(cell)
    if CODE.fullmatch(value):
        return value.upper()
    found = CURRENCY_NAMES.get(value.lower()) or CURRENCY_SYMBOLS.get(value.lower())
    if found:
        return found
    raise CellError(_("'%(value)s' is not a currency code such as EUR") % {"value": value})


def currency_in(text_with_sign: str) -> str | None:
    """The currency a header or an amount names by its sign ("Бюджет ₽", "$1,200")."""
    lowered = text_with_sign.lower()
    for sign, code in CURRENCY_SYMBOLS.items():
        if sign in lowered:
            return code
    return None


def status(cell: Any) -> str | None:
    """open, won or lost from a status or a stage's name; None when it says none of them."""
    value = unicodedata.normalize("NFKC", cell_text(cell)).lower()
    if not value:
        return None
    # "Закрыто и не реализовано" holds "реализовано": lost words are read first.
    if any(word in value for word in LOST_WORDS):
        return "lost"
    if any(word in value for word in WON_WORDS):
        return "won"
    if any(word in value for word in OPEN_WORDS):
        return "open"
    return None
