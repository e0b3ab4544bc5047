from django.urls import path

from keyfolio.accounts import history, stage_views, views

# The account's overview, at <int:pk>/, is composed by keyfolio.dossier (see its urls).
app_name = "accounts"
urlpatterns = [
    path("", views.index, name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/archive/", views.archive, name="archive"),
    path("<int:pk>/restore/", views.restore, name="restore"),
    path("<int:pk>/stage/", stage_views.change, name="stage_change"),
    path("<int:pk>/history/", history.account_history, name="history"),
    path("audit-trail/", history.workspace_trail, name="audit_trail"),
    path("audit-trail.csv", history.workspace_trail_csv, name="audit_trail_csv"),
]
