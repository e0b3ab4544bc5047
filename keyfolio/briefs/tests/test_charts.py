from datetime import date, timedelta
from itertools import pairwise

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from keyfolio.briefs import charts
from keyfolio.method import DEFAULT_CRITERIA

VALUES: list[float | None] = [62, 45, None, 71, 80, 33, 50, 90, 100, 55, 40, 65, 70, 20, 5]


def radar(names: list[str]) -> dict:
    values = (VALUES * 3)[: len(names)]
    axes = ["client" if n % 2 else "our" for n in range(len(names))]
    return {
        "indicators": [
            {"name": name, "axis": axis} for name, axis in zip(names, axes, strict=True)
        ],
        "current": {"values": values},
        "previous": {"values": [None if v is None else v / 2 for v in values]},
    }


def shown_name(label: str) -> str:
    """A drawn label's criterion name: its lines joined, its value left out."""
    name = label.rsplit(" ", 1)[0]
    return " ".join(name.replace("\N{NO-BREAK SPACE}", " ").replace("\\$", "$").split())


CATALOG_EN = [c.label_en for c in DEFAULT_CRITERIA]
CATALOG_RU = [c.label_ru for c in DEFAULT_CRITERIA]
# The Russian catalog as it will read once the reversed criteria carry their note.
NOTED_RU = [
    c.label_ru + (" (100 % = мало)" if "(100 %" in c.label_en else "") for c in DEFAULT_CRITERIA
]
LONGEST = sorted(CATALOG_RU + CATALOG_EN, key=len, reverse=True)[:8]


@pytest.mark.parametrize(
    "names",
    [CATALOG_EN, CATALOG_RU, NOTED_RU, LONGEST * 2, CATALOG_RU[:5]],
    ids=["english", "russian", "russian-with-notes", "sixteen-longest", "five"],
)
def test_every_label_is_whole_with_its_value_and_none_overlaps_or_leaves_the_figure(names):
    with translation.override("ru"):
        figure = charts.radar_figure(radar(names))
    labels = [text.get_text() for text in figure.axes[0].texts]
    assert [shown_name(label) for label in labels] == names
    values = (VALUES * 3)[: len(names)]
    for label, value in zip(labels, values, strict=True):
        assert label.endswith("—" if value is None else rf"$\mathbf{{{value}}}$")
    assert charts.crowded_labels(figure) == []


@pytest.mark.parametrize("names", [CATALOG_EN, CATALOG_RU, NOTED_RU])
def test_the_catalogs_labels_keep_their_largest_size(names):
    figure = charts.radar_figure(radar(names))
    assert {text.get_fontsize() for text in figure.axes[0].texts} == {charts.LABEL_SIZES[0]}


def test_a_label_shows_its_value_rounded_half_up_and_keeps_a_dollar_sign():
    assert charts.radar_label_text("Cost in $", 62.5, 24) == r"Cost in \$ $\mathbf{63}$"
    assert charts.radar_label_text("Not scored", None, 24) == "Not scored —"
    assert charts.radar_label_text("Уровень развития клиента, его потенциал", 7, 24) == (
        "Уровень развития\nклиента, его потенциал" + r" $\mathbf{7}$"
    )


def test_a_note_is_never_broken_across_lines():
    lines = charts._wrap("Dependence on external factors (100 % = little)", 24)
    assert "(100\N{NO-BREAK SPACE}%\N{NO-BREAK SPACE}=\N{NO-BREAK SPACE}little)" in lines[-1]


def test_the_radar_draws_as_an_svg_image():
    assert charts.radar_svg(radar(CATALOG_EN)).startswith("data:image/svg+xml;base64,")


DAYS = st.lists(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)), min_size=1, max_size=30
).map(lambda days: sorted(set(days)))


@given(DAYS)
def test_date_ticks_keep_the_ends_and_their_distance(days):
    ticks = charts._date_ticks(days)
    assert ticks[0] == days[0] and ticks[-1] == days[-1]
    assert len(ticks) <= 5 and set(ticks) <= set(days)
    if len(days) > 2:
        gap = (days[-1] - days[0]) / 5
        assert all(b - a >= gap for a, b in pairwise(ticks))


def test_date_ticks_leave_out_a_date_too_close_to_the_next():
    days = [date(2024, 12, 1), date(2025, 6, 1), date(2025, 12, 1), date(2026, 1, 10)]
    days.append(date(2026, 7, 1))
    assert charts._date_ticks(days) == [days[0], days[1], days[2], days[4]]
    assert charts._date_ticks([date(2026, 1, 1) + timedelta(days=d) for d in (0, 1)]) == [
        date(2026, 1, 1),
        date(2026, 1, 2),
    ]
