import pytest

from keyfolio.intel.shares import share_bar


def test_it_puts_us_first_then_the_competitors_then_the_unknown_rest():
    bar = share_bar(("Us", 28), [("Globex", 35), ("Initech", 15)])
    assert [(s.label, s.share, s.tone) for s in bar.slices] == [
        ("Us", 28, "ours"),
        ("Globex", 35, "c1"),
        ("Initech", 15, "c2"),
        ("", 22, "unknown"),
    ]
    assert bar.known == 78
    assert bar.unknown == 22
    assert not bar.exceeds_whole
    assert sum(s.width for s in bar.slices) == pytest.approx(100)


def test_it_is_all_unknown_without_estimates():
    bar = share_bar(None, [])
    assert [(s.tone, s.width) for s in bar.slices] == [("unknown", 100)]
    assert bar.known == 0


def test_it_warns_and_scales_the_bar_when_the_shares_exceed_the_whole():
    bar = share_bar(("Us", 40), [("Globex", 70), ("Initech", 10)])
    assert bar.exceeds_whole
    assert bar.known == 120
    assert bar.unknown == 0
    assert [s.tone for s in bar.slices] == ["ours", "c1", "c2"]
    assert [round(s.width, 2) for s in bar.slices] == [33.33, 58.33, 8.33]


def test_it_does_not_warn_when_rounding_makes_the_whole_look_bigger():
    bar = share_bar(None, [("A", 33.3), ("B", 33.3), ("C", 33.4)])
    assert not bar.exceeds_whole
    assert [s.tone for s in bar.slices] == ["c1", "c2", "c3"]


def test_it_cycles_the_competitor_colours():
    bar = share_bar(None, [(f"C{n}", 1) for n in range(8)])
    assert [s.tone for s in bar.slices[:8]] == ["c1", "c2", "c3", "c4", "c5", "c6", "c1", "c2"]
