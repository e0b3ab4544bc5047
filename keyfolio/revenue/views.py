"""The revenue tab of the dossier (figures, chart, monthly entries, targets, import,
whitespace grid) and the workspace's offerings settings page.

The tab edits in place with htmx: a month's amount is posted as soon as it changes
and the answer swaps that cell and, out of band, the figures it moves (the year's
totals, the KPIs, the chart's data). Every form also works without JavaScript as a
plain POST that redirects back to the tab.
"""

from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyfolio.accounts.dossier import dossier_context
from keyfolio.accounts.models import Account, get_account_for
from keyfolio.accounts.services import workspace_members
from keyfolio.core.downloads import download_response
from keyfolio.core.htmx import (
    fragment_or_page,
    fragment_or_redirect,
    retarget,
    trigger,
    wants_fragment,
)
from keyfolio.core.tables import Table, TableError, table_read
from keyfolio.core.versions import atomic_post, lock
from keyfolio.plans.selectors import current_plan
from keyfolio.revenue import selectors
from keyfolio.revenue.exports import (
    REVENUE_FIELDS,
    REVENUE_SHEET,
    REVENUE_WIDTHS,
    revenue_records,
)
from keyfolio.revenue.forms import (
    CellForm,
    ImportForm,
    MonthAmountForm,
    NameForm,
    OfferingForm,
    OpportunityForm,
    TargetForm,
)
from keyfolio.revenue.imports import (
    ImportStopped,
    RevenueImportResult,
    revenue_import_parse,
    revenue_import_save,
)
from keyfolio.revenue.models import (
    BuyingCentre,
    Offering,
    Opportunity,
    RevenueEntry,
    RevenueTarget,
    WhitespaceCell,
    WhitespaceStatus,
)
from keyfolio.revenue.services import (
    buying_centre_create,
    buying_centre_delete,
    buying_centre_rename,
    offering_create,
    offering_move,
    offering_update,
    opportunity_book,
    opportunity_create,
    opportunity_delete,
    opportunity_update,
    revenue_entry_set,
    revenue_target_set,
    whitespace_cell_set,
)
from keyfolio.revenue.templatetags.revenue_tags import SYMBOLS, amount_input
from keyfolio.workspaces.access import workspace_view
from keyfolio.workspaces.models import Membership, Role


def _currency(account: Account, membership: Membership) -> str:
    # The membership's workspace, already read, rather than account_currency's query.
    return (account.currency or membership.workspace.default_currency).upper()


def _index_url(request, account: Account, anchor: str = "") -> str:
    url = reverse("revenue:index", args=[request.workspace.slug, account.pk])
    return f"{url}#{anchor}" if anchor else url


def _figures(account: Account, currency: str, *, today: date, all_years: bool = False) -> dict:
    """The KPIs, the chart and the entries table, from one read of the account's book."""
    book = selectors.revenue_book(account)
    plan = current_plan(account)
    overview = selectors.revenue_overview(
        book,
        today=today,
        months_with_revenue=selectors.months_with_revenue(account, today=today),
        client_spend=plan.client_total_spend if plan else None,
    )
    years = selectors.revenue_years(
        book, today=today, years=selectors.table_years(book, today=today, all_years=all_years)
    )
    return {
        "currency": currency,
        "pipeline": selectors.account_pipeline(account, currency=currency, book=book, today=today),
        "overview": overview,
        "years": years,
        "month_rows": selectors.month_rows(years),
        "has_earlier_years": any(year < years[0].year for year in book.years()),
        "all_years": all_years,
        "chart": _chart_data(overview, currency),
    }


def _chart_data(overview: selectors.RevenueOverview, currency: str) -> dict:
    """What revenue.js draws; labels are translated here (the script has none)."""
    months = overview.chart
    return {
        "currency": currency,
        # The sign where the page writes one (see revenue_tags.SYMBOLS), else the code,
        # so that the chart writes money as the figures around it do.
        "currency_display": "narrowSymbol" if currency.upper() in SYMBOLS else "code",
        "months": [date_format(m.month, "M") for m in months],
        "years": [m.month.year for m in months],
        "amounts": [None if m.amount is None else float(m.amount) for m in months],
        "ytd": [float(m.year_to_date) for m in months],
        "targets": [None if m.target is None else float(m.target) for m in months],
        "labels": {
            "monthly": _("Monthly revenue"),
            "ytd": _("Year to date"),
            "target": _("Annual target"),
            "empty": _("No revenue recorded in the last 24 months"),
        },
    }


