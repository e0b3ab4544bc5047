"""/api/v1/accounts/{id}/revenue: an account's monthly revenue, a month set (PUT) or
removed (PUT null) through keyfolio.revenue.services.revenue_entry_set, and its annual
targets. Amounts are in the account's currency.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from keyfolio.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, paginate
from keyfolio.api.problems import validation_problem
from keyfolio.api.scoped import account_for
from keyfolio.api.versions import require_fresh, version_tag
from keyfolio.revenue.models import RevenueEntry, RevenueTarget
from keyfolio.revenue.services import revenue_entry_set

router = Router(tags=["revenue"])


class RevenueEntryOut(Schema):
    month: date = Field(description="The month's first day.")
    amount: Decimal | None = Field(description="null: nothing recorded for the month.")
    note: str
    updated_at: datetime | None


class RevenuePage(Schema):
    items: list[RevenueEntryOut]
    next: str | None = Field(description="The URL of the next page; null on the last.")


class RevenueEntryIn(Schema):
    amount: Decimal | None = Field(description="null removes the month's entry.")
    note: str | None = Field(None, description="Kept as it is when left out.")


class RevenueTargetOut(Schema):
    year: int
    amount: Decimal


def _entry_out(month: date, entry: RevenueEntry | None) -> dict[str, Any]:
    return {
        "month": month,
        "amount": entry.amount if entry else None,
        "note": entry.note if entry else "",
        "updated_at": entry.updated_at if entry else None,
    }


@router.get("/accounts/{int:pk}/revenue", response=RevenuePage, url_name="revenue_list")
def revenue_list(
    request: HttpRequest,
    pk: int,
    cursor: Annotated[str | None, Query(description="The cursor of the `next` link.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
):
    """The months with revenue recorded, in the order they were first recorded."""
    account = account_for(request, pk)
    entries = RevenueEntry.objects.filter(account=account)
    items, next_url = paginate(request, entries, cursor=cursor, limit=limit)
    return {"items": [_entry_out(e.month, e) for e in items], "next": next_url}


@router.get(
    "/accounts/{int:pk}/revenue/targets",
    response=list[RevenueTargetOut],
    url_name="revenue_targets",
)
def revenue_targets(request: HttpRequest, pk: int):
    """The account's revenue target of each year that has one, the latest first."""
    account = account_for(request, pk)
    targets = RevenueTarget.objects.filter(account=account).order_by("-year")
    return [
        {"year": year, "amount": amount} for year, amount in targets.values_list("year", "amount")
    ]


MONTH_PATH = "/accounts/{int:pk}/revenue/{int:year}/{int:month}"


def _month(year: int, month: int) -> date:
    try:
        return date(year, month, 1)
    except ValueError:
        raise validation_problem({"month": [_("Choose a month from 1 to 12.")]}) from None


def _entry_tag(account_pk: int, month: date, entry: RevenueEntry | None) -> str:
    return version_tag(
        f"revenue-{account_pk}", month.isoformat(), entry.updated_at if entry else None
    )


@router.get(MONTH_PATH, response=RevenueEntryOut, url_name="revenue_month")
def revenue_month(request: HttpRequest, pk: int, year: int, month: int, response: HttpResponse):
    """One month's revenue (amount null when nothing is recorded)."""
    account = account_for(request, pk)
    first = _month(year, month)
    entry = RevenueEntry.objects.filter(account=account, month=first).first()
    response["ETag"] = _entry_tag(account.pk, first, entry)
    return _entry_out(first, entry)


@router.put(MONTH_PATH, response=RevenueEntryOut, url_name="revenue_month_set")
def revenue_month_set(
    request: HttpRequest,
    pk: int,
    year: int,
    month: int,
    payload: RevenueEntryIn,
    response: HttpResponse,
):
    """Record the month's revenue, or remove it with a null amount (those who may edit
    the account). Only months that have begun. With If-Match, a stale ETag is a 412."""
    account = account_for(request, pk, edit=True)
    first = _month(year, month)
    entry = RevenueEntry.objects.filter(account=account, month=first).first()
    require_fresh(request, _entry_tag(account.pk, first, entry))
    try:
        entry = revenue_entry_set(
            account=account,
            month=first,
            amount=payload.amount,
            user=request.user,
            note=payload.note,
        )
    except ValidationError as error:
        # The services name no field: a refused month or amount is said under its name.
        field = "amount" if error.code == "too_large" else "month"
        raise validation_problem({field: [str(m) for m in error.messages]}) from None
    response["ETag"] = _entry_tag(account.pk, first, entry)
    return _entry_out(first, entry)
