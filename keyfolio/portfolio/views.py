from django.shortcuts import render
from django.utils.translation import gettext as _

from keyfolio.accounts.models import ZoneChoice
from keyfolio.assessments.models import AxisChoice
from keyfolio.method import Thresholds
from keyfolio.portfolio.forms import SquareFilterForm
from keyfolio.portfolio.selectors import (
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


@workspace_view()
def square(request):
    """The portfolio square: every account the member sees, placed by its current
    assessment, with filters, a summary and a sortable table under the chart."""
    workspace, membership = request.workspace, request.membership
    form = SquareFilterForm(
        request.GET, members=square_members(workspace), segments=square_segments(membership)
    )
    accounts = square_accounts(membership, form.filters, sort=form.sort_key)
    rows = square_rows(accounts, workspace=workspace)
    thresholds = square_thresholds(workspace)
    context = {
        "form": form,
        "rows": rows,
        "summary": square_summary(rows),
        "thresholds": thresholds,
        "filtered": form.filters.any,
        "sort": form.sort_key,
        "chart": _chart_data(rows, thresholds, arrows=form.show_arrows),
    }
    return render(request, _template(request, "portfolio/square.html", "square-page"), context)


def _template(request, name: str, partial: str) -> str:
    """The whole page, or only the part that htmx swaps when a filter changes."""
    htmx = request.headers.get("HX-Request") == "true"
    restoring = request.headers.get("HX-History-Restore-Request") == "true"
    return f"{name}#{partial}" if htmx and not restoring else name


def _chart_data(rows: list[SquareRow], thresholds: Thresholds, *, arrows: bool) -> dict:
    """What square.js draws, with every label translated here (the script has none)."""
    return {
        "points": square_points(rows),
        "thresholds": {"client": thresholds.client, "our": thresholds.our},
        "arrows": arrows,
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
        },
    }
