"""The meeting brief: the account's brief in short and the call plan, on one A4 page.

The account part is the brief's header and key figures (keyfolio.briefs); the call plan
takes the rest of the page. Long lists are cut down until the page holds them, as the
account brief does with its answers; a brief is one page or it is no brief.
"""

from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils import translation

from keyfolio.briefs.pdf import STYLESHEETS
from keyfolio.briefs.selectors import brief_for
from keyfolio.core.pdf import document_language, pdf_layout
from keyfolio.meetings.models import CallPlan
from keyfolio.meetings.prefill import attendees_of, open_actions, with_people

PAGES = 1
# How many lines each list (questions, objections, actions, attendees) keeps, the most
# first; the last is tried in compact type too.
LIST_LINES = (12, 8, 5, 3)


@dataclass(frozen=True)
class Fit:
    lines: int
    compact: bool = False


def _context(plan: CallPlan, language: str, today: date) -> dict:
    account = plan.account
    return {
        "brief": brief_for(account, today=today),
        "plan": plan,
        "attendees": attendees_of(with_people(plan.activity.their_people.all())),
        "ours": list(plan.activity.our_people.all()),
        "open_actions": open_actions(account, today=today),
        "language": language,
    }


def meeting_sheet(context: dict, fit: Fit) -> str:
    return render_to_string(
        "meetings/_brief_sheet.html", {**context, "lines": fit.lines, "compact": fit.compact}
    )


def meeting_document(context: dict, fit: Fit, *, for_pdf: bool) -> str:
    return render_to_string(
        "briefs/print.html",
        {
            "sheet": meeting_sheet(context, fit),
            "account": context["plan"].account,
            "language": context["language"],
            "for_pdf": for_pdf,
        },
    )


def meeting_brief_layout(plan: CallPlan, *, language: str, today: date):
    """The brief laid out with the longest lists that fit one page, and the fit chosen
    (the last, compact, fit is taken even should it not fit)."""
    language = document_language(language, default="en")
    with translation.override(language):
        context = _context(plan, language, today)
        fits = [Fit(lines) for lines in LIST_LINES] + [Fit(LIST_LINES[-1], compact=True)]
        for fit in fits:
            rendered = pdf_layout(meeting_document(context, fit, for_pdf=True), STYLESHEETS)
            if len(rendered.pages) <= PAGES:
                break
    return rendered, fit


def meeting_brief_pdf(plan: CallPlan, *, language: str, today: date) -> bytes:
    """The meeting brief as a PDF of exactly one A4 page in `language` (en or ru)."""
    rendered, _fit = meeting_brief_layout(plan, language=language, today=today)
    return rendered.copy(rendered.pages[:PAGES]).write_pdf()


def meeting_filename(plan: CallPlan, extension: str = "pdf") -> str:
    """ "northwind-meeting-2026-05-04.pdf" """
    return f"{plan.account.file_stem}-meeting-{plan.activity.occurred_on.isoformat()}.{extension}"
