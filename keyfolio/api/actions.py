"""/api/v1/actions: what someone of ours will do for an account, as on its actions
register; writes through keyfolio.plans.services.

Actions keep no time of change, so their ETag is made from what they hold: If-Match
still refuses (412) a change made on a stale read.
"""

from datetime import date, datetime
from typing import Annotated, Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from keyfolio.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, paginate
from keyfolio.api.problems import validation_problem
from keyfolio.api.versions import content_tag, require_fresh
from keyfolio.api.writing import (
    account_named,
    member_named,
    refuse_nulls,
    require_editor,
    visible_accounts,
)
from keyfolio.plans.models import AccountPlan, Action
from keyfolio.plans.services import action_complete, action_create, action_update

router = Router(tags=["actions"])


class ActionOut(Schema):
    id: int
    account: int
    plan: int | None = Field(description="The id of the account plan it belongs to, if any.")
    title: str
    owner: str | None = Field(description="The e-mail of the member who will do it.")
    due_on: date | None
    done: bool
    done_on: date | None
    rule: int | None = Field(description="The rule of the method it serves, 1–6.")
    created_at: datetime


class ActionPage(Schema):
    items: list[ActionOut]
    next: str | None = Field(description="The URL of the next page; null on the last.")


class ActionPatch(Schema):
    """The fields to change; those left out stay as they are."""

    title: str | None = None
    owner: str | None = Field(None, description="A member's e-mail; null for nobody.")
    due_on: date | None = None
    rule: int | None = None
    done: bool | None = Field(None, description="True ticks it off today; false reopens it.")


class ActionIn(Schema):
    account: int = Field(description="The id of one of your accounts.")
    title: str
    owner: str | None = Field(None, description="A member's e-mail.")
    due_on: date | None = None
    rule: int | None = Field(None, description="1–6.")
    plan: int | None = Field(None, description="One of the account's plans.")


def action_out(action: Action) -> dict[str, Any]:
    return {
        "id": action.pk,
        "account": action.account_id,
        "plan": action.plan_id,
        "title": action.title,
        "owner": action.owner.email if action.owner else None,
        "due_on": action.due_on,
        "done": action.done,
        "done_on": action.done_on,
        "rule": action.rule,
        "created_at": action.created_at,
    }


def _etag(action: Action) -> str:
    return content_tag(
        "action",
        action.pk,
        action.title,
        action.owner_id,
        action.due_on,
        action.done_on,
        action.rule,
    )


def _listed(request: HttpRequest):
    return Action.objects.filter(account__in=visible_accounts(request)).select_related("owner")


def _action(request: HttpRequest, pk: int, *, edit: bool = False) -> Action:
    """The action as the token's member may see it (404), and change it (403)."""
    action = _listed(request).filter(pk=pk).first()
    if action is None:
        raise Http404
    if edit:
        require_editor(request)
    return action


def _with_etag(response: HttpResponse, action: Action) -> dict[str, Any]:
    response["ETag"] = _etag(action)
    return action_out(action)


@router.get("/actions", response=ActionPage, url_name="action_list")
def action_list(
    request: HttpRequest,
    account: Annotated[int | None, Query(description="Only this account's.")] = None,
    owner: Annotated[str | None, Query(description="The owner's e-mail.")] = None,
    done: Annotated[bool | None, Query(description="true: done ones; false: open ones.")] = None,
    due_before: Annotated[date | None, Query(description="Due before this day (ISO 8601).")] = None,
    cursor: Annotated[str | None, Query(description="The cursor of the `next` link.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
):
    """The actions of the accounts you may see, by id, a page at a time."""
    actions = _listed(request)
    if account is not None:
        actions = actions.filter(account_id=account)
    if owner:
        actions = actions.filter(owner__email__iexact=owner)
    if done is not None:
        actions = actions.filter(done_on__isnull=not done)
    if due_before is not None:
        actions = actions.filter(due_on__lt=due_before)
    items, next_url = paginate(request, actions, cursor=cursor, limit=limit)
    return {"items": [action_out(item) for item in items], "next": next_url}


@router.get("/actions/{int:pk}", response=ActionOut, url_name="action_detail")
def action_read(request: HttpRequest, pk: int, response: HttpResponse):
    """One action, with an ETag to send back as If-Match when changing it."""
    return _with_etag(response, _action(request, pk))


@router.post("/actions", response={201: ActionOut}, url_name="action_create")
def action_create_(request: HttpRequest, payload: ActionIn, response: HttpResponse):
    """Add an open action to one of your accounts (if your role may edit)."""
    require_editor(request)
    data = payload.dict()
    errors: dict[str, list[str]] = {}
    account = account_named(request, data.pop("account"), errors)
    if data["owner"] is not None:
        data["owner"] = member_named(request, data["owner"], "owner", errors)
    if data["plan"] is not None and account is not None:
        data["plan"] = AccountPlan.objects.filter(account=account, pk=data["plan"]).first()
        if data["plan"] is None:
            errors["plan"] = [_("Choose one of this account's plans.")]
    if errors or account is None:
        raise validation_problem(errors)
    action = action_create(account=account, **data)
    return Status(201, _with_etag(response, action))


@router.patch("/actions/{int:pk}", response=ActionOut, url_name="action_update")
def action_patch(request: HttpRequest, pk: int, payload: ActionPatch, response: HttpResponse):
    """Change the fields sent; send the ETag of your last read as If-Match (else 412)."""
    action = _action(request, pk, edit=True)
    require_fresh(request, _etag(action))
    data = payload.dict(exclude_unset=True)
    errors: dict[str, list[str]] = {}
    refuse_nulls(data, {"owner", "due_on", "rule"}, errors)
    if data.get("owner") is not None:
        data["owner"] = member_named(request, data["owner"], "owner", errors)
    if errors:
        raise validation_problem(errors)
    current = {
        "title": action.title,
        "owner": action.owner,
        "due_on": action.due_on,
        "rule": action.rule,
        "done": action.done,
    }
    return _with_etag(response, action_update(action=action, **{**current, **data}))


@router.post("/actions/{int:pk}/complete", response=ActionOut, url_name="action_complete")
def action_complete_(request: HttpRequest, pk: int, response: HttpResponse):
    """Tick the action off today; one done already keeps its day."""
    action = _action(request, pk, edit=True)
    return _with_etag(response, action_complete(action=action))
