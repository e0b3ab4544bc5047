"""The public survey links, outside /w/<slug>/ so that a link names no workspace."""

from django.urls import path, re_path

from keyfolio.surveys import public

app_name = "surveys_public"

urlpatterns = [
    path("<str:survey_token>/", public.answer, name="answer"),
    path("<str:survey_token>/stop/", public.opt_out, name="opt_out"),
    # Anything else under /s/ (a link cut short, mangled by a mail client) gets the same
    # page as a wrong token, not the site's own 404.
    re_path(r"^.*$", public.unavailable),
]
