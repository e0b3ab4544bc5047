"""The square table's small display helpers."""

import pytest

from keyfolio.portfolio.templatetags.square_tags import delta_class, signed


@pytest.mark.parametrize(
    ("value", "text"),
    [(4.24, "+4.2"), (-3.0, "\u22123.0"), (0.04, "\u00b10.0"), (-0.04, "\u00b10.0"), (None, "")],
)
def test_it_signs_a_change(value, text):
    assert signed(value) == text


@pytest.mark.parametrize(
    ("value", "css"),
    [(1.5, "text-success"), (-1.5, "text-danger"), (0.01, "kf-muted"), (None, "kf-muted")],
)
def test_it_colours_a_change(value, css):
    assert delta_class(value) == css
