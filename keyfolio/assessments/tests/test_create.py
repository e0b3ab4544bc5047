"""The assessment form: a new assessment of an account."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from keyfolio.assessments.models import Assessment, Methodology
from keyfolio.assessments.services import (
    CriterionDraft,
    ScoreInput,
    assessment_create,
    methodology_revise,
)
from keyfolio.assessments.services import criterion_draft_of as draft_of
from keyfolio.assessments.tests.helpers import (
    EDITORS,
    assess,
    form_post,
    uniform,
    url,
)


@pytest.mark.parametrize("person", EDITORS)
def test_it_shows_the_form_to_whoever_may_edit_the_account(world, person):
    response = world.client_for(getattr(world, person)).get(url(world, "create", world.account.pk))
    assert response.status_code == 200
    assert "Client position — how attractive the client is" in response.text
    assert "Our position — how strong we are with the client" in response.text


def test_it_lists_the_criteria_in_order_with_their_guides(world):
    response = world.client_for(world.manager).get(url(world, "create", world.account.pk))
    text = response.text
    assert text.index("Client&#x27;s growth rate") < text.index("Strategic importance")
    assert text.index("Strategic importance") < text.index("Purchase frequency")
    assert "0: shrinking · 50: growing with its market" in text
    fields = response.context["form"].fields
    assert len([name for name in fields if name.startswith("na_")]) == 15
    assert len([name for name in fields if name.startswith("comment_")]) == 15


def test_it_dates_a_new_assessment_today(world):
    response = world.client_for(world.manager).get(url(world, "create", world.account.pk))
    assert response.context["form"]["assessed_on"].value() == timezone.localdate()


def test_it_prefills_the_current_assessment(world):
    scores = uniform(70, 40)
    scores["prices"] = ScoreInput(85.5, "cheaper since May")
    scores["reputation"] = ScoreInput(None)
    assessment_create(account=world.account, assessor=world.manager, scores=scores)
    form = (
        world.client_for(world.manager).get(url(world, "create", world.account.pk)).context["form"]
    )
    assert form["score_client_growth"].value() == "70"
    assert form["score_prices"].value() == "85.5"
    assert form["comment_prices"].value() == "cheaper since May"
    assert form["na_reputation"].value() is True
    assert form["na_prices"].value() is False


def test_it_prefills_by_key_across_methodology_versions(world):
    assess(world.account, client=70, our=40)
    current = Methodology.objects.current_for(world.workspace)
    drafts = [draft_of(c) for c in current.criteria.all()]
    drafts.append(
        CriterionDraft(key="delivery", axis="our", label_en="Delivery", label_ru="Доставка")
    )
    methodology_revise(
        workspace=world.workspace,
        user=world.owner,
        criteria=drafts,
        threshold_client=50,
        threshold_our=50,
    )
    form = (
        world.client_for(world.manager).get(url(world, "create", world.account.pk)).context["form"]
    )
    assert form["score_prices"].value() == "40"
    assert form["score_delivery"].value() is None


def test_it_saves_the_assessment_and_names_the_zone(world):
    data = form_post(client="80", our="30", comments={"prices": "too high"}, note="After the QBR")
    response = world.client_for(world.manager).post(url(world, "create", world.account.pk), data)
    assert response.status_code == 302
    assert response.url == reverse("dossier:overview", args=[world.slug, world.account.pk])
    assessment = Assessment.objects.get()
    assert assessment.zone == "target"
    assert assessment.assessor == world.manager
    assert assessment.assessed_on == date(2026, 3, 1)
    assert assessment.note == "After the QBR"
    assert assessment.scores.get(criterion__key="prices").comment == "too high"
    world.account.refresh_from_db()
    assert world.account.current_assessment == assessment
    [message] = get_messages(response.wsgi_request)
    assert "Target" in str(message)


def test_it_reads_a_decimal_comma(world):
    data = form_post({"prices": "85,5", "reputation": " 60.25 "}, client="50", our="50")
    world.client_for(world.manager).post(url(world, "create", world.account.pk), data)
    scores = Assessment.objects.get().scores
    assert scores.get(criterion__key="prices").value == 85.5
    assert scores.get(criterion__key="reputation").value == 60.25


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("120", "Ensure this value is less than or equal to 100."),
        ("-1", "Ensure this value is greater than or equal to 0."),
        ("lots", "Enter a number from 0 to 100"),
        ("nan", "Enter a number from 0 to 100"),
    ],
)
def test_it_refuses_a_bad_score_and_saves_nothing(world, typed, error):
    data = form_post({"prices": typed}, client="50", our="50")
    response = world.client_for(world.manager).post(url(world, "create", world.account.pk), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["score_prices"]
    assert error in form.errors["score_prices"][0]
    assert "Nothing was saved" in response.text
    assert not Assessment.objects.exists()


def test_it_stores_blank_and_ticked_criteria_as_not_assessed(world):
    # A ticked box wins over a number the browser would not even have sent.
    data = form_post({"prices": "", "reputation": "90"}, client="60", our="40", na=("reputation",))
    world.client_for(world.manager).post(url(world, "create", world.account.pk), data)
    assessment = Assessment.objects.get()
    assert assessment.scores.get(criterion__key="prices").value is None
    assert assessment.scores.get(criterion__key="reputation").value is None
    assert assessment.completeness == pytest.approx(13 / 15)
    assert assessment.our_index == pytest.approx(40)


def test_it_saves_an_unplaced_assessment_and_says_so(world):
    data = form_post(client="60", our="")
    response = world.client_for(world.manager).post(url(world, "create", world.account.pk), data)
    assert Assessment.objects.get().zone == ""
    [message] = get_messages(response.wsgi_request)
    assert "not on the square" in str(message)


def test_it_shows_the_preview_of_the_prefilled_scores_and_the_previous_point(world):
    assess(world.account, client=80, our=70)
    response = world.client_for(world.manager).get(url(world, "create", world.account.pk))
    assert response.context["zone"] == "key"
    assert response.context["previous"] == world.account.assessments.get()
    assert 'data-zone="key"' in response.text
    assert "Previous assessment" in response.text  # The hollow point's title.


@pytest.mark.parametrize("extra", [0, 10])
def test_it_renders_the_form_in_constant_queries(world, django_assert_num_queries, extra):
    current = Methodology.objects.current_for(world.workspace)
    drafts = [draft_of(c) for c in current.criteria.all()]
    drafts += [
        CriterionDraft(key=f"extra_{n}", axis="our", label_en=f"Extra {n}", label_ru=f"Доп {n}")
        for n in range(extra)
    ]
    methodology_revise(
        workspace=world.workspace,
        user=world.owner,
        criteria=drafts,
        threshold_client=50,
        threshold_our=50,
    )
    assess(world.account, client=70, our=40)
    client = world.client_for(world.manager)
    # Session, user, membership, account with its current assessment, current
    # methodology, its criteria, the current assessment's scores, and the criteria
    # again in services.preview(); then the evidence hints' reads (without a plan),
    # see test_evidence.
    with django_assert_num_queries(16):  # the current assessment's thresholds: one query
        response = client.get(url(world, "create", world.account.pk))
    assert len(response.context["form"].criteria) == 15 + extra
