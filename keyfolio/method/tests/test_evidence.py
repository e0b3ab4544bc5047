"""Property and boundary tests of the rules behind the assessment form's hints."""

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from keyfolio.method.coverage import Coverage
from keyfolio.method.evidence import (
    FREQUENCY_MONTHS,
    INTEL_FRESH_MONTHS,
    Intel,
    Knowledge,
    about,
    client_competition,
    client_knowledge,
    contact_count,
    need_for_us,
    purchase_frequency,
    relationship,
)
from keyfolio.method.freshness import INTEL_STALE_AFTER

TODAY = date(2026, 3, 15)
months = st.integers(min_value=0, max_value=FREQUENCY_MONTHS)
shares = st.floats(min_value=0, max_value=1, allow_nan=False)
ages = st.integers(min_value=0, max_value=2000)
loyalties = st.one_of(st.none(), st.integers(min_value=1, max_value=5))
attitude_values = st.floats(min_value=-2, max_value=2, allow_nan=False)
attitudes = st.one_of(st.none(), attitude_values)
amounts = st.one_of(st.none(), st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))


@st.composite
def coverages(draw) -> Coverage:
    contacts = draw(st.integers(min_value=0, max_value=40))
    deciders = draw(st.integers(min_value=0, max_value=contacts))
    uncovered = draw(st.integers(min_value=0, max_value=deciders))
    known = draw(st.integers(min_value=deciders - uncovered, max_value=contacts))
    return Coverage(contacts, known, deciders, tuple(range(uncovered)))


def is_a_suggestion(score: int | None) -> bool:
    return score is not None and 0 <= score <= 100 and score % 5 == 0


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_about_is_always_a_step_of_five_within_0_and_100(value):
    assert is_a_suggestion(about(value))


@pytest.mark.parametrize(
    ("value", "score"), [(-3, 0), (0, 0), (2.4, 0), (2.6, 5), (43.6, 45), (73, 75), (140, 100)]
)
def test_about_rounds_to_the_nearest_five(value, score):
    assert about(value) == score


@given(st.floats(min_value=0, max_value=100, allow_nan=False))
def test_about_is_never_more_than_half_a_step_off(value):
    assert abs(about(value) - value) <= 2.5


# Purchase frequency ---------------------------------------------------------------------


def test_no_revenue_says_nothing_of_the_frequency():
    assert purchase_frequency(0) is None


@pytest.mark.parametrize(("months", "score"), [(1, 10), (6, 50), (9, 75), (12, 100)])
def test_the_frequency_is_the_share_of_months_with_revenue(months, score):
    assert purchase_frequency(months) == score


@given(st.integers(min_value=1, max_value=FREQUENCY_MONTHS), months)
def test_more_months_with_revenue_never_suggest_less(a, more):
    b = min(a + more, FREQUENCY_MONTHS)
    assert is_a_suggestion(purchase_frequency(a))
    assert purchase_frequency(a) <= purchase_frequency(b)  # type: ignore[operator]


# Contacts -------------------------------------------------------------------------------


def test_no_active_contact_says_nothing():
    assert contact_count(Coverage(0, 0, 0, ())) is None


def test_a_lone_contact_who_decides_and_is_known_well_is_half_way():
    assert contact_count(Coverage(1, 1, 1, ())) == 50
    assert contact_count(Coverage(1, 1, 0, ())) == 0


def test_contacts_count_10_each_beyond_the_first_up_to_50():
    assert contact_count(Coverage(4, 0, 0, ())) == 30
    assert contact_count(Coverage(6, 0, 0, ())) == 50
    assert contact_count(Coverage(30, 0, 0, ())) == 50


def test_known_deciders_add_up_to_50():
    # 3 contacts beyond the first, 1 of 2 deciders known well: 30 + 25.
    assert contact_count(Coverage(4, 2, 2, (7,))) == 55
    assert contact_count(Coverage(6, 6, 3, ())) == 100


@given(coverages())
def test_the_contact_suggestion_is_a_score_for_any_coverage(coverage):
    score = contact_count(coverage)
    assert (score is None) == (coverage.active_contacts == 0)
    if score is not None:
        assert is_a_suggestion(score)


@given(coverages())
def test_knowing_one_more_decider_never_suggests_less(coverage):
    assume(coverage.uncovered_deciders)
    better = Coverage(
        coverage.active_contacts,
        coverage.known_well,
        coverage.deciders,
        coverage.uncovered_deciders[1:],
    )
    assert contact_count(better) >= contact_count(coverage)  # type: ignore[operator]


# Client knowledge -----------------------------------------------------------------------


def test_neither_plan_nor_intelligence_says_nothing():
    assert client_knowledge(None, None, today=TODAY) is None


def test_a_full_plan_and_fresh_intelligence_know_the_client():
    assert client_knowledge(1.0, days_ago(0), today=TODAY) == Knowledge(100, Intel.FRESH)
    assert client_knowledge(8 / 11, days_ago(20), today=TODAY) == Knowledge(85, Intel.FRESH)


