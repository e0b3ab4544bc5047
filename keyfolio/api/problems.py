"""One shape for every error of the API: RFC 9457 problem details.

    HTTP/1.1 422 Unprocessable Content
    Content-Type: application/problem+json

    {"type": "https://keyfolio.dev/problems/validation", "title": "Invalid request",
     "status": 422, "detail": "...", "errors": {"name": ["..."]}}

`errors` (field → messages) comes with the 422s only. Every exception the handlers of
the API can meet is turned into one (`install`), ninja's own validation errors too.
"""

import functools
import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "https://keyfolio.dev/problems/"


class Problem(Exception):
    """An error a handler raises to answer with a problem: `kind` names its type."""

    def __init__(
        self,
        status: int,
        kind: str,
        detail: str,
        *,
        errors: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(detail)
        self.status, self.kind, self.detail = status, kind, detail
        self.errors = errors
        self.headers = headers or {}


def _titles() -> dict[str, str]:
    return {
        "unauthorized": _("Not authenticated"),
        "forbidden": _("Not allowed"),
        "not-found": _("Not found"),
        "method-not-allowed": _("Method not allowed"),
        "precondition-failed": _("Changed since read"),
        "precondition-required": _("Version required"),
        "validation": _("Invalid request"),
        "too-many-requests": _("Too many requests"),
        "bad-request": _("Bad request"),
    }


def problem_response(problem: Problem) -> HttpResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + problem.kind,
        "title": _titles().get(problem.kind, problem.kind),
        "status": problem.status,
        "detail": problem.detail,
    }
    if problem.errors is not None:
        body["errors"] = problem.errors
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=problem.status, content_type=CONTENT_TYPE
    )
    for name, value in problem.headers.items():
        response[name] = value
    return response


def unauthorized(detail: str) -> Problem:
    return Problem(401, "unauthorized", detail, headers={"WWW-Authenticate": "Bearer"})


def validation_problem(errors: dict[str, list[str]]) -> Problem:
    return Problem(
        422, "validation", _("Some fields are missing or invalid: see errors."), errors=errors
    )


def _field(location: tuple) -> str:
    """The name of the field a pydantic error is about: "body.name" → "name"."""
    parts = [str(part) for part in location if part not in {"body", "payload", "query", "path"}]
    return ".".join(parts) or "__all__"


def field_errors_of_ninja(exc: NinjaValidationError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field(tuple(error.get("loc", ()))), []).append(str(error.get("msg")))
    return errors


def field_errors_of_django(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def _nul_sent(request: HttpRequest) -> bool:
    """Whether the query or the JSON body holds the NUL character, which no text column
    of PostgreSQL can hold (psycopg refuses it, even in a lookup)."""
    if any(_holds_nul(key) or _holds_nul(values) for key, values in request.GET.lists()):
        return True
    if not request.body:
        return False
    try:
        return _holds_nul(json.loads(request.body))
    except ValueError:
        return False  # Not JSON: ninja answers that itself.


def guarded(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """`view` refusing text with a NUL character before it reaches a query, and with its
    plain 405 (a method the path does not take) as a problem that keeps the Allow
    header."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if _nul_sent(request):
            return problem_response(
                validation_problem({"__all__": [_("Text may not hold the NUL character.")]})
            )
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type") == CONTENT_TYPE:
            return response
        allowed = {"Allow": response["Allow"]} if response.has_header("Allow") else {}
        return problem_response(
            Problem(
                405,
                "method-not-allowed",
                _("This path does not take %(method)s.") % {"method": request.method},
                headers=allowed,
            )
        )

    return wrapped


def install(api: NinjaAPI) -> None:
    """Answer every error the API raises with a problem."""

    def handle(exception_class):
        return api.exception_handler(exception_class)

    @handle(Problem)
    def on_problem(request: HttpRequest, exc: Problem) -> HttpResponse:
        return problem_response(exc)

    @handle(AuthenticationError)
    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem_response(
            unauthorized(_("Send a valid API token: Authorization: Bearer <token>."))
        )

    @handle(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        kinds = {400: "bad-request", 403: "forbidden", 404: "not-found", 405: "method-not-allowed"}
        return problem_response(
            Problem(exc.status_code, kinds.get(exc.status_code, "error"), str(exc))
        )

    @handle(NinjaValidationError)
    def on_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return problem_response(validation_problem(field_errors_of_ninja(exc)))

    @handle(DjangoValidationError)
    def on_refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return problem_response(validation_problem(field_errors_of_django(exc)))

    @handle(OverflowError)
    def on_overflow(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        # SQLite refuses an integer past 64 bits (an id of 10^30, say) with this error;
        # PostgreSQL simply finds nothing.
        return problem_response(validation_problem({"__all__": [_("A number is too large.")]}))

    @handle(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem_response(
            Problem(404, "not-found", _("There is no such object, or you may not see it."))
        )

    @handle(PermissionDenied)
    def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return problem_response(
            Problem(403, "forbidden", _("Your role in this workspace does not allow this."))
        )


PROBLEM_SCHEMA = {
    "title": "Problem",
    "description": "RFC 9457 problem details; `errors` (field → messages) with 422s only.",
    "type": "object",
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["type", "title", "status", "detail"],
}

# The problems any operation may answer with, and those only a write may.
EVERY_OPERATION = {
    "401": "No or bad token",
    "403": "Your role or a read-only token does not allow it",
    "404": "No such object, or one you may not see",
    "422": "Invalid input",
    "429": "Too many requests",
}
WRITES_WITH_VERSIONS = {
    "412": "Changed since you read it",
    "428": "The change names no version (If-Match)",
}


def document(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the problems to every operation of an OpenAPI schema, so that a client (or a
    generated one) knows every status it may meet and the one shape they come in."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    content = {CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for operations in schema["paths"].values():
        for method, operation in operations.items():
            problems = dict(EVERY_OPERATION)
            if "requestBody" in operation:
                problems["400"] = "The body is not JSON"
            if method in {"put", "patch"}:
                problems |= WRITES_WITH_VERSIONS
            for status, description in problems.items():
                operation["responses"].setdefault(
                    status, {"description": description, "content": content}
                )
    return schema
