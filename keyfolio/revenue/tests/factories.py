"""Test data for the revenue tab: monthly entries, targets, and whitespace grids."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from keyfolio.accounts.models import Account
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
from keyfolio.revenue.selectors import month_start


def record(account: Account, month: date, amount, note: str = "") -> RevenueEntry:
    return RevenueEntry.objects.create(
        workspace_id=account.workspace_id,
        account=account,
        month=month,
        amount=Decimal(str(amount)),
        note=note,
    )


def record_months(account: Account, count: int, amount=1000, *, today: date | None = None):
    """`count` months of `amount` each, ending with this month."""
    today = today or timezone.localdate()
    return [record(account, month_start(today, back), amount) for back in range(count)]


def set_target(account: Account, year: int, amount) -> RevenueTarget:
    return RevenueTarget.objects.create(account=account, year=year, amount=Decimal(str(amount)))


def make_grid(account: Account, offerings: int, centres: int, value=1000):
    """A full grid: every cell filled, statuses in turn."""
    rows = [
        Offering.objects.create(workspace=account.workspace, name=f"Offering {n}", position=n)
        for n in range(offerings)
    ]
    columns = [
        BuyingCentre.objects.create(account=account, name=f"Centre {n}", position=n)
        for n in range(centres)
    ]
    statuses = list(WhitespaceStatus)
    for i, offering in enumerate(rows):
        for j, centre in enumerate(columns):
            WhitespaceCell.objects.create(
                buying_centre=centre,
                offering=offering,
                status=statuses[(i + j) % len(statuses)],
                value=Decimal(value),
            )
    return rows, columns


def make_opportunity(
    account: Account,
    amount=1000,
    probability: int = 50,
    *,
    name: str = "",
    currency: str = "",
    status: str = OpportunityStatus.OPEN,
    expected_close: date | None = None,
    owner=None,
) -> Opportunity:
    count = Opportunity.objects.filter(account=account).count()
    return Opportunity.objects.create(
        workspace_id=account.workspace_id,
        account=account,
        name=name or f"Deal {count + 1}",
        amount=Decimal(str(amount)),
        currency=currency or account.currency or "EUR",
        probability=probability,
        status=status,
        expected_close=expected_close or timezone.localdate(),
        owner=owner,
    )
