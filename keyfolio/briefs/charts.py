"""The brief's charts as SVG images, drawn by matplotlib for the page, print and PDF alike.

They take the same data as the account page's ECharts charts (keyfolio.assessments.charts),
already labelled in the brief's language, and return `data:` URIs for an <img>: an
image keeps its SVG ids to itself, so two charts on a page never clash. Each chart
draws on its own matplotlib Figure, never through pyplot, whose global state is not
safe in a web server's threads.
"""

import base64
import io
import textwrap
from datetime import date

from django.utils.formats import date_format

from keyfolio.core.palette import AXIS_COLOURS
from keyfolio.method import Axis

# Bootstrap's --bs-primary and muted text; the axes in the colours of the palette.
PRIMARY = "#0d6efd"
CLIENT = AXIS_COLOURS[Axis.CLIENT]
OUR = AXIS_COLOURS[Axis.OUR]
MUTED = "#6c757d"
GRID = "#d5d9df"
FONT = "DejaVu Sans"

_MM = 1 / 25.4  # matplotlib sizes figures in inches
# Half the width of the A4 sheet's content; brief.css shows the images at this ratio.
WIDTH_MM, HEIGHT_MM = 92, 45


def _svg_data_uri(figure) -> str:
    buffer = io.BytesIO()
    # Text is drawn as paths (matplotlib's default), so the image needs no font at all.
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(width_mm: float, height_mm: float):
    # Imported here: matplotlib takes a moment to load, and most requests never draw.
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_mm * _MM, height_mm * _MM))
    figure.patch.set_alpha(0)
    return figure


def _wrap(label: str, width: int = 20, lines: int = 2) -> str:
    return "\n".join(textwrap.wrap(label, width, max_lines=lines, placeholder="…"))


def radar_svg(radar: dict, *, width_mm: float = WIDTH_MM, height_mm: float = HEIGHT_MM) -> str:
    """Each criterion a spoke, counter-clockwise from the top as on the account page
    (client position in its colour, ours in its own); the current assessment filled, the
    previous one dashed (the sheet's legend says which is which). A criterion not
    assessed is drawn at 0 and its label greyed."""
    import numpy as np

    indicators = radar["indicators"]
    current = radar["current"]["values"]
    # Turned by half a step, so that (with an even number of criteria) no label sits
    # straight above or below the circle, where its neighbours crowd it.
    step = 2 * np.pi / len(indicators)
    angles = np.arange(len(indicators)) * step + step / 2
    figure = _figure(width_mm, height_mm)
    # A wide figure with the circle in the middle leaves the sides to the labels.
    ax = figure.add_axes((0.3, 0.15, 0.4, 0.7), projection="polar")
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(1)
    ax.set_ylim(0, 100)
    ax.set_yticks([25, 50, 75, 100], labels=[])
    ax.set_xticks(angles, labels=[])
    ax.grid(color=GRID, linewidth=0.5)
    ax.spines["polar"].set_color(GRID)
    ax.spines["polar"].set_linewidth(0.6)
    for angle, indicator, value in zip(angles, indicators, current, strict=True):
        _radar_label(ax, angle, indicator, assessed=value is not None)

    def closed(values: list) -> tuple:
        drawn = [0 if v is None else v for v in values]
        return np.append(angles, angles[0]), [*drawn, drawn[0]]

    if radar["previous"]:
        ax.plot(*closed(radar["previous"]["values"]), color=MUTED, linewidth=0.8,
                linestyle=(0, (3, 2)))  # fmt: skip
    theta, values = closed(current)
    ax.plot(theta, values, color=PRIMARY, linewidth=1.2)
    ax.fill(theta, values, color=PRIMARY, alpha=0.14, linewidth=0)
    return _svg_data_uri(figure)


def _radar_label(ax, angle: float, indicator: dict, *, assessed: bool) -> None:
    """A spoke's label just outside the rim, aligned away from the centre. Labels near
    the top and bottom, where neighbours crowd one above the other, sit further out."""
    import numpy as np

    # Where the spoke points on the page: counter-clockwise from the top.
    x, y = np.cos(np.pi / 2 + angle), np.sin(np.pi / 2 + angle)
    ha = "center" if abs(x) < 0.2 else ("left" if x > 0 else "right")
    va = "center" if abs(y) < 0.3 else ("bottom" if y > 0 else "top")
    radius = 108 + 14 * max(0.0, abs(y) - 0.6) / 0.4
    # Where neighbours are far apart vertically (the sides), a label may take 3 lines.
    label = _wrap(indicator["name"], 20, 3 if abs(y) < 0.7 else 2)
    if ha == "center":  # narrower, to clear its neighbours on both sides
        radius, label = 110, _wrap(indicator["name"], 12, 3)
    color = (CLIENT if indicator["axis"] == "client" else OUR) if assessed else MUTED
    ax.text(angle, radius, label, color=color, fontsize=5.4, ha=ha, va=va, linespacing=1.0,
            family=FONT, style="normal" if assessed else "italic")  # fmt: skip


def trend_svg(history: dict, *, width_mm: float = WIDTH_MM, height_mm: float = HEIGHT_MM) -> str:
    """Both indices over time with the thresholds that split the square."""
    from matplotlib.ticker import FixedLocator

    figure = _figure(width_mm, height_mm)
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
        ax.set_xticklabels([date_format(d, "M Y") for d in ticks], family=FONT)
        if len(set(days)) == 1:  # one point needs some room around it
            ax.set_xlim(_ordinal(days[0]) - 30, _ordinal(days[0]) + 30)
    for label in ax.get_yticklabels():
        label.set_family(FONT)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=3, frameon=False,
              prop={"family": FONT, "size": 5.5}, handlelength=1.8, borderaxespad=0)  # fmt: skip
    return _svg_data_uri(figure)


def _ordinal(day: date) -> float:
    # matplotlib's date unit: days since 1970-01-01.
    return float((day - date(1970, 1, 1)).days)


def _date_ticks(days: list[date], most: int = 5) -> list[date]:
    """At most `most` of the assessment dates, spread evenly, the first and last included."""
    if len(days) <= most:
        return days
    step = (len(days) - 1) / (most - 1)
    return [days[round(i * step)] for i in range(most)]
