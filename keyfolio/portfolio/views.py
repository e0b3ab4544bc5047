from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from keyfolio.accounts.models import ZoneChoice
from keyfolio.assessments.consensus import CONSENSUS_WINDOW, calibration_for
from keyfolio.assessments.models import AxisChoice
from keyfolio.core.htmx import wants_fragment
from keyfolio.core.palette import ZONE_COLOURS
from keyfolio.method import Thresholds
from keyfolio.method.consensus import WIDE_SPREAD
from keyfolio.method.zones import zone_boxes
from keyfolio.portfolio.forms import PERIOD_LABELS, MovementForm, SquareFilterForm
from keyfolio.portfolio.movement import movement_report
from keyfolio.portfolio.selectors import (
    SquareFilters,
    SquareRow,
    square_accounts,
    square_members,
    square_points,
    square_rows,
    square_segments,
    square_summary,
    square_thresholds,
)
from keyfolio.workspaces.access import workspace_view
from keyfolio.workspaces.models import Role


@workspace_view()
def square(request):
    """The portfolio square: every account the member sees, placed by its current
    assessment, with filters, a summary and a sortable table under the chart."""
    workspace, membership = request.workspace, request.membership
    form = SquareFilterForm(
        request.GET, members=square_members(workspace), segments=square_segments(membership)
    )
    accounts = square_accounts(membership, form.filters, sort=form.sort_key)
    thresholds = square_thresholds(workspace)
    rows = square_rows(accounts, workspace=workspace, thresholds=thresholds)
    context = {
        "form": form,
        "rows": rows,
        "summary": square_summary(rows),
        "thresholds": thresholds,
        "filtered": form.filters.any,
        "sort": form.sort_key,
        "chart": _chart_data(
            rows, thresholds, arrows=form.show_arrows, forecast=form.show_forecast
        ),
        "movement_url": _with_filters("portfolio:movement", workspace.slug, form.filters),
        "can_calibrate": membership.has_role(Role.DIRECTOR),
    }
    return render(request, _template(request, "portfolio/square.html", "square-page"), context)


def _template(request, name: str, partial: str) -> str:
    """The whole page, or only the part that htmx swaps when a filter changes."""
    return f"{name}#{partial}" if wants_fragment(request) else name


def _with_filters(name: str, slug: str, filters: SquareFilters) -> str:
    """The page `name` narrowed to the same owner and segment."""
    query = {"owner": filters.owner or "", "segment": filters.segment}
    query = {key: value for key, value in query.items() if value}
    url = reverse(name, args=(slug,))
    return f"{url}?{urlencode(query)}" if query else url


def _chart_data(
    rows: list[SquareRow], thresholds: Thresholds, *, arrows: bool, forecast: bool
) -> dict:
    """What square.js draws, with every label translated here (the script has none)."""
    return {
        "points": square_points(rows),
        "thresholds": {"client": thresholds.client, "our": thresholds.our},
        "zones": _zones(thresholds),
        "arrows": arrows,
        "forecast": forecast,
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
        membership, form.filters, start=start, end=end, min_points=form.min_points_value
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


@workspace_view(min_role=Role.DIRECTOR)
def calibration(request):
    """Where the assessors disagree most, and who scores high or low: for a director
    to calibrate the team."""
    context = {
        "calibration": calibration_for(request.membership),
        "window_days": CONSENSUS_WINDOW.days,
        "wide_spread": WIDE_SPREAD,
    }
    return render(request, "portfolio/calibration.html", context)
