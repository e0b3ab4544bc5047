"""The brief as a document: its HTML in a chosen language, and that HTML as an A4 PDF.

The brief tab, the print view, the PDF download and `keyfolio brief` all render here,
so that what is printed is what was seen. WeasyPrint renders the print view's template.
The brief is one page, with the plan's answers shortened; the full brief shows them
whole, on up to two pages.
"""

from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils import translation

from keyfolio.accounts.models import Account
from keyfolio.briefs import charts
from keyfolio.briefs.selectors import answer_columns, brief_for, shortened_answers
from keyfolio.core.pdf import pdf_layout

# The print view links the same two. The zone and axis colours come in the page itself
# ({% palette_style %}, from keyfolio.core.palette); the attitude colours are keyfolio.css's.
STYLESHEETS = ("keyfolio/css/keyfolio.css", "keyfolio/css/brief.css")


@dataclass(frozen=True)
class Layout:
    """How the sheet is set: the characters the plan's answers share (None: whole) and
    whether in compact (smaller) type."""

    answer_chars: int | None
    compact: bool = False
    # The top open opportunities take two lines; a sheet whose answers are already as
    # short as they go gives them up before it takes the compact type.
    opportunities: bool = True


# The characters the one-page brief's answers may share, the most first. The PDF takes
# the most that fits on its page (found by halving the list); if not even the least fits,
# it is set again in compact type. The pages show the sheet with SHOWN_ANSWER_CHARS. The
# full brief's answers are whole.
ANSWER_CHARS = (2000, 1500, 1100, 700)
SHOWN_ANSWER_CHARS = 1500
PAGES, FULL_PAGES = 1, 2


def _sheet_context(account: Account, language: str, today: date, full: bool) -> dict:
    """The brief and its charts; call within the brief's language, which labels the charts."""
    brief = brief_for(account, today=today)
    images = {
        "radar": charts.radar_svg(brief.radar) if brief.radar else None,
        "trend": charts.trend_svg(brief.index_history) if brief.index_history else None,
    }
    return {"brief": brief, "charts": images, "language": language, "full": full}


def _sheet(sheet_context: dict, layout: Layout) -> str:
    """The sheet (templates/briefs/_sheet.html) set in `layout`."""
    answers = sheet_context["brief"].answers
    if layout.answer_chars is None:  # whole, flowing in CSS columns from page to page
        columns = [answers] if answers else []
    else:
        columns = answer_columns(shortened_answers(answers, layout.answer_chars))
    context = {
        **sheet_context,
        "answer_columns": columns,
        "compact": layout.compact,
        "show_opportunities": layout.opportunities,
    }
    return render_to_string("briefs/_sheet.html", context)


def _shown(full: bool) -> Layout:
    return Layout(None if full else SHOWN_ANSWER_CHARS)


def brief_sheet(account: Account, *, language: str, today: date, full: bool = False) -> str:
    """The brief's sheet in `language`, to embed in a page."""
    with translation.override(language):
        return _sheet(_sheet_context(account, language, today, full), _shown(full))


def brief_document(
    account: Account, *, language: str, today: date, full: bool = False, **context
) -> str:
    """The standalone print page (templates/briefs/print.html); `context` gives the
    toolbar's links."""
    with translation.override(language):
        sheet_context = _sheet_context(account, language, today, full)
        return _document(sheet_context, _shown(full), **context)


def _document(sheet_context: dict, layout: Layout, *, for_pdf: bool = False, **context) -> str:
    account, language = sheet_context["brief"].account, sheet_context["language"]
    return render_to_string(
        "briefs/print.html",
        {
            "sheet": _sheet(sheet_context, layout),
            "account": account,
            "language": language,
            "for_pdf": for_pdf,
            **context,
        },
    )


def brief_pdf(account: Account, *, language: str, today: date, full: bool = False) -> bytes:
    """The brief as a PDF of exactly one A4 page, or at most two for the `full` brief.

    The one-page brief shortens the plan's answers as little as its page allows (see
    ANSWER_CHARS); the full brief shows them whole. Should an account's texts be long
    beyond that, the sheet is set in compact type and, as a last resort, only the pages
    allowed are kept: a brief is one page (or two) or it is no brief.
    """
    pages = FULL_PAGES if full else PAGES
    with translation.override(language):
        sheet_context = _sheet_context(account, language, today, full)
        if full:
            rendered = _render(sheet_context, Layout(None))
            if len(rendered.pages) > pages:
                rendered = _render(sheet_context, Layout(None, compact=True))
        else:
            rendered = _one_page(sheet_context)
    return rendered.copy(rendered.pages[:pages]).write_pdf()


def _one_page(sheet_context: dict):
    """The sheet laid out with the longest answers that keep it to one page: the first of
    ANSWER_CHARS if it fits, else the longest that fits, found by halving the rest (the
    sheet grows with its answers), else the last without the top open opportunities,
    else the last in compact type (with them)."""
    rendered = _render(sheet_context, Layout(ANSWER_CHARS[0]))
    if len(rendered.pages) <= PAGES:
        return rendered
    fitting, low, high = None, 1, len(ANSWER_CHARS)  # the candidates: low .. high - 1
    while low < high:
        middle = (low + high) // 2
        tried = _render(sheet_context, Layout(ANSWER_CHARS[middle]))
        if len(tried.pages) <= PAGES:
            fitting, high = tried, middle
        else:
            low = middle + 1
    if fitting is None and sheet_context["brief"].top_opportunities:
        tried = _render(sheet_context, Layout(ANSWER_CHARS[-1], opportunities=False))
        fitting = tried if len(tried.pages) <= PAGES else None
    return fitting or _render(sheet_context, Layout(ANSWER_CHARS[-1], compact=True))


def _render(sheet_context: dict, layout: Layout):
    """Lay the print page out with WeasyPrint (a weasyprint.Document of pages)."""
    return pdf_layout(_document(sheet_context, layout, for_pdf=True), STYLESHEETS)


def brief_filename(account: Account, today: date) -> str:
    """ "northwind-2026-05-04.pdf": the account's name as a slug (Cyrillic kept) and the day."""
    return f"{account.file_stem}-{today.isoformat()}.pdf"
