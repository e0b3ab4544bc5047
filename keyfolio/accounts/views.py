from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from keyfolio.accounts import listing
from keyfolio.accounts.forms import AccountFilterForm, AccountForm
from keyfolio.accounts.models import Account, get_account_for
from keyfolio.accounts.services import EDITABLE_FIELDS, account_create, account_update
from keyfolio.core.htmx import wants_fragment
from keyfolio.core.versions import atomic_post, lock
from keyfolio.workspaces.access import workspace_view
from keyfolio.workspaces.models import Role

PAGE_SIZE = 50

# The headings of the columns one may sort by (SORT_COLUMNS says how each sorts).
SORTABLE_COLUMNS = {
    "name": gettext_lazy("Account"),
    "owner": gettext_lazy("Manager"),
    "zone": gettext_lazy("Zone"),
    "client": gettext_lazy("Client index"),
    "our": gettext_lazy("Our index"),
    "assessed": gettext_lazy("Last assessed"),
}


# Zones read best first, the latest assessment first: their first click sorts descending.
_DESCENDING_FIRST = {"zone", "assessed"}


def _sort_headers(sort: str) -> dict[str, dict]:
    """Each sortable column's heading, the sort it links to and its current direction."""
    key, descending = sort.removeprefix("-"), sort.startswith("-")
    headers = {}
    for column, label in SORTABLE_COLUMNS.items():
        active = column == key
        if active:
            next_sort = column if descending else f"-{column}"
        else:
            next_sort = f"-{column}" if column in _DESCENDING_FIRST else column
        headers[column] = {
            "label": label,
            "direction": ("desc" if descending else "asc") if active else "",
            "next": next_sort,
        }
    return headers


@workspace_view()
def index(request):
    visible = Account.objects.visible_to(request.membership)
    form = AccountFilterForm(
        request.GET,
        workspace=request.workspace,
        segments=visible.segments(),
        groups=visible.groups(),
    )
    filters = form.filters()
    page = Paginator(listing.account_list(visible, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "headers": _sort_headers(filters.sort),
        "stale_before": listing.stale_before(),
        "stale_days": listing.STALE_AFTER.days,
        "can_create": request.membership.can_edit,
        # Tell "nothing here yet" from "nothing matches" only when the page is empty.
        "has_any": bool(page.object_list) or visible.exists(),
    }
    template = "accounts/list.html"
    if wants_fragment(request):
        template += "#table"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


def _save_account(request, form: AccountForm, account: Account | None):
    """Write the form through the services; None if they refuse (errors go on the form)."""
    data = form.cleaned_data
    fields = {name: data[name] for name in EDITABLE_FIELDS}
    try:
        if account is None:
            return account_create(workspace=request.workspace, team=data["team"], **fields)
        return account_update(account=account, team=data["team"], **fields)
    except ValidationError as error:
        form.add_error(None, error)
        return None


def _redirect_after_save(request, account: Account):
    # A manager may hand an account to a colleague and so no longer see it.
    if Account.objects.visible_to(request.membership).filter(pk=account.pk).exists():
        return redirect("dossier:overview", request.workspace.slug, account.pk)
    return redirect("accounts:list", request.workspace.slug)


@workspace_view(min_role=Role.MANAGER)
def create(request):
    form = AccountForm(
        request.POST or None, membership=request.membership, initial={"owner": request.user}
    )
    if request.method == "POST" and form.is_valid():
        account = _save_account(request, form, None)
        if account is not None:
            messages.success(request, _("Account “%(name)s” created.") % {"name": account.name})
            return _redirect_after_save(request, account)
    return render(request, "accounts/form.html", {"form": form, "account": None})


@workspace_view()
@atomic_post
def edit(request, pk: int):
    account = lock(get_account_for(request.membership, pk, edit=True))
    form = AccountForm(request.POST or None, instance=account, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        saved = _save_account(request, form, account)
        if saved is not None:
            messages.success(request, _("Account “%(name)s” saved.") % {"name": saved.name})
            return _redirect_after_save(request, saved)
    return render(request, "accounts/form.html", {"form": form, "account": account})


@require_POST
@workspace_view()
def archive(request, pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    if not account.is_archived:
        account.archive()
    messages.success(
        request,
        _("“%(name)s” archived. Find it under Archived in the accounts list to restore it.")
        % {"name": account.name},
    )
    return redirect("accounts:list", request.workspace.slug)


@require_POST
@workspace_view()
def restore(request, pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    if account.is_archived:
        account.restore()
    messages.success(request, _("“%(name)s” restored.") % {"name": account.name})
    return redirect("dossier:overview", request.workspace.slug, account.pk)
