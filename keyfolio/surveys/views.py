"""The surveys inside the app: an account's Surveys tab (figures, comments, send log, the
send form), sending to the decision-makers of a zone or segment, the export of the
answers, and the workspace's survey settings and questionnaire builder (admins), with
a preview of the client's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from keyfolio.accounts.dossier import dossier_context
from keyfolio.accounts.models import Account, get_account_for
from keyfolio.core.downloads import download_response
from keyfolio.core.versions import atomic_post, lock, lock_current
from keyfolio.stakeholders.models import Contact
from keyfolio.surveys import selectors
from keyfolio.surveys.exports import ANSWER_FIELDS, ANSWER_SHEET, ANSWER_WIDTHS, answer_records
from keyfolio.surveys.forms import (
    AnswerForm,
    AudienceForm,
    ContactsForm,
    QuestionForm,
    SurveySettingsForm,
    SurveyTemplateForm,
    question_initial,
)
from keyfolio.surveys.models import Invitation, Question, SurveyTemplate
from keyfolio.surveys.services import (
    SendReport,
    decision_makers,
    drafts_moved,
    drafts_with,
    drafts_without,
    survey_questions_revise,
    survey_send,
    survey_settings_for,
    survey_template_revise,
    template_drafts,
)
from keyfolio.users.models import Language
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


# --- Settings and the questionnaire builder (admins) ------------------------------------

# Where the service's refusals belong on the question form (see _check_drafts).
SERVICE_ERROR_FIELDS = {"duplicate_kind": "kind", "few_choices": "choices_en"}


def _current(request) -> SurveyTemplate:
    """The version sent now; in a POST, locked (see `lock_current`)."""

    def latest() -> SurveyTemplate:
        return SurveyTemplate.objects.current_for(request.workspace)

    return lock_current(latest) if request.method == "POST" else latest()


def _versioning(template: SurveyTemplate) -> dict:
    """Whether a change makes the next version: the current one has been sent."""
    sent = Invitation.objects.filter(template=template).count()
    return {"template": template, "sent_count": sent, "next_version": template.version + 1}


def _template_form(template: SurveyTemplate, data=None) -> SurveyTemplateForm:
    """The form of the survey's texts, over the version of `template` it shows."""
    initial = {name: getattr(template, name) for name in SurveyTemplateForm.Meta.fields}
    # Its own ids: the page's other form has a `version` field too.
    return SurveyTemplateForm(data, initial=initial, version_of=template, auto_id="template-%s")


def _settings_page(request, *, form=None, template_form=None):
    template = _current(request)
    context = {
        "form": form or SurveySettingsForm(instance=survey_settings_for(request.workspace)),
        "template_form": template_form or _template_form(template),
        "questions": list(template.questions.all()),
        "languages": Language.choices,
        **_versioning(template),
    }
    return render(request, "surveys/settings.html", context)


def _announce_saved(request, before: SurveyTemplate, after: SurveyTemplate) -> None:
    if after.pk != before.pk:
        messages.success(
            request,
            _("Saved as version %(new)d: answers already given keep version %(old)d.")
            % {"new": after.version, "old": before.version},
        )
    else:
        messages.success(request, _("Survey saved."))


def _to_settings(request):
    return redirect("surveys:settings", request.workspace.slug)


@workspace_view(Role.ADMIN)
@atomic_post
def workspace_settings(request):
    """The quiet period, the links' lifetime and the reminder delay; the current version
    of the relationship survey, with the builder's controls."""
    current = lock(survey_settings_for(request.workspace))
    form = SurveySettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Survey settings saved."))
        return _to_settings(request)
    return _settings_page(request, form=form)


@require_POST
@workspace_view(Role.ADMIN)
@atomic_post
def template_edit(request):
    """The survey's name and introduction in both languages."""
    template = _current(request)
    form = _template_form(template, request.POST)
    if form.is_valid():
        try:
            revised = survey_template_revise(
                template=template,
                user=request.user,
                questions=template_drafts(template),
                **form.cleaned_data,
            )
        except ValidationError as invalid:
            form.add_error(None, invalid)
        else:
            _announce_saved(request, template, revised)
            return _to_settings(request)
    return _settings_page(request, template_form=form)


class QuestionGone(Exception):
    """The question was removed from the survey (by someone else, since the page asking
    about it was opened)."""


def _question_at(request, template: SurveyTemplate, pk: int) -> tuple[int, Question]:
    """The index and the question `pk` of the current version. A question of an older
    version (a page left open across a new version) is found by its copy in this one;
    one no longer in the survey raises QuestionGone; another workspace's is a 404."""
    questions = list(template.questions.all())
    for index, question in enumerate(questions):
        if question.pk == pk:
            return index, question
    asked = Question.objects.filter(pk=pk).values("template__workspace", "origin").first()
    if asked is None:
        # Deleted: ids are not given again, so it was a question someone removed from a
        # version never sent. (That an id is not in use says nothing: ids are counted.)
        raise QuestionGone
    if asked["template__workspace"] != request.workspace.pk:
        raise Http404
    lineage = asked["origin"] or pk
    for index, question in enumerate(questions):
        if question.lineage == lineage:
            return index, question
    raise QuestionGone


