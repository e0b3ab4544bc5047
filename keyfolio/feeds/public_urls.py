"""The feed itself, outside /w/<slug>/: its token names the workspace and the person."""

from django.urls import path

from keyfolio.feeds import views

app_name = "feeds_public"
urlpatterns = [
    path("<str:feed_token>.ics", views.calendar_feed, name="calendar"),
]
