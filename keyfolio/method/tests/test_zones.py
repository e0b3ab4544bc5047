"""Property and boundary tests of the square (METHOD.md §2)."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from keyfolio.method import (
    DEFAULT_THRESHOLDS,
    Thresholds,
    Zone,
    distance_to_zone,
    shown_index,
    zone_of,
)
from keyfolio.method.zones import zone_boxes

values = st.floats(min_value=0, max_value=100, allow_nan=False)
thresholds = st.builds(Thresholds, client=values, our=values)


@pytest.mark.parametrize(
    ("client", "our", "zone"),
    [
        (80, 80, Zone.KEY),
        (80, 20, Zone.TARGET),
        (20, 80, Zone.MAINTAIN),
        (20, 20, Zone.RECONSIDER),
    ],
)
def test_each_quadrant_is_its_zone(client, our, zone):
    assert zone_of(client, our, DEFAULT_THRESHOLDS) == zone


def test_a_point_on_the_thresholds_goes_to_the_higher_side():
    assert zone_of(50, 50, DEFAULT_THRESHOLDS) == Zone.KEY
    assert zone_of(50, 49.999, DEFAULT_THRESHOLDS) == Zone.TARGET
    assert zone_of(49.999, 50, DEFAULT_THRESHOLDS) == Zone.MAINTAIN
    assert zone_of(49.999, 49.999, DEFAULT_THRESHOLDS) == Zone.RECONSIDER


@given(thresholds)
def test_a_point_exactly_on_both_thresholds_is_key(t):
    assert zone_of(t.client, t.our, t) == Zone.KEY


@given(values, values, thresholds)
def test_the_zone_is_decided_by_each_axis_independently(client, our, t):
    zone = zone_of(client, our, t)
    assert (zone in (Zone.KEY, Zone.TARGET)) == (client >= t.client)
    assert (zone in (Zone.KEY, Zone.MAINTAIN)) == (our >= t.our)


@given(values, values, values, thresholds)
def test_raising_our_index_never_moves_a_client_down(client, our, more, t):
    assume(more >= our)
    rank = {Zone.RECONSIDER: 0, Zone.MAINTAIN: 1, Zone.TARGET: 0, Zone.KEY: 1}
    assert rank[zone_of(client, more, t)] >= rank[zone_of(client, our, t)]


@pytest.mark.parametrize("bad", [-1, 101])
def test_thresholds_must_lie_within_0_and_100(bad):
    with pytest.raises(ValueError, match=r"0\.\.100"):
        Thresholds(client=bad, our=50)


@given(values, values, st.sampled_from(list(Zone)), thresholds)
def test_the_gap_is_zero_on_axes_already_on_the_right_side(client, our, zone, t):
    gap = distance_to_zone(client, our, zone, t)
    assert gap.reached == (zone_of(client, our, t) == zone)
    if gap.reached:
        assert gap.distance == 0


@given(values, values, thresholds)
def test_moving_by_the_gap_towards_key_reaches_key(client, our, t):
    gap = distance_to_zone(client, our, Zone.KEY, t)
    assert gap.client >= 0 and gap.our >= 0
    # A hair of slack: x + (t - x) can round to just below t in floating point.
    assert zone_of(client + gap.client + 1e-9, our + gap.our + 1e-9, t) == Zone.KEY


def test_the_gap_to_key_names_the_points_to_gain_per_axis():
    gap = distance_to_zone(42, 38, Zone.KEY, DEFAULT_THRESHOLDS)
    assert (gap.client, gap.our, gap.reached) == (8, 12, False)
    assert gap.distance == pytest.approx((8**2 + 12**2) ** 0.5)


def test_the_gap_to_a_lower_zone_is_negative():
    gap = distance_to_zone(70, 80, Zone.RECONSIDER, DEFAULT_THRESHOLDS)
    assert (gap.client, gap.our) == (-20, -30)


def test_the_boxes_lie_where_the_zones_are():
    boxes = {box.zone: box for box in zone_boxes(Thresholds(client=60, our=40))}
    assert list(boxes) == [Zone.KEY, Zone.TARGET, Zone.MAINTAIN, Zone.RECONSIDER]
    assert (boxes[Zone.KEY].our, boxes[Zone.KEY].client) == ((40, 100), (60, 100))
    assert (boxes[Zone.TARGET].our, boxes[Zone.TARGET].client) == ((0, 40), (60, 100))
    assert (boxes[Zone.MAINTAIN].our, boxes[Zone.MAINTAIN].client) == ((40, 100), (0, 60))
    assert (boxes[Zone.RECONSIDER].our, boxes[Zone.RECONSIDER].client) == ((0, 40), (0, 60))


@given(thresholds)
def test_the_boxes_tile_the_square(t):
    boxes = zone_boxes(t)
    area = sum((b.our[1] - b.our[0]) * (b.client[1] - b.client[0]) for b in boxes)
    assert area == pytest.approx(100 * 100)
    assert all(b.our[0] <= b.our[1] and b.client[0] <= b.client[1] for b in boxes)


@given(values, values, thresholds)
def test_a_point_lies_in_the_box_of_its_zone(client, our, t):
    box = next(b for b in zone_boxes(t) if b.zone == zone_of(client, our, t))
    assert box.our[0] <= our <= box.our[1]
    assert box.client[0] <= client <= box.client[1]


@pytest.mark.parametrize("zone", list(Zone))
def test_a_zone_is_attractive_and_strong_where_its_box_is_high(zone):
    box = next(b for b in zone_boxes(DEFAULT_THRESHOLDS) if b.zone == zone)
    assert zone.attractive == (box.client[1] == 100 and box.client[0] > 0)
    assert zone.strong == (box.our[1] == 100 and box.our[0] > 0)
    assert zone_of(box.client[0], box.our[0], DEFAULT_THRESHOLDS) == zone


# --- How an index is shown -------------------------------------------------------------


@given(values, values)
def test_a_shown_index_stays_on_its_side_of_the_threshold(value, threshold):
    assert (shown_index(value, threshold) >= threshold) == (value >= threshold)


@given(values, values)
def test_a_shown_index_has_one_decimal_and_is_within_a_tenth(value, threshold):
    shown = shown_index(value, threshold)
    assert shown == round(shown, 1)
    assert abs(shown - value) <= 0.1 + 1e-9


@given(values, values)
def test_a_shown_index_is_the_rounded_one_unless_that_crosses_the_threshold(value, threshold):
    rounded = round(value, 1)
    assume((rounded >= threshold) == (value >= threshold))
    assert shown_index(value, threshold) == rounded


@pytest.mark.parametrize(
    ("value", "threshold", "shown"),
    [
        (49.86, 50, 49.9),
        (49.96, 50, 49.9),
        (49.99, 50, 49.9),
        (50.0, 50, 50.0),
        (50.04, 50, 50.0),
        (45.54, 45.55, 45.5),
        (45.55, 45.55, 45.6),
        (61.25, 50, 61.2),
    ],
)
def test_shown_indices_at_the_edges(value, threshold, shown):
    assert shown_index(value, threshold) == shown
