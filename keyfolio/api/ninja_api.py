"""The REST API, /api/v1/: one NinjaAPI whose every operation wants a bearer token
(keyfolio.api.auth) and whose every error is a problem (keyfolio.api.problems).

Its OpenAPI schema is at /api/v1/openapi.json and its interactive docs at /api/v1/docs,
both open to all: they say what the API does, not what a workspace holds. The docs are
Swagger UI from our own static files (swagger-ui-dist, copied by `make setup`), so that
they work offline and under our Content-Security-Policy, which allows no inline script.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Swagger

from keyfolio.api import accounts, actions, activities, contacts, opportunities, problems
from keyfolio.api.assessments import router as assessments_router
from keyfolio.api.attention import router as attention_router
from keyfolio.api.auth import TokenAuth
from keyfolio.api.meetings import router as meetings_router
from keyfolio.api.plans import router as plans_router
from keyfolio.api.portfolio import router as portfolio_router
from keyfolio.api.revenue import router as revenue_router
from keyfolio.api.surveys import router as surveys_router


class LocalSwagger(Swagger):
    """Swagger UI from keyfolio/static/vendor/swagger-ui, started by our script."""

    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        return render(request, self.template, {"api": api, "swagger_settings": self.settings})


class KeyfolioAPI(NinjaAPI):
    """Ninja's API whose schema also lists the problems every operation may answer, and
    whose paths refuse text with a NUL character and answer a method they do not take
    with a problem too (ninja's own 405 is plain text, and reaches no exception
    handler)."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return problems.document(super().get_openapi_schema(**kwargs))

    def _get_urls(self) -> list:
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = problems.guarded(pattern.callback)
        return patterns


api = KeyfolioAPI(
    title="Keyfolio API",
    version="1",
    description=(
        "Read and write a workspace's key accounts. Send a personal API token (made on the "
        "API tokens page of your menu) as `Authorization: Bearer <token>`. Errors are "
        "`application/problem+json` (RFC 9457). See docs/api.md."
    ),
    urls_namespace="api",
    auth=TokenAuth(),
    docs=LocalSwagger(settings={"persistAuthorization": False}),
)
problems.install(api)
api.add_router("/", accounts.router)
api.add_router("/", contacts.router)
api.add_router("/", opportunities.router)
api.add_router("/", activities.router)
api.add_router("/", actions.router)
api.add_router("/", meetings_router)
api.add_router("/", assessments_router)
api.add_router("/", portfolio_router)
api.add_router("/", plans_router)
api.add_router("/", revenue_router)
api.add_router("/", surveys_router)
api.add_router("/", attention_router)


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under /api/v1/: a 404 problem rather than the HTML 404 page."""
    return problems.problem_response(
        problems.Problem(404, "not-found", _("There is no such endpoint: see /api/v1/docs."))
    )
