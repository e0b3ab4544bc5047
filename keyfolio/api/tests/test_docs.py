from django.test import Client


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
