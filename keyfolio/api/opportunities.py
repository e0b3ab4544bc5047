"""/api/v1/opportunities: the pipeline of the accounts you see, as on their revenue tab.

Writes go through keyfolio.revenue.services; `POST /opportunities/{id}/book` is the
tab's "add to revenue" button: the opportunity is won and its amount added to the
revenue of its close month, once.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from keyfolio.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, paginate
from keyfolio.api.problems import validation_problem
from keyfolio.api.versions import require_fresh, version_tag
from keyfolio.api.writing import (
    account_named,
    member_named,
    membership_of,
    refuse_nulls,
    require_editor,
    visible_accounts,
)
from keyfolio.revenue.models import Opportunity, OpportunityStatus
from keyfolio.revenue.services import (
    opportunity_book,
    opportunity_create,
    opportunity_delete,
    opportunity_update,
)

router = Router(tags=["opportunities"])

STATUS = "open, won or lost."


class OpportunityOut(Schema):
    id: int
    account: int
    name: str
    amount: Decimal
    currency: str
    stage: str = Field(description="The CRM's stage name, free text.")
    probability: int = Field(description="0–100 %.")
    expected_close: date
    status: str = Field(description=STATUS)
    owner: str | None = Field(description="The e-mail of the member who owns it.")
    external_id: str
    source: str
    revenue_entry: int | None = Field(
        description="The revenue entry it was booked to (POST …/book), if it was."
    )
    created_at: datetime
    updated_at: datetime


class OpportunityPage(Schema):
    items: list[OpportunityOut]
    next: str | None = Field(description="The URL of the next page; null on the last.")


class OpportunityPatch(Schema):
    """The fields to change; those left out stay as they are. A change of status without
    a probability sets the one it implies (won 100 %, lost 0 %)."""

    name: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    stage: str | None = None
    probability: int | None = None
    expected_close: date | None = None
    status: str | None = Field(None, description=STATUS)
    owner: str | None = Field(None, description="A member's e-mail; null for nobody.")


class OpportunityIn(Schema):
    account: int = Field(description="The id of one of your accounts.")
    name: str
    amount: Decimal
    currency: str = Field("", description="Three letters; the account's when left out.")
    stage: str = ""
    probability: int | None = Field(None, description="Required for an open opportunity.")
    expected_close: date
    status: str = Field(OpportunityStatus.OPEN, description=STATUS)
    owner: str | None = Field(None, description="A member's e-mail.")
    external_id: str = Field("", description="Your CRM's id of it.")
    source: str = Field("", description="Your CRM's name.")


class BookedRevenueOut(Schema):
    """The month's revenue entry the booking added to (or had added to before)."""

    id: int
    month: date
    amount: Decimal


class BookingOut(Schema):
    opportunity: OpportunityOut
    revenue_entry: BookedRevenueOut
    added: bool = Field(description="False when it had been booked before: nothing changed.")


# What the opportunity holds itself, not through another table.
OWN_FIELDS = [name for name in OpportunityIn.model_fields if name not in {"account", "owner"}]


def opportunity_out(opportunity: Opportunity) -> dict[str, Any]:
    return {
        **{name: getattr(opportunity, name) for name in OWN_FIELDS},
        "account": opportunity.account_id,
        "owner": opportunity.owner.email if opportunity.owner else None,
        "id": opportunity.pk,
        "revenue_entry": opportunity.revenue_entry_id,
        "created_at": opportunity.created_at,
        "updated_at": opportunity.updated_at,
    }


def _listed(request: HttpRequest):
    return Opportunity.objects.filter(account__in=visible_accounts(request)).select_related("owner")


def _opportunity(request: HttpRequest, pk: int, *, edit: bool = False) -> Opportunity:
    """The opportunity as the token's member may see it (404), and change it (403)."""
    opportunity = _listed(request).select_related("account").filter(pk=pk).first()
    if opportunity is None:
        raise Http404
    if edit:
        require_editor(request)
    return opportunity


def _etag(opportunity: Opportunity) -> str:
    return version_tag("opportunity", opportunity.pk, opportunity.updated_at)


def _with_etag(response: HttpResponse, opportunity: Opportunity) -> dict[str, Any]:
    response["ETag"] = _etag(opportunity)
    return opportunity_out(opportunity)


