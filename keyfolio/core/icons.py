"""The icon font, cut down to the icons Keyfolio uses.

Bootstrap Icons ships 2,000 glyphs: a 131 KiB font and an 85 KiB stylesheet that every
page would load for the hundred or so icons we show. At set-up (`make setup`, after
npm has installed the package) this module finds the icon classes our templates,
scripts and Python code name (`bi-<name>`), and writes into the static folder a font
with only those glyphs (fontTools) and a stylesheet with only their classes.

    python -m keyfolio.core.icons PACKAGE_FONT_DIR OUTPUT_DIR

An icon must be named whole in the source (`"bi-people"`, never `"bi-" + kind`) for
the scan to find it; keyfolio/core/tests/test_icons.py checks that every name found
is a real icon and made it into the stylesheet.
"""

import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1]  # The keyfolio package.
SCANNED = ("*.html", "*.js", "*.py")
ICON_CLASS = re.compile(r"\bbi-([a-z0-9]+(?:-[a-z0-9]+)*)")
# Names that look like icons but are Bootstrap Icons' own machinery or our files.
NOT_ICONS = {"bi-icons"}
FONT = "bootstrap-icons.woff2"
STYLESHEET = "bootstrap-icons.min.css"


def used_icons(root: Path = SOURCE) -> set[str]:
    """The icon names (without "bi-") named anywhere in the package's source."""
    names: set[str] = set()
    for pattern in SCANNED:
        for path in root.rglob(pattern):
            if "static/vendor" in path.as_posix() or path.name == "icons.py":
                continue
            for match in ICON_CLASS.finditer(path.read_text(encoding="utf-8")):
                if f"bi-{match.group(1)}" not in NOT_ICONS:
                    names.add(match.group(1))
    return names


def codepoints(package_font_dir: Path) -> dict[str, int]:
    """Every icon of the package: name -> its code point in the font."""
    return json.loads((package_font_dir / "bootstrap-icons.json").read_text())


def stylesheet(names: Iterable[str], points: dict[str, int]) -> str:
    """The font face and one rule per icon, as the package's own stylesheet has them."""
    rules = [
        '@font-face{font-display:block;font-family:"bootstrap-icons";'
        f'src:url("fonts/{FONT}") format("woff2")}}',
        '.bi::before,[class^="bi-"]::before,[class*=" bi-"]::before{display:inline-block;'
        "font-family:bootstrap-icons!important;font-style:normal;font-weight:normal!important;"
        "font-variant:normal;text-transform:none;line-height:1;vertical-align:-.125em;"
        "-webkit-font-smoothing:antialiased;-moz-osx-font-smoothing:grayscale}",
    ]
    rules += [f'.bi-{name}::before{{content:"\\{points[name]:x}"}}' for name in sorted(names)]
    return "\n".join(rules) + "\n"


def subset(package_font_dir: Path, output_dir: Path) -> list[str]:
    """Write the cut-down font and stylesheet; return the icon names kept. Raises
    SystemExit naming any class in our source that is not an icon of the package."""
    from fontTools import subset as font_subset

    points = codepoints(package_font_dir)
    names = used_icons()
    unknown = sorted(names - set(points))
    if unknown:
        raise SystemExit(f"Not Bootstrap Icons: {', '.join('bi-' + n for n in unknown)}")
    (output_dir / "fonts").mkdir(parents=True, exist_ok=True)
    options = font_subset.Options()
    options.flavor = "woff2"
    options.layout_features = []
    font = font_subset.load_font(str(package_font_dir / "fonts" / FONT), options)
    subsetter = font_subset.Subsetter(options)
    subsetter.populate(unicodes=[points[name] for name in names])
    subsetter.subset(font)
    font_subset.save_font(font, str(output_dir / "fonts" / FONT), options)
    (output_dir / STYLESHEET).write_text(stylesheet(names, points), encoding="utf-8")
    return sorted(names)


if __name__ == "__main__":
    kept = subset(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"Icon font: {len(kept)} icons kept.")
