from django.urls import path

from keyfolio.revenue import views

app_name = "revenue"
urlpatterns = [
    path("accounts/<int:pk>/revenue/", views.index, name="index"),
    path("accounts/<int:pk>/revenue.<export_format:file_format>", views.export, name="export"),
    path("accounts/<int:pk>/revenue/<int:year>/<int:month>/", views.month, name="month"),
    path("accounts/<int:pk>/revenue/target/", views.target, name="target"),
    path("accounts/<int:pk>/revenue/import/", views.import_file, name="import"),
    path("accounts/<int:pk>/whitespace/centres/add/", views.centre_add, name="centre_add"),
    path(
        "accounts/<int:pk>/whitespace/centres/<int:centre_pk>/",
        views.centre_edit,
        name="centre_edit",
    ),
    path(
        "accounts/<int:pk>/whitespace/centres/<int:centre_pk>/delete/",
        views.centre_delete,
        name="centre_delete",
    ),
    path(
        "accounts/<int:pk>/whitespace/<int:centre_pk>/<int:offering_pk>/",
        views.cell,
        name="cell",
    ),
    path("accounts/<int:pk>/opportunities/add/", views.opportunity_add, name="opportunity_add"),
    path(
        "accounts/<int:pk>/opportunities/<int:opportunity_pk>/",
        views.opportunity_edit,
        name="opportunity_edit",
    ),
    path(
        "accounts/<int:pk>/opportunities/<int:opportunity_pk>/delete/",
        views.opportunity_remove,
        name="opportunity_delete",
    ),
    path(
        "accounts/<int:pk>/opportunities/<int:opportunity_pk>/won/",
        views.opportunity_won,
        name="opportunity_won",
    ),
    path("settings/offerings/", views.offerings, name="offerings"),
    path("settings/offerings/<int:offering_pk>/", views.offering_edit, name="offering_edit"),
    path(
        "settings/offerings/<int:offering_pk>/move/",
        views.move_offering,
        name="offering_move",
    ),
]
