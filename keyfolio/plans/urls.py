from django.urls import path

from keyfolio.plans.views import plan, questions, register
from keyfolio.plans.views.register import ACTIONS, OBJECTIVES, RISKS, Register

app_name = "plans"


def _register(prefix: str, items: Register) -> list:
    """new/, <id>/, <id>/edit/ and <id>/delete/ of one of the plan's lists."""
    item, name = f"{prefix}<int:{items.id_argument}>/", items.name
    extra = {"register": items}
    return [
        path(f"{prefix}new/", register.new, extra, name=f"{name}_new"),
        path(item, register.row, extra, name=name),
        path(f"{item}edit/", register.edit, extra, name=f"{name}_edit"),
        path(f"{item}delete/", register.delete, extra, name=f"{name}_delete"),
    ]


_plan = "accounts/<int:pk>/plan/<int:plan_id>/"
_action = "accounts/<int:pk>/actions/<int:action_id>/"
urlpatterns = [
    # The plan tab itself is dossier:plan (accounts/<pk>/plan/): see dossier.views.plan.
    path("accounts/<int:pk>/plan/new/", plan.plan_new, name="new"),
    path(f"{_plan}edit/", plan.plan_edit, name="edit"),
    path(f"{_plan}review/", plan.plan_review, name="review"),
    path(f"{_plan}figures/", plan.figures, name="figures"),
    path(f"{_plan}figures/edit/", plan.figures_edit, name="figures_edit"),
    path(f"{_plan}answers/<int:question_id>/", plan.answer, name="answer"),
    path(f"{_plan}answers/<int:question_id>/edit/", plan.answer_edit, name="answer_edit"),
    # Objectives and risks belong to a plan; the register views take the list from the
    # pattern's extra arguments.
    *_register(f"{_plan}objectives/", OBJECTIVES),
    *_register(f"{_plan}risks/", RISKS),
    # Actions belong to the account; `?plan=` names the plan the tab shows.
    *_register("accounts/<int:pk>/actions/", ACTIONS),
    path(f"{_action}complete/", register.action_complete, name="action_complete"),
    # Settings: the workspace's plan template.
    path("settings/plan-questions/", questions.questions, name="questions"),
    path("settings/plan-questions/<int:question_id>/", questions.question, name="question"),
    path(
        "settings/plan-questions/<int:question_id>/edit/",
        questions.question_edit,
        name="question_edit",
    ),
]