def _page_context(request, account: Account, **extra) -> dict:
    today = timezone.localdate()
    currency = _currency(account, request.membership)
    all_years = request.GET.get("years") == "all"
    return {
        **dossier_context(request.membership, account, tab="revenue"),
        **_figures(account, currency, today=today, all_years=all_years),
        "grid": selectors.whitespace_grid(account),
        "statuses": WhitespaceStatus,
        "target_form": TargetForm(initial={"year": today.year}),
        "import_form": ImportForm(),
        **extra,
    }


@workspace_view()
def index(request, pk: int):
    account = get_account_for(request.membership, pk)
    return render(request, "revenue/index.html", _page_context(request, account))


@workspace_view()
def export(request, pk: int, file_format: str):
    """The account's monthly revenue as a CSV or XLSX download in the columns the
    revenue import reads, so it can be edited and imported again."""
    account = get_account_for(request.membership, pk)
    return download_response(
        revenue_records([account]),
        fields=REVENUE_FIELDS,
        file_format=file_format,
        filename=f"{account.file_stem}-revenue-{timezone.localdate().isoformat()}",
        title=REVENUE_SHEET,
        widths=REVENUE_WIDTHS,
    )


# Monthly entries and targets -------------------------------------------------------


def _first_error(form) -> str:
    return str(next(iter(form.errors.values()))[0])


def _changed(request, account: Account, template: str, *, year: int, **extra) -> HttpResponse:
    """After a month or a target was posted with htmx: the edited cell and, when it was
    saved (no `error` in `extra`), every figure that may have moved with it, out of band:
    the year's totals and the next year's growth, the KPIs and the chart's data."""
    # Every year: the edited one may be an early one, shown with "all years".
    currency = _currency(account, request.membership)
    figures = _figures(account, currency, today=timezone.localdate(), all_years=True)
    context = {
        **figures,
        **extra,
        "account": account,
        "can_edit": True,
        "year": next((y for y in figures["years"] if y.year == year), None),
        "changed_years": [y for y in figures["years"] if y.year in (year, year + 1)],
    }
    return render(request, template, context)


def _cell_refused(form, theirs: Decimal | None) -> tuple[str, str]:
    """The error a grid cell shows after a refused amount, and what its box then holds:
    what was typed; or, when someone else saved the cell since, their amount (as in a
    spreadsheet, so that leaving the box keeps it), with yours in the message, to type
    again over theirs."""
    typed = form["amount"].value()
    if not form.conflict:
        return _first_error(form), typed
    amounts = {
        "theirs": amount_input(theirs) if theirs is not None else _("(empty)"),
        "yours": typed or _("(empty)"),
    }
    both = _(
        "The cell shows their amount, %(theirs)s; yours was %(yours)s: type it again to save it."
    )
    return f"{form.non_field_errors()[0]} {both % amounts}", amount_input(theirs)


@require_POST
@workspace_view(min_role=Role.MANAGER)
@atomic_post
def month(request, pk: int, year: int, month: int):
    """Save one month's amount; blank deletes the month's entry."""
    # The account's lock guards its months, the ones without an entry yet included.
    account = lock(get_account_for(request.membership, pk, edit=True))
    try:
        day = date(year, month, 1)
    except ValueError:
        raise Http404("No such month.") from None
    saved = RevenueEntry.objects.filter(account=account, month=day).first()
    theirs = saved.amount if saved else None
    form = MonthAmountForm.for_amount(request.POST, theirs)
    error: str | None = None
    typed = form["amount"].value()
    if form.is_valid():
        try:
            revenue_entry_set(
                account=account, month=day, amount=form.cleaned_data["amount"], user=request.user
            )
        except ValidationError as invalid:
            error = invalid.messages[0]
    else:
        error, typed = _cell_refused(form, theirs)
    if not wants_fragment(request):
        label = date_format(day, "YEAR_MONTH_FORMAT")
        if error:
            messages.error(request, f"{label}: {error}")
        else:
            messages.success(request, _("%(month)s saved.") % {"month": label})
        return redirect(_index_url(request, account, "entries"))
    cell = selectors.month_cell(account, month=day, today=timezone.localdate())
    extra = {"error": error, "typed": typed} if error else {}
    return _changed(request, account, "revenue/_month_saved.html", year=year, cell=cell, **extra)


