"""The surveys inside the app: an account's Surveys tab (figures, comments, send log, the
send form), sending to the decision-makers of a zone or segment, the export of the
answers, and the workspace's survey settings and questionnaire (admins)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from keyfolio.accounts.dossier import dossier_context
from keyfolio.accounts.models import Account, get_account_for
from keyfolio.core.downloads import download_response
from keyfolio.stakeholders.models import Contact
from keyfolio.surveys import selectors
from keyfolio.surveys.exports import ANSWER_FIELDS, ANSWER_SHEET, ANSWER_WIDTHS, answer_records
from keyfolio.surveys.forms import AudienceForm, ContactsForm, SurveySettingsForm
from keyfolio.surveys.models import SurveyTemplate
from keyfolio.surveys.services import (
    SendReport,
    decision_makers,
    survey_send,
    survey_settings_for,
)
from keyfolio.workspaces.access import workspace_view
from keyfolio.workspaces.models import Role


def _announce(request, report: SendReport) -> None:
    """Say how many were sent and, by name, who was skipped and why."""
    sent = len(report.invitations)
    if sent:
        messages.success(
            request,
            ngettext(
                "The survey goes out to %(count)d person.",
                "The survey goes out to %(count)d people.",
                sent,
            )
            % {"count": sent},
        )
    for skipped in report.skipped:
        messages.warning(
            request,
            _("Not sent to %(name)s: %(reason)s.")
            % {"name": skipped.contact.name, "reason": skipped.text},
        )


def _tab_context(request, account: Account, form: ContactsForm | None = None) -> dict:
    context = dossier_context(request.membership, account, tab="surveys")
    context.update(
        satisfaction=selectors.account_satisfaction(account),
        quarters=selectors.quarters(account),
        comments=selectors.comments(account),
        send_log=selectors.send_log(account),
        send_log_limit=selectors.SEND_LOG_ROWS,
        window_days=selectors.DEFAULT_WINDOW_DAYS,
        survey_settings=survey_settings_for(request.workspace),
    )
    if context["can_edit"]:
        contacts = Contact.objects.filter(account=account, active=True).order_by("name")
        context["form"] = form or ContactsForm(account=account)
        context["contacts"] = list(contacts)
    return context


@workspace_view()
def account_surveys(request, pk: int):
    account = get_account_for(request.membership, pk)
    return render(request, "surveys/account.html", _tab_context(request, account))


@require_POST
@workspace_view()
def account_send(request, pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    form = ContactsForm(request.POST, account=account)
    if not form.is_valid():
        return render(request, "surveys/account.html", _tab_context(request, account, form))
    report = survey_send(
        workspace=request.workspace, contacts=form.cleaned_data["contacts"], by=request.user
    )
    _announce(request, report)
    return redirect("surveys:account", request.workspace.slug, account.pk)


@workspace_view()
def account_export(request, pk: int, file_format: str):
    """The account's answers, one row per question answered (CSV or XLSX, formula-safe)."""
    account = get_account_for(request.membership, pk)
    return download_response(
        answer_records(selectors.answers_for_export([account])),
        fields=ANSWER_FIELDS,
        file_format=file_format,
        filename=f"{account.file_stem}-surveys-{timezone.localdate().isoformat()}",
        title=ANSWER_SHEET,
        widths=ANSWER_WIDTHS,
    )


@workspace_view(Role.MANAGER)
def audience_send(request):
    """The decision-makers of the accounts one sees in a zone and/or a segment: a GET
    with the choice shows who they are; the POST sends."""
    visible = Account.objects.visible_to(request.membership).active()
    form = AudienceForm(request.POST or request.GET or None, segments=visible.segments())
    people: list[Contact] = []
    if form.is_bound and form.is_valid():
        chosen = visible
        if zone := form.cleaned_data["zone"]:
            chosen = chosen.in_zone(zone)
        if segment := form.cleaned_data["segment"]:
            chosen = chosen.filter(segment=segment)
        people = decision_makers(chosen)
        if request.method == "POST":
            report = survey_send(workspace=request.workspace, contacts=people, by=request.user)
            _announce(request, report)
            if not people:
                messages.info(request, _("No decision-maker matches this choice."))
            return redirect(reverse("surveys:audience", args=[request.workspace.slug]))
    return render(request, "surveys/audience.html", {"form": form, "people": people})


@workspace_view(Role.ADMIN)
def workspace_settings(request):
    """The quiet period, the links' lifetime and the reminder delay, and the questions of
    the current relationship survey."""
    rules = survey_settings_for(request.workspace)
    form = SurveySettingsForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Survey settings saved."))
        return redirect("surveys:settings", request.workspace.slug)
    template = SurveyTemplate.objects.current_for(request.workspace)
    context = {"form": form, "template": template, "questions": list(template.questions.all())}
    return render(request, "surveys/settings.html", context)
