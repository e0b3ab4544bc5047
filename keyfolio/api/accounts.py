"""/api/v1/accounts: list, read, create, update, archive and restore accounts.

The same querysets, services and access rules as the pages: a member sees the accounts
`Account.objects.visible_to(membership)` gives (others are a 404, as on the pages), edits
them if their role may (`get_account_for(..., edit=True)`: a 403 otherwise), and every
write goes through keyfolio.accounts.services, whose refusals become 422 problems.
"""

from datetime import datetime
from typing import Annotated, Any, cast

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from keyfolio.accounts.forms import CURRENCY_CODE
from keyfolio.accounts.models import NOT_ASSESSED, Account, ZoneChoice, get_account_for
from keyfolio.accounts.services import account_create, account_update, workspace_members
from keyfolio.api.auth import require_write
from keyfolio.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, paginate
from keyfolio.api.problems import Problem, validation_problem
from keyfolio.api.schemas import AccountIn, AccountOut, AccountPage, AccountPatch
from keyfolio.api.versions import require_fresh, version_tag

router = Router(tags=["accounts"])

# The account's own fields that the model's field checks (length, URL, 0–100) vouch for.
CHECKED_FIELDS = (
    "name",
    "segment",
    "industry",
    "country",
    "website",
    "currency",
    "tax_id",
    "description",
    "forecast_client_index",
    "forecast_our_index",
)
NULLABLE = {"forecast_client_index", "forecast_our_index", "parent"}


def etag(account: Account) -> str:
    return version_tag("account", account.pk, account.updated_at)


def account_out(account: Account) -> dict[str, Any]:
    """The account as the API gives it; owner, team and current assessment must be
    fetched with it (`_listed`), or each costs a query."""
    current = account.current_assessment
    return {
        **{name: getattr(account, name) for name in CHECKED_FIELDS},
        "id": account.pk,
        "owner": account.owner.email if account.owner else None,
        "team": sorted(user.email for user in account.team.all()),
        "goal_min_zone": account.goal_min_zone,
        "goal_max_zone": account.goal_max_zone,
        "parent": account.parent_id,
        "stage": account.stage,
        "external_id": account.external_id,
        "source": account.source,
        "assessment": None
        if current is None
        else {
            "id": current.pk,
            "assessed_on": current.assessed_on,
            "client_index": current.client_index,
            "our_index": current.our_index,
            "zone": current.zone or None,
            "completeness": current.completeness,
        },
        "archived_at": account.archived_at,
        "created_at": account.created_at,
        "updated_at": account.updated_at,
    }


def _listed(accounts):
    return accounts.select_related("owner", "current_assessment").prefetch_related("team")


def _account(request: HttpRequest, pk: int, *, edit: bool = False) -> Account:
    """The account as the token's member may see it (404), and change it (403)."""
    if edit:
        require_write(request)
    account = get_account_for(request.membership, pk, edit=edit)  # type: ignore[attr-defined]
    return _listed(Account.objects.filter(pk=account.pk)).get()


def _with_etag(response: HttpResponse, account: Account) -> dict[str, Any]:
    response["ETag"] = etag(account)
    return account_out(account)


