from django.urls import path

from keyfolio.imports import views

app_name = "imports"

urlpatterns = [
    path("imports/", views.runs, name="runs"),
    path("import/", views.upload, name="upload"),
    path("import/<int:import_run_pk>/", views.mapping, name="mapping"),
    path("import/<int:import_run_pk>/log/", views.run, name="run"),
    path("import/<int:import_run_pk>/start/", views.start, name="start"),
    path("import/<int:import_run_pk>/undo/", views.undo, name="undo"),
]
