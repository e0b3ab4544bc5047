"""The meetings of an account: planning one with its call plan, the plan's page, the
outcome form, the meeting brief (PDF) and the invitation (.ics)."""

from datetime import date

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from keyfolio.accounts.dossier import dossier_context
from keyfolio.accounts.models import Account, get_account_for
from keyfolio.core.forms import save_form
from keyfolio.core.htmx import client_redirect, wants_fragment
from keyfolio.core.pdf import document_language, pdf_response
from keyfolio.core.versions import atomic_post, lock
from keyfolio.meetings import services
from keyfolio.meetings.brief import meeting_brief_pdf, meeting_filename
from keyfolio.meetings.forms import CallPlanForm, OutcomeForm
from keyfolio.meetings.invitation import meeting_ics
from keyfolio.meetings.models import CallPlan
from keyfolio.meetings.prefill import attendees_of, call_plan_prefill, open_actions, with_people
from keyfolio.workspaces.access import workspace_view


def _plan_for(account: Account, pk: int) -> CallPlan:
    """The call plan `pk` of this account, or 404: one of another account does not exist here."""
    plans = CallPlan.objects.select_related("activity", "account")
    return get_object_or_404(plans, pk=pk, account=account)


def _detail_url(request, plan: CallPlan) -> str:
    return reverse("meetings:detail", args=[request.workspace.slug, plan.account_id, plan.pk])


def _posted(request):
    # An empty POST is still a POST: its form must show what is missing.
    return request.POST if request.method == "POST" else None


def _date_asked(request) -> date:
    try:
        return date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return timezone.localdate()


@require_GET
@workspace_view()
def index(request, pk: int):
    account = get_account_for(request.membership, pk)
    plans = CallPlan.objects.filter(account=account).select_related("activity")
    context = dossier_context(request.membership, account, tab="meetings")
    context.update(
        plans=plans.order_by("-activity__occurred_on", "-pk"), today=timezone.localdate()
    )
    return render(request, "meetings/index.html", context)


@workspace_view()
def create(request, pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    on, today = _date_asked(request), timezone.localdate()
    prefill = call_plan_prefill(account, on=on, today=today)
    initial = {
        "on": on,
        "our_people": [request.user],
        "their_people": [person.id for person in prefill.attendees],
        "questions": prefill.questions_text,
        "objections": prefill.objections_text,
    }
    form = CallPlanForm(
        _posted(request), account=account, workspace=request.workspace, initial=initial
    )
    if request.method == "POST":
        plan = save_form(
            form,
            lambda _data: services.meeting_plan(
                account=account, by=request.user, today=today, **form.service_arguments()
            ),
        )
        if plan is not None:
            return redirect(_detail_url(request, plan))
    context = dossier_context(request.membership, account, tab="meetings")
    context.update(form=form, prefill=prefill)
    return render(request, "meetings/form.html", context)


@require_GET
@workspace_view()
def detail(request, pk: int, meeting_pk: int):
    account = get_account_for(request.membership, pk)
    plan = _plan_for(account, meeting_pk)
    today = timezone.localdate()
    attendees = attendees_of(with_people(plan.activity.their_people.all()))
    context = dossier_context(request.membership, account, tab="meetings")
    context.update(
        plan=plan,
        attendees=attendees,
        ours=list(plan.activity.our_people.all()),
        open_actions=open_actions(account, today=today),
        held=plan.activity.occurred_on <= today,
        today=today,
        outcome_form=OutcomeForm(plan=plan),
    )
    return render(request, "meetings/detail.html", context)


@workspace_view()
@atomic_post
def edit(request, pk: int, meeting_pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    plan = lock(_plan_for(account, meeting_pk))
    initial = {
        "on": plan.activity.occurred_on,
        "our_people": list(plan.activity.our_people.all()),
        "their_people": list(plan.activity.their_people.all()),
    }
    form = CallPlanForm(
        _posted(request),
        account=account,
        workspace=request.workspace,
        instance=plan,
        initial=initial,
    )
    if request.method == "POST":
        saved = save_form(
            form,
            lambda _data: services.call_plan_update(
                plan=plan, by=request.user, today=timezone.localdate(), **form.service_arguments()
            ),
        )
        if saved is not None:
            return redirect(_detail_url(request, plan))
    context = dossier_context(request.membership, account, tab="meetings")
    context.update(form=form, plan=plan)
    return render(request, "meetings/form.html", context)


@workspace_view()
@atomic_post
def outcome(request, pk: int, meeting_pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    plan = lock(_plan_for(account, meeting_pk))
    form = OutcomeForm(_posted(request), plan=plan)
    if request.method == "POST":
        recorded = save_form(
            form,
            lambda _data: services.meeting_outcome_record(
                plan=plan, by=request.user, today=timezone.localdate(), **form.service_arguments()
            ),
        )
        if recorded is not None:
            # Posted from the plan's page with htmx: reload it whole, with the outcome.
            if wants_fragment(request):
                return client_redirect(_detail_url(request, plan))
            return redirect(_detail_url(request, plan))
    context = dossier_context(request.membership, account, tab="meetings")
    context.update(plan=plan, outcome_form=form)
    return render(request, "meetings/outcome.html", context)


@require_GET
@workspace_view()
def pdf(request, pk: int, meeting_pk: int):
    account = get_account_for(request.membership, pk)
    plan = _plan_for(account, meeting_pk)
    language = document_language(request.GET.get("lang"), default=translation.get_language())
    data = meeting_brief_pdf(plan, language=language, today=timezone.localdate())
    return pdf_response(data, meeting_filename(plan))


@require_GET
@workspace_view()
def invitation(request, pk: int, meeting_pk: int):
    account = get_account_for(request.membership, pk)
    plan = _plan_for(account, meeting_pk)
    brief_url = request.build_absolute_uri(
        reverse("meetings:pdf", args=[request.workspace.slug, account.pk, plan.pk])
    )
    response = HttpResponse(meeting_ics(plan, brief_url=brief_url), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="{meeting_filename(plan, "ics")}"'
    return response
