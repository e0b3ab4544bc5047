"""What every plan view does the same way: tell htmx from a plain browser, answer a
fragment or a whole page, and go back to the plan after a write."""

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from keyfolio.accounts.dossier import dossier_context
from keyfolio.accounts.models import Account
from keyfolio.core.htmx import wants_fragment as is_htmx
from keyfolio.plans.models import AccountPlan


def plan_url(request, account: Account, plan: AccountPlan | None = None, anchor: str = "") -> str:
    """The plan tab showing `plan` (the current plan when None), scrolled to `anchor`."""
    url = reverse("plans:plan", args=[request.workspace.slug, account.pk]) + plan_query(plan)
    return url + (f"#{anchor}" if anchor else "")


def plan_query(plan: AccountPlan | None) -> str:
    """ "?plan=<id>" for links from an action row: a new action joins that plan, and a
    page without JavaScript returns to it."""
    return f"?plan={plan.pk}" if plan is not None else ""


def fragment_or_page(
    request, account: Account, template: str, context: dict, *, title: str, table: bool = False
) -> HttpResponse:
    """htmx gets the fragment alone; a browser without JavaScript gets it on a dossier
    page of its own (`table` when the fragment is a table row)."""
    if is_htmx(request):
        return render(request, template, context)
    page = {
        **dossier_context(request.membership, account, tab="plan"),
        **context,
        "fragment": template,
        "page_title": title,
        "table": table,
    }
    return render(request, "plans/edit_page.html", page)


def after_write(request, template: str, context: dict, *, back_to: str) -> HttpResponse:
    """htmx gets the updated fragment to swap in; a plain form post goes back to the plan."""
    if is_htmx(request):
        return render(request, template, context)
    return redirect(back_to)


def save_form(form: BaseForm, save):
    """Call `save(cleaned_data)` if the form is valid; the service's refusal goes on the
    form as field errors. Returns what `save` returned, or None."""
    if not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return None
