"""The htmx helpers: each answers htmx with a fragment and a browser with a page."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from keyfolio.core.htmx import (
    client_redirect,
    fragment_or_page,
    fragment_or_redirect,
    render_part,
    retarget,
    trigger,
    wants_fragment,
)

TEMPLATES = {
    "page.html": "{% load partials %}<main>{% partialdef list inline %}<ul>{{ n }}</ul>"
    "{% endpartialdef %}</main>",
    "_row.html": "<tr>{{ n }}</tr>",
    "frame.html": "<section>{{ title }}{% include '_row.html' %}</section>",
}

pytestmark = pytest.mark.usefixtures("locmem_templates")

HTMX = {"HX-Request": "true"}


@pytest.fixture
def locmem_templates():
    loaders = [("django.template.loaders.locmem.Loader", TEMPLATES)]
    engine = {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {"loaders": [("template_partials.loader.Loader", loaders)]},
    }
    with override_settings(TEMPLATES=[engine]):
        yield


def _request(method: str = "get", headers: dict | None = None):
    request = getattr(RequestFactory(), method)("/", headers=headers or {})
    request._messages = CookieStorage(request)
    return request


def test_it_tells_htmx_from_a_browser():
    assert wants_fragment(_request(headers=HTMX))
    assert not wants_fragment(_request())
    assert not wants_fragment(_request(headers={"HX-Request": "false"}))


def test_it_gives_a_history_restore_the_whole_page():
    restore = {**HTMX, "HX-History-Restore-Request": "true"}
    assert not wants_fragment(_request(headers=restore))


def test_render_part_answers_htmx_with_the_part_only():
    response = render_part(_request(headers=HTMX), "page.html", "list", {"n": 3})
    assert response.content == b"<ul>3</ul>"
    assert response["Vary"] == "HX-Request"


def test_render_part_answers_a_browser_with_the_page():
    response = render_part(_request(), "page.html", "list", {"n": 3})
    assert response.content == b"<main><ul>3</ul></main>"
    assert response["Vary"] == "HX-Request"


def test_fragment_or_page_frames_the_fragment_for_a_browser_only():
    def frame():
        return {"title": "Edit"}

    fragment = fragment_or_page(
        _request(headers=HTMX), "_row.html", {"n": 1}, page="frame.html", page_context=frame
    )
    page = fragment_or_page(
        _request(), "_row.html", {"n": 1}, page="frame.html", page_context=frame, status=400
    )
    assert fragment.content == b"<tr>1</tr>"
    assert page.content == b"<section>Edit<tr>1</tr></section>"
    assert page.status_code == 400


def test_fragment_or_page_does_not_build_the_frame_for_htmx():
    def frame():
        raise AssertionError("the frame's context was built for a fragment")

    response = fragment_or_page(
        _request(headers=HTMX), "_row.html", {"n": 1}, page="frame.html", page_context=frame
    )
    assert response.status_code == 200


def test_fragment_or_redirect_gives_htmx_the_fresh_fragment_without_a_message():
    request = _request("post", HTMX)
    response = fragment_or_redirect(request, "_row.html", {"n": 2}, to="/back/", message="Saved.")
    assert response.status_code == 200
    assert response.content == b"<tr>2</tr>"
    assert list(get_messages(request)) == []


def test_fragment_or_redirect_sends_a_browser_back_with_the_message():
    request = _request("post")

    def context():
        raise AssertionError("the fragment's context was built for a redirect")

    response = fragment_or_redirect(request, "_row.html", context, to="/back/", message="Saved.")
    assert response.status_code == 302
    assert response["Location"] == "/back/"
    assert [str(m) for m in get_messages(request)] == ["Saved."]


def test_fragment_or_redirect_calls_a_context_function_for_htmx():
    response = fragment_or_redirect(_request("post", HTMX), "_row.html", lambda: {"n": 5}, to="/")
    assert response.content == b"<tr>5</tr>"


def test_retarget_and_trigger_set_the_headers_htmx_obeys():
    response = trigger(retarget(HttpResponse(), "#grid"), "kf-dialog-close")
    assert response["HX-Retarget"] == "#grid"
    assert response["HX-Reswap"] == "outerHTML"
    assert response["HX-Trigger"] == "kf-dialog-close"
    assert retarget(HttpResponse(), "#slot", "innerHTML")["HX-Reswap"] == "innerHTML"


def test_client_redirect_has_htmx_load_a_whole_page():
    response = client_redirect("/timeline/")
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/timeline/"
