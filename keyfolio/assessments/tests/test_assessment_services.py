"""The services that write assessments and methodology versions."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from keyfolio.assessments.models import Assessment, Methodology
from keyfolio.assessments.services import (
    CriterionDraft,
    ScoreInput,
    assessment_create,
    assessment_update,
    methodology_revise,
)
from keyfolio.method import DEFAULT_CRITERIA

CLIENT_KEYS = [c.key for c in DEFAULT_CRITERIA if c.axis == "client"]
OUR_KEYS = [c.key for c in DEFAULT_CRITERIA if c.axis == "our"]


def uniform(client: float | None, our: float | None) -> dict[str, ScoreInput]:
    scores = {key: ScoreInput(client) for key in CLIENT_KEYS}
    scores.update({key: ScoreInput(our) for key in OUR_KEYS})
    return scores


def test_it_stores_indices_zone_and_completeness(world):
    assessment = assessment_create(
        account=world.account, assessor=world.manager, scores=uniform(80, 30)
    )
    assert assessment.client_index == pytest.approx(80)
    assert assessment.our_index == pytest.approx(30)
    assert assessment.zone == "target"
    assert assessment.completeness == 1
    assert (assessment.criteria_scored, assessment.criteria_total) == (15, 15)
    assert assessment.scores.count() == 15


def test_missing_criteria_are_stored_as_not_assessed(world):
    assessment = assessment_create(
        account=world.account,
        assessor=world.manager,
        scores={"client_growth": ScoreInput(70, "fast"), "prices": ScoreInput(40)},
    )
    assert assessment.completeness == pytest.approx(2 / 15)
    assert (assessment.criteria_scored, assessment.criteria_total) == (2, 15)
    assert assessment.zone == "target"  # client 70 ≥ 50, our 40 < 50
    assert assessment.scores.filter(value__isnull=True).count() == 13
    assert assessment.scores.get(criterion__key="client_growth").comment == "fast"


def test_an_axis_with_nothing_assessed_leaves_the_account_unplaced(world):
    assessment = assessment_create(
        account=world.account, assessor=world.manager, scores=uniform(60, None)
    )
    assert assessment.our_index is None
    assert assessment.zone == ""
    assert not assessment.placed


def test_the_account_points_to_its_latest_and_previous_assessment_by_date(world):
    older = assessment_create(
        account=world.account,
        assessor=world.manager,
        scores=uniform(40, 40),
        assessed_on=date(2025, 1, 10),
    )
    newer = assessment_create(
        account=world.account,
        assessor=world.manager,
        scores=uniform(70, 70),
        assessed_on=date(2026, 1, 10),
    )
    # Back-filling an old assessment does not make it the current one.
    assessment_create(
        account=world.account,
        assessor=world.manager,
        scores=uniform(10, 10),
        assessed_on=date(2024, 6, 1),
    )
    world.account.refresh_from_db()
    assert world.account.current_assessment == newer
    assert world.account.previous_assessment == older


def test_it_refuses_an_out_of_range_score_and_saves_nothing(world):
    with pytest.raises(ValidationError, match=r"0\.\.100"):
        assessment_create(
            account=world.account,
            assessor=world.manager,
            scores={"client_growth": ScoreInput(120)},
        )
    assert not Assessment.objects.exists()


def test_it_refuses_an_unknown_criterion_and_saves_nothing(world):
    with pytest.raises(ValidationError, match="Unknown criteria: bogus"):
        assessment_create(
            account=world.account, assessor=world.manager, scores={"bogus": ScoreInput(10)}
        )
    assert not Assessment.objects.exists()


def test_it_corrects_an_assessment_within_a_day(world):
    assessment = assessment_create(
        account=world.account, assessor=world.manager, scores=uniform(80, 80)
    )
    assessment_update(
        assessment=assessment, scores=uniform(20, 80), assessed_on=assessment.assessed_on
    )
    assessment.refresh_from_db()
    assert assessment.zone == "maintain"
    assert assessment.scores.get(criterion__key="client_growth").value == 20


def test_it_refuses_to_rewrite_an_assessment_older_than_a_day(world):
    assessment = assessment_create(
        account=world.account, assessor=world.manager, scores=uniform(80, 80)
    )
    Assessment.objects.filter(pk=assessment.pk).update(
        created_at=timezone.now() - timedelta(days=1, minutes=1)
    )
    assessment.refresh_from_db()
    with pytest.raises(ValidationError, match="make a new assessment"):
        assessment_update(assessment=assessment, scores=uniform(10, 10), assessed_on=date.today())
    assessment.refresh_from_db()
    assert assessment.zone == "key"


def drafts_from(methodology: Methodology, **changes) -> list[CriterionDraft]:
    drafts = []
    for c in methodology.criteria.all():
        fields = {
            f: getattr(c, f)
            for f in ("key", "axis", "label_en", "label_ru", "guide_en", "guide_ru", "weight")
        }
        fields.update(changes.get(c.key, {}))
        drafts.append(CriterionDraft(position=c.position, active=c.active, **fields))
    return drafts


def test_a_revision_makes_a_new_version_and_old_assessments_keep_theirs(world):
    v1 = Methodology.objects.current_for(world.workspace)
    old = assessment_create(account=world.account, assessor=world.manager, scores=uniform(50, 50))
    v2 = methodology_revise(
        workspace=world.workspace,
        user=world.admin,
        criteria=drafts_from(v1, client_growth={"weight": 3.0}),
        threshold_client=60,
        threshold_our=50,
        note="Growth matters more",
    )
    assert v2.version == 2
    new = assessment_create(account=world.account, assessor=world.manager, scores=uniform(55, 55))
    old.refresh_from_db()
    assert old.methodology == v1 and old.zone == "key"
    # The same scores are judged by the new threshold: 55 < 60 on the client axis.
    assert new.methodology == v2 and new.zone == "maintain"
    assert v1.criteria.get(key="client_growth").weight == 1.0


def test_a_revision_must_keep_an_active_criterion_on_each_axis(world):
    v1 = Methodology.objects.current_for(world.workspace)
    retire_client = {key: {"weight": 0.0} for key in CLIENT_KEYS}
    with pytest.raises(ValidationError, match="Each axis"):
        methodology_revise(
            workspace=world.workspace,
            user=world.admin,
            criteria=drafts_from(v1, **retire_client),
            threshold_client=50,
            threshold_our=50,
        )
    assert Methodology.objects.filter(workspace=world.workspace).count() == 1
