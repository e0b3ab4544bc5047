"""Reads over an account's revenue: the monthly entries, the targets, the figures the
revenue tab shows, and the whitespace grid.

The page reads an account's entries and targets once (`revenue_book`, two queries)
and computes every figure from them in plain Python (`revenue_overview`,
`revenue_years`), so that the tab costs the same number of queries whatever the
history.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum

from keyfolio.accounts.models import Account
from keyfolio.method.pipeline import Deal, DealStatus, PipelineTotal, pipeline_totals, plan_gap
from keyfolio.method.plan import share_of_wallet
from keyfolio.revenue.models import (
    BuyingCentre,
    Offering,
    Opportunity,
    OpportunityStatus,
    RevenueEntry,
    RevenueTarget,
    WhitespaceCell,
    WhitespaceStatus,
)
from keyfolio.workspaces.models import Workspace

ZERO = Decimal("0.00")
CHART_MONTHS = 24
# The entries table shows this many years unless asked for all of them.
RECENT_YEARS = 3


def month_start(day: date, months_back: int = 0) -> date:
    """The first day of the month `months_back` months before `day`'s month."""
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def months_with_revenue_by_account(
    account_ids: Iterable[int], *, today: date, months: int = 12
) -> dict[int, int]:
    """In how many of the last `months` months (this one included) we had revenue, by
    account id, for the accounts with any: one query however many accounts."""
    rows = (
        RevenueEntry.objects.filter(
            account_id__in=list(account_ids),
            month__gte=month_start(today, months - 1),
            amount__gt=0,
        )
        .values("account_id")
        .annotate(months=Count("month", distinct=True))
        .order_by()
    )
    return {row["account_id"]: row["months"] for row in rows}


