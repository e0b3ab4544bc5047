"""/api/v1/accounts/{id}/plan and /plans/{id}: an account's plan with its questions,
answers and key figures; an answer and the figures are written through
keyfolio.plans.services (`answer_save`, `plan_figures_update`), each with an ETag to send
back as If-Match.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from keyfolio.accounts.models import Account
from keyfolio.accounts.services import workspace_members
from keyfolio.api.problems import Problem, validation_problem
from keyfolio.api.scoped import account_for
from keyfolio.api.versions import require_fresh, version_tag
from keyfolio.plans.models import AccountPlan, PlanAnswer, PlanQuestion
from keyfolio.plans.selectors import (
    current_plan,
    get_plan_for,
    plan_completeness,
    plan_figures,
    questions_with_answers,
)
from keyfolio.plans.services import FIGURE_FIELDS, answer_save, plan_figures_update

router = Router(tags=["plans"])


class AnswerOut(Schema):
    question: int
    key: str
    text: str = Field(description="The question, in the language of the request.")
    asked: bool = Field(description="False for a question the workspace no longer asks.")
    answer: str = Field(description="Sanitized HTML; empty when unanswered.")
    updated_by: str | None
    updated_at: datetime | None


class AnswerIn(Schema):
    answer: str = Field(description="HTML (sanitized as the editor's) or plain text.")


class FiguresOut(Schema):
    current_volume: Decimal | None
    planned_revenue: Decimal | None
    client_total_spend: Decimal | None
    planned_share_of_wallet: float | None = Field(description="%, 0–100.")
    price_or_value: str = Field(description="price, balanced, value or empty.")
    loyalty: int | None = Field(description="1–5.")
    resource_owner: str | None = Field(description="A member's e-mail.")
    capacity_note: str
    currency: str = Field(description="The currency of the amounts (the account's).")
    implied_share: float | None = Field(description="Planned revenue / the client's spend.")
    current_share: float | None = Field(description="Current volume / the client's spend.")


class FiguresPatch(Schema):
    """The figures to change; those left out stay as they are."""

    current_volume: Decimal | None = None
    planned_revenue: Decimal | None = None
    client_total_spend: Decimal | None = None
    planned_share_of_wallet: float | None = None
    price_or_value: str | None = None
    loyalty: int | None = None
    resource_owner: str | None = Field(None, description="A member's e-mail, or null.")
    capacity_note: str | None = None


class PlanOut(Schema):
    id: int
    account: int
    title: str
    starts_on: date | None
    ends_on: date | None
    status: str
    reviewed_on: date | None
    agreed_with_client: bool
    answered: int = Field(description="How many of the asked questions are answered.")
    asked: int
    questions: list[AnswerOut]
    figures: FiguresOut
    created_at: datetime
    updated_at: datetime


def _answer_out(question: PlanQuestion, answer: PlanAnswer | None, *, asked: bool) -> dict:
    return {
        "question": question.pk,
        "key": question.key,
        "text": question.text,
        "asked": asked,
        "answer": answer.text if answer else "",
        "updated_by": answer.updated_by.email if answer and answer.updated_by else None,
        "updated_at": answer.updated_at if answer else None,
    }


def _figures_out(plan: AccountPlan, account: Account) -> dict[str, Any]:
    shares = plan_figures(plan, account=account, workspace=account.workspace)
    return {
        **{name: getattr(plan, name) for name in FIGURE_FIELDS if name != "resource_owner"},
        "resource_owner": plan.resource_owner.email if plan.resource_owner else None,
        "currency": shares.currency,
        "implied_share": shares.implied_share,
        "current_share": shares.current_share,
    }


def _plan_out(response: HttpResponse, plan: AccountPlan, account: Account) -> dict[str, Any]:
    questions = questions_with_answers(plan)
    completeness = plan_completeness(plan)
    response["ETag"] = version_tag("plan", plan.pk, plan.updated_at)
    return {
        "id": plan.pk,
        "account": account.pk,
        **{
            name: getattr(plan, name)
            for name in ("title", "starts_on", "ends_on", "status", "reviewed_on")
        },
        "agreed_with_client": plan.agreed_with_client,
        "answered": completeness.answered,
        "asked": completeness.asked,
        "questions": [_answer_out(q.question, q.answer, asked=True) for q in questions.asked]
        + [_answer_out(q.question, q.answer, asked=False) for q in questions.retired],
        "figures": _figures_out(plan, account),
        "created_at": plan.created_at,
        "updated_at": plan.updated_at,
    }


@router.get("/accounts/{int:pk}/plan", response=PlanOut, url_name="plan_current")
def plan_current(request: HttpRequest, pk: int, response: HttpResponse):
    """The account's current plan: the newest active one, else the newest draft."""
    account = account_for(request, pk)
    plan = current_plan(account)
    if plan is None:
        raise Problem(404, "not-found", _("This account has no plan yet."))
    return _plan_out(response, get_plan_for(account, plan.pk), account)


