"""Property and boundary tests of the survey figures (NPS, CSAT, response rate, trend)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keyfolio.method.surveys import (
    Answered,
    by_quarter,
    change,
    csat,
    csat_of_counts,
    figures,
    nps,
    nps_of_counts,
    response_rate,
)

nps_answers = st.lists(st.integers(min_value=0, max_value=10), min_size=1)
csat_answers = st.lists(st.integers(min_value=1, max_value=5), min_size=1)
TODAY = date(2026, 6, 30)


@given(nps_answers)
def test_nps_lies_between_minus_and_plus_100(scores):
    assert -100 <= nps(scores) <= 100


@given(nps_answers)
def test_nps_does_not_depend_on_the_order_of_answers(scores):
    assert nps(scores) == pytest.approx(nps(list(reversed(sorted(scores)))))


@given(nps_answers, st.integers(min_value=7, max_value=8))
def test_a_passive_only_dilutes_the_score(scores, passive):
    before, after = nps(scores), nps([*scores, passive])
    assert abs(after) <= abs(before) + 1e-9


@given(nps_answers, st.integers(min_value=9, max_value=10))
def test_a_promoter_never_lowers_nps(scores, promoter):
    assert nps([*scores, promoter]) >= nps(scores) - 1e-9


@given(nps_answers, st.integers(min_value=0, max_value=6))
def test_a_detractor_never_raises_nps(scores, detractor):
    assert nps([*scores, detractor]) <= nps(scores) + 1e-9


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([10, 9, 10], 100),
        ([0, 6, 3], -100),
        ([7, 8], 0),
        ([9, 6], 0),
        ([10, 10, 7, 0], 25),  # 2 promoters, 1 detractor of 4
    ],
)
def test_nps_boundaries(scores, expected):
    assert nps(scores) == pytest.approx(expected)


@given(csat_answers)
def test_csat_is_a_share(scores):
    assert 0 <= csat(scores) <= 100


@pytest.mark.parametrize(
    ("scores", "expected"), [([5, 4], 100), ([3, 2, 1], 0), ([4, 3], 50), ([5, 5, 5, 1], 75)]
)
def test_csat_counts_fours_and_fives(scores, expected):
    assert csat(scores) == pytest.approx(expected)


@given(nps_answers)
def test_nps_of_counts_is_the_nps_of_the_answers(scores):
    # What a GROUP BY counts gives the figure the answers give.
    promoters = sum(1 for score in scores if score >= 9)
    detractors = sum(1 for score in scores if score <= 6)
    assert nps_of_counts(promoters, detractors, len(scores)) == pytest.approx(nps(scores))


@given(csat_answers)
def test_csat_of_counts_is_the_csat_of_the_answers(scores):
    satisfied = sum(1 for score in scores if score >= 4)
    assert csat_of_counts(satisfied, len(scores)) == pytest.approx(csat(scores))


def test_no_answer_no_figure():
    assert nps([]) is None
    assert csat([]) is None
    assert nps_of_counts(0, 0, 0) is None
    assert csat_of_counts(0, 0) is None
    assert response_rate(0, 0) is None
    assert change(None, 10) is None and change(10, None) is None


@given(st.integers(min_value=1, max_value=10_000), st.integers(min_value=0, max_value=20_000))
def test_response_rate_is_a_share_of_what_was_sent(sent, answered):
    rate = response_rate(sent, answered)
    assert 0 <= rate <= 100
    assert (rate == 100) == (answered >= sent)


answered_on = st.builds(
    Answered,
    on=st.dates(min_value=TODAY - timedelta(days=800), max_value=TODAY),
    nps=st.one_of(st.none(), st.integers(0, 10)),
    csat=st.one_of(st.none(), st.integers(1, 5)),
)


@given(st.lists(answered_on), st.integers(min_value=1, max_value=400))
def test_figures_count_only_the_window(answers, window):
    result = figures(answers, today=TODAY, window_days=window)
    inside = [a for a in answers if (TODAY - a.on).days < window]
    assert result.responses == len(inside)
    assert result.nps == nps([a.nps for a in inside if a.nps is not None])


def test_trend_compares_with_the_window_before():
    answers = [
        Answered(TODAY - timedelta(days=200), 10, 5),  # the window before: NPS +100
        Answered(TODAY - timedelta(days=10), 3, 2),  # this window: NPS −100
        Answered(TODAY - timedelta(days=500), 0, 1),  # too old for either
    ]
    result = figures(answers, today=TODAY, window_days=180)
    assert (result.responses, result.nps, result.csat) == (1, -100, 0)
    assert (result.nps_trend, result.csat_trend) == (-200, -100)


@given(st.lists(answered_on))
def test_quarters_hold_every_answer_once_in_order(answers):
    quarters = by_quarter(answers)
    assert sum(q.responses for q in quarters) == len(answers)
    keys = [(q.year, q.quarter) for q in quarters]
    assert keys == sorted(set(keys))
