"""The square's mean indices follow the one display rule for indices."""

from keyfolio.method import Thresholds
from keyfolio.portfolio.selectors import SquareSummary


def test_the_mean_indices_never_show_on_the_other_side_of_the_threshold():
    summary = SquareSummary(average_client=49.96, average_our=50.04)
    assert summary.shown_averages(Thresholds(client=50, our=50)) == (49.9, 50.0)


def test_an_empty_square_has_no_mean():
    assert SquareSummary().shown_averages(Thresholds(client=50, our=50)) == (None, None)
