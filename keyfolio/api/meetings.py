"""/api/v1/meetings: planned meetings and their call plans, as on an account's Meetings
tab, so that a calendar or mail tool can plan a meeting, read its plan and record how it
went.

A meeting is an activity with a call plan beside it (keyfolio.meetings); its people are
named by e-mail, as for activities. Every write goes through keyfolio.meetings.services:
planning prefills the questions and objections from the dossier unless the body gives
them, and the reminders on the attention list follow the plan.
"""

from datetime import date, datetime
from typing import Annotated, Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from keyfolio.api.activities import ContactRef
from keyfolio.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, paginate
from keyfolio.api.problems import validation_problem
from keyfolio.api.versions import require_fresh, version_tag
from keyfolio.api.writing import (
    account_named,
    membership_of,
    participants_named,
    refuse_nulls,
    require_editor,
    visible_accounts,
)
from keyfolio.meetings.models import CallPlan
from keyfolio.meetings.services import (
    PLAN_TEXT_FIELDS,
    NextStep,
    call_plan_update,
    meeting_outcome_record,
    meeting_plan,
)
from keyfolio.stakeholders.models import Contact
from keyfolio.users.models import User

router = Router(tags=["meetings"])

OUTCOMES = "met, partly or not."
PARTICIPANTS = (
    "E-mails of those taking part: members of the workspace (our people; you when none "
    "is) and contacts of the account (their people)."
)


class MeetingOut(Schema):
    id: int
    account: int
    activity: int = Field(description="The meeting's entry in the activity log.")
    on: date
    our_people: list[str] = Field(description="The e-mails of our people taking part.")
    their_people: list[ContactRef]
    place: str
    purpose: str
    primary_objective: str
    fallback_objective: str
    client_win: str = Field(description="What the client wins; a plan is ready with it.")
    offer: str
    concessions: str
    questions: str = Field(description="One a line.")
    objections: str = Field(description="One a line: the objection — our answer.")
    ready: bool = Field(description="It names our primary objective and the client's win.")
    primary_outcome: str = Field(description=f"Empty until recorded; then {OUTCOMES}")
    fallback_outcome: str = Field(description=f"Empty, or {OUTCOMES}")
    client_said: str
    outcome_recorded_at: datetime | None
    created_at: datetime
    updated_at: datetime


class MeetingPage(Schema):
    items: list[MeetingOut]
    next: str | None = Field(description="The URL of the next page; null on the last.")


class MeetingTexts(Schema):
    place: str | None = None
    purpose: str | None = None
    primary_objective: str | None = None
    fallback_objective: str | None = None
    client_win: str | None = None
    offer: str | None = None
    concessions: str | None = None
    questions: str | None = Field(None, description="One a line.")
    objections: str | None = Field(None, description="One a line.")


class MeetingIn(MeetingTexts):
    account: int = Field(description="The id of one of your accounts.")
    on: date = Field(description="The meeting's day.")
    participants: list[str] = Field(default_factory=list, description=PARTICIPANTS)


class MeetingPatch(MeetingTexts):
    """The fields to change; those left out stay as they are."""

    on: date | None = None
    participants: list[str] | None = Field(None, description=PARTICIPANTS)


class NextStepIn(Schema):
    title: str
    due_on: date | None = None


class OutcomeIn(Schema):
    primary_outcome: str = Field(description=OUTCOMES)
    fallback_outcome: str = Field("", description=f"Empty, or {OUTCOMES}")
    client_said: str = Field("", description="Becomes the activity's summary.")
    next_steps: list[NextStepIn] = Field(
        default_factory=list, description="Each becomes an action of yours."
    )
    attitudes: dict[int, int] = Field(
        default_factory=dict,
        description="Contact id → attitude, -2 (opponent) to 2 (mentor), for the people met.",
    )


def meeting_out(plan: CallPlan) -> dict[str, Any]:
    activity = plan.activity
    return {
        **{name: getattr(plan, name) for name in PLAN_TEXT_FIELDS},
        "id": plan.pk,
        "account": plan.account_id,
        "activity": activity.pk,
        "on": activity.occurred_on,
        "our_people": [user.email for user in activity.our_people.all()],
        "their_people": [
            {"id": c.pk, "name": c.name, "email": c.email} for c in activity.their_people.all()
        ],
        "ready": plan.ready,
        "primary_outcome": plan.primary_outcome,
        "fallback_outcome": plan.fallback_outcome,
        "client_said": plan.client_said,
        "outcome_recorded_at": plan.outcome_recorded_at,
        "created_at": plan.created_at,
        "updated_at": plan.updated_at,
    }


def _listed(request: HttpRequest):
    return (
        CallPlan.objects.filter(account__in=visible_accounts(request))
        .prefetch_related(
            Prefetch("activity__our_people", queryset=User.objects.order_by("email")),
            Prefetch("activity__their_people", queryset=Contact.objects.order_by("name", "pk")),
        )
        .select_related("activity", "account")
    )