@router.get("/accounts/{int:pk}/plans/{int:plan_id}", response=PlanOut, url_name="plan_detail")
def plan_read(request: HttpRequest, pk: int, plan_id: int, response: HttpResponse):
    """One plan of the account, whatever its status."""
    account = account_for(request, pk)
    return _plan_out(response, get_plan_for(account, plan_id), account)


def _answer_of(request: HttpRequest, pk: int, plan_id: int, question_id: int, *, edit=False):
    account = account_for(request, pk, edit=edit)
    plan = get_plan_for(account, plan_id)
    question = get_object_or_404(PlanQuestion, pk=question_id, workspace_id=account.workspace_id)
    answer = (
        PlanAnswer.objects.filter(plan=plan, question=question).select_related("updated_by").first()
    )
    return plan, question, answer


def _answer_tag(question: PlanQuestion, answer: PlanAnswer | None) -> str:
    return version_tag("answer", question.pk, answer.updated_at if answer else None)


ANSWER_PATH = "/accounts/{int:pk}/plans/{int:plan_id}/answers/{int:question_id}"


@router.get(ANSWER_PATH, response=AnswerOut, url_name="plan_answer")
def plan_answer(
    request: HttpRequest, pk: int, plan_id: int, question_id: int, response: HttpResponse
):
    """The plan's answer to one question (empty when unanswered)."""
    _plan, question, answer = _answer_of(request, pk, plan_id, question_id)
    response["ETag"] = _answer_tag(question, answer)
    return _answer_out(question, answer, asked=question.active)


def _member_or_none(account, email: str | None):
    """The member of the account's workspace with this e-mail; none for a null or empty
    one (the resource owner is cleared); a 422 for anyone else."""
    email = (email or "").strip()
    if not email:
        return None
    person = workspace_members(account.workspace).filter(email__iexact=email).first()
    if person is None:
        raise validation_problem(
            {"resource_owner": [_("Choose a member of this workspace, by e-mail.")]}
        )
    return person


@router.patch(ANSWER_PATH, response=AnswerOut, url_name="plan_answer_update")
def plan_answer_update(
    request: HttpRequest,
    pk: int,
    plan_id: int,
    question_id: int,
    payload: AnswerIn,
    response: HttpResponse,
):
    """Write the answer (an empty one leaves the question unanswered). With If-Match,
    a stale ETag is a 412 and nothing is written."""
    plan, question, answer = _answer_of(request, pk, plan_id, question_id, edit=True)
    require_fresh(request, _answer_tag(question, answer))
    answer = answer_save(
        plan=plan,
        question=question,
        text=payload.answer,
        by=request.membership.user,  # type: ignore[attr-defined]
    )
    answer = PlanAnswer.objects.select_related("updated_by").get(pk=answer.pk)
    response["ETag"] = _answer_tag(question, answer)
    return _answer_out(question, answer, asked=question.active)


FIGURES_PATH = "/accounts/{int:pk}/plans/{int:plan_id}/figures"


@router.get(FIGURES_PATH, response=FiguresOut, url_name="plan_figures")
def plan_figures_read(request: HttpRequest, pk: int, plan_id: int, response: HttpResponse):
    """The plan's key figures, with the ETag to send back as If-Match."""
    account = account_for(request, pk)
    plan = get_plan_for(account, plan_id)
    response["ETag"] = version_tag("plan", plan.pk, plan.updated_at)
    return _figures_out(plan, account)


@router.patch(FIGURES_PATH, response=FiguresOut, url_name="plan_figures_update")
def plan_figures_patch(
    request: HttpRequest, pk: int, plan_id: int, payload: FiguresPatch, response: HttpResponse
):
    """Change the figures sent. Send the ETag of your last read as If-Match: if the plan
    changed since, the answer is 412 and nothing is written."""
    account = account_for(request, pk, edit=True)
    plan = get_plan_for(account, plan_id)
    require_fresh(request, version_tag("plan", plan.pk, plan.updated_at))
    figures: dict[str, Any] = {name: getattr(plan, name) for name in FIGURE_FIELDS}
    sent = payload.dict(exclude_unset=True)
    if "resource_owner" in sent:
        sent["resource_owner"] = _member_or_none(account, sent["resource_owner"])
    for name in ("price_or_value", "capacity_note"):
        if name in sent and sent[name] is None:
            sent[name] = ""
    figures |= sent
    plan = plan_figures_update(plan=plan, **figures)
    plan = get_plan_for(account, plan.pk)
    response["ETag"] = version_tag("plan", plan.pk, plan.updated_at)
    return _figures_out(plan, account)
