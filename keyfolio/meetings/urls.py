from django.urls import path

from keyfolio.meetings import views

app_name = "meetings"

MEETING = "accounts/<int:pk>/meetings/<int:meeting_pk>/"

urlpatterns = [
    path("accounts/<int:pk>/meetings/", views.index, name="index"),
    path("accounts/<int:pk>/meetings/new/", views.create, name="create"),
    path(MEETING, views.detail, name="detail"),
    path(MEETING + "edit/", views.edit, name="edit"),
    path(MEETING + "outcome/", views.outcome, name="outcome"),
    path(MEETING + "brief.pdf", views.pdf, name="pdf"),
    path(MEETING + "invite.ics", views.invitation, name="ics"),
]
