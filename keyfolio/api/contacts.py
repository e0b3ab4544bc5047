"""/api/v1/contacts: the client's people, as on an account's stakeholder map.

A member sees the contacts of the accounts they see and changes them if their role may;
every write goes through keyfolio.stakeholders.services. Someone who left the client is
deactivated (PATCH `"active": false`), which keeps their history; DELETE is for a
contact entered by mistake.
"""

from datetime import datetime
from typing import Annotated, Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from keyfolio.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, paginate
from keyfolio.api.problems import validation_problem
from keyfolio.api.versions import require_fresh, version_tag
from keyfolio.api.writing import (
    account_named,
    membership_of,
    refuse_nulls,
    require_editor,
    visible_accounts,
)
from keyfolio.stakeholders.models import Contact
from keyfolio.stakeholders.services import contact_create, contact_delete, contact_update

router = Router(tags=["contacts"])


class ContactOut(Schema):
    id: int
    account: int
    name: str
    title: str
    department: str
    reports_to: int | None = Field(description="The id of the contact they report to.")
    decision_role: str = Field(
        description="decision_maker, economic_buyer, technical_buyer, influencer, user, "
        "gatekeeper, champion, blocker or empty."
    )
    influence: int = Field(description="1–5.")
    attitude: int = Field(description="-2 (opponent) to 2 (mentor).")
    language: str
    email: str
    phone: str
    notes: str
    active: bool = Field(description="False once the person has left the client.")
    external_id: str
    source: str
    created_at: datetime
    updated_at: datetime


class ContactPage(Schema):
    items: list[ContactOut]
    next: str | None = Field(description="The URL of the next page; null on the last.")


class ContactPatch(Schema):
    """The fields to change; those left out stay as they are."""

    name: str | None = None
    title: str | None = None
    department: str | None = None
    reports_to: int | None = Field(None, description="A contact of the same account.")
    decision_role: str | None = None
    influence: int | None = None
    attitude: int | None = None
    language: str | None = None
    email: str | None = None
    phone: str | None = None
    notes: str | None = None
    active: bool | None = None


class ContactIn(Schema):
    account: int = Field(description="The id of one of your accounts.")
    name: str
    title: str = ""
    department: str = ""
    reports_to: int | None = Field(None, description="A contact of the same account.")
    decision_role: str = ""
    influence: int = 3
    attitude: int = 0
    language: str = "en"
    email: str = ""
    phone: str = ""
    notes: str = ""
    active: bool = True


FIELDS = [name for name in ContactPatch.model_fields if name != "reports_to"]


def contact_out(contact: Contact) -> dict[str, Any]:
    return {
        **{name: getattr(contact, name) for name in FIELDS},
        "id": contact.pk,
        "account": contact.account_id,
        "reports_to": contact.reports_to_id,
        "external_id": contact.external_id,
        "source": contact.source,
        "created_at": contact.created_at,
        "updated_at": contact.updated_at,
    }


def visible_contacts(request: HttpRequest):
    return Contact.objects.filter(account__in=visible_accounts(request))


def _contact(request: HttpRequest, pk: int, *, edit: bool = False) -> Contact:
    """The contact as the token's member may see it (404), and change it (403)."""
    contact = visible_contacts(request).select_related("account").filter(pk=pk).first()
    if contact is None:
        raise Http404
    if edit:
        require_editor(request)
    return contact


def _with_etag(response: HttpResponse, contact: Contact) -> dict[str, Any]:
    response["ETag"] = version_tag("contact", contact.pk, contact.updated_at)
    return contact_out(contact)


@router.get("/contacts", response=ContactPage, url_name="contact_list")
def contact_list(
    request: HttpRequest,
    account: Annotated[int | None, Query(description="Only this account's.")] = None,
    updated_since: Annotated[
        datetime | None, Query(description="ISO 8601, e.g. 2026-01-31T00:00:00Z.")
    ] = None,
    cursor: Annotated[str | None, Query(description="The cursor of the `next` link.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
):
    """The contacts of the accounts you may see, by id, a page at a time."""
    contacts = visible_contacts(request)
    if account is not None:
        contacts = contacts.filter(account_id=account)
    if updated_since is not None:
        contacts = contacts.filter(updated_at__gte=updated_since)
    items, next_url = paginate(request, contacts, cursor=cursor, limit=limit)
    return {"items": [contact_out(contact) for contact in items], "next": next_url}


@router.get("/contacts/{int:pk}", response=ContactOut, url_name="contact_detail")
def contact_read(request: HttpRequest, pk: int, response: HttpResponse):
    """One contact, with an ETag to send back as If-Match when changing it."""
    return _with_etag(response, _contact(request, pk))


def _manager(request: HttpRequest, data: dict[str, Any], errors: dict[str, list[str]]) -> None:
    """Turn `reports_to`'s id into the contact, in place; the services check the rest."""
    if data.get("reports_to") is not None:
        workspace = membership_of(request).workspace
        data["reports_to"] = Contact.objects.filter(
            workspace=workspace, pk=data["reports_to"]
        ).first()
        if data["reports_to"] is None:
            errors["reports_to"] = [_("Choose someone of this account.")]


@router.post("/contacts", response={201: ContactOut}, url_name="contact_create")
def contact_create_(request: HttpRequest, payload: ContactIn, response: HttpResponse):
    """Add a contact to one of your accounts (if your role may edit)."""
    require_editor(request)
    data = payload.dict()
    errors: dict[str, list[str]] = {}
    account = account_named(request, data.pop("account"), errors)
    _manager(request, data, errors)
    if errors or account is None:
        raise validation_problem(errors)
    contact = contact_create(account=account, **data)
    return Status(201, _with_etag(response, contact))


@router.patch("/contacts/{int:pk}", response=ContactOut, url_name="contact_update")
def contact_patch(request: HttpRequest, pk: int, payload: ContactPatch, response: HttpResponse):
    """Change the fields sent; send the ETag of your last read as If-Match (else 412)."""
    contact = _contact(request, pk, edit=True)
    require_fresh(request, version_tag("contact", contact.pk, contact.updated_at))
    data = payload.dict(exclude_unset=True)
    errors: dict[str, list[str]] = {}
    refuse_nulls(data, {"reports_to"}, errors)
    _manager(request, data, errors)
    if errors:
        raise validation_problem(errors)
    return _with_etag(response, contact_update(contact=contact, **data))


@router.delete("/contacts/{int:pk}", response={204: None}, url_name="contact_delete")
def contact_delete_(request: HttpRequest, pk: int):
    """Remove a contact entered by mistake; deactivate one who left instead."""
    contact_delete(contact=_contact(request, pk, edit=True))
    return Status(204, None)