def _trailing_totals(entries: QuerySet[RevenueEntry], today: date) -> QuerySet:
    """The sum of `entries` over the last twelve months (this one included) per account,
    as rows of account_id and total."""
    return (
        trailing_year(entries, today=today)
        .values("account_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )


def trailing_revenue_by_account(account_ids: Iterable[int], *, today: date) -> dict[int, Decimal]:
    """Our revenue over the last twelve months (this one included), by account id, for
    the accounts with any entry then: one query however many accounts. Each account's
    figure is in its own currency."""
    rows = _trailing_totals(RevenueEntry.objects.filter(account_id__in=list(account_ids)), today)
    return {row["account_id"]: row["total"] for row in rows}


def trailing_revenue(*, today: date) -> Subquery:
    """The same figure as a subquery of an Account queryset (`.annotate(revenue=...)`,
    None for an account with no entry then), so that a list of accounts reads it in its
    own query."""
    entries = _trailing_totals(RevenueEntry.objects.filter(account=OuterRef("pk")), today)
    return Subquery(entries.values("total"))


def trailing_year(entries: QuerySet[RevenueEntry], *, today: date) -> QuerySet[RevenueEntry]:
    """The `entries` of the last twelve months, this one included."""
    return entries.filter(month__gte=month_start(today, 11), month__lte=today)


def months_with_revenue(account: Account, *, today: date, months: int = 12) -> int:
    """In how many of the last `months` months (this one included) we had revenue."""
    found = months_with_revenue_by_account([account.pk], today=today, months=months)
    return found.get(account.pk, 0)


# The account's book ---------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    amount: Decimal
    note: str


@dataclass(frozen=True)
class RevenueBook:
    """All of an account's monthly entries (by first day of month) and annual targets."""

    entries: dict[date, Entry] = field(default_factory=dict)
    targets: dict[int, Decimal] = field(default_factory=dict)

    def amount(self, month: date) -> Decimal | None:
        entry = self.entries.get(month)
        return entry.amount if entry else None

    def total(self, first: date, last: date) -> Decimal:
        """The sum of the months from `first` to `last`, both included."""
        return sum((e.amount for month, e in self.entries.items() if first <= month <= last), ZERO)

    def has_entries(self, first: date, last: date) -> bool:
        return any(first <= month <= last for month in self.entries)

    def years(self) -> set[int]:
        return {month.year for month in self.entries} | set(self.targets)


def revenue_book(account: Account) -> RevenueBook:
    """The account's entries and targets (two queries). An account has at most twelve
    entries a year, so the whole history is small enough to read at once."""
    # No ordering: the models' default (by account name) would join the accounts table.
    entries = RevenueEntry.objects.filter(account=account).order_by()
    targets = RevenueTarget.objects.filter(account=account).order_by()
    return RevenueBook(
        entries={
            month: Entry(amount, note)
            for month, amount, note in entries.values_list("month", "amount", "note")
        },
        targets=dict(targets.values_list("year", "amount")),
    )


# The figures of the tab -----------------------------------------------------------


@dataclass(frozen=True)
class ChartMonth:
    month: date
    amount: Decimal | None  # None: no entry for that month.
    year_to_date: Decimal  # The year's revenue up to and including this month.
    target: Decimal | None  # The target of the month's year.


@dataclass(frozen=True)
class Periods:
    """The periods the tab compares, each from the first day of its first month to the
    end of its last month (today's month included: it is under way)."""

    today: date

    @property
    def this_month(self) -> date:
        return month_start(self.today)

    @property
    def year_start(self) -> date:
        return date(self.today.year, 1, 1)

    @property
    def last_year_start(self) -> date:
        return date(self.today.year - 1, 1, 1)

    @property
    def last_year_month(self) -> date:
        """Today's month a year ago: the end of "the same period last year"."""
        return month_start(self.today, 12)

    @property
    def trailing_start(self) -> date:
        """The first of the trailing twelve months (as `months_with_revenue` counts them)."""
        return month_start(self.today, 11)

    @property
    def year_elapsed(self) -> float:
        """The share of the year whose months count in the year to date (its pace)."""
        return self.today.month / 12


@dataclass(frozen=True)
class RevenueOverview:
    periods: Periods
    year_to_date: Decimal
    last_year_to_date: Decimal | None  # None when nothing was recorded in that period.
    target: Decimal | None  # This year's.
    trailing_12: Decimal
    months_with_revenue: int
    client_spend: Decimal | None  # The client's total spend in our category (current plan).
    chart: list[ChartMonth]

    @property
    def growth(self) -> float | None:
        """Year to date against the same months last year, as a share (0.12 = +12 %)."""
        before = self.last_year_to_date
        if before is None or before <= 0:
            return None
        return float((self.year_to_date - before) / before)

    @property
    def target_reached(self) -> float | None:
        """How much of this year's target the year to date makes (may exceed 1)."""
        if self.target is None or self.target <= 0:
            return None
        return float(self.year_to_date / self.target)

    @property
    def share_of_wallet(self) -> float | None:
        spend = None if self.client_spend is None else float(self.client_spend)
        return share_of_wallet(float(self.trailing_12), spend)


def revenue_overview(
    book: RevenueBook, *, today: date, months_with_revenue: int, client_spend: Decimal | None
) -> RevenueOverview:
    """The tab's figures: the year to date (January to this month), the same months
    last year, this year's target, the trailing twelve months, and the chart."""
    periods = Periods(today)
    last_year = (periods.last_year_start, periods.last_year_month)
    return RevenueOverview(
        periods=periods,
        year_to_date=book.total(periods.year_start, periods.this_month),
        last_year_to_date=book.total(*last_year) if book.has_entries(*last_year) else None,
        target=book.targets.get(today.year),
        trailing_12=book.total(periods.trailing_start, periods.this_month),
        months_with_revenue=months_with_revenue,
        client_spend=client_spend,
        chart=_chart_months(book, today),
    )


def _chart_months(book: RevenueBook, today: date) -> list[ChartMonth]:
    months = [month_start(today, back) for back in range(CHART_MONTHS - 1, -1, -1)]
    result = []
    for month in months:
        result.append(
            ChartMonth(
                month=month,
                amount=book.amount(month),
                year_to_date=book.total(date(month.year, 1, 1), month),
                target=book.targets.get(month.year),
            )
        )
    return result


# The entries table ----------------------------------------------------------------


@dataclass(frozen=True)
class MonthCell:
    month: date
    entry: Entry | None
    editable: bool  # False for months still to come.

    @property
    def amount(self) -> Decimal | None:
        return self.entry.amount if self.entry else None


@dataclass(frozen=True)
class RevenueYear:
    year: int
    months: list[MonthCell]
    target: Decimal | None
    # The year before's revenue over the same months (all twelve for a past year, January
    # to this month for this year), when it had entries in them.
    same_months_before: Decimal | None

    @property
    def total(self) -> Decimal:
        return sum((cell.amount for cell in self.months if cell.amount is not None), ZERO)

    @property
    def has_entries(self) -> bool:
        return any(cell.entry for cell in self.months)

    @property
    def target_reached(self) -> float | None:
        if self.target is None or self.target <= 0:
            return None
        return float(self.total / self.target)

    @property
    def growth(self) -> float | None:
        """Against the same months of the year before, so that an unfinished year is not
        compared with a whole one."""
        before = self.same_months_before
        if before is None or before <= 0 or not self.has_entries:
            return None
        return float((self.total - before) / before)


def table_years(book: RevenueBook, *, today: date, all_years: bool) -> list[int]:
    """The years the entries table shows, oldest first: the recent ones, or every year
    from the first with an entry or a target; up to this year, or the next one once it
    has a target (set ahead, it is seen and can be changed there)."""
    first = today.year - RECENT_YEARS + 1
    if all_years:
        first = min([first, *(year for year in book.years() if year <= today.year)])
    last = today.year + 1 if today.year + 1 in book.targets else today.year
    return list(range(first, last + 1))


def revenue_years(book: RevenueBook, *, today: date, years: Iterable[int]) -> list[RevenueYear]:
    this_month = month_start(today)
    result = []
    for year in years:
        months = [date(year, number, 1) for number in range(1, 13)]
        last = 12 if year < today.year else today.month
        before = (date(year - 1, 1, 1), date(year - 1, last, 1))
        result.append(
            RevenueYear(
                year=year,
                months=[MonthCell(m, book.entries.get(m), m <= this_month) for m in months],
                target=book.targets.get(year),
                same_months_before=book.total(*before) if book.has_entries(*before) else None,
            )
        )
    return result


def month_rows(years: list[RevenueYear]) -> list[list[MonthCell]]:
    """The entries table's rows: one a month (January first), a cell a year."""
    return [[year.months[index] for year in years] for index in range(12)]


def month_cell(account: Account, *, month: date, today: date) -> MonthCell:
    """One cell of the entries table, read again after it was saved (one query)."""
    entry = RevenueEntry.objects.filter(account=account, month=month).first()
    return MonthCell(
        month,
        Entry(entry.amount, entry.note) if entry else None,
        month <= month_start(today),
    )


# The pipeline ---------------------------------------------------------------------


def _deal(opportunity: Opportunity) -> Deal:
    return Deal(
        opportunity.amount,
        opportunity.probability,
        opportunity.currency,
        DealStatus(opportunity.status),
    )


@dataclass(frozen=True)
class PlanGap:
    """This year's target against the revenue booked so far and the weighted pipeline
    of the open opportunities expected to close this year (overdue ones included: they
    are still open), all in the account's currency."""

    year: int
    currency: str
    target: Decimal | None
    booked: Decimal
    weighted: Decimal

    @property
    def gap(self) -> Decimal | None:
        return None if self.target is None else plan_gap(self.target, self.booked, self.weighted)


@dataclass(frozen=True)
class Pipeline:
    opportunities: list[Opportunity]  # Open ones first, by close date.
    totals: list[PipelineTotal]  # The open pipeline per currency.
    plan_gap: PlanGap

    @property
    def open(self) -> list[Opportunity]:
        return [o for o in self.opportunities if o.is_open]

    @property
    def closed(self) -> list[Opportunity]:
        return [o for o in self.opportunities if not o.is_open]

    @property
    def other_currencies(self) -> list[PipelineTotal]:
        """The totals left out of the plan gap: no exchange rate converts them."""
        return [t for t in self.totals if t.currency != self.plan_gap.currency]


def opportunities_of(account: Account) -> list[Opportunity]:
    """The account's opportunities with their owners (one query): open ones first."""
    rows = Opportunity.objects.filter(account=account).select_related("owner")
    return sorted(rows, key=lambda o: (not o.is_open, o.expected_close, o.name, o.pk))


def pipeline_from(
    opportunities: list[Opportunity],
    *,
    currency: str,
    target: Decimal | None,
    booked: Decimal,
    today: date,
) -> Pipeline:
    """The pipeline of an account's `opportunities` (opportunities_of) beside this
    year's target and the revenue booked this year so far, both in `currency`."""
    this_year = [
        _deal(o)
        for o in opportunities
        if o.currency == currency and o.expected_close.year <= today.year
    ]
    weighted = next((t.weighted for t in pipeline_totals(this_year)), ZERO)
    gap = PlanGap(today.year, currency, target, booked, weighted)
    return Pipeline(opportunities, pipeline_totals(map(_deal, opportunities)), gap)


def account_pipeline(
    account: Account, *, currency: str, book: RevenueBook, today: date
) -> Pipeline:
    """The revenue tab's pipeline, from the account's book (read once for the tab)."""
    periods = Periods(today)
    return pipeline_from(
        opportunities_of(account),
        currency=currency,
        target=book.targets.get(today.year),
        booked=book.total(periods.year_start, periods.this_month),
        today=today,
    )


def pipeline_by_account(account_ids: Iterable[int]) -> dict[int, list[PipelineTotal]]:
    """The open pipeline per currency of each account with any: one query."""
    rows = Opportunity.objects.filter(
        account_id__in=list(account_ids), status=OpportunityStatus.OPEN
    ).values_list("account_id", "amount", "probability", "currency")
    deals: dict[int, list[Deal]] = {}
    for account_id, amount, probability, currency in rows:
        deals.setdefault(account_id, []).append(Deal(amount, probability, currency))
    return {account_id: pipeline_totals(items) for account_id, items in deals.items()}


# The whitespace grid --------------------------------------------------------------


@dataclass(frozen=True)
class StatusTotal:
    status: WhitespaceStatus
    cells: int
    value: Decimal


@dataclass(frozen=True)
class GridRow:
    offering: Offering
    cells: list[tuple[BuyingCentre, WhitespaceCell | None]]


@dataclass(frozen=True)
class WhitespaceGrid:
    offerings: list[Offering]
    centres: list[BuyingCentre]
    rows: list[GridRow]
    totals: list[StatusTotal]  # One per status, in the order of WhitespaceStatus.

    def total(self, status: WhitespaceStatus) -> StatusTotal:
        return next(t for t in self.totals if t.status == status)


def active_offerings(workspace_id: int) -> list[Offering]:
    return list(Offering.objects.filter(workspace_id=workspace_id, active=True))


def offerings_of(workspace: Workspace) -> list[Offering]:
    """Every offering of the workspace, active or not, in their order (the settings page)."""
    return list(Offering.objects.filter(workspace=workspace))


def buying_centres_of(account: Account) -> list[BuyingCentre]:
    return list(BuyingCentre.objects.filter(account=account))


def whitespace_grid(account: Account) -> WhitespaceGrid:
    """Rows: the workspace's active offerings; columns: the account's buying centres;
    a cell per pair that has one. Totals per status count the shown cells only, so a
    retired offering's cells leave the totals with it (three queries)."""
    offerings = active_offerings(account.workspace_id)
    centres = buying_centres_of(account)
    cells = WhitespaceCell.objects.filter(buying_centre__account=account, offering__active=True)
    by_pair = {(c.offering_id, c.buying_centre_id): c for c in cells}
    rows = [
        GridRow(offering, [(centre, by_pair.get((offering.pk, centre.pk))) for centre in centres])
        for offering in offerings
    ]
    return WhitespaceGrid(offerings, centres, rows, status_totals(by_pair.values()))


def status_totals(cells: Iterable[WhitespaceCell]) -> list[StatusTotal]:
    counts = {status: 0 for status in WhitespaceStatus}
    values = {status: ZERO for status in WhitespaceStatus}
    for cell in cells:
        status = WhitespaceStatus(cell.status)
        counts[status] += 1
        values[status] += cell.value or ZERO
    return [StatusTotal(status, counts[status], values[status]) for status in WhitespaceStatus]
