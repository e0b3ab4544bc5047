"""The meeting brief: on its tab, alone for printing, and as a PDF, in English or Russian
(`?lang=`, by default the reader's own language), on one page or, with the plan's
answers whole, on two (`?full=1`)."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode

from keyfolio.accounts.dossier import dossier_context
from keyfolio.accounts.models import get_account_for
from keyfolio.briefs.pdf import (
    brief_document,
    brief_filename,
    brief_pdf,
    brief_sheet,
)
from keyfolio.core.pdf import document_language, pdf_response
from keyfolio.workspaces.access import workspace_view


def _language(request) -> str:
    return document_language(request.GET.get("lang"), default=translation.get_language())


def _full(request) -> bool:
    return request.GET.get("full") == "1"


def _query(language: str, full: bool) -> str:
    """The query string that keeps the brief's language and length from link to link."""
    query: dict[str, str] = {"lang": language, "full": "1"} if full else {"lang": language}
    return "?" + urlencode(query)


@workspace_view()
def brief(request, pk: int):
    account = get_account_for(request.membership, pk)
    language, full = _language(request), _full(request)
    context = {
        **dossier_context(request.membership, account, tab="brief"),
        "sheet": brief_sheet(account, language=language, today=timezone.localdate(), full=full),
        "language": language,
        "languages": settings.LANGUAGES,
        "full": full,
        "query": _query(language, full),
        "one_page_query": _query(language, False),
        "full_query": _query(language, True),
    }
    return render(request, "briefs/brief.html", context)


@workspace_view()
def print_view(request, pk: int):
    account = get_account_for(request.membership, pk)
    language, full = _language(request), _full(request)
    slug, query = request.workspace.slug, _query(language, full)
    document = brief_document(
        account,
        language=language,
        today=timezone.localdate(),
        full=full,
        back_url=reverse("briefs:brief", args=[slug, pk]) + query,
        pdf_url=reverse("briefs:pdf", args=[slug, pk]) + query,
    )
    return HttpResponse(document)


@workspace_view()
def pdf(request, pk: int):
    account = get_account_for(request.membership, pk)
    today = timezone.localdate()
    data = brief_pdf(account, language=_language(request), today=today, full=_full(request))
    return pdf_response(data, brief_filename(account, today))
