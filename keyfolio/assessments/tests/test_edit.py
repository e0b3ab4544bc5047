"""Correcting an assessment within a day of making it, and the lock after that."""

from datetime import date, timedelta

import pytest

from keyfolio.assessments.models import Assessment, Methodology
from keyfolio.assessments.services import criterion_draft_of, methodology_revise
from keyfolio.assessments.tests.helpers import EDITORS, assess, form_post, url
from keyfolio.testing import form_as_posted, two_edit


@pytest.fixture
def assessment(world) -> Assessment:
    return assess(world.account, client=80, our=30, assessor=world.manager)


def age(assessment: Assessment, **delta) -> None:
    """Move the assessment's creation back in time, as if it were made earlier."""
    created = assessment.created_at - timedelta(**delta)
    Assessment.objects.filter(pk=assessment.pk).update(created_at=created)


@pytest.mark.parametrize("person", EDITORS)
def test_it_shows_the_form_to_whoever_may_edit_the_account(world, assessment, person):
    response = world.client_for(getattr(world, person)).get(url(world, "edit", assessment.pk))
    assert response.status_code == 200
    assert response.context["form"]["score_prices"].value() == "30"


def test_it_corrects_the_assessment_within_the_window(world, assessment):
    age(assessment, hours=23)
    data = form_post(client="80", our="70", assessed_on="2026-02-01", note="Typo fixed")
    response = world.client_for(world.teammate).post(url(world, "edit", assessment.pk), data)
    assert response.status_code == 302
    assert response.url == url(world, "detail", assessment.pk)
    assessment.refresh_from_db()
    assert assessment.zone == "key"
    assert assessment.our_index == 70
    assert assessment.assessed_on == date(2026, 2, 1)
    assert assessment.note == "Typo fixed"
    assert Assessment.objects.count() == 1


def test_it_refuses_bad_scores_and_changes_nothing(world, assessment):
    data = form_post({"prices": "150"}, client="10", our="10")
    response = world.client_for(world.manager).post(url(world, "edit", assessment.pk), data)
    assert response.status_code == 200
    assert "score_prices" in response.context["form"].errors
    assessment.refresh_from_db()
    assert assessment.client_index == 80


def test_it_locks_the_assessment_after_the_window(world, assessment):
    age(assessment, days=1, minutes=1)
    client = world.client_for(world.manager)
    response = client.get(url(world, "edit", assessment.pk))
    assert response.status_code == 409
    assert "can no longer be changed" in response.text
    assert url(world, "create", world.account.pk) in response.text
    response = client.post(url(world, "edit", assessment.pk), form_post(client="10", our="10"))
    assert response.status_code == 409
    assessment.refresh_from_db()
    assert assessment.client_index == 80
    assert assessment.scores.filter(value=10).count() == 0


def test_it_keeps_the_assessments_own_methodology_after_a_revision(world, assessment):
    current = Methodology.objects.current_for(world.workspace)
    drafts = [criterion_draft_of(c) for c in current.criteria.all() if c.axis == "client"]
    drafts += [
        criterion_draft_of(c)
        for c in current.criteria.all()
        if c.axis == "our" and c.key == "prices"
    ]
    methodology_revise(
        workspace=world.workspace,
        user=world.owner,
        criteria=drafts,
        threshold_client=90,
        threshold_our=50,
    )
    response = world.client_for(world.manager).get(url(world, "edit", assessment.pk))
    assert response.context["methodology"].version == 1
    assert len(response.context["form"].criteria) == 15


def test_its_preview_uses_the_assessments_methodology_and_saves_nothing(world, assessment):
    current = Methodology.objects.current_for(world.workspace)
    methodology_revise(
        workspace=world.workspace,
        user=world.owner,
        criteria=[criterion_draft_of(c) for c in current.criteria.all()],
        threshold_client=90,  # Under version 2, client 80 would no longer be attractive.
        threshold_our=50,
    )
    client = world.client_for(world.manager)
    response = client.post(
        url(world, "edit_preview", assessment.pk), form_post(client="80", our="60")
    )
    assert response.context["zone"] == "key"
    assessment.refresh_from_db()
    assert assessment.our_index == 30


def test_its_preview_compares_with_the_assessment_before(world, assessment):
    age(assessment, hours=2)
    later = assess(world.account, client=60, our=60, assessor=world.manager)
    response = world.client_for(world.manager).post(
        url(world, "edit_preview", later.pk), form_post(client="60", our="60")
    )
    assert response.context["previous"] == assessment


def test_a_correction_over_a_newer_version_is_refused_and_the_merge_saved(world, assessment):
    def stored():
        assessment.refresh_from_db()
        prices = assessment.scores.get(criterion__key="prices")
        return assessment.note, prices.value, prices.comment

    after_theirs, merged = two_edit(
        mine=world.client_for(world.manager),
        theirs=world.client_for(world.teammate),
        url=url(world, "edit", assessment.pk),
        stored=stored,
        their_change={"score_prices": "60"},
        my_change={"score_prices": "40", "comment_prices": "Cheaper than Globex"},
    )
    assert after_theirs[1] == 60
    assert merged[1:] == (60, "Cheaper than Globex")


def test_a_conflict_names_the_criterion_of_a_comment(world, assessment):
    edit = url(world, "edit", assessment.pk)
    mine = world.client_for(world.manager)
    opened = form_as_posted(mine.get(edit).context["form"])
    theirs = world.client_for(world.teammate)
    theirs.post(edit, {**form_as_posted(theirs.get(edit).context["form"]), "comment_prices": "A"})
    response = mine.post(edit, {**opened, "comment_prices": "B"})
    (item,) = response.context["form"].conflict
    assert item["label"].endswith(": Comment")
    assert item["label"] != ": Comment"
