"""The brief as a document: its HTML in a chosen language, and that HTML as an A4 PDF.

The brief tab, the print view, the PDF download and `keyfolio brief` all render here,
so that what is printed is what was seen. WeasyPrint renders the print view's template.
"""

from datetime import date

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from keyfolio.accounts.models import Account
from keyfolio.briefs import charts
from keyfolio.briefs.selectors import brief_for

# The print view links the same two. The zone and axis colours come in the page itself
# ({% palette_style %}, from keyfolio.core.palette); the attitude colours are keyfolio.css's.
STYLESHEETS = ("keyfolio/css/keyfolio.css", "keyfolio/css/brief.css")


def brief_language(requested: str | None, default: str) -> str:
    """The language asked for if Keyfolio speaks it, else `default`."""
    languages = {code for code, _ in settings.LANGUAGES}
    return requested if requested in languages else default


def _sheet_context(account: Account, language: str, today: date) -> dict:
    """The brief and its charts; call within the brief's language, which labels the charts."""
    brief = brief_for(account, today=today)
    images = {
        "radar": charts.radar_svg(brief.radar) if brief.radar else None,
        "trend": charts.trend_svg(brief.index_history) if brief.index_history else None,
    }
    return {"brief": brief, "charts": images, "language": language}


def brief_sheet(account: Account, *, language: str, today: date) -> str:
    """The brief's sheet (templates/briefs/_sheet.html) in `language`, to embed in a page."""
    with translation.override(language):
        return render_to_string("briefs/_sheet.html", _sheet_context(account, language, today))


def brief_document(account: Account, *, language: str, today: date, **context) -> str:
    """The standalone print page (templates/briefs/print.html); `context` gives the
    toolbar's links."""
    with translation.override(language):
        return _document(_sheet_context(account, language, today), **context)


def _document(sheet_context: dict, *, for_pdf: bool = False, compact: bool = False, **context):
    sheet = render_to_string("briefs/_sheet.html", {**sheet_context, "compact": compact})
    account, language = sheet_context["brief"].account, sheet_context["language"]
    return render_to_string(
        "briefs/print.html",
        {"sheet": sheet, "account": account, "language": language, "for_pdf": for_pdf, **context},
    )


def brief_pdf(account: Account, *, language: str, today: date) -> bytes:
    """The brief as a PDF of exactly one A4 page.

    The sheet's limits and truncations keep a rich account on one page. Should an
    account's texts be long beyond them, the sheet is set again in smaller type and, as
    a last resort, only its first page is kept: a brief is one page or it is no brief.
    """
    with translation.override(language):
        sheet_context = _sheet_context(account, language, today)
        rendered = _render(sheet_context, compact=False)
        if len(rendered.pages) > 1:
            rendered = _render(sheet_context, compact=True)
    return rendered.copy(rendered.pages[:1]).write_pdf()


def _render(sheet_context: dict, *, compact: bool):
    """Lay the print page out with WeasyPrint (a weasyprint.Document of pages)."""
    # Imported here: WeasyPrint takes a moment to load, and only PDFs need it.
    from weasyprint import CSS, HTML

    stylesheets = [CSS(filename=finders.find(path)) for path in STYLESHEETS]
    html = _document(sheet_context, for_pdf=True, compact=compact)
    return HTML(string=html).render(stylesheets=stylesheets)


def brief_filename(account: Account, today: date) -> str:
    """ "northwind-2026-05-04.pdf": the account's name as a slug (Cyrillic kept) and the day."""
    return f"{account.file_stem}-{today.isoformat()}.pdf"
