"""The plan tab and the plan itself: its period, figures and written answers."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyfolio.accounts.dossier import dossier_context
from keyfolio.accounts.models import Account, get_account_for
from keyfolio.accounts.services import workspace_members
from keyfolio.core.forms import save_form
from keyfolio.core.htmx import fragment_or_redirect
from keyfolio.core.versions import atomic_post, lock
from keyfolio.plans import selectors, services
from keyfolio.plans.forms import ActionFilterForm, AnswerForm, FiguresForm, NewPlanForm, PlanForm
from keyfolio.plans.forms import risk_show as parse_risk_show
from keyfolio.plans.models import AccountPlan, PlanQuestion, RuleChoice
from keyfolio.plans.views.common import fragment_or_page, plan_query, plan_url
from keyfolio.workspaces.access import workspace_view


def _selected_plan(request, account: Account) -> AccountPlan | None:
    """The plan `?plan=` names (404 if not this account's), else the current one."""
    requested = request.GET.get("plan", "")
    if requested.isdigit():
        return selectors.get_plan_for(account, int(requested))
    return selectors.current_plan(account)


def _plan_context(request, account: Account, plan: AccountPlan) -> dict:
    today = timezone.localdate()
    risk_show = parse_risk_show(request.GET)
    return {
        "plan": plan,
        "completeness": selectors.plan_completeness(plan),
        "questions": selectors.questions_with_answers(plan),
        "figures": selectors.plan_figures(plan, account=account, workspace=request.workspace),
        "objectives": list(selectors.objectives_of(plan, today=today)),
        "risks": list(selectors.risks_of(plan, risk_show)),
        "risk_show": risk_show,
        "risk_show_choices": selectors.RiskShow.choices,
    }


def _actions_context(request, account: Account) -> dict:
    people = workspace_members(request.workspace)
    form = ActionFilterForm(request.GET, people=people)
    filters = form.filters()
    today = timezone.localdate()
    return {
        "actions": list(selectors.actions_of(account, filters, today=today)),
        "action_filters": filters,
        "action_show_choices": selectors.ActionShow.choices,
        "rule_choices": RuleChoice.choices,
        "people": list(people),
    }


def plan_tab_context(request, account: Account) -> dict:
    """The context of plans/plan.html for the plan `?plan=` names, else the current one.
    The tab's view lives in the dossier app, above plans and revenue, so that it can add
    the revenue pipeline beside the planned-revenue question (see dossier.views.plan)."""
    selected = _selected_plan(request, account)
    context = {
        **dossier_context(request.membership, account, tab="plan"),
        "plans": selectors.plans_of(account),
        "plan": selected,
        "plan_query": plan_query(selected),
        **_actions_context(request, account),
    }
    if selected is not None:
        context.update(_plan_context(request, account, selected))
    return context


# --- The plan's period and status --------------------------------------------------------


@workspace_view()
def plan_new(request, pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    previous = selectors.latest_plan(account)
    form = NewPlanForm(request.POST or None, can_copy=previous is not None)

    def save(data):
        copy = previous if data.get("copy_answers") else None
        fields = {name: data[name] for name in PlanForm.Meta.fields}
        return services.plan_create(
            account=account, created_by=request.user, copy_answers_from=copy, **fields
        )

    if request.method == "POST" and (created := save_form(form, save)) is not None:
        messages.success(request, _("Plan “%(title)s” created.") % {"title": created.title})
        return redirect(plan_url(request, account, created))
    context = {
        **dossier_context(request.membership, account, tab="plan"),
        "form": form,
        "previous": previous,
    }
    return render(request, "plans/plan_form.html", context)


@workspace_view()
@atomic_post
def plan_edit(request, pk: int, plan_id: int):
    account = get_account_for(request.membership, pk, edit=True)
    the_plan = lock(selectors.get_plan_for(account, plan_id))
    form = PlanForm(request.POST or None, instance=the_plan)

    def save(data):
        fields = {name: data[name] for name in PlanForm.Meta.fields}
        return services.plan_update(plan=the_plan, **fields)

    if request.method == "POST" and save_form(form, save) is not None:
        messages.success(request, _("Plan “%(title)s” saved.") % {"title": the_plan.title})
        return redirect(plan_url(request, account, the_plan))
    context = {
        **dossier_context(request.membership, account, tab="plan"),
        "form": form,
        "plan": the_plan,
    }
    return render(request, "plans/plan_form.html", context)


@require_POST
@workspace_view()
def plan_review(request, pk: int, plan_id: int):
    account = get_account_for(request.membership, pk, edit=True)
    the_plan = selectors.get_plan_for(account, plan_id)
    services.plan_mark_reviewed(plan=the_plan)
    messages.success(request, _("Plan marked as reviewed today."))
    return redirect(plan_url(request, account, the_plan))


# --- Key figures (the structured answers) ------------------------------------------------


def _figures_context(request, account: Account, the_plan: AccountPlan) -> dict:
    return {
        "account": account,
        "plan": the_plan,
        "figures": selectors.plan_figures(the_plan, account=account, workspace=request.workspace),
        "can_edit": account.is_editable_by(request.membership),
    }


@workspace_view()
def figures(request, pk: int, plan_id: int):
    """The key figures card, read-only (what "Cancel" swaps back in)."""
    account = get_account_for(request.membership, pk)
    the_plan = selectors.get_plan_for(account, plan_id)
    return render(request, "plans/_figures.html", _figures_context(request, account, the_plan))


@workspace_view()
@atomic_post
def figures_edit(request, pk: int, plan_id: int):
    account = get_account_for(request.membership, pk, edit=True)
    the_plan = lock(selectors.get_plan_for(account, plan_id))
    form = FiguresForm(request.POST or None, instance=the_plan, workspace=request.workspace)

    def save(data):
        return services.plan_figures_update(plan=the_plan, **data)

    if request.method == "POST" and save_form(form, save) is not None:
        return fragment_or_redirect(
            request,
            "plans/_figures.html",
            lambda: _figures_context(request, account, the_plan),
            to=plan_url(request, account, the_plan, "plan-figures"),
        )
    context = {**_figures_context(request, account, the_plan), "form": form}
    return fragment_or_page(
        request, account, "plans/_figures_form.html", context, title=_("Key figures")
    )


# --- Written answers ---------------------------------------------------------------------


def _question_for(request, question_id: int) -> PlanQuestion:
    # Any question of the workspace, retired ones too: their answers stay editable.
    return get_object_or_404(PlanQuestion, pk=question_id, workspace=request.workspace)


def _answer_context(request, account, the_plan, question, number: int | None) -> dict:
    answer = the_plan.answers.filter(question=question).select_related("updated_by").first()
    return {
        "account": account,
        "plan": the_plan,
        "row": selectors.QuestionAnswer(question, answer if answer and answer.text else None),
        "number": number,
        "can_edit": account.is_editable_by(request.membership),
    }


def _number(request) -> int | None:
    # The question's place in the list is only for display; it rides along as ?n=.
    value = request.GET.get("n", "")
    return int(value) if value.isdigit() else None


@workspace_view()
def answer(request, pk: int, plan_id: int, question_id: int):
    """One question with its answer, read-only (what "Cancel" swaps back in)."""
    account = get_account_for(request.membership, pk)
    the_plan = selectors.get_plan_for(account, plan_id)
    question = _question_for(request, question_id)
    context = _answer_context(request, account, the_plan, question, _number(request))
    return render(request, "plans/_answer.html", context)


@workspace_view()
@atomic_post
def answer_edit(request, pk: int, plan_id: int, question_id: int):
    account = get_account_for(request.membership, pk, edit=True)
    # The plan's lock guards its answers too, the one not written yet included.
    the_plan = lock(selectors.get_plan_for(account, plan_id))
    question = _question_for(request, question_id)
    context = _answer_context(request, account, the_plan, question, _number(request))
    current = context["row"].answer
    form = AnswerForm(
        request.POST or None,
        initial={"text": current.text if current else ""},
        version_of=current,
        auto_id=f"answer-{the_plan.pk}-{question.pk}-%s",
    )

    def save(data):
        return services.answer_save(
            plan=the_plan, question=question, text=data["text"], by=request.user
        )

    if request.method == "POST" and save_form(form, save) is not None:

        def saved() -> dict:
            # The header's completeness changes with the answer: htmx swaps it out of band.
            return {
                **_answer_context(request, account, the_plan, question, _number(request)),
                "completeness": selectors.plan_completeness(the_plan),
                "oob": True,
            }

        back = plan_url(request, account, the_plan, f"q-{question.key}")
        return fragment_or_redirect(request, "plans/_answer.html", saved, to=back)
    return fragment_or_page(
        request,
        account,
        "plans/_answer_form.html",
        {**context, "form": form},
        title=question.text,
    )