GONE = gettext_lazy(
    "Someone else removed this question from the survey since you opened this page. "
    "What you typed is still here: save it to add it as a new question, or cancel."
)


def _question_page(request, template: SurveyTemplate, form: QuestionForm, question=None):
    context = {"question_form": form, "question": question, **_versioning(template)}
    return render(request, "surveys/question_form.html", context)


def _gone_page(request, template: SurveyTemplate):
    """The edit of a question removed meanwhile: what was typed, posted to `question_add`."""
    form = QuestionForm(request.POST)
    form.is_valid()  # Its errors shown, its version not checked: it is a new question.
    context = {"question_form": form, "gone": GONE, **_versioning(template)}
    return render(request, "surveys/question_form.html", context)


def _save_question(request, template: SurveyTemplate, form: QuestionForm, at: int | None):
    """Save the form's question at index `at` (None adds it); the page again on error."""
    if form.is_valid():
        drafts = drafts_with(template_drafts(template), form.draft(), at=at)
        try:
            revised = survey_questions_revise(
                template=template, user=request.user, questions=drafts
            )
        except ValidationError as invalid:
            field = SERVICE_ERROR_FIELDS.get(getattr(invalid, "code", None) or "")
            form.add_error(field, invalid)
        else:
            _announce_saved(request, template, revised)
            return _to_settings(request)
    return None


@workspace_view(Role.ADMIN)
@atomic_post
def question_add(request):
    template = _current(request)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and (saved := _save_question(request, template, form, None)):
        return saved
    return _question_page(request, template, form)


@workspace_view(Role.ADMIN)
@atomic_post
def question_edit(request, survey_question_pk: int):
    template = _current(request)
    try:
        index, question = _question_at(request, template, survey_question_pk)
    except QuestionGone:
        if request.method == "POST":
            return _gone_page(request, template)
        messages.warning(request, _("This question is no longer in the survey."))
        return _to_settings(request)
    form = QuestionForm(
        request.POST or None, initial=question_initial(question), version_of=question
    )
    if request.method == "POST" and (saved := _save_question(request, template, form, index)):
        return saved
    return _question_page(request, template, form, question)


def _gone_from_list(request) -> HttpResponse:
    messages.warning(
        request, _("Someone else removed this question from the survey; nothing changed.")
    )
    return _to_settings(request)


@require_POST
@workspace_view(Role.ADMIN)
@atomic_post
def question_move(request, survey_question_pk: int):
    template = _current(request)
    try:
        index, _question = _question_at(request, template, survey_question_pk)
    except QuestionGone:
        return _gone_from_list(request)
    step = -1 if request.POST.get("direction") == "up" else 1
    moved = drafts_moved(template_drafts(template), index, step)
    if moved is not None:  # the first up or the last down changes nothing: no new version
        revised = survey_questions_revise(template=template, user=request.user, questions=moved)
        _announce_saved(request, template, revised)
    return _to_settings(request)


@require_POST
@workspace_view(Role.ADMIN)
@atomic_post
def question_remove(request, survey_question_pk: int):
    template = _current(request)
    try:
        index, question = _question_at(request, template, survey_question_pk)
    except QuestionGone:
        return _gone_from_list(request)
    drafts = drafts_without(template_drafts(template), index)
    try:
        revised = survey_questions_revise(template=template, user=request.user, questions=drafts)
    except ValidationError as invalid:
        messages.error(request, " ".join(invalid.messages))
    else:
        _announce_saved(request, template, revised)
        messages.info(request, _("Removed: %(question)s") % {"question": question.text_en})
    return _to_settings(request)


@never_cache
@workspace_view(Role.ADMIN)
def preview(request):
    """The client's page for the current version, in English or Russian (`?language=`),
    as a contact would get it: no token, and a POST checks the answers but saves none."""
    language = request.GET.get("language")
    if language not in Language.values:
        language = Language.EN
    template = _current(request)
    with translation.override(language):
        questions = list(template.questions.all())
        form = AnswerForm(
            request.POST if request.method == "POST" else None,
            questions=questions,
            language=language,
        )
        context = {
            "form": form,
            "language": language,
            "title": template.name_in(language),
            "intro": template.intro_in(language),
            "workspace_name": request.workspace.name,
            "preview": {
                "version": template.version,
                "accepted": request.method == "POST" and form.is_valid(),
                "languages": Language.choices,
                "url": reverse("surveys:preview", args=[request.workspace.slug]),
                "settings_url": reverse("surveys:settings", args=[request.workspace.slug]),
            },
        }
        return render(request, "surveys/public/answer.html", context)
