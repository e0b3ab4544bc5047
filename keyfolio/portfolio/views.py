from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from keyfolio.accounts.models import Account, AccountQuerySet, ZoneChoice
from keyfolio.assessments.calibration import calibration_for
from keyfolio.assessments.consensus import CONSENSUS_WINDOW
from keyfolio.assessments.exports import (
    SCORES_SHEET,
    SCORES_WIDTHS,
    scores_export_fields,
    scores_records,
)
from keyfolio.assessments.models import AxisChoice
from keyfolio.core.downloads import download_response
from keyfolio.core.htmx import render_part, wants_fragment
from keyfolio.core.palette import ZONE_COLOURS
from keyfolio.core.pdf import document_language, pdf_response
from keyfolio.method import Thresholds
from keyfolio.method.consensus import WIDE_SPREAD
from keyfolio.method.zones import zone_boxes
from keyfolio.portfolio.export_kinds import EXPORT_KINDS
from keyfolio.portfolio.exports import (
    PORTFOLIO_FIELDS,
    PORTFOLIO_SHEET,
    PORTFOLIO_WIDTHS,
    portfolio_records,
)
from keyfolio.portfolio.forms import (
    PERIOD_LABELS,
    MovementForm,
    SatisfactionFilterForm,
    SquareFilterForm,
    SquareWindowForm,
)
from keyfolio.portfolio.movement import movement_report
from keyfolio.portfolio.report import portfolio_report
from keyfolio.portfolio.report_pdf import report_filename, report_pdf
from keyfolio.portfolio.satisfaction import portfolio_satisfaction
from keyfolio.portfolio.selectors import (
    WHOLE_SQUARE,
    AccountUrls,
    SquareFilters,
    square_accounts,
    square_found,
    square_members,
    square_segments,
    square_summary,
    square_table,
    square_thresholds,
    square_window,
    square_zone_changes,
)
from keyfolio.workspaces.access import workspace_view
from keyfolio.workspaces.models import Role


def _filter_form(request) -> SquareFilterForm:
    return SquareFilterForm(
        request.GET,
        members=square_members(request.workspace),
        segments=square_segments(request.membership),
    )


@workspace_view()
def square(request):
    """The portfolio square: every account the member sees, placed by its current
    assessment, with filters, a summary and a sortable, paginated table under the chart.
    Sorting and paging swap only the table; a filter swaps the whole page."""
    workspace, membership = request.workspace, request.membership
    form = _filter_form(request)
    accounts = square_accounts(membership, form.filters)
    summary = square_summary(accounts)
    context = {
        "form": form,
        "summary": summary,
        "page": square_table(
            accounts,
            sort=form.sort_key,
            page=request.GET.get("page"),
            count=summary.total,
            slug=workspace.slug,
        ),
        "sort": form.sort_key,
        "filtered": form.filters.any,
    }
    if wants_fragment(request) and request.headers.get("HX-Target") == "square-table":
        return render_part(request, "portfolio/square.html", "square-table", context)
    thresholds = square_thresholds(workspace)
    chart = _chart_data(request, form, accounts, summary, thresholds) if summary.placed else None
    context |= {
        "thresholds": thresholds,
        "averages": summary.shown_averages(thresholds),
        "chart": chart,
        "zone_changes": square_zone_changes(accounts, slug=workspace.slug),
        "movement_url": _with_filters("portfolio:movement", workspace.slug, form.filters),
        "satisfaction_url": _with_filters(
            "portfolio:satisfaction", workspace.slug, form.filters, zone=True
        ),
        "downloads": _downloads(workspace.slug, form.filters),
        "can_calibrate": membership.has_role_at_least(Role.DIRECTOR),
    }
    # The whole page, or only the part that htmx swaps when a filter changes.
    return render_part(request, "portfolio/square.html", "square-page", context)


@workspace_view()
def square_data(request):
    """What the chart draws inside a window of the square (the chart asks for it as one
    zooms in): the points there, or finer density cells while there are still more
    than settings.SQUARE_MAX_POINTS of them. The page's filters apply; a window that
    is not one is refused with a 400 that says why. With `find`, the accounts whose
    name holds it instead (see square_found)."""
    form = _filter_form(request)
    accounts = square_accounts(request.membership, form.filters)
    switches = {
        "arrows": form.show_arrows,
        "forecast": form.show_forecast,
        "thresholds": square_thresholds(request.workspace),
    }
    # The search box over density cells asks here for the accounts a name finds: on a
    # square of points it searches the points it has.
    if find := request.GET.get("find", "").strip():
        return JsonResponse(square_found(accounts, find, **switches))
    window = SquareWindowForm(request.GET)
    if not window.is_valid():
        return JsonResponse({"error": window.error_message}, status=400)
    return JsonResponse(square_window(accounts, bounds=window.bounds, **switches))


