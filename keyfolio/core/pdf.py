"""Documents printed from HTML: their language, their layout by WeasyPrint, and the
download that sends them.

The meeting brief (keyfolio.briefs.pdf) and the portfolio report
(keyfolio.portfolio.report) each render a print template and lay it out here.
"""

import functools
import os
from collections.abc import Sequence

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.utils.http import content_disposition_header


def document_language(requested: str | None, default: str) -> str:
    """The language asked for (`?lang=`, `--lang`) if Keyfolio speaks it, else `default`."""
    languages = {code for code, _ in settings.LANGUAGES}
    return requested if requested in languages else default


def pdf_layout(html: str, stylesheets: Sequence[str]):
    """Lay `html` out with WeasyPrint and the static `stylesheets` (a weasyprint.Document
    of pages, which `write_pdf()` turns into a PDF)."""
    # Imported here: WeasyPrint takes a moment to load, and only PDFs need it.
    from weasyprint import HTML

    return HTML(string=html).render(stylesheets=_parsed(stylesheets))


def _parsed(paths: Sequence[str]) -> list:
    """The static stylesheets parsed by WeasyPrint, once for each version of their files:
    parsing takes about as long as a fifth of a layout, and a document may be laid out
    several times."""
    found = [(path, finders.find(path)) for path in paths]
    missing = [path for path, found_at in found if not isinstance(found_at, str)]
    if missing:
        raise ImproperlyConfigured(f"The stylesheets of a PDF are missing: {missing}")
    return [_stylesheet(str(path), os.path.getmtime(str(path))) for _, path in found]


@functools.cache
def _stylesheet(path: str, modified: float):
    from weasyprint import CSS

    return CSS(filename=path)


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    """A PDF download named `filename`."""
    disposition = content_disposition_header(True, filename)
    assert disposition is not None  # an attachment always has one
    return HttpResponse(
        data, content_type="application/pdf", headers={"Content-Disposition": disposition}
    )
