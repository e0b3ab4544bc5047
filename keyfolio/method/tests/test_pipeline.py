"""Property tests of the pipeline figures (keyfolio.method.pipeline)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from keyfolio.method.pipeline import (
    Deal,
    DealStatus,
    pipeline_totals,
    plan_gap,
    settled_probability,
    weighted_amount,
)

amounts = st.decimals(min_value=0, max_value=10**11, places=2)
probabilities = st.integers(min_value=0, max_value=100)
deals = st.builds(
    Deal,
    amount=amounts,
    probability=probabilities,
    currency=st.sampled_from(["EUR", "RUB", "USD"]),
    status=st.sampled_from(list(DealStatus)),
)


@given(amounts, probabilities)
def test_the_weighted_amount_lies_between_nothing_and_the_amount(amount, probability):
    assert Decimal(0) <= weighted_amount(amount, probability) <= amount


@given(amounts)
def test_certain_and_hopeless_deals_weigh_all_and_nothing(amount):
    assert weighted_amount(amount, 100) == amount
    assert weighted_amount(amount, 0) == 0


@given(amounts, probabilities, probabilities)
def test_a_likelier_deal_weighs_no_less(amount, p, q):
    low, high = sorted([p, q])
    assert weighted_amount(amount, low) <= weighted_amount(amount, high)


@given(st.lists(deals, max_size=30))
def test_totals_count_every_open_deal_once_per_currency(items):
    totals = pipeline_totals(items)
    open_deals = [d for d in items if d.status == DealStatus.OPEN]
    assert sum(t.deals for t in totals) == len(open_deals)
    assert len({t.currency for t in totals}) == len(totals)
    for total in totals:
        mine = [d for d in open_deals if d.currency == total.currency]
        assert total.open == sum(d.amount for d in mine)
        assert total.weighted == sum(weighted_amount(d.amount, d.probability) for d in mine)
        assert 0 <= total.weighted <= total.open


@given(st.lists(deals, max_size=30))
def test_closed_deals_add_nothing_to_the_pipeline(items):
    closed = [Deal(d.amount, d.probability, d.currency, DealStatus.WON) for d in items]
    assert pipeline_totals(closed) == []


@given(st.lists(deals, min_size=1, max_size=30))
def test_the_largest_pipeline_comes_first(items):
    opens = [t.open for t in pipeline_totals(items)]
    assert opens == sorted(opens, reverse=True)


@given(amounts, amounts, amounts, amounts)
def test_the_gap_closes_as_revenue_or_pipeline_grows(target, booked, weighted, more):
    gap = plan_gap(target, booked, weighted)
    assert plan_gap(target, booked + more, weighted) == gap - more
    assert plan_gap(target, booked, weighted + more) == gap - more
    assert plan_gap(booked + weighted, booked, weighted) == 0


@given(probabilities, st.sampled_from(list(DealStatus)))
def test_a_given_probability_is_kept_whatever_the_status(probability, status):
    assert settled_probability(status, probability) == probability


def test_a_closed_status_sets_the_probability_unless_told():
    assert settled_probability(DealStatus.WON, None) == 100
    assert settled_probability(DealStatus.LOST, None) == 0
    assert settled_probability(DealStatus.OPEN, None) is None
