from django.test import Client


def test_the_openapi_schema_lists_the_endpoints_of_the_accounts_objects(db):
    paths = set(Client().get("/api/v1/openapi.json").json()["paths"])
    assert {
        "/api/v1/contacts",
        "/api/v1/contacts/{pk}",
        "/api/v1/opportunities",
        "/api/v1/opportunities/{pk}",
        "/api/v1/opportunities/{pk}/book",
        "/api/v1/activities",
        "/api/v1/activities/{pk}",
        "/api/v1/actions",
        "/api/v1/actions/{pk}",
        "/api/v1/actions/{pk}/complete",
    } <= paths
