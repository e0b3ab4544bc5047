"""Keyfolio's own colours, defined once: the four zones and the two axes.

Every output takes them from here: the pages as CSS custom properties (the
`palette_style` tag in base.html and in the brief's print page), which keyfolio.css,
brief.css and the charts (kf.cssVar) read; square.js in its json_script data; the
e-mails as inline styles; the brief's matplotlib charts as plain values.
"""

from dataclasses import dataclass

from keyfolio.method import Axis, Zone


@dataclass(frozen=True)
class ZoneColour:
    colour: str  # "#rrggbb": points, badges, the zone's name on the square
    fill_alpha: float  # the zone's area on the square is its colour, this opaque
    badge_text: str  # the text on a badge of the colour

    @property
    def fill(self) -> str:
        red, green, blue = (int(self.colour[i : i + 2], 16) for i in (1, 3, 5))
        return f"rgba({red}, {green}, {blue}, {self.fill_alpha:.2f})"


ZONE_COLOURS = {
    Zone.KEY: ZoneColour("#168058", 0.09, "#fff"),  # white on it: 4.9:1
    Zone.TARGET: ZoneColour("#2f6fde", 0.08, "#fff"),
    # The two light colours carry dark text.
    Zone.MAINTAIN: ZoneColour("#e0a100", 0.10, "#3b2f00"),
    Zone.RECONSIDER: ZoneColour("#9aa4b2", 0.12, "#1f2933"),
}

# The client's position and ours, wherever the two indices are drawn side by side.
AXIS_COLOURS = {Axis.CLIENT: "#7c4dff", Axis.OUR: "#0097a7"}


def css_variables() -> dict[str, str]:
    """The palette as CSS custom properties: --kf-zone-key, --kf-zone-key-bg (the
    fill), --kf-zone-key-text (on a badge), ..., --kf-axis-client, --kf-axis-our."""
    variables = {}
    for zone, colours in ZONE_COLOURS.items():
        variables[f"--kf-zone-{zone}"] = colours.colour
        variables[f"--kf-zone-{zone}-bg"] = colours.fill
        variables[f"--kf-zone-{zone}-text"] = colours.badge_text
    for axis, colour in AXIS_COLOURS.items():
        variables[f"--kf-axis-{axis}"] = colour
    return variables
