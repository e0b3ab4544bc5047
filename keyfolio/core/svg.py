"""Charts for print (PDFs, e-mails) drawn by matplotlib as SVG `data:` URIs.

An <img> keeps an SVG's ids to itself, so two charts on a page never clash. Each chart
draws on its own matplotlib Figure, never through pyplot, whose global state is not
safe in a web server's threads. The colours are the pages' (Bootstrap's primary and
muted text, a light grid); the zones and axes come from keyfolio.core.palette.
"""

import base64
import io

PRIMARY = "#0d6efd"
MUTED = "#6c757d"
GRID = "#d5d9df"
# DejaVu comes with matplotlib and has Cyrillic.
FONT = "DejaVu Sans"

MM = 1 / 25.4  # matplotlib sizes figures in inches


def new_figure(width_mm: float, height_mm: float, *, dpi: float = 100):
    """A matplotlib Figure of this size, with a transparent background; what it draws
    as a picture (`rasterized=True`) is at `dpi`."""
    # Imported here: matplotlib takes a moment to load, and most requests never draw.
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_mm * MM, height_mm * MM), dpi=dpi)
    figure.patch.set_alpha(0)
    return figure


def svg_data_uri(figure) -> str:
    """The figure as an SVG `data:` URI for an <img>."""
    buffer = io.BytesIO()
    # Text is drawn as paths (matplotlib's default), so the image needs no font at all.
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
