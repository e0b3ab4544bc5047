from decimal import Decimal

import pytest
from django.utils import translation

from keyfolio.revenue.amounts import AmountError, parse_amount
from keyfolio.revenue.templatetags.revenue_tags import amount_input, format_money

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("12500", "12500.00"),
        ("12500.50", "12500.50"),
        ("12500,50", "12500.50"),
        ("12 500,50", "12500.50"),
        ("12 500.50", "12500.50"),
        (f"12{NBSP}500,50", "12500.50"),
        (f"1{NNBSP}234{NNBSP}567", "1234567.00"),
        ("1 000 000", "1000000.00"),
        ("12,5", "12.50"),
        ("0.5", "0.50"),
        ("0", "0.00"),
        ("-800", "-800.00"),
        ("\u22123 200,10", "-3200.10"),  # The typographic minus sign.
        ("- 800", "-800.00"),
        ("-0", "0.00"),
        ("  7  ", "7.00"),
        ("999999999999.99", "999999999999.99"),
        (12500, "12500.00"),
        (12500.505, "12500.51"),  # A spreadsheet's number is rounded to the cent.
        (Decimal("3.1"), "3.10"),
    ],
)
def test_it_reads_amounts_by_the_rule(text, amount):
    assert parse_amount(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["", "   ", None])
def test_it_reads_blank_as_no_amount(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "12,500",  # A comma followed by three digits: thousands or decimals? Refused.
        "12.500",
        "12,500.50",  # The English thousands comma.
        "12.500,50",  # The German thousands point.
        "1,234,567",
        "12 50",  # A space between groups that are not thousands.
        "1000 000",
        "12.",
        ".5",
        ",50",
        "12.505",
        "+5",
        "€12",
        "12 EUR",
        "1e5",
        "abc",
        "--5",
        "5-",
        "1000000000000",  # Thirteen digits: more than an amount can keep.
        True,
        float("nan"),
        1e30,
    ],
)
def test_it_refuses_what_breaks_the_rule(text):
    with pytest.raises(AmountError):
        parse_amount(text)


def test_it_says_how_to_write_an_amount():
    with pytest.raises(AmountError, match="12 500,50"):
        parse_amount("12,500")


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("amount", ["0", "7", "1234", "-1234.5", "12500.50", "987654321012.99"])
def test_it_shows_amounts_in_inputs_so_that_they_read_back_unchanged(language, amount):
    with translation.override(language):
        assert parse_amount(amount_input(Decimal(amount))) == Decimal(amount)


def test_it_writes_money_as_each_language_does():
    with translation.override("en"):
        assert format_money(Decimal("12500"), "EUR") == "€12,500"
        assert format_money(Decimal("-800"), "SEK") == f"\u2212SEK{NBSP}800"
    with translation.override("ru"):
        assert format_money(Decimal("12500"), "EUR") == f"12{NBSP}500{NBSP}€"
        assert format_money(Decimal("12500.5"), "RUB") == f"12{NBSP}500{NBSP}₽"
