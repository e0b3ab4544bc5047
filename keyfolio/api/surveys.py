"""/api/v1/accounts/{id}/surveys and /api/v1/surveys: what the account's clients said,
through keyfolio.surveys.selectors: NPS, CSAT and response rate over the last year with
their trends, and the answers the playbook reads.
"""

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from keyfolio.accounts.models import Account
from keyfolio.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, paginate
from keyfolio.api.scoped import account_for
from keyfolio.surveys.selectors import (
    DEFAULT_WINDOW_DAYS,
    Satisfaction,
    nps_of_account,
    satisfaction_by_account,
    survey_answers_by_account,
)

router = Router(tags=["surveys"])


class SurveyAnswerOut(Schema):
    answered_on: date
    nps: int | None = Field(description="0–10; null when not answered.")
    contact: int | None = Field(description="The contact's id; null once deleted.")
    decision_maker: bool = Field(description="Whether the contact was a decision maker.")


class SatisfactionOut(Schema):
    account: int
    name: str
    responses: int = Field(description="Surveys answered over the last year.")
    nps: float | None = Field(description="−100..100; null without answers.")
    csat: float | None = Field(description="% of 4–5 ratings.")
    response_rate: float | None = Field(description="% of the year's surveys answered.")
    nps_trend: float | None = Field(description="Points since the year before.")
    csat_trend: float | None
    last_answered: datetime | None


class SurveyResultsOut(SatisfactionOut):
    answers: list[SurveyAnswerOut] = Field(
        description="The last year's answers, oldest first (and the last one, if older)."
    )


class SurveyResultsPage(Schema):
    items: list[SatisfactionOut]
    next: str | None = Field(description="The URL of the next page; null on the last.")


def _satisfaction_out(account: Account, found: Satisfaction) -> dict[str, Any]:
    return {
        "account": account.pk,
        "name": account.name,
        "responses": found.responses,
        "nps": found.nps,
        "csat": found.csat,
        "response_rate": found.response_rate,
        "nps_trend": found.nps_trend,
        "csat_trend": found.csat_trend,
        "last_answered": found.last_answered,
    }


@router.get("/accounts/{int:pk}/surveys", response=SurveyResultsOut, url_name="survey_results")
def survey_results(request: HttpRequest, pk: int):
    """The account's NPS, CSAT and response rate over the last year, and its answers."""
    account = account_for(request, pk)
    today = timezone.localdate()
    found = satisfaction_by_account([account], today=today)[account.pk]
    answered = survey_answers_by_account([account.pk], today=today, days=DEFAULT_WINDOW_DAYS)
    answers = answered[account.pk].answers if account.pk in answered else ()
    return {
        **_satisfaction_out(account, found),
        "answers": [
            {
                "answered_on": answer.on,
                "nps": answer.nps,
                "contact": answer.contact,
                "decision_maker": answer.decision_maker,
            }
            for answer in answers
        ],
    }


@router.get("/surveys", response=SurveyResultsPage, url_name="survey_result_list")
def survey_result_list(
    request: HttpRequest,
    surveyed: Annotated[
        bool, Query(description="Only the accounts with an NPS over the last year.")
    ] = False,
    cursor: Annotated[str | None, Query(description="The cursor of the `next` link.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
):
    """The satisfaction of each account you see, by id, a page at a time."""
    accounts = Account.objects.visible_to(request.membership).active()  # type: ignore[attr-defined]
    if surveyed:
        accounts = accounts.annotate(nps=nps_of_account(today=timezone.localdate())).filter(
            nps__isnull=False
        )
    items, next_url = paginate(request, accounts.only("pk", "name"), cursor=cursor, limit=limit)
    found = satisfaction_by_account(items)
    return {
        "items": [_satisfaction_out(account, found[account.pk]) for account in items],
        "next": next_url,
    }
