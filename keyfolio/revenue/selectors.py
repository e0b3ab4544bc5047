"""Reads over an account's revenue."""

from datetime import date

from keyfolio.accounts.models import Account
from keyfolio.revenue.models import RevenueEntry


def month_start(day: date, months_back: int = 0) -> date:
    """The first day of the month `months_back` months before `day`'s month."""
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def months_with_revenue(account: Account, *, today: date, months: int = 12) -> int:
    """In how many of the last `months` months (this one included) we had revenue."""
    return (
        RevenueEntry.objects.filter(
            account=account, month__gte=month_start(today, months - 1), amount__gt=0
        )
        .values("month")
        .distinct()
        .count()
    )
