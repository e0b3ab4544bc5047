from django.urls import path

from keyfolio.intel import views

app_name = "intel"
urlpatterns = [
    path("accounts/<int:pk>/intelligence/", views.index, name="index"),
    path("accounts/<int:pk>/intelligence/notes/new/", views.note_create, name="note_create"),
    path(
        "accounts/<int:pk>/intelligence/notes/<int:note_pk>/edit/",
        views.note_edit,
        name="note_edit",
    ),
    path(
        "accounts/<int:pk>/intelligence/notes/<int:note_pk>/delete/",
        views.note_delete,
        name="note_delete",
    ),
    path(
        "accounts/<int:pk>/intelligence/competitors/new/",
        views.presence_create,
        name="presence_create",
    ),
    path(
        "accounts/<int:pk>/intelligence/competitors/<int:presence_pk>/edit/",
        views.presence_edit,
        name="presence_edit",
    ),
    path(
        "accounts/<int:pk>/intelligence/competitors/<int:presence_pk>/delete/",
        views.presence_delete,
        name="presence_delete",
    ),
    path("settings/competitors/", views.competitors, name="competitors"),
    path(
        "settings/competitors/<int:competitor_pk>/rename/",
        views.competitor_rename,
        name="competitor_rename",
    ),
    path(
        "settings/competitors/<int:competitor_pk>/delete/",
        views.competitor_delete,
        name="competitor_delete",
    ),
]