@router.get("/accounts", response=AccountPage, url_name="account_list")
def account_list(
    request: HttpRequest,
    zone: Annotated[
        str | None, Query(description="key, target, maintain, reconsider or none.")
    ] = None,
    owner: Annotated[str | None, Query(description="The account manager's e-mail.")] = None,
    segment: str | None = None,
    updated_since: Annotated[
        datetime | None, Query(description="ISO 8601, e.g. 2026-01-31T00:00:00Z.")
    ] = None,
    archived: Annotated[bool, Query(description="List the archived accounts instead.")] = False,
    cursor: Annotated[str | None, Query(description="The cursor of the `next` link.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
):
    """The accounts you may see, by id, a page at a time."""
    accounts = Account.objects.visible_to(request.membership)  # type: ignore[attr-defined]
    accounts = accounts.archived() if archived else accounts.active()
    if zone is not None:
        if zone not in {*ZoneChoice.values, NOT_ASSESSED}:
            raise validation_problem(
                {"zone": [_("Choose key, target, maintain, reconsider or none.")]}
            )
        accounts = accounts.in_zone(zone)
    if owner:
        accounts = accounts.filter(owner__email__iexact=owner)
    if segment is not None:
        accounts = accounts.filter(segment=segment)
    if updated_since is not None:
        accounts = accounts.filter(updated_at__gte=updated_since)
    items, next_url = paginate(request, _listed(accounts), cursor=cursor, limit=limit)
    return {"items": [account_out(account) for account in items], "next": next_url}


@router.get("/accounts/{int:pk}", response=AccountOut, url_name="account_detail")
def account_read(request: HttpRequest, pk: int, response: HttpResponse):
    """One account, with an ETag to send back as If-Match when changing it."""
    return _with_etag(response, _account(request, pk))


def _people_and_parent(request: HttpRequest, data: dict[str, Any]) -> dict[str, list[str]]:
    """Check the fields and turn e-mails and ids into members and accounts, in place;
    return the errors by field."""
    membership = request.membership  # type: ignore[attr-defined]
    errors: dict[str, list[str]] = {}
    for name, value in list(data.items()):
        if value is None and name not in NULLABLE:
            errors[name] = [_("This field cannot be null.")]
        elif name in CHECKED_FIELDS and value is not None:
            try:
                field = cast(models.Field, Account._meta.get_field(name))
                data[name] = field.clean(value, None)
            except ValidationError as error:
                errors[name] = [str(message) for message in error.messages]
    if data.get("currency") and not CURRENCY_CODE.fullmatch(data["currency"].upper()):
        errors["currency"] = [_("Three-letter code, e.g. EUR.")]
    members = workspace_members(membership.workspace)
    if data.get("owner") is not None:
        data["owner"] = members.filter(email__iexact=data["owner"]).first()
        if data["owner"] is None:
            errors["owner"] = [_("Choose a manager of this workspace, by e-mail.")]
    if data.get("team") is not None:
        emails = {email.lower() for email in data["team"]}
        data["team"] = list(members.filter(email__in=emails))
        if len(data["team"]) != len(emails):
            errors["team"] = [_("Choose members of this workspace, by e-mail.")]
    if data.get("parent") is not None:
        visible = Account.objects.visible_to(membership).active()
        data["parent"] = visible.filter(pk=data["parent"]).first()
        if data["parent"] is None:
            errors["parent"] = [_("Choose one of your accounts as the parent.")]
    return errors


@router.post("/accounts", response={201: AccountOut}, url_name="account_create")
def account_create_(request: HttpRequest, payload: AccountIn, response: HttpResponse):
    """Create an account (managers and above, as on the accounts page)."""
    require_write(request)
    membership = request.membership  # type: ignore[attr-defined]
    if not membership.can_edit:
        raise Problem(403, "forbidden", _("Your role in this workspace does not allow this."))
    data = payload.dict()
    if data["owner"] is None:
        data["owner"] = membership.user.email
    errors = _people_and_parent(request, data)
    if errors:
        raise validation_problem(errors)
    account = account_create(workspace=membership.workspace, **data)
    return Status(201, _with_etag(response, _listed(Account.objects.filter(pk=account.pk)).get()))


@router.patch("/accounts/{int:pk}", response=AccountOut, url_name="account_update")
def account_patch(request: HttpRequest, pk: int, payload: AccountPatch, response: HttpResponse):
    """Change the fields sent. Send the ETag of your last read as If-Match: if the
    account changed since, the answer is 412 and nothing is written."""
    account = _account(request, pk, edit=True)
    require_fresh(request, etag(account))
    data = payload.dict(exclude_unset=True)
    errors = _people_and_parent(request, data)
    if errors:
        raise validation_problem(errors)
    team = data.pop("team", None)
    account_update(account=account, team=team, **data)
    return _with_etag(response, _listed(Account.objects.filter(pk=account.pk)).get())


@router.post("/accounts/{int:pk}/archive", response=AccountOut, url_name="account_archive")
def account_archive(request: HttpRequest, pk: int, response: HttpResponse):
    """Archive the account (restore it with /restore); archiving it again changes nothing."""
    account = _account(request, pk, edit=True)
    if not account.is_archived:
        account.archive()
    return _with_etag(response, account)


@router.post("/accounts/{int:pk}/restore", response=AccountOut, url_name="account_restore")
def account_restore(request: HttpRequest, pk: int, response: HttpResponse):
    """Bring an archived account back to the portfolio; restoring an active one changes
    nothing."""
    account = _account(request, pk, edit=True)
    if account.is_archived:
        account.restore()
    return _with_etag(response, account)
