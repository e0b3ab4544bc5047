"""The palette is defined once (keyfolio.core.palette) and reaches every output: the
pages' CSS custom properties, the square's chart data, the brief's PDF and the e-mails."""

import io
import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from keyfolio.accounts.tests.factories import assess
from keyfolio.briefs.pdf import brief_pdf
from keyfolio.core.palette import AXIS_COLOURS, ZONE_COLOURS, css_variables
from keyfolio.method import Axis, Zone
from keyfolio.notifications.emails import zone_badge

STATIC = Path(settings.BASE_DIR) / "static" / "keyfolio"
TEMPLATES = Path(settings.BASE_DIR) / "templates"
PALETTE_NAME = re.compile(r"--kf-(?:zone|axis)-[\w-]+")


def test_it_fills_each_zone_with_a_faint_shade_of_its_colour():
    assert ZONE_COLOURS[Zone.KEY].fill == "rgba(22, 128, 88, 0.09)"
    assert ZONE_COLOURS[Zone.MAINTAIN].fill == "rgba(224, 161, 0, 0.10)"


def test_it_names_a_css_property_for_every_colour():
    variables = css_variables()
    for zone, colours in ZONE_COLOURS.items():
        assert variables[f"--kf-zone-{zone}"] == colours.colour
        assert variables[f"--kf-zone-{zone}-bg"] == colours.fill
        assert variables[f"--kf-zone-{zone}-text"] == colours.badge_text
    assert variables["--kf-axis-client"] == AXIS_COLOURS[Axis.CLIENT]


def test_every_page_sets_the_palette(client):
    body = client.get("/login/").content.decode()
    assert "--kf-zone-key: #168058;" in body
    assert "--kf-zone-reconsider-bg: rgba(154, 164, 178, 0.12);" in body
    assert "--kf-axis-our: #0097a7;" in body


def test_the_print_view_sets_the_palette(world):
    assess(world.account, client=70, our=60, on=timezone.localdate())
    url = reverse("briefs:print", args=[world.slug, world.account.pk])
    body = world.client_for(world.manager).get(url).content.decode()
    assert "--kf-zone-key: #168058;" in body


def test_the_pdf_draws_in_the_colours_of_the_palette(world):
    assess(world.account, client=70, our=60, on=timezone.localdate())
    data = brief_pdf(world.account, language="en", today=timezone.localdate())
    drawn = PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data().decode("latin-1")
    # Fill colours as the PDF states them ("r g b rg"), compared to 1/1000.
    fills = {
        tuple(round(float(part), 3) for part in match.split())
        for match in re.findall(r"([\d.]+ [\d.]+ [\d.]+) rg", drawn)
    }
    for colour in (ZONE_COLOURS[Zone.KEY].colour, AXIS_COLOURS[Axis.OUR]):
        rgb = tuple(round(int(colour[i : i + 2], 16) / 255, 3) for i in (1, 3, 5))
        assert rgb in fills


def test_the_e_mails_take_the_zone_colours_from_the_palette():
    badge = zone_badge("maintain")
    assert badge is not None
    assert (badge.background, badge.colour) == ("#e0a100", "#3b2f00")


def test_the_stylesheets_use_the_palette_without_restating_it():
    names = set(css_variables())
    for path in [*STATIC.glob("css/*.css"), *STATIC.glob("js/*.js"), *TEMPLATES.rglob("*.html")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"--kf-(?:zone|axis)-[\w-]+\s*:", text), f"{path} restates a colour"
        used = set(PALETTE_NAME.findall(text))
        assert used <= names, f"{path} uses {used - names}"
