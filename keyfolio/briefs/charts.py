"""The brief's charts as SVG images, drawn by matplotlib for the page, print and PDF alike.

They take the same data as the account page's ECharts charts (keyfolio.assessments.charts),
already labelled in the brief's language, and return `data:` URIs for an <img>
(keyfolio.core.svg).
"""

import textwrap
from dataclasses import dataclass
from datetime import date

from django.template.defaultfilters import floatformat
from django.utils.formats import date_format

from keyfolio.core.palette import AXIS_COLOURS
from keyfolio.core.svg import FONT, GRID, MUTED, PRIMARY, new_figure, svg_data_uri
from keyfolio.method import Axis

# The axes in the colours of the palette.
CLIENT = AXIS_COLOURS[Axis.CLIENT]
OUR = AXIS_COLOURS[Axis.OUR]
# Half the width of the A4 sheet's content; brief.css shows the images at this ratio.
# The radar is the taller: its labels need room above and below the circle.
WIDTH_MM, HEIGHT_MM, RADAR_HEIGHT_MM = 92, 38, 44


# The radar's labels are never cut. They are set in lines of about SIDE_WIDTH characters
# beside the circle and TOP_WIDTH above or below it, just outside the rim. Then, until
# they fit: a label that runs off the side of the figure is wrapped narrower (down to
# LEAST_WIDTH); of two labels that overlap, the one nearer the top or bottom moves
# further out (up to FURTHEST); when one runs off the top or bottom, the circle is drawn
# smaller (down to LEAST_CIRCLE of the figure's height). Labels that cannot be made to
# fit so are set in the next of LABEL_SIZES.
LABEL_SIZES = (5.4, 5.0, 4.6, 4.2)
SIDE_WIDTH, TOP_WIDTH, LEAST_WIDTH = 24, 14, 10
CIRCLE, LEAST_CIRCLE = 0.64, 0.5
FURTHEST = 150  # per cent of the circle's radius
LABEL_GAP = 1  # pixels (at 100 dpi) at least between two labels


@dataclass
class _RadarLayout:
    size: float  # of the labels, in points
    widths: list[int]  # characters a line, label by label
    radii: list[float]  # how far out, label by label (per cent of the circle's radius)
    circle: float  # the circle's diameter, a share of the figure's height


@dataclass
class _Crowding:
    """How a radar's labels crowd: by index, those that run off the figure's sides, off
    its top or bottom, and the pairs that overlap."""

    beside: list[int]
    above: list[int]
    overlapping: list[tuple[int, int]]


def _wrap(label: str, width: int) -> list[str]:
    """`label` in lines of about `width` characters, broken between words only, and not
    within a note such as "(100 % = little)"."""
    nbsp = "\N{NO-BREAK SPACE}"
    glued = label.replace(" %", nbsp + "%").replace(" = ", nbsp + "=" + nbsp)
    return textwrap.wrap(glued, width, break_long_words=False) or [""]


def radar_svg(
    radar: dict, *, width_mm: float = WIDTH_MM, height_mm: float = RADAR_HEIGHT_MM
) -> str:
    return svg_data_uri(radar_figure(radar, width_mm=width_mm, height_mm=height_mm))


def radar_figure(radar: dict, *, width_mm: float = WIDTH_MM, height_mm: float = RADAR_HEIGHT_MM):
    """Each criterion a spoke, counter-clockwise from the top as on the account page
    (client position in its colour, ours in its own), its label with its value; the
    current assessment filled, the previous one dashed (the sheet's legend says which is
    which). A criterion not assessed is drawn at 0, its label greyed and its value "—".

    The labels are laid out so that none overlaps another or leaves the figure (see
    LABEL_SIZES), or, should no layout manage it, as well as the smallest size allows."""
    placings = [_placing(angle) for angle in _angles(len(radar["indicators"]))]
    widths = [TOP_WIDTH if ha == "center" else SIDE_WIDTH for ha, *_ in placings]
    # Further out near the top and bottom, where neighbours stand one above the other.
    radii = [110 if ha == "center" else 108 + 20 * max(0, abs(y) - 0.8) / 0.2
             for ha, _, _, y in placings]  # fmt: skip
    for size in LABEL_SIZES:
        layout = _RadarLayout(size, list(widths), list(radii), CIRCLE)
        while True:
            figure = _radar_at(radar, layout, width_mm, height_mm)
            crowding = _crowding(figure)
            if not (crowding.beside or crowding.above or crowding.overlapping):
                return figure
            if not _loosen(layout, crowding, [y for *_, y in placings]):
                break
    return figure