def _with_filters(
    name: str, slug: str, filters: SquareFilters, *args: str, zone: bool = False, **extra: str
) -> str:
    """The page `name` narrowed to the same owner and segment (and zone if `zone`), with
    the `extra` parameters that are not empty."""
    query = {
        "owner": filters.owner or "",
        "zone": filters.zone if zone else "",
        "segment": filters.segment,
        **extra,
    }
    query = {key: value for key, value in query.items() if value}
    url = reverse(name, args=(slug, *args))
    return f"{url}?{urlencode(query)}" if query else url


def _downloads(slug: str, filters: SquareFilters) -> dict[str, str]:
    """The square's downloads, of the accounts its filters show."""
    return {
        f"{what}_{file_format}": _with_filters(
            f"portfolio:{what}", slug, filters, file_format, zone=True
        )
        for what in ("export", "export_scores")
        for file_format in ("csv", "xlsx")
    } | {"report_pdf": _with_filters("portfolio:report_pdf", slug, filters, zone=True)}


def _chart_data(request, form, accounts, summary, thresholds: Thresholds) -> dict:
    """What square.js draws, with every label translated here (the script has none):
    the whole square's points or density cells, and where to ask for a zoomed-in window."""
    slug = request.workspace.slug
    switches = {
        "arrows": "1" if form.show_arrows else "",
        "forecast": "1" if form.show_forecast else "",
    }
    return {
        **square_window(
            accounts,
            bounds=WHOLE_SQUARE,
            summary=summary,
            arrows=form.show_arrows,
            forecast=form.show_forecast,
            thresholds=thresholds,
        ),
        # The chart asks here for a window, adding its edges to these filters.
        "data_url": _with_filters(
            "portfolio:square_data", slug, form.filters, zone=True, **switches
        ),
        "account_url": AccountUrls(slug).template,
        "currency": request.workspace.default_currency,
        # The exported PNG and SVG are called so.
        "export_name": f"square-{slug}-{timezone.localdate().isoformat()}",
        "max_points": settings.SQUARE_MAX_POINTS,
        "counts": summary.zone_counts,
        "thresholds": {"client": thresholds.client, "our": thresholds.our},
        "zones": _zones(thresholds),
        "arrows": form.show_arrows,
        "forecast": form.show_forecast,
        "labels": {
            "zones": dict(ZoneChoice.choices),
            "client": AxisChoice.CLIENT.label,
            "our": AxisChoice.OUR.label,
            "zone": _("Zone"),
            "owner": _("Account manager"),
            "assessed_on": _("Assessed on"),
            "previous": _("Previous assessment"),
            "movement": _("Movement"),
            "threshold": _("Threshold"),
            "open": _("Click to open the account"),
            # square.js fills in the numbers and the zone's name.
            "forecast": _("Forecast in 3 years: client %(client)s, our %(our)s, zone %(zone)s"),
            "forecast_series": _("Forecast"),
            "cell": _("Accounts here: %(count)s"),
            "cell_zone": _("Mostly %(zone)s"),
            "zoom_in": _("Click to zoom in"),
            "failed": _("The chart could not load this part of the square. Try again."),
            # square.js fills in the numbers.
            "scored": _("Scored %(scored)s of %(total)s criteria"),
            "revenue": _("Revenue, last 12 months"),
            "wallet": _("Share of wallet"),
            "nps": _("NPS (client satisfaction)"),
            "unknown": _("not known"),
            "size_min": _("Smallest: %(value)s"),
            "size_max": _("Largest: %(value)s"),
            "size_none": _("No account here has this figure: every bubble has one size."),
            "size_currency": _(
                "Only the accounts in %(code)s are sized (%(count)s of %(total)s): revenue in "
                "different currencies cannot be compared."
            ),
            "found": _("Found: %(name)s"),
            "found_many": _("Matches found: %(count)s, highlighted on the square."),
            "found_more": _(
                "More than %(count)s matches: the first %(count)s are highlighted. Type more of "
                "the name."
            ),
            "not_found": _("No account on the square matches “%(text)s”."),
            "search_failed": _("The search could not be run. Try again."),
        },
    }


def _zones(thresholds: Thresholds) -> list[dict]:
    """The four zones for square.js, in the order of its legend: where each lies (index
    units; `attractive` and `strong` say which of its corners is the outer one) and its
    colours."""
    return [
        {
            "zone": box.zone.value,
            "our": box.our,
            "client": box.client,
            "attractive": box.zone.attractive,
            "strong": box.zone.strong,
            "colour": ZONE_COLOURS[box.zone].colour,
            "fill": ZONE_COLOURS[box.zone].fill,
        }
        for box in zone_boxes(thresholds)
    ]


def _square_accounts(request) -> AccountQuerySet:
    """The accounts the square shows this member with the filters of the request."""
    return square_accounts(request.membership, _filter_form(request).filters)