@require_POST
@workspace_view(min_role=Role.MANAGER)
@atomic_post
def target(request, pk: int):
    """Set or remove one year's target: from the table's target row (htmx) or from the
    "set a target" form of any year (a plain POST)."""
    account = lock(get_account_for(request.membership, pk, edit=True))
    posted_year = request.POST.get("year", "")
    targets = RevenueTarget.objects.filter(account=account)
    saved = targets.filter(year=int(posted_year)).first() if posted_year.isdigit() else None
    theirs = saved.amount if saved else None
    form = TargetForm.for_amount(request.POST, theirs, year=posted_year)
    error: str | None = None
    typed = form["amount"].value()
    if form.is_valid():
        try:
            revenue_target_set(
                account=account, year=form.cleaned_data["year"], amount=form.cleaned_data["amount"]
            )
        except ValidationError as invalid:
            error = invalid.messages[0]
    else:
        error, typed = _cell_refused(form, theirs)
    year = form.cleaned_data.get("year")
    if not wants_fragment(request):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Target for %(year)s saved.") % {"year": year})
        return redirect(_index_url(request, account, "entries"))
    if year is None:  # Only a hand-made request lacks the table's hidden year.
        return HttpResponse(error, status=400)
    extra = {"error": error, "typed": typed} if error else {}
    return _changed(request, account, "revenue/_target_saved.html", year=year, **extra)


def _import_message(result: RevenueImportResult, table: Table) -> str:
    message = _(
        "Imported %(months)d months of revenue for %(accounts)d accounts: %(created)d new, "
        "%(overwritten)d overwritten, %(unchanged)d unchanged."
    ) % {
        "months": result.months,
        "accounts": result.accounts,
        "created": result.created,
        "overwritten": result.overwritten,
        "unchanged": result.unchanged,
    }
    return " ".join(filter(None, [message, table.read_as()]))


@workspace_view(min_role=Role.MANAGER)
def import_file(request, pk: int):
    """Import a CSV or XLSX of monthly revenue for the accounts this member may edit:
    all or nothing, the bad rows listed with their line numbers."""
    account = get_account_for(request.membership, pk, edit=True)
    if request.method != "POST":
        return redirect(_index_url(request, account, "entries"))
    form = ImportForm(request.POST, request.FILES)
    errors = [str(error) for error in form.errors.get("file", [])]
    error_count, read_as = len(errors), ""
    if form.is_valid():
        accounts = list(Account.objects.visible_to(request.membership))
        try:
            with table_read(form.cleaned_data["file"]) as table:
                parsed = revenue_import_parse(accounts=accounts, table=table)
        except TableError as error:
            errors, error_count = [str(error)], 1
        else:
            if not parsed.errors:
                try:
                    result = revenue_import_save(rows=parsed.rows, user=request.user)
                except ImportStopped as stopped:
                    messages.warning(request, _import_message(stopped.saved, table))
                    messages.error(request, str(stopped))
                else:
                    messages.success(request, _import_message(result, table))
                return redirect(_index_url(request, account, "entries"))
            errors, error_count = parsed.errors.messages(), len(parsed.errors)
            read_as = table.read_as()
    context = _page_context(
        request,
        account,
        import_form=form,
        import_errors=errors,
        import_error_count=error_count,
        import_read_as=read_as,
    )
    return render(request, "revenue/index.html", context, status=400)


# The whitespace grid --------------------------------------------------------------


def _dialog(request, account: Account, template: str, context: dict) -> HttpResponse:
    """A small form: a modal's content for htmx, else a page of the dossier."""
    context = {**context, "account": account, "currency": _currency(account, request.membership)}
    return fragment_or_page(
        request,
        template,
        context,
        page="revenue/dialog_page.html",
        page_context=lambda: {
            **dossier_context(request.membership, account, tab="revenue"),
            "dialog": template,
        },
    )


def _whitespace_changed(request, account: Account, message: str = "") -> HttpResponse:
    """After a change to the grid: the fresh grid (htmx swaps it for the old one and
    closes the dialog), or back to the tab."""
    response = fragment_or_redirect(
        request,
        "revenue/_whitespace.html",
        lambda: {
            "account": account,
            "can_edit": True,
            "grid": selectors.whitespace_grid(account),
            "statuses": WhitespaceStatus,
            "currency": _currency(account, request.membership),
        },
        to=_index_url(request, account, "whitespace"),
        message=message,
    )
    if wants_fragment(request):
        trigger(retarget(response, "#whitespace"), "kf-dialog-close")
    return response


