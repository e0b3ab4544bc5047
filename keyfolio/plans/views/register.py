"""Rows of the plan tab's three lists: objectives, actions and risks.

Each list works the same way: a row is read-only (GET <item>/), turns into a form
(GET/POST <item>/edit/), is added (GET/POST new/) or deleted (GET asks, POST deletes).
htmx swaps single rows; without JavaScript every step is a plain page.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyfolio.accounts.models import Account, get_account_for
from keyfolio.plans import selectors, services
from keyfolio.plans.forms import ActionForm, ObjectiveForm, RiskForm
from keyfolio.plans.models import AccountPlan, Action
from keyfolio.plans.views.common import (
    after_write,
    fragment_or_page,
    is_htmx,
    plan_query,
    plan_url,
    save_form,
)
from keyfolio.workspaces.access import workspace_view


def _row_context(request, account: Account, plan: AccountPlan | None, **items) -> dict:
    return {
        "account": account,
        "plan": plan,
        "plan_query": plan_query(plan),
        "can_edit": account.is_editable_by(request.membership),
        **items,
    }


def _deleted(request, account: Account, plan: AccountPlan | None, anchor: str) -> HttpResponse:
    # htmx swaps the row with this empty answer, which removes it.
    if is_htmx(request):
        return HttpResponse("")
    return redirect(plan_url(request, account, plan, anchor))


def _confirm_delete(request, account, plan, *, question: str, name: str, anchor: str):
    """The question a browser without JavaScript gets before a delete (htmx asks itself)."""
    context = {
        **_row_context(request, account, plan),
        "question": question,
        "name": name,
        "cancel_url": plan_url(request, account, plan, anchor),
    }
    return fragment_or_page(request, account, "plans/_confirm_delete.html", context, title=question)


# --- Objectives --------------------------------------------------------------------------


def _objective_row(request, account, plan, objective_id: int) -> dict:
    today = timezone.localdate()
    objective = get_object_or_404(selectors.objectives_of(plan, today=today), pk=objective_id)
    return _row_context(request, account, plan, objective=objective)


def _objective_form_page(request, account, plan, form, objective=None):
    context = _row_context(request, account, plan, form=form, objective=objective)
    title = _("Edit objective") if objective else _("New objective")
    return fragment_or_page(
        request, account, "plans/_objective_form_row.html", context, title=title, table=True
    )


def _saved_objective(request, account, plan, objective):
    context = _objective_row(request, account, plan, objective.pk)
    back = plan_url(request, account, plan, "objectives")
    return after_write(request, "plans/_objective_row.html", context, back_to=back)


@workspace_view()
def objective_new(request, pk: int, plan_id: int):
    account = get_account_for(request.membership, pk, edit=True)
    plan = selectors.get_plan_for(account, plan_id)
    form = ObjectiveForm(request.POST or None, auto_id="objective-new-%s")
    if request.method == "POST":
        objective = save_form(form, lambda data: services.objective_save(plan=plan, **data))
        if objective is not None:
            return _saved_objective(request, account, plan, objective)
    return _objective_form_page(request, account, plan, form)


@workspace_view()
def objective(request, pk: int, plan_id: int, objective_id: int):
    account = get_account_for(request.membership, pk)
    plan = selectors.get_plan_for(account, plan_id)
    context = _objective_row(request, account, plan, objective_id)
    return render(request, "plans/_objective_row.html", context)


@workspace_view()
def objective_edit(request, pk: int, plan_id: int, objective_id: int):
    account = get_account_for(request.membership, pk, edit=True)
    plan = selectors.get_plan_for(account, plan_id)
    item = get_object_or_404(plan.objectives, pk=objective_id)
    form = ObjectiveForm(request.POST or None, instance=item, auto_id=f"objective-{item.pk}-%s")
    if request.method == "POST":
        saved = save_form(
            form, lambda data: services.objective_save(plan=plan, objective=item, **data)
        )
        if saved is not None:
            return _saved_objective(request, account, plan, saved)
    return _objective_form_page(request, account, plan, form, item)


@workspace_view()
def objective_delete(request, pk: int, plan_id: int, objective_id: int):
    account = get_account_for(request.membership, pk, edit=True)
    plan = selectors.get_plan_for(account, plan_id)
    item = get_object_or_404(plan.objectives, pk=objective_id)
    if request.method != "POST":
        question = _("Delete this objective?")
        return _confirm_delete(
            request, account, plan, question=question, name=item.title, anchor="objectives"
        )
    services.objective_delete(objective=item)
    return _deleted(request, account, plan, "objectives")


# --- Actions (the account's; the plan is where they were made) ---------------------------


def _plan_from_query(request, account: Account) -> AccountPlan | None:
    """The plan the tab shows (`?plan=`): a new action is made part of it."""
    requested = request.GET.get("plan", "")
    return selectors.get_plan_for(account, int(requested)) if requested.isdigit() else None


def _action_row(request, account, plan, action_id: int) -> dict:
    today = timezone.localdate()
    actions = selectors.with_overdue(Action.objects.filter(account=account), today=today)
    action = get_object_or_404(actions.select_related("owner"), pk=action_id)
    return _row_context(request, account, plan, action=action)


def _action_form_page(request, account, plan, form, action=None):
    context = _row_context(request, account, plan, form=form, action=action)
    title = _("Edit action") if action else _("New action")
    return fragment_or_page(
        request, account, "plans/_action_form_row.html", context, title=title, table=True
    )


def _saved_action(request, account, plan, action):
    context = _action_row(request, account, plan, action.pk)
    back = plan_url(request, account, plan, "actions")
    return after_write(request, "plans/_action_row.html", context, back_to=back)


@workspace_view()
def action_new(request, pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    plan = _plan_from_query(request, account)
    form = ActionForm(request.POST or None, workspace=request.workspace, auto_id="action-new-%s")

    def save(data):
        fields = {name: data[name] for name in ("title", "owner", "due_on", "rule")}
        created = services.action_create(account=account, plan=plan, **fields)
        return services.action_complete(action=created) if data["done"] else created

    if request.method == "POST" and (created := save_form(form, save)) is not None:
        return _saved_action(request, account, plan, created)
    return _action_form_page(request, account, plan, form)


@workspace_view()
def action(request, pk: int, action_id: int):
    account = get_account_for(request.membership, pk)
    context = _action_row(request, account, _plan_from_query(request, account), action_id)
    return render(request, "plans/_action_row.html", context)


@workspace_view()
def action_edit(request, pk: int, action_id: int):
    account = get_account_for(request.membership, pk, edit=True)
    plan = _plan_from_query(request, account)
    item = get_object_or_404(account.actions, pk=action_id)
    form = ActionForm(
        request.POST or None,
        instance=item,
        workspace=request.workspace,
        auto_id=f"action-{item.pk}-%s",
    )
    if request.method == "POST":
        saved = save_form(form, lambda data: services.action_update(action=item, **data))
        if saved is not None:
            return _saved_action(request, account, plan, saved)
    return _action_form_page(request, account, plan, form, item)


@require_POST
@workspace_view()
def action_complete(request, pk: int, action_id: int):
    """Tick the action off, or reopen it with done=0."""
    account = get_account_for(request.membership, pk, edit=True)
    plan = _plan_from_query(request, account)
    item = get_object_or_404(account.actions, pk=action_id)
    services.action_complete(action=item, done=request.POST.get("done", "1") != "0")
    return _saved_action(request, account, plan, item)


@workspace_view()
def action_delete(request, pk: int, action_id: int):
    account = get_account_for(request.membership, pk, edit=True)
    plan = _plan_from_query(request, account)
    item = get_object_or_404(account.actions, pk=action_id)
    if request.method != "POST":
        question = _("Delete this action?")
        return _confirm_delete(
            request, account, plan, question=question, name=item.title, anchor="actions"
        )
    services.action_delete(action=item)
    return _deleted(request, account, plan, "actions")


# --- Risks -------------------------------------------------------------------------------


def _risk_row(request, account, plan, risk_id: int) -> dict:
    risk = get_object_or_404(plan.risks.select_related("owner"), pk=risk_id)
    return _row_context(request, account, plan, risk=risk)


def _risk_form_page(request, account, plan, form, risk=None):
    context = _row_context(request, account, plan, form=form, risk=risk)
    title = _("Edit risk") if risk else _("New risk")
    return fragment_or_page(
        request, account, "plans/_risk_form_row.html", context, title=title, table=True
    )


def _saved_risk(request, account, plan, risk):
    context = _risk_row(request, account, plan, risk.pk)
    back = plan_url(request, account, plan, "risks")
    return after_write(request, "plans/_risk_row.html", context, back_to=back)


@workspace_view()
def risk_new(request, pk: int, plan_id: int):
    account = get_account_for(request.membership, pk, edit=True)
    plan = selectors.get_plan_for(account, plan_id)
    form = RiskForm(request.POST or None, workspace=request.workspace, auto_id="risk-new-%s")
    if request.method == "POST":
        risk = save_form(form, lambda data: services.risk_save(plan=plan, **data))
        if risk is not None:
            return _saved_risk(request, account, plan, risk)
    return _risk_form_page(request, account, plan, form)


@workspace_view()
def risk(request, pk: int, plan_id: int, risk_id: int):
    account = get_account_for(request.membership, pk)
    plan = selectors.get_plan_for(account, plan_id)
    return render(request, "plans/_risk_row.html", _risk_row(request, account, plan, risk_id))


@workspace_view()
def risk_edit(request, pk: int, plan_id: int, risk_id: int):
    account = get_account_for(request.membership, pk, edit=True)
    plan = selectors.get_plan_for(account, plan_id)
    item = get_object_or_404(plan.risks, pk=risk_id)
    form = RiskForm(
        request.POST or None,
        instance=item,
        workspace=request.workspace,
        auto_id=f"risk-{item.pk}-%s",
    )
    if request.method == "POST":
        saved = save_form(form, lambda data: services.risk_save(plan=plan, risk=item, **data))
        if saved is not None:
            return _saved_risk(request, account, plan, saved)
    return _risk_form_page(request, account, plan, form, item)


@workspace_view()
def risk_delete(request, pk: int, plan_id: int, risk_id: int):
    account = get_account_for(request.membership, pk, edit=True)
    plan = selectors.get_plan_for(account, plan_id)
    item = get_object_or_404(plan.risks, pk=risk_id)
    if request.method != "POST":
        question = _("Delete this risk?")
        return _confirm_delete(
            request, account, plan, question=question, name=item.description, anchor="risks"
        )
    services.risk_delete(risk=item)
    return _deleted(request, account, plan, "risks")
