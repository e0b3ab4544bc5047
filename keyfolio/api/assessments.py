"""/api/v1/accounts/{id}/assessments and /api/v1/assessments/{id}: an account's
assessments, one with its scores by criterion key, and a new one from scores.

Through keyfolio.assessments: `assessment_create` computes the indices, the zone and
the completeness, and moves the account's current assessment; `get_assessment_for`
shows an assessment exactly when its account is visible.
"""

from datetime import date, datetime
from typing import Annotated, Any

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from keyfolio.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, paginate
from keyfolio.api.problems import validation_problem
from keyfolio.api.scoped import account_for
from keyfolio.api.versions import version_tag
from keyfolio.assessments.models import Assessment, Methodology, Score
from keyfolio.assessments.selectors import get_assessment_for
from keyfolio.assessments.services import ScoreInput, assessment_create

router = Router(tags=["assessments"])


class ScoreIn(Schema):
    value: float | None = Field(description="0–100; null for not assessed.")
    comment: str = ""


class ScoreOut(Schema):
    value: float | None
    comment: str


class AssessmentIn(Schema):
    scores: dict[str, ScoreIn] = Field(
        description="By criterion key (see the workspace's methodology); those left out "
        "are not assessed."
    )
    assessed_on: date | None = Field(None, description="Today when left out.")
    note: str = ""


class AssessmentOut(Schema):
    id: int
    account: int
    assessed_on: date
    assessor: str | None = Field(description="The assessor's e-mail.")
    methodology_version: int
    client_index: float | None = Field(description="Client attractiveness, 0–100.")
    our_index: float | None = Field(description="Our position with the client, 0–100.")
    zone: str | None = Field(
        description="key, target, maintain or reconsider; null if off the square."
    )
    completeness: float = Field(description="The share of the criteria's weight scored, 0–1.")
    criteria_scored: int
    criteria_total: int
    note: str
    scores: dict[str, ScoreOut] = Field(description="By criterion key.")
    created_at: datetime
    updated_at: datetime


class AssessmentPage(Schema):
    items: list[AssessmentOut]
    next: str | None = Field(description="The URL of the next page; null on the last.")


def _with_scores(assessments):
    return assessments.select_related("assessor", "methodology").prefetch_related(
        Prefetch("scores", queryset=Score.objects.select_related("criterion"))
    )


def assessment_out(assessment: Assessment) -> dict[str, Any]:
    """The assessment with its scores: fetch them with it (`_with_scores`)."""
    return {
        "id": assessment.pk,
        "account": assessment.account_id,
        "assessed_on": assessment.assessed_on,
        "assessor": assessment.assessor.email if assessment.assessor else None,
        "methodology_version": assessment.methodology.version,
        "client_index": assessment.client_index,
        "our_index": assessment.our_index,
        "zone": assessment.zone or None,
        "completeness": assessment.completeness,
        "criteria_scored": assessment.criteria_scored,
        "criteria_total": assessment.criteria_total,
        "note": assessment.note,
        "scores": {
            score.criterion.key: {"value": score.value, "comment": score.comment}
            for score in sorted(
                assessment.scores.all(),
                key=lambda s: (s.criterion.axis, s.criterion.position, s.criterion.pk),
            )
        },
        "created_at": assessment.created_at,
        "updated_at": assessment.updated_at,
    }


def _read(response: HttpResponse, pk: int) -> dict[str, Any]:
    assessment = _with_scores(Assessment.objects.filter(pk=pk)).get()
    response["ETag"] = version_tag("assessment", assessment.pk, assessment.updated_at)
    return assessment_out(assessment)


@router.get("/accounts/{int:pk}/assessments", response=AssessmentPage, url_name="assessment_list")
def assessment_list(
    request: HttpRequest,
    pk: int,
    cursor: Annotated[str | None, Query(description="The cursor of the `next` link.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
):
    """The account's assessments, oldest first, with their scores, a page at a time."""
    account = account_for(request, pk)
    assessments = _with_scores(Assessment.objects.filter(account=account))
    items, next_url = paginate(request, assessments, cursor=cursor, limit=limit)
    return {"items": [assessment_out(a) for a in items], "next": next_url}


@router.get("/assessments/{int:pk}", response=AssessmentOut, url_name="assessment_detail")
def assessment_read(request: HttpRequest, pk: int, response: HttpResponse):
    """One assessment: its indices, zone, completeness and scores by criterion key."""
    assessment = get_assessment_for(request.membership, pk)  # type: ignore[attr-defined]
    return _read(response, assessment.pk)


def _score_errors(keys: set[str], scores: dict[str, ScoreIn]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for key, score in scores.items():
        if key not in keys:
            errors[f"scores.{key}"] = [_("There is no such criterion in the methodology.")]
        elif score.value is not None and not 0 <= score.value <= 100:
            errors[f"scores.{key}"] = [_("Enter a score from 0 to 100.")]
    return errors


@router.post(
    "/accounts/{int:pk}/assessments",
    response={201: AssessmentOut},
    url_name="assessment_create",
)
def assessment_create_(
    request: HttpRequest, pk: int, payload: AssessmentIn, response: HttpResponse
):
    """Assess the account with the workspace's current methodology (those who may edit
    the account). A score the methodology does not know, or outside 0–100, is a 422
    with an error under `scores.<key>`."""
    account = account_for(request, pk, edit=True)
    methodology = Methodology.objects.current_for(account.workspace)
    keys = {criterion.key for criterion in methodology.active_criteria()}
    errors = _score_errors(keys, payload.scores)
    if errors:
        raise validation_problem(errors)
    assessment = assessment_create(
        account=account,
        assessor=request.user,
        scores={key: ScoreInput(s.value, s.comment) for key, s in payload.scores.items()},
        assessed_on=payload.assessed_on,
        note=payload.note,
        methodology=methodology,
    )
    return Status(201, _read(response, assessment.pk))
