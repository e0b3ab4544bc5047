"""The figures of the revenue tab on known data: year to date, the same period last
year, the target, the trailing twelve months, share of wallet, the years' table."""

from datetime import date
from decimal import Decimal

import pytest

from keyfolio.revenue.models import WhitespaceStatus
from keyfolio.revenue.selectors import (
    Entry,
    RevenueBook,
    month_rows,
    months_with_revenue,
    revenue_overview,
    revenue_years,
    table_years,
    whitespace_grid,
)
from keyfolio.revenue.tests.factories import make_grid, record

TODAY = date(2026, 3, 18)


def book(entries: dict[str, int], targets: dict[int, int] | None = None) -> RevenueBook:
    """A book from {"2026-01": 100, ...}."""
    return RevenueBook(
        entries={
            date(int(key[:4]), int(key[5:]), 1): Entry(Decimal(amount), "")
            for key, amount in entries.items()
        },
        targets={year: Decimal(amount) for year, amount in (targets or {}).items()},
    )


def overview(entries, targets=None, *, spend=None, months=0, today=TODAY):
    return revenue_overview(
        book(entries, targets),
        today=today,
        months_with_revenue=months,
        client_spend=None if spend is None else Decimal(spend),
    )


KNOWN = {
    "2025-01": 100,
    "2025-02": 200,
    "2025-03": 300,
    "2025-04": 400,  # After the same period last year (January to March).
    "2025-12": 1000,
    "2026-01": 150,
    "2026-02": 250,
    "2026-03": 400,
    "2024-12": 5000,  # Neither this year nor the same period last year.
}


def test_it_sums_the_year_to_date_up_to_this_month():
    assert overview(KNOWN).year_to_date == Decimal(800)


def test_it_compares_with_the_same_months_last_year():
    figures = overview(KNOWN)
    assert figures.last_year_to_date == Decimal(600)
    assert figures.growth == pytest.approx(800 / 600 - 1)


def test_it_has_no_growth_without_revenue_in_the_same_period_last_year():
    figures = overview({"2026-01": 100, "2025-04": 50})
    assert figures.last_year_to_date is None
    assert figures.growth is None


def test_it_measures_the_target_reached():
    figures = overview(KNOWN, {2026: 3200, 2025: 1})
    assert figures.target == Decimal(3200)
    assert figures.target_reached == pytest.approx(0.25)
    assert figures.periods.year_elapsed == pytest.approx(3 / 12)
    assert overview(KNOWN, {2025: 1000}).target_reached is None


def test_it_sums_the_trailing_twelve_months_with_this_one():
    # April 2025 to March 2026.
    assert overview(KNOWN).trailing_12 == Decimal(400 + 1000 + 150 + 250 + 400)


def test_it_counts_credit_notes_against_revenue():
    assert overview({"2026-01": 1000, "2026-02": -250}).year_to_date == Decimal(750)


def test_it_measures_the_share_of_wallet_on_the_trailing_twelve_months():
    assert overview(KNOWN, spend=11000).share_of_wallet == pytest.approx(2200 / 11000)
    assert overview(KNOWN).share_of_wallet is None
    assert overview(KNOWN, spend=0).share_of_wallet is None


def test_it_charts_24_months_with_the_running_total_of_each_year():
    chart = overview(KNOWN, {2025: 3000, 2026: 4000}).chart
    assert len(chart) == 24
    assert (chart[0].month, chart[-1].month) == (date(2024, 4, 1), date(2026, 3, 1))
    by_month = {point.month: point for point in chart}
    assert by_month[date(2025, 3, 1)].year_to_date == Decimal(600)
    assert by_month[date(2025, 12, 1)].year_to_date == Decimal(2000)
    assert by_month[date(2026, 1, 1)].year_to_date == Decimal(150)
    assert by_month[date(2024, 12, 1)].year_to_date == Decimal(5000)
    assert by_month[date(2025, 5, 1)].amount is None
    assert by_month[date(2025, 5, 1)].target == Decimal(3000)
    assert by_month[date(2024, 6, 1)].target is None


def test_it_tabulates_the_recent_years_by_month():
    revenue = book(KNOWN, {2026: 2000})
    years = revenue_years(
        revenue, today=TODAY, years=table_years(revenue, today=TODAY, all_years=False)
    )
    assert [year.year for year in years] == [2024, 2025, 2026]
    this_year = years[-1]
    assert this_year.total == Decimal(800)
    assert this_year.target_reached == pytest.approx(0.4)
    # An unfinished year is compared with the same months of the year before.
    assert this_year.same_months_before == Decimal(600)
    assert years[1].growth == pytest.approx(2000 / 5000 - 1)
    assert [cell.editable for cell in this_year.months] == [True] * 3 + [False] * 9
    rows = month_rows(years)
    assert len(rows) == 12
    assert [cell.amount for cell in rows[0]] == [None, Decimal(100), Decimal(150)]


def test_it_shows_every_year_when_asked():
    revenue = book({"2019-05": 10, "2026-01": 10}, {2030: 5})
    assert table_years(revenue, today=TODAY, all_years=True) == list(range(2019, 2027))
    assert table_years(revenue, today=TODAY, all_years=False) == [2024, 2025, 2026]


def test_it_shows_next_year_once_it_has_a_target():
    revenue = book({}, {2027: 5})
    assert table_years(revenue, today=TODAY, all_years=False) == [2024, 2025, 2026, 2027]
    next_year = revenue_years(revenue, today=TODAY, years=[2027])[0]
    assert not any(cell.editable for cell in next_year.months)


def test_it_counts_months_with_revenue_as_the_trailing_twelve(world):
    today = TODAY
    for month, amount in [("2025-03", 10), ("2025-04", 10), ("2026-02", 0), ("2026-03", -5)]:
        record(world.account, date(int(month[:4]), int(month[5:]), 1), amount)
    record(world.account, date(2026, 1, 1), 10)
    # April 2025 and January 2026; not zero, not a credit note, not March 2025.
    assert months_with_revenue(world.account, today=today) == 2


def test_it_totals_the_whitespace_grid_per_status(world):
    offerings, _centres = make_grid(world.account, 2, 3, value=100)
    offerings[1].active = False
    offerings[1].save()
    grid = whitespace_grid(world.account)
    assert [o.name for o in grid.offerings] == ["Offering 0"]
    assert [c.name for c in grid.centres] == ["Centre 0", "Centre 1", "Centre 2"]
    # Row 0 holds current, potential, won (the inactive row's cells do not count).
    assert grid.total(WhitespaceStatus.CURRENT).value == Decimal(100)
    assert grid.total(WhitespaceStatus.POTENTIAL).cells == 1
    assert grid.total(WhitespaceStatus.NOT_RELEVANT).cells == 0
    assert [cell.status for _centre, cell in grid.rows[0].cells] == ["current", "potential", "won"]
