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
]
