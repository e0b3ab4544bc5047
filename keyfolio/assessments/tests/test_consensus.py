"""Several assessors on one account: the consensus, its window, and the card."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from keyfolio.accounts.models import Account
from keyfolio.accounts.tests.factories import assess
from keyfolio.assessments.consensus import CONSENSUS_WINDOW, account_consensus
from keyfolio.assessments.models import Methodology
from keyfolio.assessments.services import (
    ScoreInput,
    assessment_create,
    criterion_draft_of,
    methodology_revise,
)
from keyfolio.method import DEFAULT_CRITERIA, Axis
from keyfolio.testing import templates_of

DAY = date(2025, 3, 1)


def scores(client: float, our: float, **single: float | None) -> dict[str, ScoreInput]:
    values = {c.key: client if c.axis == Axis.CLIENT else our for c in DEFAULT_CRITERIA}
    return {key: ScoreInput(value) for key, value in {**values, **single}.items()}


def rate(account, who, on, client, our, **single):
    return assessment_create(
        account=account, assessor=who, scores=scores(client, our, **single), assessed_on=on
    )


def fresh(account: Account) -> Account:
    """The account as a page fetches it, with its current assessment joined."""
    return Account.objects.select_related("current_assessment").get(pk=account.pk)


def detail(world, user=None):
    url = reverse("dossier:overview", args=(world.slug, world.account.pk))
    return world.client_for(user or world.manager).get(url)


def test_it_takes_the_mean_of_two_assessors(world):
    rate(world.account, world.manager, DAY - timedelta(days=5), 80, 40, prices=30)
    rate(world.account, world.teammate, DAY, 60, 70, prices=70)
    consensus = account_consensus(fresh(world.account))
    assert consensus is not None
    assert [r.assessor for r in consensus.ratings] == [world.manager, world.teammate]
    assert consensus.result.client_index == pytest.approx(70)
    # Our criteria: seven at (40+70)/2 = 55 and prices at (30+70)/2 = 50.
    assert consensus.result.our_index == pytest.approx((55 * 7 + 50) / 8)
    assert consensus.zone == "key"
    by_key = {row.criterion.key: row for row in consensus.criteria}
    assert by_key["prices"].values == [30, 70]
    assert by_key["prices"].spread.spread == 40 and by_key["prices"].spread.deviation == 20
    assert by_key["prices"].wide
    assert by_key["client_growth"].spread.spread == 20 and not by_key["client_growth"].wide
    assert {row.criterion.key for row in consensus.wide_criteria} == {
        c.key for c in DEFAULT_CRITERIA if c.axis == Axis.OUR
    }


def test_there_is_no_consensus_with_one_assessor(world):
    rate(world.account, world.manager, DAY - timedelta(days=3), 80, 40)
    rate(world.account, world.manager, DAY, 60, 70)
    rate(world.account, None, DAY, 10, 10)  # An assessment nobody signed does not count.
    assert account_consensus(fresh(world.account)) is None


def test_there_is_no_consensus_without_an_assessment(world):
    assert account_consensus(fresh(world.account)) is None


def test_it_counts_each_assessors_latest_assessment_in_the_window(world):
    rate(world.account, world.manager, DAY - timedelta(days=20), 10, 10)
    rate(world.account, world.manager, DAY - timedelta(days=10), 50, 50)
    rate(world.account, world.teammate, DAY, 70, 70)
    consensus = account_consensus(fresh(world.account))
    assert consensus is not None and len(consensus.ratings) == 2
    assert consensus.result.client_index == pytest.approx(60)


def test_the_window_ends_at_the_latest_assessment_and_spans_30_days(world):
    rate(world.account, world.teammate, DAY - CONSENSUS_WINDOW - timedelta(days=1), 10, 10)
    rate(world.account, world.director, DAY - CONSENSUS_WINDOW, 30, 30)
    rate(world.account, world.manager, DAY, 70, 70)
    consensus = account_consensus(fresh(world.account))
    assert consensus is not None
    assert [r.assessor for r in consensus.ratings] == [world.director, world.manager]
    assert (consensus.window_start, consensus.window_end) == (DAY - CONSENSUS_WINDOW, DAY)


def test_only_assessments_of_the_latest_methodology_version_count(world):
    rate(world.account, world.teammate, DAY - timedelta(days=5), 10, 10)
    current = Methodology.objects.current_for(world.workspace)
    methodology_revise(
        workspace=world.workspace,
        user=world.owner,
        criteria=[criterion_draft_of(c) for c in current.criteria.all()],
        threshold_client=60,
        threshold_our=60,
    )
    rate(world.account, world.director, DAY - timedelta(days=2), 40, 40)
    rate(world.account, world.manager, DAY, 60, 60)
    consensus = account_consensus(fresh(world.account))
    assert consensus is not None
    assert [r.assessor for r in consensus.ratings] == [world.director, world.manager]
    # 50/50 is under the new version's thresholds of 60.
    assert consensus.zone == "reconsider"


def test_it_reads_the_consensus_in_one_query(world, django_assert_num_queries):
    for n, who in enumerate([world.manager, world.teammate, world.director, world.admin]):
        rate(world.account, who, DAY - timedelta(days=n), 40 + n, 60 - n)
    account = fresh(world.account)
    with django_assert_num_queries(1):
        consensus = account_consensus(account)
        assert consensus is not None and len(consensus.ratings) == 4
        assert consensus.criteria[0].criterion.label


def test_the_overview_shows_the_consensus_card(world):
    rate(world.account, world.manager, DAY - timedelta(days=5), 80, 40, prices=30)
    rate(world.account, world.teammate, DAY, 60, 70, prices=70)
    response = detail(world, world.viewer)
    assert response.context["consensus"] is not None
    html = response.content.decode()
    assert "dossier/_consensus_card.html" in templates_of(response)
    assert "Max Manager" in html and "Tom Teammate" in html
    assert "worth talking them through" in html
    assert html.count('class="table-warning"') == 8  # Every criterion of ours.


def test_the_overview_has_no_consensus_card_for_one_assessor(world):
    assess(world.account, client=70, our=70, on=DAY, assessor=world.manager)
    response = detail(world)
    assert response.context["consensus"] is None
    assert "dossier/_consensus_card.html" not in templates_of(response)
