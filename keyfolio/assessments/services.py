"""Writes that touch several rows: methodologies and assessments.

Every interface (views, CLI, imports, demo data) goes through these functions so
that indices, zones and the account's pointers are computed in one place.
"""

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from keyfolio.accounts.models import Account
from keyfolio.assessments.models import Assessment, Criterion, Methodology, Score
from keyfolio.audit.models import AuditEvent
from keyfolio.audit.recording import BulkChange, field_changes, record_bulk, record_created
from keyfolio.method import (
    DEFAULT_CRITERIA,
    DEFAULT_THRESHOLDS,
    AssessmentResult,
    ScoredCriterion,
    Thresholds,
    evaluate,
)
from keyfolio.method.criteria import Axis
from keyfolio.workspaces.models import Workspace


@dataclass(frozen=True)
class ScoreInput:
    value: float | None
    comment: str = ""


def methodology_create_default(*, workspace: Workspace, user=None) -> Methodology:
    """Version 1 of a workspace's methodology: the catalog of METHOD.md, equal weights."""
    methodology = Methodology.objects.create(
        workspace=workspace,
        version=1,
        threshold_client=DEFAULT_THRESHOLDS.client,
        threshold_our=DEFAULT_THRESHOLDS.our,
        created_by=user,
    )
    criteria = Criterion.objects.bulk_create(
        Criterion(
            methodology=methodology,
            key=spec.key,
            axis=spec.axis.value,
            label_en=spec.label_en,
            label_ru=spec.label_ru,
            guide_en=spec.guide_en,
            guide_ru=spec.guide_ru,
            position=position,
        )
        for position, spec in enumerate(DEFAULT_CRITERIA)
    )
    record_created(criteria)
    return methodology


@dataclass(frozen=True)
class CriterionDraft:
    """A criterion as an admin wants it in the next version. `key` identifies it
    across versions; a new key adds a criterion."""

    key: str
    axis: str
    label_en: str
    label_ru: str
    guide_en: str = ""
    guide_ru: str = ""
    weight: float = 1.0
    position: int = 0
    active: bool = True


@transaction.atomic
def methodology_revise(
    *,
    workspace: Workspace,
    user,
    criteria: Sequence[CriterionDraft],
    threshold_client: float,
    threshold_our: float,
    note: str = "",
) -> Methodology:
    """Make the next methodology version; earlier versions and their assessments stay as
    they were. Each axis must keep at least one active criterion with a positive weight."""
    for axis in Axis:
        if not any(c.axis == axis and c.active and c.weight > 0 for c in criteria):
            raise ValidationError(
                "Each axis needs at least one active criterion with a positive weight.",
                code="empty_axis",
            )
    current = Methodology.objects.current_for(workspace)
    revised = Methodology.objects.create(
        workspace=workspace,
        version=current.version + 1,
        threshold_client=threshold_client,
        threshold_our=threshold_our,
        note=note,
        created_by=user,
    )
    record_created(
        Criterion.objects.bulk_create(
            Criterion(methodology=revised, **draft.__dict__) for draft in criteria
        )
    )
    return revised


def _evaluate(
    criteria: Sequence[Criterion], values: Mapping[str, float | None], thresholds: Thresholds
) -> AssessmentResult:
    scored = [_scored(c.axis, values.get(c.key), c.weight) for c in criteria]
    return evaluate(scored, thresholds)


@functools.lru_cache(maxsize=16384)
def _scored(axis: str, value: float | None, weight: float) -> ScoredCriterion:
    # Cached: an import evaluates 100,000 rows whose scores take a few hundred values,
    # and building (and checking) the frozen ScoredCriterion was half of the time of
    # evaluating a row.
    return ScoredCriterion(Axis(axis), value, weight)


def _values(scores: Mapping[str, ScoreInput]) -> dict[str, float | None]:
    return {key: score.value for key, score in scores.items()}


def assessment_figures(
    *, criteria: Sequence[Criterion], values: Mapping[str, float | None], thresholds: Thresholds
) -> dict[str, Any]:
    """What an assessment stores beside its scores (`client_index`, `our_index`, `zone`,
    `completeness`, `criteria_scored`, `criteria_total`, as keyword arguments of
    Assessment) for these score values by criterion key, a key left out being "not
    assessed". Every writer of assessments (the
    services below, the import's bulk save) takes them from here."""
    result = _evaluate(criteria, values, thresholds)
    return {
        "client_index": result.client_index,
        "our_index": result.our_index,
        "zone": result.zone.value if result.zone else "",
        "completeness": result.completeness,
        "criteria_scored": result.scored,
        "criteria_total": result.criteria,
    }


def preview(*, methodology: Methodology, scores: Mapping[str, ScoreInput]) -> AssessmentResult:
    """The indices, zone and completeness these scores would give, without saving."""
    criteria = list(methodology.active_criteria())
    return _evaluate(criteria, _values(scores), methodology.thresholds)


