"""The public survey links, outside /w/<slug>/ so that a link names no workspace."""

from django.urls import path

from keyfolio.surveys import public

app_name = "surveys_public"

urlpatterns = [
    path("<str:survey_token>/", public.answer, name="answer"),
    path("<str:survey_token>/stop/", public.opt_out, name="opt_out"),
]