def _centre_for(account: Account, centre_pk: int) -> BuyingCentre:
    centres = BuyingCentre.objects.select_related("account")
    return get_object_or_404(centres, pk=centre_pk, account=account)


@workspace_view(min_role=Role.MANAGER)
@atomic_post
def cell(request, pk: int, centre_pk: int, offering_pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    # The centre's lock guards its cells, the one not filled in yet included.
    centre = lock(_centre_for(account, centre_pk))
    offering = get_object_or_404(Offering, pk=offering_pk, workspace=request.workspace, active=True)
    existing = WhitespaceCell.objects.filter(buying_centre=centre, offering=offering).first()
    initial = {}
    if existing:
        initial = {"status": existing.status, "value": amount_input(existing.value)}
        initial["note"] = existing.note
    form = CellForm(request.POST or None, initial=initial, version_of=existing)
    form.checks_version = True  # Two people may fill in an empty cell at once.
    if request.method == "POST" and form.is_valid():
        try:
            whitespace_cell_set(centre=centre, offering=offering, **form.cleaned_data)
        except ValidationError as invalid:
            form.add_error(None, invalid)
        else:
            return _whitespace_changed(request, account)
    context = {"form": form, "centre": centre, "offering": offering}
    return _dialog(request, account, "revenue/_cell_form.html", context)


@workspace_view(min_role=Role.MANAGER)
def centre_add(request, pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    form = NameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            buying_centre_create(account=account, name=form.cleaned_data["name"])
        except ValidationError as invalid:
            form.add_error("name", invalid)
        else:
            return _whitespace_changed(request, account)
    return _dialog(request, account, "revenue/_centre_form.html", {"form": form, "centre": None})


@workspace_view(min_role=Role.MANAGER)
@atomic_post
def centre_edit(request, pk: int, centre_pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    centre = lock(_centre_for(account, centre_pk))
    form = NameForm(request.POST or None, initial={"name": centre.name}, version_of=centre)
    if request.method == "POST" and form.is_valid():
        try:
            buying_centre_rename(centre=centre, name=form.cleaned_data["name"])
        except ValidationError as invalid:
            form.add_error("name", invalid)
        else:
            return _whitespace_changed(request, account)
    context = {"form": form, "centre": centre, "cells": centre.cells.count()}
    return _dialog(request, account, "revenue/_centre_form.html", context)


@require_POST
@workspace_view(min_role=Role.MANAGER)
def centre_delete(request, pk: int, centre_pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    centre = _centre_for(account, centre_pk)
    buying_centre_delete(centre=centre)
    return _whitespace_changed(request, account, _("%(name)s removed.") % {"name": centre.name})


# The pipeline ---------------------------------------------------------------------


def _opportunity_for(account: Account, opportunity_pk: int) -> Opportunity:
    return get_object_or_404(Opportunity, pk=opportunity_pk, account=account)


def _pipeline_changed(request, account: Account, message: str = "") -> HttpResponse:
    """After a change to an opportunity: the fresh pipeline section (htmx swaps it in
    and closes the dialog), or back to the tab."""
    response = fragment_or_redirect(
        request,
        "revenue/_pipeline.html",
        lambda: {
            "account": account,
            "can_edit": True,
            **_figures(account, _currency(account, request.membership), today=timezone.localdate()),
        },
        to=_index_url(request, account, "pipeline"),
        message=message,
    )
    if wants_fragment(request):
        trigger(retarget(response, "#pipeline"), "kf-dialog-close")
    return response


def _opportunity_form(
    request, initial: dict, opportunity: Opportunity | None = None
) -> OpportunityForm:
    owners = workspace_members(request.workspace, min_role=Role.MANAGER)
    return OpportunityForm(
        request.POST or None, initial=initial, owners=owners, version_of=opportunity
    )


@workspace_view(min_role=Role.MANAGER)
def opportunity_add(request, pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    form = _opportunity_form(request, {})
    if request.method != "POST":
        form.initial = {"currency": _currency(account, request.membership), "owner": request.user}
    elif form.is_valid():
        try:
            opportunity = opportunity_create(account=account, **form.changes())
        except ValidationError as invalid:
            form.add_error(None, invalid)
        else:
            message = _("%(name)s added.") % {"name": opportunity.name}
            return _pipeline_changed(request, account, message)
    context = {"form": form, "opportunity": None}
    return _dialog(request, account, "revenue/_opportunity_form.html", context)


@workspace_view(min_role=Role.MANAGER)
@atomic_post
def opportunity_edit(request, pk: int, opportunity_pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    opportunity = lock(_opportunity_for(account, opportunity_pk))
    initial = {
        "name": opportunity.name,
        "amount": amount_input(opportunity.amount),
        "currency": opportunity.currency,
        "stage": opportunity.stage,
        "status": opportunity.status,
        "probability": opportunity.probability,
        "expected_close": opportunity.expected_close,
        "owner": opportunity.owner_id,
    }
    form = _opportunity_form(request, initial, opportunity)
    if request.method == "POST" and form.is_valid():
        try:
            opportunity_update(opportunity=opportunity, **form.changes())
        except ValidationError as invalid:
            form.add_error(None, invalid)
        else:
            message = _("%(name)s saved.") % {"name": opportunity.name}
            return _pipeline_changed(request, account, message)
    context = {"form": form, "opportunity": opportunity}
    return _dialog(request, account, "revenue/_opportunity_form.html", context)


@require_POST
@workspace_view(min_role=Role.MANAGER)
def opportunity_remove(request, pk: int, opportunity_pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    opportunity = _opportunity_for(account, opportunity_pk)
    opportunity_delete(opportunity=opportunity)
    return _pipeline_changed(request, account, _("%(name)s removed.") % {"name": opportunity.name})


@require_POST
@workspace_view(min_role=Role.MANAGER)
def opportunity_won(request, pk: int, opportunity_pk: int):
    """Mark the opportunity won and add it to the revenue of its close month, once. The
    whole tab is reloaded: the month's entry, the KPIs and the chart all move."""
    account = get_account_for(request.membership, pk, edit=True)
    opportunity = _opportunity_for(account, opportunity_pk)
    try:
        entry, added = opportunity_book(opportunity=opportunity, user=request.user)
    except ValidationError as invalid:
        messages.error(request, f"{opportunity.name}: {invalid.messages[0]}")
    else:
        values = {
            "name": opportunity.name,
            "month": date_format(entry.month, "YEAR_MONTH_FORMAT"),
        }
        if added:
            messages.success(
                request, _("%(name)s won: added to the revenue of %(month)s.") % values
            )
        else:
            messages.info(
                request, _("%(name)s was already added to the revenue of %(month)s.") % values
            )
    return redirect(_index_url(request, account, "pipeline"))


# The workspace's offerings ---------------------------------------------------------


def _offerings_page(request, *, new_form: NameForm, bound: dict[int, OfferingForm] | None = None):
    bound = bound or {}
    rows = [
        (
            offering,
            bound.get(offering.pk)
            or OfferingForm(
                initial={"name": offering.name, "active": offering.active},
                prefix=f"o{offering.pk}",
            ),
        )
        for offering in selectors.offerings_of(request.workspace)
    ]
    status = 400 if new_form.errors or bound else 200
    context = {"rows": rows, "new_form": new_form}
    return render(request, "revenue/offerings.html", context, status=status)


@workspace_view(min_role=Role.ADMIN)
def offerings(request):
    """What the workspace sells: the rows of every account's whitespace grid."""
    form = NameForm(request.POST or None, prefix="new")
    if request.method == "POST" and form.is_valid():
        try:
            offering = offering_create(workspace=request.workspace, name=form.cleaned_data["name"])
        except ValidationError as invalid:
            form.add_error("name", invalid)
        else:
            messages.success(request, _("%(name)s added.") % {"name": offering.name})
            return redirect("revenue:offerings", request.workspace.slug)
    return _offerings_page(request, new_form=form)


@require_POST
@workspace_view(min_role=Role.ADMIN)
def offering_edit(request, offering_pk: int):
    offering = get_object_or_404(Offering, pk=offering_pk, workspace=request.workspace)
    form = OfferingForm(request.POST, prefix=f"o{offering.pk}")
    if form.is_valid():
        try:
            offering_update(offering=offering, **form.cleaned_data)
        except ValidationError as invalid:
            form.add_error("name", invalid)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": offering.name})
            return redirect("revenue:offerings", request.workspace.slug)
    return _offerings_page(request, new_form=NameForm(prefix="new"), bound={offering.pk: form})


@require_POST
@workspace_view(min_role=Role.ADMIN)
def move_offering(request, offering_pk: int):
    offering = get_object_or_404(Offering, pk=offering_pk, workspace=request.workspace)
    step = -1 if request.POST.get("direction") == "up" else 1
    offering_move(offering=offering, step=step)
    return redirect("revenue:offerings", request.workspace.slug)