def _validate_scores(criteria: Sequence[Criterion], scores: Mapping[str, ScoreInput]) -> None:
    known = {c.key for c in criteria}
    unknown = sorted(set(scores) - known)
    if unknown:
        raise ValidationError(f"Unknown criteria: {', '.join(unknown)}.", code="unknown_criterion")
    for key, score in scores.items():
        if score.value is not None and not 0 <= score.value <= 100:
            raise ValidationError(
                f"The score of {key} must lie within 0..100, got {score.value:g}.",
                code="out_of_range",
            )


@transaction.atomic
def assessment_create(
    *,
    account: Account,
    assessor,
    scores: Mapping[str, ScoreInput],
    assessed_on: date | None = None,
    note: str = "",
    methodology: Methodology | None = None,
) -> Assessment:
    """Record an assessment with the workspace's current methodology (or the one given),
    store its computed indices and zone, and move the account's pointers."""
    methodology = methodology or Methodology.objects.current_for(account.workspace)
    criteria = list(methodology.active_criteria())
    _validate_scores(criteria, scores)
    assessment = Assessment(
        workspace_id=account.workspace_id,
        account=account,
        methodology=methodology,
        assessor=assessor,
        note=note,
        **assessment_figures(
            criteria=criteria, values=_values(scores), thresholds=methodology.thresholds
        ),
    )
    if assessed_on is not None:
        assessment.assessed_on = assessed_on
    assessment.full_clean(exclude=["account", "methodology", "workspace"])
    assessment.save()
    stored = Score.objects.bulk_create(
        Score(
            assessment=assessment,
            criterion=c,
            value=scores[c.key].value if c.key in scores else None,
            comment=scores[c.key].comment if c.key in scores else "",
        )
        for c in criteria
    )
    _scores_recorded(assessment, AuditEvent.Action.CREATE, {}, _score_values(stored, criteria))
    account.refresh_assessment_pointers()
    return assessment


@transaction.atomic
def assessment_update(
    *,
    assessment: Assessment,
    scores: Mapping[str, ScoreInput],
    assessed_on: date,
    note: str = "",
) -> Assessment:
    """Correct an assessment within its edit window (see models.EDIT_WINDOW)."""
    if not assessment.is_editable:
        raise ValidationError(
            "This assessment is older than a day and can no longer be changed; "
            "make a new assessment instead.",
            code="locked",
        )
    methodology = assessment.methodology
    criteria = list(methodology.active_criteria())
    _validate_scores(criteria, scores)
    figures = assessment_figures(
        criteria=criteria, values=_values(scores), thresholds=methodology.thresholds
    )
    assessment.assessed_on = assessed_on
    assessment.note = note
    for name, value in figures.items():
        setattr(assessment, name, value)
    assessment.save()
    stored = list(assessment.scores.select_related("criterion"))
    criteria = [score.criterion for score in stored]
    before = _score_values(stored, criteria)
    for score in stored:
        given = scores.get(score.criterion.key, ScoreInput(None))
        score.value, score.comment = given.value, given.comment
    Score.objects.bulk_update(stored, ["value", "comment"])
    _scores_recorded(assessment, AuditEvent.Action.UPDATE, before, _score_values(stored, criteria))
    assessment.account.refresh_assessment_pointers()
    return assessment


def _score_values(scores: Sequence[Score], criteria: Sequence[Criterion]) -> dict[str, Any]:
    """Each criterion's score (and comment, if any) by key, as the audit trail shows it."""
    values: dict[str, Any] = {}
    for score, criterion in zip(scores, criteria, strict=True):
        values[criterion.key] = score.value
        if score.comment:
            values[f"{criterion.key}_comment"] = score.comment
    return values


def _scores_recorded(
    assessment: Assessment, action: str, before: dict[str, Any], after: dict[str, Any]
) -> None:
    """An assessment's scores as one event of the audit trail (a line per criterion
    would bury the rest of the account's history)."""
    changes = field_changes(before, after)
    if changes:
        record_bulk(
            workspace_id=assessment.workspace_id,
            model=Score,
            changes=[
                BulkChange(
                    object_id=assessment.pk,
                    account_id=assessment.account_id,
                    action=action,
                    changes=changes,
                    object_repr=str(assessment.assessed_on),
                )
            ],
        )


def criterion_draft_of(criterion: Criterion) -> CriterionDraft:
    """A stored criterion as a draft, to compare it with what an admin submits."""
    return CriterionDraft(
        key=criterion.key,
        axis=criterion.axis,
        label_en=criterion.label_en,
        label_ru=criterion.label_ru,
        guide_en=criterion.guide_en,
        guide_ru=criterion.guide_ru,
        weight=criterion.weight,
        position=criterion.position,
        active=criterion.active,
    )


def methodology_matches(
    *,
    methodology: Methodology,
    criteria: Sequence[CriterionDraft],
    threshold_client: float,
    threshold_our: float,
) -> bool:
    """True if revising `methodology` with these values would change nothing, so that
    saving an untouched page does not make an empty version."""
    stored = {c.key: criterion_draft_of(c) for c in methodology.criteria.all()}
    wanted = {draft.key: draft for draft in criteria}
    return (
        stored == wanted
        and methodology.threshold_client == threshold_client
        and methodology.threshold_our == threshold_our
    )