def test_intelligence_counts_until_it_goes_stale():
    limit = INTEL_STALE_AFTER.days
    assert client_knowledge(None, days_ago(limit), today=TODAY) == Knowledge(40, Intel.FRESH)
    assert client_knowledge(None, days_ago(limit + 1), today=TODAY) == Knowledge(0, Intel.STALE)


def test_a_plan_without_intelligence_gives_up_to_60():
    assert client_knowledge(1.0, None, today=TODAY) == Knowledge(60, Intel.NONE)
    assert client_knowledge(0.5, None, today=TODAY) == Knowledge(30, Intel.NONE)


def test_the_rule_speaks_of_six_months():
    assert INTEL_FRESH_MONTHS == 6


@given(st.one_of(st.none(), shares), ages, ages)
def test_older_intelligence_never_knows_the_client_better(share, age, older):
    recent = client_knowledge(share, days_ago(age), today=TODAY)
    late = client_knowledge(share, days_ago(age + older), today=TODAY)
    assert recent is not None and late is not None
    assert is_a_suggestion(recent.suggestion) and is_a_suggestion(late.suggestion)
    assert late.suggestion <= recent.suggestion


@given(shares, shares, st.one_of(st.none(), ages))
def test_more_answers_never_know_the_client_less(x, y, age):
    a, b = sorted((x, y))
    updated = None if age is None else days_ago(age)
    less = client_knowledge(a, updated, today=TODAY)
    more = client_knowledge(b, updated, today=TODAY)
    assert less is not None and more is not None
    assert less.suggestion <= more.suggestion


# Competition ----------------------------------------------------------------------------


def test_no_competitor_recorded_is_no_proof_of_none():
    assert client_competition(0) is None


@pytest.mark.parametrize(("count", "score"), [(1, 70), (2, 55), (3, 40), (5, 10), (6, 0), (9, 0)])
def test_each_competitor_beyond_the_first_costs_15(count, score):
    assert client_competition(count) == score


@given(st.integers(min_value=1, max_value=100))
def test_one_more_competitor_never_suggests_more(count):
    score, more = client_competition(count), client_competition(count + 1)
    assert is_a_suggestion(score) and is_a_suggestion(more)
    assert more <= score  # type: ignore[operator]


# Need for us (share of wallet) ----------------------------------------------------------


@pytest.mark.parametrize(("volume", "spend"), [(None, 100), (10, None), (10, 0), (10, -5)])
def test_no_share_of_wallet_without_both_figures(volume, spend):
    assert need_for_us(volume, spend) is None


def test_the_share_of_wallet_is_the_suggestion():
    wallet = need_for_us(570_000, 1_000_000)
    assert wallet is not None
    assert (wallet.percent, wallet.suggestion) == (57, 55)


def test_a_volume_above_the_spend_suggests_nothing():
    wallet = need_for_us(120, 100)
    assert wallet is not None
    assert (wallet.percent, wallet.suggestion) == (120, None)
    assert need_for_us(100, 100).suggestion == 100  # type: ignore[union-attr]
    assert need_for_us(1e9, 1e-300) is None  # Too far apart to divide: no share at all.
    assert need_for_us(-76, 4e-305) is None  # A negative volume has no share either.


@given(amounts, amounts)
def test_a_suggestion_comes_only_from_a_plausible_share(volume, spend):
    wallet = need_for_us(volume, spend)
    if wallet is None:
        assert volume is None or spend is None or spend <= 0 or volume < 0 or volume / spend > 1e300
    elif wallet.suggestion is not None:
        assert wallet.share <= 1
        assert is_a_suggestion(wallet.suggestion)
    else:
        assert wallet.share > 1


@given(st.floats(min_value=0, max_value=1e6), st.floats(min_value=0, max_value=1e6))
def test_a_bigger_volume_never_suggests_less(volume, more):
    spend = 1e6
    less, bigger = need_for_us(volume, spend), need_for_us(min(volume + more, spend), spend)
    assert less is not None and bigger is not None
    assert less.suggestion <= bigger.suggestion  # type: ignore[operator]


# Relationship ---------------------------------------------------------------------------


def test_nothing_known_of_the_relationship_says_nothing():
    assert relationship(None, None) is None


@pytest.mark.parametrize(
    ("loyalty", "attitude", "score"),
    [(1, None, 0), (5, None, 100), (3, None, 50), (None, -2, 0), (None, 2, 100), (5, -2, 50)],
)
def test_loyalty_and_attitude_map_onto_0_to_100_and_average(loyalty, attitude, score):
    assert relationship(loyalty, attitude) == score


@given(loyalties, attitudes)
def test_the_relationship_is_a_score_whenever_something_is_known(loyalty, attitude):
    score = relationship(loyalty, attitude)
    assert (score is None) == (loyalty is None and attitude is None)
    if score is not None:
        assert is_a_suggestion(score)


@given(loyalties, attitude_values, attitude_values)
def test_a_warmer_attitude_never_suggests_less(loyalty, a, b):
    cold, warm = sorted((a, b))
    assert relationship(loyalty, cold) <= relationship(loyalty, warm)  # type: ignore[operator]
