"""The API itself (outside /w/<slug>/: its token names the workspace)."""

from django.urls import path, re_path

from keyfolio.api.ninja_api import api, not_found

urlpatterns = [
    path("", api.urls),
    # Any rest of the path, a newline in it too.
    re_path(r"^(?P<rest>[\s\S]*)$", not_found),
]
