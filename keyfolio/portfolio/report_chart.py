"""The portfolio report's square, drawn by matplotlib as an SVG image (keyfolio.core.svg).

The four zones shaded in the palette's colours with their names in their outer
corners, the thresholds dashed, and the accounts: named points when they are few (a
name that finds no free place beside its point is left out rather than printed over
another), small points when they are more, density cells when they are many. Call it
within the report's language: it labels the zones and axes.
"""

from keyfolio.accounts.models import ZoneChoice
from keyfolio.assessments.models import AxisChoice
from keyfolio.core.palette import ZONE_COLOURS
from keyfolio.core.svg import FONT, GRID, MUTED, new_figure, svg_data_uri
from keyfolio.method import Thresholds, Zone
from keyfolio.method.zones import zone_boxes
from keyfolio.portfolio.report import SquareDrawing

SIDE_MM = 86
RASTER_DPI = 300  # for the small points, drawn as a picture (see _points)
INK = "#1f2933"
# The zones' fills are made for a screen; on paper they need to be a little stronger.
PRINT_FILL = 1.6
NAME_CHARS = 22
NAME_SIZE, TICK_SIZE, ZONE_SIZE, AXIS_SIZE = 4.8, 5.5, 6.5, 6.0
# Where a point's name may go, tried in turn: (x, y) offset in points and alignment.
NAME_PLACES = (
    ((3.5, 0), "left", "center"),
    ((-3.5, 0), "right", "center"),
    ((0, 3), "center", "bottom"),
    ((0, -3), "center", "top"),
    ((2.5, 2.5), "left", "bottom"),
    ((2.5, -2.5), "left", "top"),
    ((-2.5, 2.5), "right", "bottom"),
    ((-2.5, -2.5), "right", "top"),
)
# Behind a name, so that a threshold's line does not run through it.
NAME_BACKGROUND = {"boxstyle": "square,pad=0.05", "facecolor": "white", "alpha": 0.6,
                   "linewidth": 0}  # fmt: skip
ZONE_NAME_BACKGROUND = {**NAME_BACKGROUND, "boxstyle": "round,pad=0.2", "alpha": 0.75}


def square_svg(drawing: SquareDrawing, thresholds: Thresholds) -> str:
    return svg_data_uri(square_figure(drawing, thresholds))


def square_figure(drawing: SquareDrawing, thresholds: Thresholds):
    figure = new_figure(SIDE_MM, SIDE_MM, dpi=RASTER_DPI)
    ax = figure.add_axes((0.11, 0.1, 0.86, 0.86))
    _zones(ax, thresholds)
    if drawing.mode == "cells":
        _cells(ax, drawing)
    else:
        _points(ax, drawing)
    if drawing.mode == "named":
        _names(figure, ax, drawing)
    return figure


def _zones(ax, thresholds: Thresholds) -> None:
    """The axes, the zones with their names and the thresholds."""
    from matplotlib.patches import Rectangle

    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_yticks([0, 25, 50, 75, 100])
    ax.tick_params(labelsize=TICK_SIZE, colors=MUTED, length=2, width=0.5)
    for label in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        label.set_family(FONT)
    for spine in ax.spines.values():
        spine.set_color(GRID)
    ax.set_xlabel(str(AxisChoice.OUR.label), fontsize=AXIS_SIZE, family=FONT, color=INK)
    ax.set_ylabel(str(AxisChoice.CLIENT.label), fontsize=AXIS_SIZE, family=FONT, color=INK)
    for box in zone_boxes(thresholds):
        colours = ZONE_COLOURS[box.zone]
        width, height = box.our[1] - box.our[0], box.client[1] - box.client[0]
        ax.add_patch(Rectangle((box.our[0], box.client[0]), width, height, linewidth=0,
                               facecolor=colours.colour,
                               alpha=min(1.0, colours.fill_alpha * PRINT_FILL)))  # fmt: skip
        if width and height:
            _zone_name(ax, box.zone)
    dashes = {"color": MUTED, "linewidth": 0.6, "linestyle": (0, (3, 2))}
    ax.axvline(thresholds.our, **dashes)
    ax.axhline(thresholds.client, **dashes)


def _zone_name(ax, zone: Zone) -> None:
    """The zone's name in its outer corner, just inside the square."""
    x, ha = (98.5, "right") if zone.strong else (1.5, "left")
    y, va = (98.5, "top") if zone.attractive else (1.5, "bottom")
    # Above the points, on a light ground: many points would hide it.
    ax.text(x, y, str(ZoneChoice(zone).label), ha=ha, va=va, fontsize=ZONE_SIZE,
            fontweight="bold", family=FONT, color=ZONE_COLOURS[zone].colour,
            bbox=ZONE_NAME_BACKGROUND, zorder=5)  # fmt: skip


def _points(ax, drawing: SquareDrawing) -> None:
    named = drawing.mode == "named"
    ax.scatter(
        [our for our, *_ in drawing.points],
        [client for _, client, *_ in drawing.points],
        c=[ZONE_COLOURS[Zone(zone)].colour for _, _, zone, _ in drawing.points],
        s=12 if named else 2.5,
        linewidths=0.5 if named else 0,
        edgecolors="white",
        alpha=1 if named else 0.8,
        zorder=3,
        # Hundreds of points as vectors take WeasyPrint seconds to write; as one picture
        # inside the SVG (at the figure's dpi) they take no time, and the text stays sharp.
        rasterized=not named,
    )


def _names(figure, ax, drawing: SquareDrawing) -> None:
    """Each point's name beside it, at the first of NAME_PLACES where it overlaps no
    name, no zone name and no other point, inside the square; else none."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(figure).get_renderer()
    inside = ax.get_window_extent(renderer)
    taken = [text.get_window_extent(renderer) for text in ax.texts]  # the zone names
    points = [ax.transData.transform((our, client)) for our, client, *_ in drawing.points]
    for n, (our, client, _, name) in enumerate(drawing.points):
        shown = name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "…"
        for offset, ha, va in NAME_PLACES:
            text = ax.annotate(shown, (our, client), xytext=offset, textcoords="offset points",
                               ha=ha, va=va, fontsize=NAME_SIZE, family=FONT, color=INK,
                               bbox=NAME_BACKGROUND, zorder=4)  # fmt: skip
            box = text.get_window_extent(renderer)
            others = (p for m, p in enumerate(points) if m != n)
            if (
                inside.x0 <= box.x0 and box.x1 <= inside.x1
                and inside.y0 <= box.y0 and box.y1 <= inside.y1
                and not any(box.overlaps(t) for t in taken)
                and not any(box.padded(1).contains(x, y) for x, y in others)
            ):  # fmt: skip
                taken.append(box)
                break
            text.remove()


def _cells(ax, drawing: SquareDrawing) -> None:
    """Density cells: each in the colour of the zone most of its accounts are in, the
    more opaque the more accounts it holds."""
    from matplotlib.patches import Rectangle

    width, height = drawing.cells["size"]
    most = drawing.most_in_a_cell
    for column, row, count, zone in drawing.cells["rows"]:
        ax.add_patch(Rectangle((column * width, row * height), width, height, linewidth=0,
                               facecolor=ZONE_COLOURS[Zone(zone)].colour,
                               alpha=0.15 + 0.8 * count / most, zorder=3))  # fmt: skip
