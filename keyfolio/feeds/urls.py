from django.urls import path

from keyfolio.feeds import views

app_name = "feeds"
urlpatterns = [
    path("calendar-feed/", views.calendar_settings, name="calendar"),
    path("calendar-feed/new/", views.calendar_create, name="calendar_create"),
    path("calendar-feed/off/", views.calendar_revoke, name="calendar_revoke"),
]
