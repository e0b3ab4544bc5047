from django.urls import path

from keyfolio.assessments import views

app_name = "assessments"
urlpatterns = [
    path("accounts/<int:pk>/assess/", views.create, name="create"),
    path("accounts/<int:pk>/assess/preview/", views.preview_panel, name="preview"),
    path("assessments/<int:pk>/", views.detail, name="detail"),
    path("assessments/<int:pk>/edit/", views.edit, name="edit"),
    path("assessments/<int:pk>/edit/preview/", views.edit_preview_panel, name="edit_preview"),
    path("settings/methodology/", views.methodology, name="methodology"),
]