def _loosen(layout: _RadarLayout, crowding: _Crowding, ys: list[float]) -> bool:
    """Wrap the labels that run off the sides narrower, move out the one of two
    overlapping labels nearer the top or bottom (`ys`: where each spoke points, -1..1),
    and draw the circle smaller if a label runs off the top or bottom; False if none of
    it can be done."""
    changed = False
    for n in crowding.beside:
        if layout.widths[n] > LEAST_WIDTH:
            layout.widths[n] = max(LEAST_WIDTH, layout.widths[n] - 4)
            changed = True
    for pair in crowding.overlapping:
        n = max(pair, key=lambda n: abs(ys[n]))
        if layout.radii[n] < FURTHEST:
            layout.radii[n] = min(FURTHEST, layout.radii[n] + 5)
            changed = True
    if crowding.above and layout.circle > LEAST_CIRCLE:
        layout.circle = max(LEAST_CIRCLE, layout.circle - 0.05)
        changed = True
    return changed


def crowded_labels(figure) -> list[tuple[str, str]]:
    """The texts of a radar's labels that leave the figure (paired with themselves) or
    overlap one another (in pairs)."""
    texts = [label.get_text() for label in figure.axes[0].texts]
    crowding = _crowding(figure)
    return [(texts[n], texts[n]) for n in crowding.beside + crowding.above] + [
        (texts[a], texts[b]) for a, b in crowding.overlapping
    ]


def _crowding(figure) -> _Crowding:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(figure).get_renderer()
    page = figure.bbox
    boxes = [label.get_window_extent(renderer) for label in figure.axes[0].texts]
    return _Crowding(
        beside=[n for n, box in enumerate(boxes) if box.x0 < page.x0 or box.x1 > page.x1],
        above=[n for n, box in enumerate(boxes) if box.y0 < page.y0 or box.y1 > page.y1],
        overlapping=[
            (a, b)
            for a, box in enumerate(boxes)
            for b in range(a + 1, len(boxes))
            if box.padded(LABEL_GAP).overlaps(boxes[b])
        ],
    )


def _angles(count: int):
    import numpy as np

    # Turned by half a step, so that (with an even number of criteria) no label sits
    # straight above or below the circle, where its neighbours crowd it.
    step = 2 * np.pi / count
    return np.arange(count) * step + step / 2


def _placing(angle: float) -> tuple[str, str, float, float]:
    """Where a spoke's label goes: its alignment (horizontal, vertical) and where the
    spoke points on the page (x, y), counter-clockwise from the top."""
    import numpy as np

    x, y = float(np.cos(np.pi / 2 + angle)), float(np.sin(np.pi / 2 + angle))
    ha = "center" if abs(x) < 0.1 else ("left" if x > 0 else "right")
    va = "center" if abs(y) < 0.3 else ("bottom" if y > 0 else "top")
    return ha, va, x, y


def _radar_at(radar: dict, layout: _RadarLayout, width_mm: float, height_mm: float):
    import numpy as np

    indicators = radar["indicators"]
    current = radar["current"]["values"]
    angles = _angles(len(indicators))
    figure = new_figure(width_mm, height_mm)
    # A wide figure with the circle in the middle leaves the sides to the labels.
    share = layout.circle * height_mm / width_mm  # the circle's width, of the figure's
    rect = ((1 - share) / 2, (1 - layout.circle) / 2, share, layout.circle)
    ax = figure.add_axes(rect, projection="polar")
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(1)
    ax.set_ylim(0, 100)
    ax.set_yticks([25, 50, 75, 100], labels=[])
    ax.set_xticks(angles, labels=[])
    ax.grid(color=GRID, linewidth=0.5)
    ax.spines["polar"].set_color(GRID)
    ax.spines["polar"].set_linewidth(0.6)
    for n, (angle, indicator, value) in enumerate(zip(angles, indicators, current, strict=True)):
        _radar_label(ax, angle, indicator, value, layout, n)

    def closed(values: list) -> tuple:
        drawn = [0 if v is None else v for v in values]
        return np.append(angles, angles[0]), [*drawn, drawn[0]]

    if radar["previous"]:
        ax.plot(*closed(radar["previous"]["values"]), color=MUTED, linewidth=0.8,
                linestyle=(0, (3, 2)))  # fmt: skip
    theta, values = closed(current)
    ax.plot(theta, values, color=PRIMARY, linewidth=1.2)
    ax.fill(theta, values, color=PRIMARY, alpha=0.14, linewidth=0)
    return figure


