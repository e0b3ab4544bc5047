from django.shortcuts import render
from django.utils import timezone

from keyfolio.accounts import listing
from keyfolio.accounts.dossier import dossier_context
from keyfolio.accounts.models import Account, get_account_for
from keyfolio.accounts.stages import stage_context
from keyfolio.assessments import charts
from keyfolio.assessments.consensus import account_consensus
from keyfolio.assessments.models import Assessment
from keyfolio.briefs.selectors import dossier_summary
from keyfolio.dossier.group import account_group
from keyfolio.plans.views.plan import plan_tab_context
from keyfolio.playbook.selectors import playbook_panel
from keyfolio.revenue.selectors import account_pipeline, revenue_book
from keyfolio.workspaces.access import workspace_view


def _index_change(current: Assessment, previous: Assessment | None, field: str) -> float | None:
    if previous is None:
        return None
    now, before = getattr(current, field), getattr(previous, field)
    return None if now is None or before is None else now - before


def _assessment_context(account: Account) -> dict:
    """The assessments part of the overview: history, current, previous, charts."""
    history = list(
        Assessment.objects.for_account(account)
        .select_related("assessor", "methodology")
        .only(
            "pk", "assessed_on", "created_at", "client_index", "our_index", "zone",
            "completeness", "note", "methodology_id", "assessor__email", "assessor__full_name",
        )
    )  # fmt: skip
    by_pk = {a.pk: a for a in history}
    current = by_pk.get(account.current_assessment_id)
    if current is None:
        return {"history": history, "current": None}
    previous = by_pk.get(account.previous_assessment_id)
    scores = charts.radar_scores(current, previous)
    thresholds = current.methodology.thresholds
    radar = charts.radar_data(current, previous, scores)
    return {
        "history": history,
        "current": current,
        "previous": previous,
        "goal_distance": current.distance_to_goal(account.goal),
        "client_change": _index_change(current, previous, "client_index"),
        "our_change": _index_change(current, previous, "our_index"),
        "is_stale": current.assessed_on < listing.stale_before(),
        "thresholds": thresholds,
        "radar": radar,
        "radar_table": charts.radar_table(radar),
        "not_assessed": charts.not_assessed_labels(scores[current.pk]),
        "index_history": charts.history_data(history, thresholds),
    }


@workspace_view()
def overview(request, pk: int):
    account = get_account_for(request.membership, pk)
    today = timezone.localdate()
    context = {
        **dossier_context(request.membership, account, tab="overview"),
        **_assessment_context(account),
        "consensus": account_consensus(account),
        **stage_context(account),
        "dossier_summary": dossier_summary(account, today=today),
        "playbook": playbook_panel(request.workspace, account, today=today),
        "group": account_group(request.membership, account, today=today),
    }
    return render(request, "dossier/overview.html", context)


@workspace_view()
def plan(request, pk: int):
    """The plan tab. Its page is the plans app's; it is served from here so that the
    planned-revenue question shows the revenue tab's pipeline beside its answer, which
    plans, below revenue, cannot read. Three queries more than the plan alone."""
    account = get_account_for(request.membership, pk)
    context = plan_tab_context(request, account)
    if context["plan"] is not None:
        # The revenue tab's currency: the account's, else the workspace's (already read).
        currency = (account.currency or request.workspace.default_currency).upper()
        book = revenue_book(account)
        today = timezone.localdate()
        context["pipeline"] = account_pipeline(account, currency=currency, book=book, today=today)
        context["planned_revenue_aside"] = "dossier/_plan_pipeline.html"
    return render(request, "plans/plan.html", context)
