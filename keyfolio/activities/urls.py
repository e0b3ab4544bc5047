from django.urls import path

from keyfolio.activities import views

app_name = "activities"

ACTIVITY = "accounts/<int:pk>/activities/<int:activity_pk>/"

urlpatterns = [
    path("accounts/<int:pk>/activities/", views.timeline, name="timeline"),
    path("accounts/<int:pk>/activities/new/", views.create, name="create"),
    path(ACTIVITY, views.edit, name="edit"),
    path(ACTIVITY + "delete/", views.delete, name="delete"),
]
