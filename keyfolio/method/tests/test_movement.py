"""Property and boundary tests of movement on the square between two dates."""

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from keyfolio.method import DEFAULT_THRESHOLDS, Zone, zone_of
from keyfolio.method.movement import (
    Move,
    MoveSummary,
    Period,
    Position,
    distance,
    is_notable,
    months_before,
    period_start,
    summarize,
    zone_direction,
)
from keyfolio.method.zones import ZONE_RANK

values = st.floats(min_value=0, max_value=100, allow_nan=False)
points = st.floats(min_value=0, max_value=100, allow_nan=False)


@st.composite
def positions(draw) -> Position:
    client, our = draw(values), draw(values)
    return Position(client, our, zone_of(client, our, DEFAULT_THRESHOLDS))


def at(client: float, our: float) -> Position:
    return Position(client, our, zone_of(client, our, DEFAULT_THRESHOLDS))


@given(positions(), positions())
def test_distance_is_symmetric_and_never_negative(a, b):
    assert distance(a, b) == distance(b, a)
    assert distance(a, b) >= 0


@given(positions())
def test_a_point_is_at_no_distance_from_itself(a):
    assert distance(a, a) == 0


@given(positions(), positions())
def test_the_distance_is_at_least_the_change_on_each_axis(a, b):
    move = Move(a, b)
    assert move.distance >= abs(move.client_change) - 1e-9
    assert move.distance >= abs(move.our_change) - 1e-9


def test_the_distance_is_euclidean():
    assert distance(at(10, 20), at(40, 60)) == 50


@given(positions(), positions(), points)
def test_a_zone_change_always_counts(a, b, min_points):
    assume(a.zone != b.zone)
    assert is_notable(Move(a, b), min_points=min_points)


@given(positions(), positions(), st.floats(min_value=0, max_value=100))
def test_moves_within_the_minimum_without_a_zone_change_do_not_count(a, b, slack):
    # Both points in a's zone, and a minimum at least as large as the larger change.
    b = Position(b.client, b.our, a.zone)
    move = Move(a, b)
    min_points = max(abs(move.client_change), abs(move.our_change)) + slack
    assert not is_notable(move, min_points=min_points)


@given(positions(), positions(), points)
def test_a_big_move_on_either_index_counts(a, b, min_points):
    move = Move(a, b)
    assume(abs(move.client_change) > min_points or abs(move.our_change) > min_points)
    assert is_notable(move, min_points=min_points)


def test_a_move_of_exactly_the_minimum_does_not_count():
    assert not is_notable(Move(at(60, 60), at(70, 60)), min_points=10)
    assert is_notable(Move(at(60, 60), at(70.5, 60)), min_points=10)
    assert is_notable(Move(at(60, 60), at(60, 49.5)), min_points=10)


@given(st.sampled_from(list(Zone)), st.sampled_from(list(Zone)))
def test_the_direction_follows_the_zone_rank(a, b):
    direction = zone_direction(a, b)
    assert direction == -zone_direction(b, a)
    assert (direction > 0) == (ZONE_RANK[b] > ZONE_RANK[a])
    assert (direction == 0) == (a == b)


def test_moving_from_target_to_key_is_up_and_back_is_down():
    assert Move(at(70, 30), at(70, 60)).direction == 1
    assert Move(at(70, 60), at(70, 30)).direction == -1


@given(st.lists(st.tuples(positions(), positions()), max_size=12), points)
def test_the_summary_counts_every_notable_move_once(pairs, min_points):
    moves = [Move(a, b) for a, b in pairs]
    summary = summarize(moves, min_points=min_points)
    assert summary.total == sum(is_notable(m, min_points=min_points) for m in moves)
    assert summary.moved_up == sum(m.direction > 0 for m in moves)
    assert summary.moved_down == sum(m.direction < 0 for m in moves)


def test_the_summary_on_known_moves():
    moves = [
        Move(at(70, 30), at(70, 60)),  # target → key: up
        Move(at(70, 60), at(20, 60)),  # key → maintain: down
        Move(at(80, 80), at(95, 80)),  # key, +15: big
        Move(at(80, 80), at(85, 80)),  # key, +5: nothing
    ]
    assert summarize(moves, min_points=10) == MoveSummary(1, 1, 1)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 5, 31), 3, date(2025, 2, 28)),
        (date(2024, 5, 31), 3, date(2024, 2, 29)),
        (date(2025, 2, 15), 3, date(2024, 11, 15)),
        (date(2025, 1, 31), 12, date(2024, 1, 31)),
        (date(2024, 2, 29), 12, date(2023, 2, 28)),
        (date(2025, 12, 31), 1, date(2025, 11, 30)),
    ],
)
def test_months_before_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert months_before(day, months) == expected


@given(st.dates(min_value=date(1900, 1, 1)), st.integers(min_value=0, max_value=240))
def test_months_before_never_lands_later_than_the_day(day, months):
    earlier = months_before(day, months)
    assert earlier <= day
    assert (day.year - earlier.year) * 12 + day.month - earlier.month == months


def test_the_preset_periods_end_on_the_day_given():
    end = date(2025, 6, 30)
    assert period_start(end, Period.DAYS_30) == date(2025, 5, 31)
    assert period_start(end, Period.QUARTER) == date(2025, 3, 30)
    assert period_start(end, Period.YEAR) == date(2024, 6, 30)
