"""Settings: the workspace's plan template (admins only)."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from keyfolio.core.forms import save_form
from keyfolio.core.htmx import fragment_or_page, fragment_or_redirect
from keyfolio.core.versions import atomic_post, lock
from keyfolio.plans import services
from keyfolio.plans.forms import NewQuestionForm, QuestionForm
from keyfolio.plans.models import PlanQuestion
from keyfolio.workspaces.access import workspace_view
from keyfolio.workspaces.models import Role


def _questions(request):
    """The workspace's questions in order, each with how many plans answer it."""
    answered = Count("answers", filter=~Q(answers__text=""))
    return PlanQuestion.objects.filter(workspace=request.workspace).annotate(answer_count=answered)


def _question_for(request, question_id: int) -> PlanQuestion:
    return get_object_or_404(_questions(request), pk=question_id)


@workspace_view(min_role=Role.ADMIN)
def questions(request):
    form = NewQuestionForm(request.POST or None)

    def save(data):
        return services.question_create(workspace=request.workspace, **data)

    if request.method == "POST" and (created := save_form(form, save)) is not None:
        messages.success(request, _("Question “%(key)s” added.") % {"key": created.key})
        return redirect("plans:questions", request.workspace.slug)
    return render(
        request, "plans/questions.html", {"questions": list(_questions(request)), "form": form}
    )


@workspace_view(min_role=Role.ADMIN)
def question(request, question_id: int):
    """One row of the template, read-only (what "Cancel" swaps back in)."""
    context = {"question": _question_for(request, question_id)}
    return render(request, "plans/_question_row.html", context)


@workspace_view(min_role=Role.ADMIN)
@atomic_post
def question_edit(request, question_id: int):
    item = lock(_question_for(request, question_id))
    form = QuestionForm(request.POST or None, instance=item, auto_id=f"question-{item.pk}-%s")
    if request.method == "POST":
        saved = save_form(form, lambda data: services.question_save(question=item, **data))
        if saved is not None:
            return fragment_or_redirect(
                request,
                "plans/_question_row.html",
                lambda: {"question": _question_for(request, question_id)},
                to=reverse("plans:questions", args=[request.workspace.slug]),
            )
    context = {"question": item, "form": form}
    return fragment_or_page(
        request, "plans/_question_form_row.html", context, page="plans/question_edit.html"
    )
