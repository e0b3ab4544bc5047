from django.shortcuts import render

from keyfolio.accounts.dossier import dossier_context
from keyfolio.accounts.models import get_account_for
from keyfolio.workspaces.access import workspace_view


@workspace_view()
def timeline(request, pk: int):
    account = get_account_for(request.membership, pk)
    context = dossier_context(request.membership, account, tab="activities")
    return render(request, "accounts/dossier_base.html", context)
