from django.urls import path

from keyfolio.surveys import views

app_name = "surveys"

urlpatterns = [
    path("accounts/<int:pk>/surveys/", views.account_surveys, name="account"),
    path("accounts/<int:pk>/surveys/send/", views.account_send, name="account_send"),
    path(
        "accounts/<int:pk>/surveys.<export_format:file_format>",
        views.account_export,
        name="account_export",
    ),
    path("surveys/send/", views.audience_send, name="audience"),
    path("surveys/settings/", views.workspace_settings, name="settings"),
    path("surveys/settings/survey/", views.template_edit, name="template_edit"),
    path("surveys/settings/questions/new/", views.question_add, name="question_add"),
    path(
        "surveys/settings/questions/<int:survey_question_pk>/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        "surveys/settings/questions/<int:survey_question_pk>/move/",
        views.question_move,
        name="question_move",
    ),
    path(
        "surveys/settings/questions/<int:survey_question_pk>/remove/",
        views.question_remove,
        name="question_remove",
    ),
    path("surveys/settings/preview/", views.preview, name="preview"),
]
