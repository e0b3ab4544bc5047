"""Several assessors: mean, spread and deviation per criterion, and the consensus point."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keyfolio.method import DEFAULT_CRITERIA, DEFAULT_THRESHOLDS, Axis, Zone, evaluate
from keyfolio.method.consensus import (
    WIDE_SPREAD,
    CriterionWeight,
    consensus_result,
    criterion_spreads,
    deviations,
    spread_of,
)
from keyfolio.method.scoring import ScoredCriterion

scores = st.floats(min_value=0, max_value=100, allow_nan=False)
CRITERIA = [CriterionWeight(c.key, c.axis) for c in DEFAULT_CRITERIA]


def uniform(client: float | None, our: float | None) -> dict[str, float | None]:
    return {c.key: client if c.axis == Axis.CLIENT else our for c in CRITERIA}


@given(st.lists(scores, min_size=1, max_size=8))
def test_the_spread_is_never_negative_and_the_mean_lies_within_the_scores(values):
    spread = spread_of(values)
    assert spread is not None
    assert spread.spread >= 0 and spread.deviation >= 0
    assert min(values) <= spread.mean <= max(values)
    assert spread.deviation <= spread.spread / 2 + 1e-9
    assert spread.count == len(values)


@given(scores, st.integers(min_value=1, max_value=6))
def test_raters_who_agree_have_no_spread(value, count):
    spread = spread_of([value] * count)
    assert spread is not None and spread.spread == 0 and spread.deviation == 0


def test_there_is_no_spread_without_scores():
    assert spread_of([]) is None


def test_two_scores_25_apart_are_a_wide_spread():
    spread = spread_of([50, 75])
    assert spread is not None
    assert (spread.mean, spread.spread, spread.deviation) == (62.5, 25, 12.5)
    assert spread.wide
    assert WIDE_SPREAD == 25
    narrow = spread_of([50, 74.5])
    assert narrow is not None and not narrow.wide


def test_criteria_that_one_rater_left_out_are_spread_over_the_others():
    spreads = criterion_spreads([{"a": 10, "b": None}, {"a": 30, "b": 80}, {"a": None}])
    assert spreads["a"] is not None and spreads["a"].mean == 20 and spreads["a"].count == 2
    assert spreads["b"] is not None and spreads["b"].spread == 0 and spreads["b"].count == 1


def test_the_consensus_of_two_assessors_is_their_mean():
    result = consensus_result(CRITERIA, [uniform(80, 40), uniform(60, 70)], DEFAULT_THRESHOLDS)
    assert result.client_index == pytest.approx(70)
    assert result.our_index == pytest.approx(55)
    assert result.zone == Zone.KEY
    assert result.completeness == 1


def test_the_consensus_zone_may_differ_from_each_assessors_zone():
    # One sees a target account, the other a maintained one; together they see key.
    result = consensus_result(CRITERIA, [uniform(90, 30), uniform(30, 90)], DEFAULT_THRESHOLDS)
    assert result.zone == Zone.KEY


def test_the_consensus_uses_the_weights_as_one_assessment_would():
    criteria = [
        CriterionWeight("c1", Axis.CLIENT, 3),
        CriterionWeight("c2", Axis.CLIENT, 1),
        CriterionWeight("o1", Axis.OUR, 1),
    ]
    ratings = [{"c1": 100, "c2": 0, "o1": 50}, {"c1": 60, "c2": 40, "o1": None}]
    result = consensus_result(criteria, ratings, DEFAULT_THRESHOLDS)
    assert result.client_index == pytest.approx((80 * 3 + 20) / 4)
    assert result.our_index == 50


def test_a_criterion_nobody_scored_stays_not_assessed():
    ratings = [{**uniform(60, 60), "prices": None}, {**uniform(80, 80), "prices": None}]
    result = consensus_result(CRITERIA, ratings, DEFAULT_THRESHOLDS)
    assert result.completeness == pytest.approx(14 / 15)


@given(st.lists(st.tuples(scores, scores), min_size=1, max_size=5))
def test_the_consensus_of_uniform_raters_is_evaluate_of_the_mean(pairs):
    ratings = [uniform(client, our) for client, our in pairs]
    mean_client = math.fsum(c for c, _ in pairs) / len(pairs)
    mean_our = math.fsum(o for _, o in pairs) / len(pairs)
    expected = evaluate(
        [
            ScoredCriterion(c.axis, mean_client if c.axis == Axis.CLIENT else mean_our)
            for c in CRITERIA
        ],
        DEFAULT_THRESHOLDS,
    )
    result = consensus_result(CRITERIA, ratings, DEFAULT_THRESHOLDS)
    assert result.client_index == pytest.approx(expected.client_index)
    assert result.our_index == pytest.approx(expected.our_index)


def test_the_rater_who_scores_higher_deviates_upwards():
    result = deviations({"ann": {"a": 80, "b": 60}, "bob": {"a": 60, "b": 40}})
    assert result == {"ann": [10, 10], "bob": [-10, -10]}


def test_a_criterion_only_one_rater_scored_is_no_deviation():
    result = deviations({"ann": {"a": 80, "b": 60}, "bob": {"a": 60, "b": None}})
    assert result == {"ann": [10], "bob": [-10]}


@given(st.lists(scores, min_size=2, max_size=6))
def test_deviations_of_all_raters_sum_to_zero(values):
    ratings = {n: {"a": v} for n, v in enumerate(values)}
    total = sum(d for devs in deviations(ratings).values() for d in devs)
    assert total == pytest.approx(0, abs=1e-6)
