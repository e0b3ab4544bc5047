"""Changing an account's relationship stage, from the card on its overview.

The card's "Change" opens this form inline with htmx; without JavaScript it is a page
of the dossier. A saved change answers htmx with the card redrawn, anyone else with
the overview.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from keyfolio.accounts.dossier import dossier_context
from keyfolio.accounts.forms import StageChangeForm
from keyfolio.accounts.models import Account, get_account_for
from keyfolio.accounts.stages import stage_change, stage_context
from keyfolio.core.htmx import wants_fragment
from keyfolio.method.stages import Stage
from keyfolio.workspaces.access import workspace_view


def _form_response(request, account: Account, form: StageChangeForm):
    context = {"form": form, "account": account, "inline": wants_fragment(request)}
    if not context["inline"]:
        context.update(dossier_context(request.membership, account, tab="overview"))
        return render(request, "accounts/stage_form.html", context)
    response = render(request, "accounts/_stage_form.html", context)
    if request.method == "POST":
        # Refused: show the errors where the form is, not in place of the card.
        response["HX-Retarget"] = "#stage-form-slot"
        response["HX-Reswap"] = "innerHTML"
    return response


@workspace_view()
def change(request, pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    initial = {"stage": account.stage or Stage.EXPLORATORY, "changed_on": timezone.localdate()}
    form = StageChangeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            stage_change(account=account, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if wants_fragment(request):
                context = {
                    "account": account,
                    "can_edit": account.is_editable_by(request.membership),
                    **stage_context(account),
                }
                return render(request, "accounts/_stage_card.html", context)
            messages.success(request, _("Relationship stage recorded."))
            return redirect("dossier:overview", request.workspace.slug, account.pk)
    return _form_response(request, account, form)
