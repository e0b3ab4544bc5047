"""Rows of the plan tab's three lists: objectives, actions and risks.

Each list works the same way: a row is read-only (GET <item>/), turns into a form
(GET/POST <item>/edit/), is added (GET/POST new/) or deleted (GET asks, POST deletes).
htmx swaps single rows; without JavaScript every step is a plain page.

The four views are written once and take the list they work on, a `Register`, from
the URL pattern's extra arguments (see plans/urls.py). A `Register` subclass says what
tells its list from the others: the form, where its items live, the services that
write them.
"""

from django import forms
from django.db.models import Model, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from keyfolio.accounts.models import Account, get_account_for
from keyfolio.core.forms import save_form
from keyfolio.core.htmx import fragment_or_redirect, wants_fragment
from keyfolio.core.versions import atomic_post, lock
from keyfolio.plans import selectors, services
from keyfolio.plans.forms import ActionForm, ObjectiveForm, RiskForm
from keyfolio.plans.models import AccountPlan, Action
from keyfolio.plans.views.common import fragment_or_page, plan_query, plan_url
from keyfolio.workspaces.access import workspace_view


class Register:
    """One of the plan tab's lists. `name` ("objective") names the row's context key, its
    templates (plans/_objective_row.html, plans/_objective_form_row.html), the form's
    ids and the URL's argument (objective_id); `anchor` is the list's place on the plan
    page."""

    name: str
    anchor: str
    new_title: Promise
    edit_title: Promise
    delete_question: Promise

    @property
    def id_argument(self) -> str:
        return f"{self.name}_id"

    def plan_for(self, request, account: Account, plan_id: int | None) -> AccountPlan | None:
        """The plan the list belongs to: the URL's, 404 if not this account's."""
        assert plan_id is not None
        return selectors.get_plan_for(account, plan_id)

    def items(self, account: Account, plan) -> QuerySet:
        """The items a form may edit or delete."""
        raise NotImplementedError

    def rows(self, account: Account, plan) -> QuerySet:
        """The items as a row shows them."""
        raise NotImplementedError

    def form(self, request, data, **kwargs) -> forms.ModelForm:
        raise NotImplementedError

    def create(self, request, account: Account, plan, data: dict) -> Model:
        raise NotImplementedError

    def update(self, item, plan, data: dict) -> Model:
        raise NotImplementedError

    def delete(self, item) -> None:
        raise NotImplementedError

    def label(self, item) -> str:
        """How the delete question names the item."""
        return item.title


class Objectives(Register):
    name, anchor = "objective", "objectives"
    new_title, edit_title = gettext_lazy("New objective"), gettext_lazy("Edit objective")
    delete_question = gettext_lazy("Delete this objective?")

    def items(self, account, plan):
        return plan.objectives

    def rows(self, account, plan):
        return selectors.objectives_of(plan, today=timezone.localdate())

    def form(self, request, data, **kwargs):
        return ObjectiveForm(data, **kwargs)

    def create(self, request, account, plan, data):
        return services.objective_save(plan=plan, **data)

    def update(self, item, plan, data):
        return services.objective_save(plan=plan, objective=item, **data)

    def delete(self, item):
        services.objective_delete(objective=item)


class Actions(Register):
    """The account's actions; the plan is the one the tab shows (`?plan=`), which a new
    action is made part of."""

    name, anchor = "action", "actions"
    new_title, edit_title = gettext_lazy("New action"), gettext_lazy("Edit action")
    delete_question = gettext_lazy("Delete this action?")

    def plan_for(self, request, account, plan_id):
        requested = request.GET.get("plan", "")
        return selectors.get_plan_for(account, int(requested)) if requested.isdigit() else None

    def items(self, account, plan):
        return account.actions

    def rows(self, account, plan):
        actions = Action.objects.filter(account=account).select_related("owner")
        return selectors.with_overdue(actions, today=timezone.localdate())

    def form(self, request, data, **kwargs):
        return ActionForm(data, workspace=request.workspace, **kwargs)

    def create(self, request, account, plan, data):
        fields = {name: data[name] for name in ("title", "owner", "due_on", "rule")}
        created = services.action_create(account=account, plan=plan, **fields)
        return services.action_complete(action=created) if data["done"] else created

    def update(self, item, plan, data):
        return services.action_update(action=item, **data)

    def delete(self, item):
        services.action_delete(action=item)


