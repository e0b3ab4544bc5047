"""How a view answers htmx and a plain browser alike.

Every page that htmx edits in place also works without JavaScript, so a view has two
answers: a fragment for htmx to swap in, or a whole page (or a redirect) for the
browser. These helpers give that choice one shape everywhere:

- `render_part`: a page, or only its named part (`template#part`) for htmx;
- `fragment_or_page`: a fragment for htmx, or the same fragment framed in a page;
- `fragment_or_redirect`: after a write, the fresh fragment for htmx, or a redirect
  (with its flash message) for the browser;
- `retarget`, `trigger` and `client_redirect`: the response headers htmx obeys.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

Context = Mapping[str, Any]


def wants_fragment(request: HttpRequest) -> bool:
    """True when htmx asks for a part of the page to swap in. htmx restoring a page from
    its history asks for the whole page, so that request gets the whole page."""
    return (
        request.headers.get("HX-Request") == "true"
        and "HX-History-Restore-Request" not in request.headers
    )


def render_part(request: HttpRequest, template: str, part: str, context: Context) -> HttpResponse:
    """The whole page for a browser, only its partial `part` for htmx (a filter changed,
    a next page was asked for)."""
    name = f"{template}#{part}" if wants_fragment(request) else template
    response = render(request, name, context)
    # One URL answers two shapes: a cache must not hand the part to a browser.
    response["Vary"] = "HX-Request"
    return response


def fragment_or_page(
    request: HttpRequest,
    fragment: str,
    context: Context,
    *,
    page: str,
    page_context: Callable[[], Context] = dict,
    status: int = 200,
) -> HttpResponse:
    """The fragment alone for htmx; otherwise the page `page`, which frames it, with the
    context of both (`page_context` is only called for the page: the frame's header may
    cost queries that the fragment does not need)."""
    if wants_fragment(request):
        return render(request, fragment, context, status=status)
    return render(request, page, {**context, **page_context()}, status=status)


def fragment_or_redirect(
    request: HttpRequest,
    fragment: str,
    context: Context | Callable[[], Context],
    *,
    to: str,
    message: str = "",
) -> HttpResponse:
    """After a write: htmx gets the fresh fragment to swap in, a browser a redirect to
    `to` with `message` flashed. htmx gets no message: it would only show up on the next
    whole page, long after the change it speaks of. `context` may be a function, so that
    a redirect does not compute what only the fragment shows."""
    if wants_fragment(request):
        return render(request, fragment, context() if callable(context) else context)
    if message:
        messages.success(request, message)
    return redirect(to)


def retarget(response: HttpResponse, target: str, swap: str = "outerHTML") -> HttpResponse:
    """Have htmx swap `response` into `target` (a CSS selector) instead of the element
    that asked, e.g. a refused form into its own place rather than the list's."""
    response["HX-Retarget"] = target
    response["HX-Reswap"] = swap
    return response


def trigger(response: HttpResponse, event: str) -> HttpResponse:
    """Have htmx fire `event` on the page when `response` arrives (e.g. to close a dialog)."""
    response["HX-Trigger"] = event
    return response


def client_redirect(url: str) -> HttpResponse:
    """Have htmx load `url` as a whole page, as if the user had followed a link."""
    return HttpResponse(headers={"HX-Redirect": url})