def _meeting(request: HttpRequest, pk: int, *, edit: bool = False) -> CallPlan:
    """The meeting as the token's member may see it (404), and change it (403)."""
    plan = _listed(request).filter(pk=pk).first()
    if plan is None:
        raise Http404
    if edit:
        require_editor(request)
    return plan


def _tag(plan: CallPlan) -> str:
    return version_tag("meeting", plan.pk, plan.updated_at)


def _with_etag(request: HttpRequest, response: HttpResponse, pk: int) -> dict[str, Any]:
    """Read again after a write: the people and the plan as stored."""
    plan = _listed(request).get(pk=pk)
    response["ETag"] = _tag(plan)
    return meeting_out(plan)


@router.get("/meetings", response=MeetingPage, url_name="meeting_list")
def meeting_list(
    request: HttpRequest,
    account: Annotated[int | None, Query(description="Only this account's.")] = None,
    since: Annotated[date | None, Query(description="On or after this day (ISO 8601).")] = None,
    cursor: Annotated[str | None, Query(description="The cursor of the `next` link.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
):
    """The meetings of the accounts you may see, by id, a page at a time."""
    plans = _listed(request)
    if account is not None:
        plans = plans.filter(account_id=account)
    if since is not None:
        plans = plans.filter(activity__occurred_on__gte=since)
    items, next_url = paginate(request, plans, cursor=cursor, limit=limit)
    return {"items": [meeting_out(item) for item in items], "next": next_url}


@router.get("/meetings/{int:pk}", response=MeetingOut, url_name="meeting_detail")
def meeting_read(request: HttpRequest, pk: int, response: HttpResponse):
    """One meeting and its call plan, with an ETag to send back as If-Match."""
    plan = _meeting(request, pk)
    response["ETag"] = _tag(plan)
    return meeting_out(plan)


def _texts(data: dict[str, Any]) -> dict[str, str]:
    return {name: data[name] for name in PLAN_TEXT_FIELDS if data.get(name) is not None}


@router.post("/meetings", response={201: MeetingOut}, url_name="meeting_create")
def meeting_create(request: HttpRequest, payload: MeetingIn, response: HttpResponse):
    """Plan a meeting of one of your accounts (if your role may edit). The questions and
    objections left out are suggested from the account's dossier, as on the page."""
    require_editor(request)
    data = payload.dict()
    errors: dict[str, list[str]] = {}
    account = account_named(request, data["account"], errors)
    if errors or account is None:
        raise validation_problem(errors)
    ours, theirs = participants_named(request, account, data["participants"], errors)
    if errors:
        raise validation_problem(errors)
    plan = meeting_plan(
        account=account,
        by=membership_of(request).user,
        on=data["on"],
        our_people=ours,
        their_people=theirs,
        today=timezone.localdate(),
        **_texts(data),
    )
    return Status(201, _with_etag(request, response, plan.pk))


@router.patch("/meetings/{int:pk}", response=MeetingOut, url_name="meeting_update")
def meeting_patch(request: HttpRequest, pk: int, payload: MeetingPatch, response: HttpResponse):
    """Change the day, the people or the plan's texts; send the ETag of your last read
    as If-Match (else 412)."""
    plan = _meeting(request, pk, edit=True)
    require_fresh(request, _tag(plan))
    data = payload.dict(exclude_unset=True)
    errors: dict[str, list[str]] = {}
    refuse_nulls(data, set(), errors)
    if errors:
        raise validation_problem(errors)
    activity = plan.activity
    if "participants" in data:
        ours, theirs = participants_named(request, plan.account, data["participants"], errors)
        if errors:
            raise validation_problem(errors)
    else:
        ours, theirs = list(activity.our_people.all()), list(activity.their_people.all())
    call_plan_update(
        plan=plan,
        by=membership_of(request).user,
        on=data.get("on", activity.occurred_on),
        our_people=ours,
        their_people=theirs,
        today=timezone.localdate(),
        **_texts(data),
    )
    return _with_etag(request, response, plan.pk)


@router.post("/meetings/{int:pk}/outcome", response=MeetingOut, url_name="meeting_outcome")
def meeting_outcome(request: HttpRequest, pk: int, payload: OutcomeIn, response: HttpResponse):
    """Record how a meeting that has taken place went, in one go (as the plan's page
    does); send the ETag of your last read as If-Match."""
    plan = _meeting(request, pk, edit=True)
    require_fresh(request, _tag(plan))
    data = payload.dict()
    meeting_outcome_record(
        plan=plan,
        by=membership_of(request).user,
        primary_outcome=data["primary_outcome"],
        fallback_outcome=data["fallback_outcome"],
        client_said=data["client_said"],
        next_steps=[NextStep(step["title"], step["due_on"]) for step in data["next_steps"]],
        attitudes=data["attitudes"],
        today=timezone.localdate(),
    )
    return _with_etag(request, response, plan.pk)
