"""/api/v1/activities: the accounts' activity logs, and logging one, so that mail and
calendar tools can record a meeting as the account's activity page does.

The people taking part are named by e-mail: members of the workspace are our people,
contacts of the account their people. A next step becomes an action of the token's
person, as on the page (keyfolio.activities.services.activity_create).
"""

from datetime import date, datetime
from typing import Annotated, Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from keyfolio.activities.models import Activity
from keyfolio.activities.services import activity_create
from keyfolio.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, paginate
from keyfolio.api.problems import validation_problem
from keyfolio.api.versions import version_tag
from keyfolio.api.writing import (
    account_named,
    membership_of,
    participants_named,
    require_editor,
    visible_accounts,
)
from keyfolio.stakeholders.models import Contact
from keyfolio.users.models import User

router = Router(tags=["activities"])

KINDS = (
    "meeting, call, email, executive_meeting, seminar, conference, informal_event, "
    "strategy_session, business_review or proposal."
)


class ContactRef(Schema):
    id: int
    name: str
    email: str


class ActivityOut(Schema):
    id: int
    account: int
    kind: str = Field(description=KINDS)
    occurred_on: date
    summary: str
    our_people: list[str] = Field(description="The e-mails of our people who took part.")
    their_people: list[ContactRef] = Field(description="The account's contacts who took part.")
    next_step: str
    next_step_due: date | None
    next_action: int | None = Field(description="The id of the action the next step became.")
    rules: list[int] = Field(description="The rules of the method it serves, 1–6.")
    created_by: str | None
    created_at: datetime
    updated_at: datetime


class ActivityPage(Schema):
    items: list[ActivityOut]
    next: str | None = Field(description="The URL of the next page; null on the last.")


class ActivityIn(Schema):
    account: int = Field(description="The id of one of your accounts.")
    kind: str = Field(description=KINDS)
    occurred_on: date | None = Field(None, description="Today when left out; later is planned.")
    summary: str = ""
    participants: list[str] = Field(
        default_factory=list,
        description="E-mails of those who took part: members of the workspace (our people; "
        "you when none is) and contacts of the account (their people).",
    )
    next_step: str = ""
    next_step_due: date | None = Field(None, description="Needs a next step.")
    rules: list[int] | None = Field(
        None, description="The rules it serves, 1–6; the kind's usual ones when left out."
    )


def activity_out(activity: Activity) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "account": activity.account_id,
        "kind": activity.kind,
        "occurred_on": activity.occurred_on,
        "summary": activity.summary,
        "our_people": sorted(user.email for user in activity.our_people.all()),
        "their_people": [
            {"id": c.pk, "name": c.name, "email": c.email} for c in activity.their_people.all()
        ],
        "next_step": activity.next_step,
        "next_step_due": activity.next_step_due,
        "next_action": activity.next_action_id,
        "rules": sorted(rule.rule for rule in activity.rules.all()),
        "created_by": activity.created_by.email if activity.created_by else None,
        "created_at": activity.created_at,
        "updated_at": activity.updated_at,
    }


def _listed(request: HttpRequest):
    return (
        Activity.objects.filter(account__in=visible_accounts(request))
        .select_related("created_by")
        .prefetch_related(
            Prefetch("our_people", queryset=User.objects.order_by("email")),
            Prefetch("their_people", queryset=Contact.objects.order_by("name", "pk")),
            "rules",
        )
    )


def _with_etag(response: HttpResponse, activity: Activity) -> dict[str, Any]:
    response["ETag"] = version_tag("activity", activity.pk, activity.updated_at)
    return activity_out(activity)


@router.get("/activities", response=ActivityPage, url_name="activity_list")
def activity_list(
    request: HttpRequest,
    account: Annotated[int | None, Query(description="Only this account's.")] = None,
    since: Annotated[date | None, Query(description="On or after this day (ISO 8601).")] = None,
    cursor: Annotated[str | None, Query(description="The cursor of the `next` link.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
):
    """The activities of the accounts you may see, by id, a page at a time."""
    activities = _listed(request)
    if account is not None:
        activities = activities.filter(account_id=account)
    if since is not None:
        activities = activities.filter(occurred_on__gte=since)
    items, next_url = paginate(request, activities, cursor=cursor, limit=limit)
    return {"items": [activity_out(item) for item in items], "next": next_url}


@router.get("/activities/{int:pk}", response=ActivityOut, url_name="activity_detail")
def activity_read(request: HttpRequest, pk: int, response: HttpResponse):
    activity = _listed(request).filter(pk=pk).first()
    if activity is None:
        raise Http404
    return _with_etag(response, activity)


@router.post("/activities", response={201: ActivityOut}, url_name="activity_create")
def activity_create_(request: HttpRequest, payload: ActivityIn, response: HttpResponse):
    """Log an activity of one of your accounts (if your role may edit)."""
    require_editor(request)
    data = payload.dict()
    errors: dict[str, list[str]] = {}
    account = account_named(request, data.pop("account"), errors)
    emails = data.pop("participants")
    if errors or account is None:
        raise validation_problem(errors)
    our_people, their_people = participants_named(request, account, emails, errors)
    if errors:
        raise validation_problem(errors)
    activity = activity_create(
        account=account,
        by=membership_of(request).user,
        our_people=our_people,
        their_people=their_people,
        **{**data, "occurred_on": data["occurred_on"] or timezone.localdate()},
    )
    return Status(201, _with_etag(response, _listed(request).get(pk=activity.pk)))
