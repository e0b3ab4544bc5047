"""The live result panel of the assessment form: computed on the server, never saved."""

import pytest

from keyfolio.assessments.models import Assessment
from keyfolio.assessments.tests.helpers import assess, form_post, url
from keyfolio.testing import is_page


def post_preview(world, person, data):
    return world.client_for(person).post(url(world, "preview", world.account.pk), data)


@pytest.mark.parametrize(
    ("client", "our", "zone"),
    [
        ("80", "70", "key"),
        ("80", "30", "target"),
        ("20", "70", "maintain"),
        ("20", "30", "reconsider"),
    ],
)
def test_it_shows_the_zone_the_scores_would_give_and_saves_nothing(world, client, our, zone):
    response = post_preview(world, world.manager, form_post(client=client, our=our))
    assert response.status_code == 200
    assert response.context["zone"] == zone
    assert f'data-zone="{zone}"' in response.text
    assert f'data-index="client">{client}.0<' in response.text
    assert f'data-index="our">{our}.0<' in response.text
    assert not Assessment.objects.exists()


def test_it_is_a_fragment_not_a_page(world):
    response = post_preview(world, world.manager, form_post(client="60", our="60"))
    assert not is_page(response)
    assert "Live result" in response.text


def test_a_point_on_the_thresholds_is_key(world):
    response = post_preview(world, world.manager, form_post(client="50", our="50"))
    assert response.context["zone"] == "key"


def test_it_reads_decimal_commas_and_leaves_out_what_it_cannot_read(world):
    data = form_post({"prices": "85,5", "reputation": "lots"}, client="60", our="40")
    response = post_preview(world, world.manager, data)
    result = response.context["result"]
    # Six of ours at 40, prices at 85.5, reputation left out.
    assert result.our_index == pytest.approx((6 * 40 + 85.5) / 7)
    assert response.context["unreadable"] == 1
    assert "One score is not a number from 0 to 100" in response.text


def test_it_counts_ticked_and_blank_criteria_as_not_assessed(world):
    data = form_post({"prices": ""}, client="60", our="40", na=("reputation",))
    response = post_preview(world, world.manager, data)
    assert response.context["assessed"] == 13
    assert response.context["result"].completeness == pytest.approx(13 / 15)
    assert "13 of 15 criteria" in response.text


def test_it_leaves_the_account_off_the_square_when_an_axis_is_empty(world):
    response = post_preview(world, world.manager, form_post(client="60", our=""))
    assert response.context["zone"] == ""
    assert "Not on the square" in response.text


def test_it_shows_the_previous_assessment_for_comparison(world):
    previous = assess(world.account, client=30, our=30)
    response = post_preview(world, world.manager, form_post(client="80", our="80"))
    assert response.context["previous"] == previous
    assert response.context["square"].previous.x == 30
    assert "Reconsider" in response.text  # "before: Reconsider"
