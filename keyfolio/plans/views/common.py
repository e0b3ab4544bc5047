"""What every plan view does the same way: link back to the plan, and frame a fragment
in a dossier page for a browser without JavaScript."""

from django.http import HttpResponse
from django.urls import reverse

from keyfolio.accounts.dossier import dossier_context
from keyfolio.accounts.models import Account
from keyfolio.core import htmx
from keyfolio.plans.models import AccountPlan


def plan_url(request, account: Account, plan: AccountPlan | None = None, anchor: str = "") -> str:
    """The plan tab showing `plan` (the current plan when None), scrolled to `anchor`."""
    url = reverse("dossier:plan", args=[request.workspace.slug, account.pk]) + plan_query(plan)
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
    return htmx.fragment_or_page(
        request,
        template,
        context,
        page="plans/edit_page.html",
        page_context=lambda: {
            **dossier_context(request.membership, account, tab="plan"),
            "fragment": template,
            "page_title": title,
            "table": table,
        },
    )
