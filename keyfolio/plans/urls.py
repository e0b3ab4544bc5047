from django.urls import path

from keyfolio.plans.views import plan, questions, register

app_name = "plans"

_plan = "accounts/<int:pk>/plan/<int:plan_id>/"
_action = "accounts/<int:pk>/actions/<int:action_id>/"
urlpatterns = [
    path("accounts/<int:pk>/plan/", plan.plan, name="plan"),
    path("accounts/<int:pk>/plan/new/", plan.plan_new, name="new"),
    path(f"{_plan}edit/", plan.plan_edit, name="edit"),
    path(f"{_plan}review/", plan.plan_review, name="review"),
    path(f"{_plan}figures/", plan.figures, name="figures"),
    path(f"{_plan}figures/edit/", plan.figures_edit, name="figures_edit"),
    path(f"{_plan}answers/<int:question_id>/", plan.answer, name="answer"),
    path(f"{_plan}answers/<int:question_id>/edit/", plan.answer_edit, name="answer_edit"),
    # Objectives and risks belong to a plan.
    path(f"{_plan}objectives/new/", register.objective_new, name="objective_new"),
    path(f"{_plan}objectives/<int:objective_id>/", register.objective, name="objective"),
    path(
        f"{_plan}objectives/<int:objective_id>/edit/",
        register.objective_edit,
        name="objective_edit",
    ),
    path(
        f"{_plan}objectives/<int:objective_id>/delete/",
        register.objective_delete,
        name="objective_delete",
    ),
    path(f"{_plan}risks/new/", register.risk_new, name="risk_new"),
    path(f"{_plan}risks/<int:risk_id>/", register.risk, name="risk"),
    path(f"{_plan}risks/<int:risk_id>/edit/", register.risk_edit, name="risk_edit"),
    path(f"{_plan}risks/<int:risk_id>/delete/", register.risk_delete, name="risk_delete"),
    # Actions belong to the account; `?plan=` names the plan the tab shows.
    path("accounts/<int:pk>/actions/new/", register.action_new, name="action_new"),
    path(_action, register.action, name="action"),
    path(f"{_action}edit/", register.action_edit, name="action_edit"),
    path(f"{_action}complete/", register.action_complete, name="action_complete"),
    path(f"{_action}delete/", register.action_delete, name="action_delete"),
    # Settings: the workspace's plan template.
    path("settings/plan-questions/", questions.questions, name="questions"),
    path("settings/plan-questions/<int:question_id>/", questions.question, name="question"),
    path(
        "settings/plan-questions/<int:question_id>/edit/",
        questions.question_edit,
        name="question_edit",
    ),
]
