"""The read-only page of one assessment."""

from datetime import timedelta

import pytest

from keyfolio.assessments.models import Assessment, Methodology
from keyfolio.assessments.services import (
    CriterionDraft,
    ScoreInput,
    assessment_create,
    criterion_draft_of,
    methodology_revise,
)
from keyfolio.assessments.tests.helpers import assess, uniform, url


@pytest.fixture
def assessment(world) -> Assessment:
    scores = uniform(80, 30)
    scores["prices"] = ScoreInput(35, "A rival undercuts us by 10 %")
    scores["reputation"] = ScoreInput(None)
    return assessment_create(
        account=world.account, assessor=world.manager, scores=scores, note="After the QBR"
    )


def test_it_shows_every_criterion_with_its_score_guide_and_comment(world, assessment):
    response = world.client_for(world.viewer).get(url(world, "detail", assessment.pk))
    text = response.text
    assert "Northwind" in text
    assert "Max Manager" in text
    assert "version 1" in text
    assert "After the QBR" in text
    assert "A rival undercuts us by 10 %" in text
    assert "0: shrinking · 50: growing with its market" in text
    assert text.count("not assessed") == 1
    assert sum(len(group.items) for group in response.context["axes"]) == 15
    assert 'zone-badge zone-target">Target<' in text
    assert ">80.0<" in text  # The client index.


def test_it_offers_to_edit_within_the_window_to_editors_only(world, assessment):
    edit_url = url(world, "edit", assessment.pk)
    assert (
        edit_url in world.client_for(world.teammate).get(url(world, "detail", assessment.pk)).text
    )
    assert (
        edit_url not in world.client_for(world.viewer).get(url(world, "detail", assessment.pk)).text
    )


def test_it_offers_no_edit_after_the_window(world, assessment):
    Assessment.objects.filter(pk=assessment.pk).update(
        created_at=assessment.created_at - timedelta(days=2)
    )
    response = world.client_for(world.manager).get(url(world, "detail", assessment.pk))
    assert url(world, "edit", assessment.pk) not in response.text
    assert url(world, "create", world.account.pk) in response.text


@pytest.mark.parametrize("extra", [0, 10])
def test_it_renders_in_constant_queries(world, django_assert_num_queries, extra):
    current = Methodology.objects.current_for(world.workspace)
    drafts = [criterion_draft_of(c) for c in current.criteria.all()]
    drafts += [
        CriterionDraft(key=f"extra_{n}", axis="client", label_en=f"Extra {n}", label_ru=f"Доп {n}")
        for n in range(extra)
    ]
    methodology_revise(
        workspace=world.workspace,
        user=world.owner,
        criteria=drafts,
        threshold_client=50,
        threshold_our=50,
    )
    assessment = assess(world.account, client=70, our=40, assessor=world.manager)
    client = world.client_for(world.manager)
    # Session, user, membership, the assessment (with account, methodology, assessor),
    # its scores with their criteria.
    with django_assert_num_queries(5):
        response = client.get(url(world, "detail", assessment.pk))
    assert sum(len(group.items) for group in response.context["axes"]) == 15 + extra