@router.get("/opportunities", response=OpportunityPage, url_name="opportunity_list")
def opportunity_list(
    request: HttpRequest,
    account: Annotated[int | None, Query(description="Only this account's.")] = None,
    status: Annotated[str | None, Query(description=STATUS)] = None,
    closes_before: Annotated[
        date | None, Query(description="Expected to close before this day (ISO 8601).")
    ] = None,
    closes_after: Annotated[
        date | None, Query(description="Expected to close after this day (ISO 8601).")
    ] = None,
    cursor: Annotated[str | None, Query(description="The cursor of the `next` link.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
):
    """The opportunities of the accounts you may see, by id, a page at a time."""
    opportunities = _listed(request)
    if account is not None:
        opportunities = opportunities.filter(account_id=account)
    if status is not None:
        if status not in OpportunityStatus.values:
            raise validation_problem({"status": [_("Choose open, won or lost.")]})
        opportunities = opportunities.filter(status=status)
    if closes_before is not None:
        opportunities = opportunities.filter(expected_close__lt=closes_before)
    if closes_after is not None:
        opportunities = opportunities.filter(expected_close__gt=closes_after)
    items, next_url = paginate(request, opportunities, cursor=cursor, limit=limit)
    return {"items": [opportunity_out(item) for item in items], "next": next_url}


@router.get("/opportunities/{int:pk}", response=OpportunityOut, url_name="opportunity_detail")
def opportunity_read(request: HttpRequest, pk: int, response: HttpResponse):
    """One opportunity, with an ETag to send back as If-Match when changing it."""
    return _with_etag(response, _opportunity(request, pk))


def _checked(request: HttpRequest, data: dict[str, Any], errors: dict[str, list[str]]) -> None:
    """Turn the owner's e-mail into the member, in place, and check what the services
    take as given: a known status (it decides the probability) and an amount that the
    column holds (digits and cents)."""
    if data.get("owner") is not None:
        data["owner"] = member_named(request, data["owner"], "owner", errors)
    if data.get("status") is not None and data["status"] not in OpportunityStatus.values:
        errors["status"] = [_("Choose a status from the list.")]
    if data.get("amount") is not None:
        try:
            data["amount"] = Opportunity._meta.get_field("amount").clean(data["amount"], None)
        except ValidationError as error:
            errors["amount"] = [str(message) for message in error.messages]


@router.post("/opportunities", response={201: OpportunityOut}, url_name="opportunity_create")
def opportunity_create_(request: HttpRequest, payload: OpportunityIn, response: HttpResponse):
    """Add an opportunity to one of your accounts (if your role may edit)."""
    require_editor(request)
    data = payload.dict()
    errors: dict[str, list[str]] = {}
    account = account_named(request, data.pop("account"), errors)
    _checked(request, data, errors)
    if errors or account is None:
        raise validation_problem(errors)
    if not data["currency"]:
        del data["currency"]
    opportunity = opportunity_create(account=account, **data)
    return Status(201, _with_etag(response, opportunity))


@router.patch("/opportunities/{int:pk}", response=OpportunityOut, url_name="opportunity_update")
def opportunity_patch(
    request: HttpRequest, pk: int, payload: OpportunityPatch, response: HttpResponse
):
    """Change the fields sent; send the ETag of your last read as If-Match (else 412)."""
    opportunity = _opportunity(request, pk, edit=True)
    require_fresh(request, _etag(opportunity))
    data = payload.dict(exclude_unset=True)
    errors: dict[str, list[str]] = {}
    refuse_nulls(data, {"owner"}, errors)
    _checked(request, data, errors)
    if errors:
        raise validation_problem(errors)
    return _with_etag(response, opportunity_update(opportunity=opportunity, **data))


@router.delete("/opportunities/{int:pk}", response={204: None}, url_name="opportunity_delete")
def opportunity_delete_(request: HttpRequest, pk: int):
    """Remove the opportunity; revenue it was booked to stays."""
    opportunity_delete(opportunity=_opportunity(request, pk, edit=True))
    return Status(204, None)


@router.post("/opportunities/{int:pk}/book", response=BookingOut, url_name="opportunity_book")
def opportunity_book_(request: HttpRequest, pk: int, response: HttpResponse):
    """Mark it won and add its amount to the revenue of its close month, once. A lost
    one, one in another currency than the account's, or one closing in a month still to
    come is refused (422)."""
    opportunity = _opportunity(request, pk, edit=True)
    entry, added = opportunity_book(opportunity=opportunity, user=membership_of(request).user)
    booked = _opportunity(request, pk)
    return {
        "opportunity": _with_etag(response, booked),
        "revenue_entry": {"id": entry.pk, "month": entry.month, "amount": entry.amount},
        "added": added,
    }
