"""The plan tab (dossier:plan) shows the revenue tab's pipeline beside the planned-revenue
question: the year's target, the revenue booked, the open and weighted pipeline and the
plan gap."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from keyfolio.revenue.models import OpportunityStatus
from keyfolio.revenue.tests.factories import make_opportunity, record_months, set_target


def tab_url(world) -> str:
    return reverse("dossier:plan", args=[world.slug, world.account.pk])


def _pipeline(world, opportunities: int) -> None:
    """A target of 100,000 EUR, 20,000 booked this month, and a deal of 40,000 at 50 %
    closing today, with `opportunities` − 1 more of 1,000 at 10 % closing next year."""
    today = timezone.localdate()
    world.account.currency = "EUR"
    world.account.save(update_fields=["currency"])
    set_target(world.account, today.year, 100000)
    record_months(world.account, 1, 20000, today=today)
    make_opportunity(world.account, 40000, 50, expected_close=today)
    for _ in range(opportunities - 1):
        make_opportunity(world.account, 1000, 10, expected_close=date(today.year + 1, 6, 30))


def test_it_shows_the_pipeline_beside_the_planned_revenue_question(world, plan):
    _pipeline(world, opportunities=3)
    make_opportunity(world.account, 9999, 90, status=OpportunityStatus.LOST)
    response = world.client_for(world.viewer).get(tab_url(world))
    gap = response.context["pipeline"].plan_gap
    assert (gap.target, gap.booked, gap.weighted) == (100000, 20000, 20000)
    assert gap.gap == Decimal(60000)  # target − booked − weighted, closing this year
    totals = response.context["pipeline"].totals
    assert [(t.currency, t.open, t.weighted) for t in totals] == [
        ("EUR", Decimal(42000), Decimal(20200))
    ]
    page = response.content.decode()
    aside = page[page.index('id="plan-pipeline"') :]
    assert page.index('id="q-planned_revenue"') < page.index('id="plan-pipeline"')
    for shown in (
        "100,000\xa0EUR",
        "20,000\xa0EUR",
        "42,000\xa0EUR",
        "20,200\xa0EUR",
        "60,000\xa0EUR",
    ):
        assert shown in aside
    revenue = reverse("revenue:index", args=[world.slug, world.account.pk])
    assert f'href="{revenue}#pipeline"' in aside


def test_the_gap_is_covered_when_the_weighted_pipeline_reaches_the_target(world, plan):
    _pipeline(world, opportunities=1)
    make_opportunity(world.account, 200000, 50)
    page = world.client_for(world.manager).get(tab_url(world)).content.decode()
    assert "covered" in page[page.index('id="plan-pipeline"') :]


def test_it_shows_no_gap_without_a_target(world, plan):
    make_opportunity(world.account, 5000, 20)
    response = world.client_for(world.manager).get(tab_url(world))
    assert response.context["pipeline"].plan_gap.gap is None
    assert 'id="plan-pipeline"' in response.content.decode()


def test_there_is_no_pipeline_without_a_plan(world):
    response = world.client_for(world.manager).get(tab_url(world))
    assert response.status_code == 200
    assert "pipeline" not in response.context
    assert 'id="plan-pipeline"' not in response.content.decode()


def test_it_makes_as_many_queries_for_a_big_pipeline_as_for_none(
    world, plan, django_assert_num_queries
):
    client = world.client_for(world.manager)
    client.get(tab_url(world))  # Warm up: the session and caches.
    with CaptureQueriesContext(connection) as without:
        client.get(tab_url(world))
    _pipeline(world, opportunities=2)
    with CaptureQueriesContext(connection) as small:
        client.get(tab_url(world))
    for _ in range(20):
        make_opportunity(world.account, 1000, 10)
    with django_assert_num_queries(len(small)):
        response = client.get(tab_url(world))
    assert len(response.context["pipeline"].open) == 22
    # The entries, the targets and the opportunities are read however many there are.
    assert len(small) == len(without)
