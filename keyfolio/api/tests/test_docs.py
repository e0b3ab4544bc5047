import importlib
import inspect
import pkgutil

from django.test import Client
from ninja import Schema

import keyfolio.api


def test_the_openapi_schema_is_public_and_lists_the_accounts_endpoints(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert {"/api/v1/accounts", "/api/v1/accounts/{pk}", "/api/v1/accounts/{pk}/archive"} <= set(
        schema["paths"]
    )


def test_the_docs_come_from_our_own_static_files_under_a_strict_csp(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "vendor/swagger-ui/swagger-ui-bundle.js" in html and "keyfolio/js/api-docs.js" in html
    assert "cdn" not in html.lower()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<script>" not in html


def test_no_two_schemas_of_the_api_share_a_name():
    """The OpenAPI components are keyed by class name: a second schema of the same name
    would silently stand for the first in the documentation (it once did: the revenue
    entry of a booking)."""
    owners: dict[str, list[str]] = {}
    for module_info in pkgutil.iter_modules(keyfolio.api.__path__):
        module = importlib.import_module(f"keyfolio.api.{module_info.name}")
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, Schema)
                and value.__module__ == module.__name__
            ):
                owners.setdefault(name, []).append(module.__name__)
    assert {name: where for name, where in owners.items() if len(where) > 1} == {}
    assert len(owners) > 20