def radar_label_text(name: str, value: float | None, width: int) -> str:
    """A spoke's label: the criterion's name in lines of about `width` characters, its
    value in bold at the end (mathtext), "—" when not assessed."""
    lines = [line.replace("$", r"\$") for line in _wrap(name, width)]
    # Rounded as the page's {{ value|floatformat:0 }} rounds it (half up), in bold.
    shown = "—" if value is None else rf"$\mathbf{{{floatformat(value, 0)}}}$"
    return "\n".join(lines) + " " + shown


def _radar_label(
    ax, angle: float, indicator: dict, value: float | None, layout: _RadarLayout, n: int
) -> None:
    """The `n`th spoke's label outside the rim, aligned away from the centre."""
    ha, va, _, _ = _placing(angle)
    assessed = value is not None
    color = (CLIENT if indicator["axis"] == "client" else OUR) if assessed else MUTED
    text = radar_label_text(indicator["name"], value, layout.widths[n])
    ax.text(angle, layout.radii[n], text, color=color, fontsize=layout.size, ha=ha, va=va,
            linespacing=1.0, family=FONT, multialignment=ha,
            style="normal" if assessed else "italic")  # fmt: skip


def trend_svg(history: dict, *, width_mm: float = WIDTH_MM, height_mm: float = HEIGHT_MM) -> str:
    """Both indices over time with the thresholds that split the square."""
    from matplotlib.ticker import FixedLocator

    figure = new_figure(width_mm, height_mm)
    ax = figure.add_axes((0.09, 0.2, 0.88, 0.76))
    labels = history["labels"]
    series = ((history["client"], CLIENT, labels["client"]), (history["our"], OUR, labels["our"]))
    days: list[date] = []
    for points, color, label in series:
        dated = [(date.fromisoformat(d), v) for d, v in points if v is not None]
        days += [d for d, _ in dated]
        ax.plot([d for d, _ in dated], [v for _, v in dated], color=color, linewidth=1.2,
                marker="o", markersize=2.2, label=label)  # fmt: skip
    thresholds = history["thresholds"]
    if thresholds["client"] == thresholds["our"]:
        ax.axhline(thresholds["client"], color=MUTED, linewidth=0.7, linestyle=(0, (3, 2)),
                   label=labels["threshold"])  # fmt: skip
    else:
        ax.axhline(thresholds["client"], color=CLIENT, linewidth=0.7, linestyle=(0, (3, 2)),
                   label=labels["clientThreshold"])  # fmt: skip
        ax.axhline(thresholds["our"], color=OUR, linewidth=0.7, linestyle=(0, (3, 2)),
                   label=labels["ourThreshold"])  # fmt: skip
    ax.set_ylim(0, 100)
    ax.set_yticks([0, 25, 50, 75, 100])
    ax.grid(axis="y", color=GRID, linewidth=0.4)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(GRID)
    ax.tick_params(labelsize=5.5, colors=MUTED, length=2, width=0.5)
    if days:
        ticks = _date_ticks(sorted(set(days)))
        ax.xaxis.set_major_locator(FixedLocator([_ordinal(d) for d in ticks]))
        months = {(d.year, d.month) for d in ticks}
        # Dates within one month are told apart by their day.
        shown = "M Y" if len(months) == len(ticks) else "j M Y"
        ax.set_xticklabels([date_format(d, shown) for d in ticks], family=FONT)
        if len(set(days)) == 1:  # one point needs some room around it
            ax.set_xlim(_ordinal(days[0]) - 30, _ordinal(days[0]) + 30)
    for label in ax.get_yticklabels():
        label.set_family(FONT)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=3, frameon=False,
              prop={"family": FONT, "size": 5.5}, handlelength=1.8, borderaxespad=0)  # fmt: skip
    return svg_data_uri(figure)


def _ordinal(day: date) -> float:
    # matplotlib's date unit: days since 1970-01-01.
    return float((day - date(1970, 1, 1)).days)


def _date_ticks(days: list[date], most: int = 5) -> list[date]:
    """At most `most` of the (sorted) assessment dates, the first and last included, none
    closer to the next than a `most`-th of the whole span: their labels never overlap."""
    if len(days) <= 2:
        return days
    gap = (days[-1] - days[0]) / most
    ticks = [days[0]]
    for day in days[1:-1]:
        if day - ticks[-1] >= gap and days[-1] - day >= gap:
            ticks.append(day)
    if days[-1] - ticks[-1] < gap and len(ticks) > 1:
        ticks.pop()  # the last date wins over one too close before it
    return [*ticks, days[-1]] if days[-1] != ticks[-1] else ticks
