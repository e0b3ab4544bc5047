"""The meeting brief: on its tab, alone for printing, and as a PDF, in English or Russian
(`?lang=`, by default the reader's own language)."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header

from keyfolio.accounts.dossier import dossier_context
from keyfolio.accounts.models import get_account_for
from keyfolio.briefs.pdf import (
    brief_document,
    brief_filename,
    brief_language,
    brief_pdf,
    brief_sheet,
)
from keyfolio.workspaces.access import workspace_view


def _language(request) -> str:
    return brief_language(request.GET.get("lang"), default=translation.get_language())


@workspace_view()
def brief(request, pk: int):
    account = get_account_for(request.membership, pk)
    language = _language(request)
    context = {
        **dossier_context(request.membership, account, tab="brief"),
        "sheet": brief_sheet(account, language=language, today=timezone.localdate()),
        "language": language,
        "languages": settings.LANGUAGES,
    }
    return render(request, "briefs/brief.html", context)


@workspace_view()
def print_view(request, pk: int):
    account = get_account_for(request.membership, pk)
    language = _language(request)
    slug = request.workspace.slug
    document = brief_document(
        account,
        language=language,
        today=timezone.localdate(),
        back_url=reverse("briefs:brief", args=[slug, pk]) + f"?lang={language}",
        pdf_url=reverse("briefs:pdf", args=[slug, pk]) + f"?lang={language}",
    )
    return HttpResponse(document)


@workspace_view()
def pdf(request, pk: int):
    account = get_account_for(request.membership, pk)
    today = timezone.localdate()
    disposition = content_disposition_header(True, brief_filename(account, today))
    assert disposition is not None  # an attachment always has one
    return HttpResponse(
        brief_pdf(account, language=_language(request), today=today),
        content_type="application/pdf",
        headers={"Content-Disposition": disposition},
    )
