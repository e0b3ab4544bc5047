"""Property and boundary tests of the indices (METHOD.md §1)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keyfolio.method import (
    DEFAULT_CRITERIA,
    DEFAULT_THRESHOLDS,
    Axis,
    ScoredCriterion,
    Zone,
    axis_index,
    evaluate,
)

values = st.floats(min_value=0, max_value=100, allow_nan=False)
maybe_values = st.one_of(st.none(), values)
weights = st.floats(min_value=0, max_value=1000, allow_nan=False)
positive_weights = st.floats(min_value=0.01, max_value=1000, allow_nan=False)


def scored(axis: Axis, value, weight=1.0) -> ScoredCriterion:
    return ScoredCriterion(axis, value, weight)


def full_assessment(client_values, our_values) -> list[ScoredCriterion]:
    return [scored(Axis.CLIENT, v) for v in client_values] + [
        scored(Axis.OUR, v) for v in our_values
    ]


@given(st.lists(st.tuples(maybe_values, weights), max_size=20))
def test_it_keeps_the_index_within_0_and_100(pairs):
    index = axis_index(scored(Axis.CLIENT, v, w) for v, w in pairs)
    assert index is None or 0 <= index <= 100


@given(values, st.lists(positive_weights, min_size=1, max_size=15))
def test_equal_scores_give_that_score_whatever_the_weights(value, ws):
    index = axis_index(scored(Axis.OUR, value, w) for w in ws)
    assert index == pytest.approx(value)


@given(st.lists(values, min_size=1, max_size=15))
def test_it_is_the_plain_mean_with_equal_weights(vs):
    index = axis_index(scored(Axis.OUR, v) for v in vs)
    assert index == pytest.approx(sum(vs) / len(vs))


@given(st.lists(st.tuples(values, positive_weights), min_size=1, max_size=15), positive_weights)
def test_scaling_every_weight_changes_nothing(pairs, factor):
    plain = axis_index(scored(Axis.CLIENT, v, w) for v, w in pairs)
    scaled = axis_index(scored(Axis.CLIENT, v, w * factor) for v, w in pairs)
    assert scaled == pytest.approx(plain)


@given(st.lists(st.tuples(values, positive_weights), min_size=1, max_size=15))
def test_the_index_lies_between_the_lowest_and_highest_score(pairs):
    index = axis_index(scored(Axis.CLIENT, v, w) for v, w in pairs)
    assert min(v for v, _ in pairs) <= index <= max(v for v, _ in pairs)


@given(st.lists(values, min_size=1, max_size=10), values)
def test_a_heavier_weight_pulls_the_index_towards_its_score(vs, extra):
    light = axis_index([*(scored(Axis.OUR, v) for v in vs), scored(Axis.OUR, extra, 1.0)])
    heavy = axis_index([*(scored(Axis.OUR, v) for v in vs), scored(Axis.OUR, extra, 5.0)])
    assert abs(heavy - extra) <= abs(light - extra) + 1e-9


@given(st.lists(maybe_values, max_size=10), st.lists(values, min_size=1, max_size=10))
def test_not_assessed_criteria_do_not_count(vs, assessed):
    with_gaps = axis_index(
        [*(scored(Axis.OUR, None) for _ in vs), *(scored(Axis.OUR, v) for v in assessed)]
    )
    without = axis_index(scored(Axis.OUR, v) for v in assessed)
    assert with_gaps == pytest.approx(without)


def test_an_axis_with_nothing_assessed_has_no_index():
    assert axis_index([scored(Axis.CLIENT, None), scored(Axis.CLIENT, None)]) is None
    assert axis_index([]) is None


def test_an_axis_whose_assessed_criteria_all_weigh_zero_has_no_index():
    assert axis_index([scored(Axis.CLIENT, 80, 0), scored(Axis.CLIENT, None, 1)]) is None


def test_an_account_with_one_empty_axis_is_not_placed():
    result = evaluate(full_assessment([80, 70], [None, None]), DEFAULT_THRESHOLDS)
    assert result.client_index == pytest.approx(75)
    assert result.our_index is None
    assert result.zone is None
    assert not result.placed
    assert result.completeness == pytest.approx(0.5)


@given(
    st.lists(maybe_values, min_size=1, max_size=7), st.lists(maybe_values, min_size=1, max_size=8)
)
def test_completeness_is_the_share_of_assessed_criteria(client, our):
    result = evaluate(full_assessment(client, our), DEFAULT_THRESHOLDS)
    assessed = sum(v is not None for v in client + our)
    assert result.completeness == pytest.approx(assessed / (len(client) + len(our)))
    assert 0 <= result.completeness <= 1


def test_the_articles_example_places_a_strong_attractive_client_in_key():
    client = [80, 70, 60, 75, 90, 85, 50]  # 7 client criteria
    our = [60, 70, 80, 40, 55, 75, 65, 70]  # 8 our criteria
    result = evaluate(full_assessment(client, our), DEFAULT_THRESHOLDS)
    assert result.client_index == pytest.approx(sum(client) / 7)
    assert result.our_index == pytest.approx(sum(our) / 8)
    assert result.zone == Zone.KEY
    assert result.completeness == 1


def test_nothing_is_rounded():
    result = evaluate(full_assessment([1, 2, 2], [10, 10, 11]), DEFAULT_THRESHOLDS)
    assert result.client_index == pytest.approx(5 / 3)
    assert not math.isclose(result.client_index, round(result.client_index, 2))


@pytest.mark.parametrize("bad", [-0.1, 100.1, 1000])
def test_it_refuses_a_score_outside_0_to_100(bad):
    with pytest.raises(ValueError, match=r"0\.\.100"):
        scored(Axis.CLIENT, bad)


def test_it_refuses_a_negative_weight():
    with pytest.raises(ValueError, match="negative"):
        scored(Axis.CLIENT, 50, -1)


def test_the_default_catalog_has_7_client_and_8_our_criteria_with_both_languages():
    client = [c for c in DEFAULT_CRITERIA if c.axis == Axis.CLIENT]
    our = [c for c in DEFAULT_CRITERIA if c.axis == Axis.OUR]
    assert len(client) == 7
    assert len(our) == 8
    assert len({c.key for c in DEFAULT_CRITERIA}) == 15
    for c in DEFAULT_CRITERIA:
        assert c.label_en and c.label_ru and c.guide_en and c.guide_ru
        assert "0:" in c.guide_en and "100:" in c.guide_ru
