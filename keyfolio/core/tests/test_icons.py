"""The icon font is cut down to the icons the source names (keyfolio/core/icons.py)."""

from pathlib import Path

import pytest

from keyfolio.core import icons

PACKAGE = Path(__file__).resolve().parents[3] / "node_modules" / "bootstrap-icons" / "font"
BUILT = Path(icons.SOURCE) / "static" / "vendor" / "bootstrap-icons"


def test_it_finds_icons_in_templates_scripts_and_code(tmp_path):
    (tmp_path / "page.html").write_text('<i class="bi bi-people"></i> <i class="bi bi-x-lg">')
    (tmp_path / "chart.js").write_text('icon.className = "bi bi-arrow-up-right";')
    (tmp_path / "looks.py").write_text('LOOK = ("bi-cup-hot", "warning")  # not bi_')
    assert icons.used_icons(tmp_path) == {"people", "x-lg", "arrow-up-right", "cup-hot"}


def test_every_icon_the_source_names_is_a_bootstrap_icon():
    assert icons.used_icons() - set(icons.codepoints(PACKAGE)) == set()


def test_the_stylesheet_has_each_icon_used_and_no_other():
    built = (BUILT / icons.STYLESHEET).read_text()
    for name in icons.used_icons():
        assert f".bi-{name}::before" in built
    assert built.count("::before{content:") == len(icons.used_icons())


@pytest.mark.parametrize("size_limit_kib", [40])
def test_the_font_is_a_fraction_of_the_package(size_limit_kib):
    kept = (BUILT / "fonts" / icons.FONT).stat().st_size
    whole = (PACKAGE / "fonts" / icons.FONT).stat().st_size
    assert kept < size_limit_kib * 1024 < whole