class Risks(Register):
    name, anchor = "risk", "risks"
    new_title, edit_title = gettext_lazy("New risk"), gettext_lazy("Edit risk")
    delete_question = gettext_lazy("Delete this risk?")

    def items(self, account, plan):
        return plan.risks

    def rows(self, account, plan):
        return plan.risks.select_related("owner")

    def form(self, request, data, **kwargs):
        return RiskForm(data, workspace=request.workspace, **kwargs)

    def create(self, request, account, plan, data):
        return services.risk_save(plan=plan, **data)

    def update(self, item, plan, data):
        return services.risk_save(plan=plan, risk=item, **data)

    def delete(self, item):
        services.risk_delete(risk=item)

    def label(self, item):
        return item.description


OBJECTIVES, ACTIONS, RISKS = Objectives(), Actions(), Risks()


# --- What the views share ----------------------------------------------------------------


def _open(request, register: Register, pk: int, ids: dict, *, edit: bool = False):
    """The account (404 or 403 as for any of its pages) and the plan the list is of."""
    account = get_account_for(request.membership, pk, edit=edit)
    return account, register.plan_for(request, account, ids.get("plan_id"))


def _row_context(request, account: Account, plan: AccountPlan | None, **items) -> dict:
    return {
        "account": account,
        "plan": plan,
        "plan_query": plan_query(plan),
        "can_edit": account.is_editable_by(request.membership),
        **items,
    }


def _row(request, register: Register, account, plan, item_id: int) -> dict:
    item = get_object_or_404(register.rows(account, plan), pk=item_id)
    return _row_context(request, account, plan, **{register.name: item})


def _form_page(request, register: Register, account, plan, form, item=None) -> HttpResponse:
    context = _row_context(request, account, plan, form=form, **{register.name: item})
    title = register.edit_title if item else register.new_title
    template = f"plans/_{register.name}_form_row.html"
    return fragment_or_page(request, account, template, context, title=str(title), table=True)


def _saved(request, register: Register, account, plan, item) -> HttpResponse:
    return fragment_or_redirect(
        request,
        f"plans/_{register.name}_row.html",
        lambda: _row(request, register, account, plan, item.pk),
        to=plan_url(request, account, plan, register.anchor),
    )


# --- The views ---------------------------------------------------------------------------


@workspace_view()
def new(request, register: Register, pk: int, **ids):
    account, plan = _open(request, register, pk, ids, edit=True)
    form = register.form(request, request.POST or None, auto_id=f"{register.name}-new-%s")

    def save(data):
        return register.create(request, account, plan, data)

    if request.method == "POST" and (created := save_form(form, save)) is not None:
        return _saved(request, register, account, plan, created)
    return _form_page(request, register, account, plan, form)


@workspace_view()
def row(request, register: Register, pk: int, **ids):
    account, plan = _open(request, register, pk, ids)
    context = _row(request, register, account, plan, ids[register.id_argument])
    return render(request, f"plans/_{register.name}_row.html", context)


@workspace_view()
@atomic_post
def edit(request, register: Register, pk: int, **ids):
    account, plan = _open(request, register, pk, ids, edit=True)
    item = lock(get_object_or_404(register.items(account, plan), pk=ids[register.id_argument]))
    form = register.form(
        request, request.POST or None, instance=item, auto_id=f"{register.name}-{item.pk}-%s"
    )

    def save(data):
        return register.update(item, plan, data)

    if request.method == "POST" and (saved := save_form(form, save)) is not None:
        return _saved(request, register, account, plan, saved)
    return _form_page(request, register, account, plan, form, item)


@workspace_view()
def delete(request, register: Register, pk: int, **ids):
    account, plan = _open(request, register, pk, ids, edit=True)
    item = get_object_or_404(register.items(account, plan), pk=ids[register.id_argument])
    back = plan_url(request, account, plan, register.anchor)
    if request.method != "POST":
        # The question a browser without JavaScript gets (htmx asks itself).
        question = str(register.delete_question)
        context = {
            **_row_context(request, account, plan),
            "question": question,
            "name": register.label(item),
            "cancel_url": back,
        }
        template = "plans/_confirm_delete.html"
        return fragment_or_page(request, account, template, context, title=question)
    register.delete(item)
    # htmx swaps the row with this empty answer, which removes it.
    return HttpResponse("") if wants_fragment(request) else redirect(back)


@require_POST
@workspace_view()
def action_complete(request, pk: int, action_id: int):
    """Tick the action off, or reopen it with done=0."""
    account, plan = _open(request, ACTIONS, pk, {}, edit=True)
    item = get_object_or_404(account.actions, pk=action_id)
    services.action_complete(action=item, done=request.POST.get("done", "1") != "0")
    return _saved(request, ACTIONS, account, plan, item)
