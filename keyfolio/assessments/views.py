"""Assessment pages: score an account with a live preview, read an assessment,
correct it within a day, and edit the workspace's methodology."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyfolio.accounts.models import Account, get_account_for
from keyfolio.assessments import selectors
from keyfolio.assessments.display import group_by_axis, mini_square, zone_label
from keyfolio.assessments.evidence import Hint, evidence_for
from keyfolio.assessments.forms import SERVICE_ERRORS, AssessmentForm, MethodologyEditor
from keyfolio.assessments.models import Assessment, Methodology
from keyfolio.assessments.services import assessment_create, assessment_update, preview
from keyfolio.core.versions import atomic_post, lock, lock_current
from keyfolio.method import shown_index
from keyfolio.workspaces.access import workspace_view
from keyfolio.workspaces.models import Role


def _preview_context(
    form: AssessmentForm, methodology: Methodology, previous: Assessment | None
) -> dict:
    """What the live panel shows: the indices and zone the core computes from the
    form's scores (unsaved), next to the previous assessment's point."""
    scores = form.scores()
    result = preview(methodology=methodology, scores=scores)
    assessed = sum(1 for score in scores.values() if score.value is not None)
    thresholds = methodology.thresholds
    return {
        "result": result,
        "shown": {
            "client": _shown(result.client_index, thresholds.client),
            "our": _shown(result.our_index, thresholds.our),
        },
        "zone": result.zone.value if result.zone else "",
        "zone_label": zone_label(result.zone),
        "assessed": assessed,
        "total": len(form.criteria),
        "unreadable": form.unreadable_count(),
        "previous": previous,
        "square": mini_square(
            methodology.thresholds,
            point=(result.client_index, result.our_index),
            previous=(previous.client_index, previous.our_index) if previous else None,
        ),
    }


def _shown(index: float | None, threshold: float) -> float | None:
    return None if index is None else shown_index(index, threshold)


def _form_for_account(
    account: Account, methodology: Methodology, data=None, hints: dict[str, Hint] | None = None
) -> AssessmentForm:
    """A new assessment's form, prefilled with the account's current assessment."""
    return AssessmentForm(
        data,
        criteria=list(methodology.active_criteria()),
        scores=selectors.score_inputs_of(account.current_assessment),
        hints=hints,
    )


def _form_for_assessment(
    assessment: Assessment, data=None, hints: dict[str, Hint] | None = None, *, versioned=False
) -> AssessmentForm:
    """The form correcting `assessment`; `versioned` when its save must be over the
    version it was read at (the live preview saves nothing)."""
    return AssessmentForm(
        data,
        criteria=list(assessment.methodology.active_criteria()),
        scores=selectors.score_inputs_of(assessment),
        assessed_on=assessment.assessed_on,
        note=assessment.note,
        hints=hints,
        version_of=assessment if versioned else None,
    )


def _hints(account: Account) -> dict[str, Hint]:
    """What the dossier says about the criteria, for the full page only: the live
    preview does not show hints, so it does not pay for them."""
    return evidence_for(account, today=timezone.localdate())


def _saved_message(assessment: Assessment) -> str:
    if assessment.placed:
        return _("Assessment saved: %(account)s is in the %(zone)s zone.") % {
            "account": assessment.account.name,
            "zone": zone_label(assessment.zone),
        }
    return _(
        "Assessment saved. %(account)s is not on the square yet: each position needs "
        "at least one assessed criterion."
    ) % {"account": assessment.account.name}


def _service_error(form: AssessmentForm, error: ValidationError) -> None:
    form.add_error(None, SERVICE_ERRORS.get(error.code or "", error.messages[0]))


@workspace_view(min_role=Role.MANAGER)
def create(request, pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    methodology = Methodology.objects.current_for(request.workspace)
    form = _form_for_account(account, methodology, request.POST or None, _hints(account))
    if request.method == "POST" and form.is_valid():
        try:
            assessment = assessment_create(
                account=account,
                assessor=request.user,
                scores=form.scores(),
                assessed_on=form.cleaned_data["assessed_on"],
                note=form.cleaned_data["note"],
                methodology=methodology,
            )
        except ValidationError as error:
            _service_error(form, error)
        else:
            messages.success(request, _saved_message(assessment))
            return redirect("dossier:overview", request.workspace.slug, account.pk)
    ctx = {
        "account": account,
        "methodology": methodology,
        "form": form,
        **_preview_context(form, methodology, account.current_assessment),
    }
    return render(request, "assessments/form.html", ctx)


@require_POST
@workspace_view(min_role=Role.MANAGER)
def preview_panel(request, pk: int):
    """The live panel for a new assessment: recomputed on the server as sliders move."""
    account = get_account_for(request.membership, pk, edit=True)
    methodology = Methodology.objects.current_for(request.workspace)
    form = _form_for_account(account, methodology, request.POST)
    ctx = _preview_context(form, methodology, account.current_assessment)
    return render(request, "assessments/_preview_panel.html", ctx)


@workspace_view()
def detail(request, pk: int):
    assessment = selectors.get_assessment_for(request.membership, pk)
    account = assessment.account
    ctx = {
        "assessment": assessment,
        "account": account,
        "axes": group_by_axis(selectors.scores_of(assessment), lambda s: s.criterion.axis),
        "can_edit": account.is_editable_by(request.membership),
        "square": mini_square(
            assessment.methodology.thresholds,
            point=(assessment.client_index, assessment.our_index),
        ),
    }
    return render(request, "assessments/detail.html", ctx)


def _locked(request, assessment: Assessment):
    """An assessment past its edit window is history: say so and offer a new one."""
    ctx = {"assessment": assessment, "account": assessment.account}
    return render(request, "assessments/locked.html", ctx, status=409)


@workspace_view(min_role=Role.MANAGER)
@atomic_post
def edit(request, pk: int):
    assessment = lock(selectors.get_assessment_for(request.membership, pk, edit=True))
    if not assessment.is_editable:
        return _locked(request, assessment)
    hints = _hints(assessment.account)
    form = _form_for_assessment(assessment, request.POST or None, hints, versioned=True)
    if request.method == "POST" and form.is_valid():
        try:
            assessment_update(
                assessment=assessment,
                scores=form.scores(),
                assessed_on=form.cleaned_data["assessed_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _service_error(form, error)
        else:
            messages.success(request, _saved_message(assessment))
            return redirect("assessments:detail", request.workspace.slug, assessment.pk)
    ctx = {
        "account": assessment.account,
        "assessment": assessment,
        "methodology": assessment.methodology,
        "form": form,
        **_preview_context(form, assessment.methodology, selectors.assessment_before(assessment)),
    }
    return render(request, "assessments/form.html", ctx)


@require_POST
@workspace_view(min_role=Role.MANAGER)
def edit_preview_panel(request, pk: int):
    """The live panel while correcting an assessment, with that assessment's version."""
    assessment = selectors.get_assessment_for(request.membership, pk, edit=True)
    form = _form_for_assessment(assessment, request.POST)
    previous = selectors.assessment_before(assessment)
    ctx = _preview_context(form, assessment.methodology, previous)
    return render(request, "assessments/_preview_panel.html", ctx)


@workspace_view(min_role=Role.ADMIN)
@atomic_post
def methodology(request):
    def latest() -> Methodology:
        return Methodology.objects.current_for(request.workspace)

    # A POST holds the current version: whoever saves the next one meanwhile waits.
    current = lock_current(latest) if request.method == "POST" else latest()
    editor = MethodologyEditor(current, request.POST or None)
    if request.method == "POST" and editor.is_valid():
        if not editor.changes_anything():
            messages.info(
                request,
                _("Nothing changed, so no new version: still version %(version)s.")
                % {"version": current.version},
            )
            return redirect("assessments:methodology", request.workspace.slug)
        revised = editor.save(user=request.user)
        if revised is not None:
            messages.success(
                request,
                _("Version %(new)s saved. Earlier assessments keep version %(old)s.")
                % {"new": revised.version, "old": current.version},
            )
            return redirect("assessments:methodology", request.workspace.slug)
    ctx = {
        "current": current,
        "editor": editor,
        "history": selectors.methodology_history(request.workspace),
    }
    return render(request, "assessments/methodology.html", ctx)