@workspace_view()
def export(request, file_format: str):
    """The square's accounts (the ones its filters show) with their current assessment,
    as a CSV or XLSX download: the records of `keyfolio portfolio`."""
    return download_response(
        portfolio_records(_square_accounts(request)),
        fields=PORTFOLIO_FIELDS,
        file_format=file_format,
        filename=f"{request.workspace.slug}-portfolio-{timezone.localdate().isoformat()}",
        title=PORTFOLIO_SHEET,
        widths=PORTFOLIO_WIDTHS,
    )


@workspace_view()
def export_scores(request, file_format: str):
    """Every assessment of the square's accounts as a CSV or XLSX download in the
    columns the scores import reads: the file of `keyfolio export-scores`."""
    fields = scores_export_fields(request.workspace)
    return download_response(
        scores_records(_square_accounts(request), fields=fields),
        fields=fields,
        file_format=file_format,
        filename=f"{request.workspace.slug}-assessments-{timezone.localdate().isoformat()}",
        title=SCORES_SHEET,
        widths=SCORES_WIDTHS,
    )


@workspace_view()
def exports(request):
    """Every export of the accounts this member sees, with a line on what each holds."""
    slug = request.workspace.slug
    context = {
        "exports": [
            {
                "kind": kind,
                "links": {file_format: kind.url(slug, file_format) for file_format in kind.formats},
            }
            for kind in EXPORT_KINDS.values()
        ],
        "portfolio_links": {
            file_format: reverse("portfolio:export", args=(slug, file_format))
            for file_format in ("csv", "xlsx")
        },
    }
    return render(request, "portfolio/exports.html", context)


@workspace_view()
def export_kind(request, kind: str, file_format: str):
    """One of EXPORT_KINDS, of every account this member sees, as a CSV or XLSX download:
    the file of `keyfolio export KIND`."""
    export = EXPORT_KINDS[kind]
    fields = export.fields(request.workspace)
    accounts = Account.objects.visible_to(request.membership)
    return download_response(
        export.read(accounts, fields),
        fields=fields,
        file_format=file_format,
        filename=f"{request.workspace.slug}-{kind}-{timezone.localdate().isoformat()}",
        title=export.sheet,
        widths=export.widths(fields),
        fill_in=export.fill_in(request.workspace) if export.fill_in else None,
    )


@workspace_view()
def report(request):
    """The square's accounts (the ones its filters show) as a portfolio report for a
    quarterly review: an A4 PDF in English or Russian (`?lang=`, by default the reader's
    own language). A filter value that is not valid is not applied, as on the square."""
    workspace, today = request.workspace, timezone.localdate()
    filters = _filter_form(request).filters
    data = portfolio_report(
        square_accounts(request.membership, filters),
        workspace=workspace,
        filters=filters,
        thresholds=square_thresholds(workspace),
        today=today,
        author=request.user.display_name,
    )
    language = document_language(request.GET.get("lang"), default=translation.get_language())
    return pdf_response(report_pdf(data, language=language), report_filename(workspace.slug, today))


@workspace_view()
def movement(request):
    """Which accounts changed zone or moved far over a period, the longest moves first."""
    workspace, membership = request.workspace, request.membership
    form = MovementForm(
        request.GET, members=square_members(workspace), segments=square_segments(membership)
    )
    today = timezone.localdate()
    start, end = form.dates(today)
    report = movement_report(
        membership,
        form.filters,
        start=start,
        end=end,
        min_points=form.min_points_value,
        page=request.GET.get("page"),
    )
    context = {
        "form": form,
        "report": report,
        "presets": PERIOD_LABELS,
        "period": form.active_preset(today),
        "square_url": _with_filters("portfolio:square", workspace.slug, form.filters),
        "filtered": bool(form.filters.owner or form.filters.segment),
    }
    return render(request, "portfolio/movement.html", context)


@workspace_view()
def satisfaction(request):
    """NPS, CSAT and response rate of the last year by zone, manager and segment, over
    the accounts of the member's square (with its filters)."""
    workspace, membership = request.workspace, request.membership
    form = SatisfactionFilterForm(
        request.GET, members=square_members(workspace), segments=square_segments(membership)
    )
    context = {
        "form": form,
        "satisfaction": portfolio_satisfaction(
            square_accounts(membership, form.filters), today=timezone.localdate()
        ),
        "square_url": _with_filters("portfolio:square", workspace.slug, form.filters, zone=True),
        "filtered": form.filters.any,
        "can_send_surveys": membership.has_role_at_least(Role.MANAGER),
    }
    return render(request, "portfolio/satisfaction.html", context)


@workspace_view(min_role=Role.DIRECTOR)
def calibration(request):
    """Where the assessors disagree most, and who scores high or low: for a director
    to calibrate the team."""
    context = {
        "calibration": calibration_for(request.membership, page=request.GET.get("page")),
        "window_days": CONSENSUS_WINDOW.days,
        "wide_spread": WIDE_SPREAD,
    }
    return render(request, "portfolio/calibration.html", context)
