from datetime import timedelta

from django.core.cache import cache

from keyfolio.api.models import ApiToken
from keyfolio.api.services import api_token_revoke
from keyfolio.api.tests.conftest import api_client, token_for

URL = "/api/v1/accounts"


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://keyfolio.dev/problems/")
    assert body["title"] and body["detail"]
    return body


def test_it_requires_a_token(world):
    response = api_client(None).get(URL)
    assert_problem(response, 401)
    assert response["WWW-Authenticate"] == "Bearer"


def test_it_refuses_a_bad_token(world):
    assert_problem(api_client("x" * 43).get(URL), 401)
    assert_problem(api_client("not a token").get(URL), 401)


def test_it_refuses_a_revoked_token(world):
    token = token_for(world.manager, world.workspace)
    assert api_client(token).get(URL).status_code == 200
    api_token_revoke(token=ApiToken.objects.get())
    assert_problem(api_client(token).get(URL), 401)


def test_it_refuses_a_token_of_someone_no_longer_active(world):
    token = token_for(world.manager, world.workspace)
    world.manager.is_active = False
    world.manager.save()
    assert_problem(api_client(token).get(URL), 401)


def test_a_token_reads_its_own_workspace_only(world):
    token = token_for(world.stranger, world.other_workspace)
    names = [item["name"] for item in api_client(token).get(URL).json()["items"]]
    assert names == ["Initech"]
    assert_problem(api_client(token).get(f"{URL}/{world.account.pk}"), 404)


def test_it_locks_out_an_address_after_repeated_bad_tokens(world, settings):
    settings.API_BAD_TOKENS_PER_ADDRESS = 3
    good = token_for(world.manager, world.workspace)
    for _ in range(3):
        assert_problem(api_client("y" * 43).get(URL), 401)
    # Locked out: even a good token waits for the window to end.
    response = api_client(good).get(URL)
    assert_problem(response, 429)
    assert int(response["Retry-After"]) == settings.API_BAD_TOKEN_WINDOW_SECONDS
    cache.clear()
    assert api_client(good).get(URL).status_code == 200


def test_it_limits_the_requests_of_a_token(world, settings):
    settings.API_REQUESTS_PER_MINUTE = 2
    client = api_client(token_for(world.manager, world.workspace))
    assert client.get(URL).status_code == 200
    assert client.get(URL).status_code == 200
    response = client.get(URL)
    assert_problem(response, 429)
    assert response["Retry-After"] == "60"
    # Another token of the same person has its own count.
    assert api_client(token_for(world.manager, world.workspace)).get(URL).status_code == 200


def test_it_notes_the_last_use_at_most_once_a_minute(world):
    client = api_client(token_for(world.manager, world.workspace))
    client.get(URL)
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    client.get(URL)
    assert ApiToken.objects.get().last_used_at == first
    ApiToken.objects.update(last_used_at=first - timedelta(minutes=2))
    client.get(URL)
    assert ApiToken.objects.get().last_used_at > first


def test_unknown_paths_are_problems_too(world):
    assert_problem(api_client(None).get("/api/v1/nothing-here"), 404)


def test_an_unknown_path_is_a_404_problem_even_with_a_newline_in_it(world):
    client = api_client(token_for(world.manager, world.workspace))
    assert "no such endpoint" in assert_problem(client.get("/api/v1/nowhere"), 404)["detail"]
    assert_problem(client.get("/api/v1/assessments/%02%0A%108"), 404)


def test_a_method_a_path_does_not_take_is_a_405_problem_with_allow(world):
    client = api_client(token_for(world.manager, world.workspace))
    response = client.delete(URL)
    assert "DELETE" in assert_problem(response, 405)["detail"]
    assert set(response["Allow"].split(", ")) == {"GET", "POST"}


def test_the_schema_documents_the_problems_of_every_operation(db):
    schema = api_client(None).get("/api/v1/openapi.json").json()
    assert schema["components"]["schemas"]["Problem"]["required"] == [
        "type",
        "title",
        "status",
        "detail",
    ]
    for operations in schema["paths"].values():
        for method, operation in operations.items():
            documented = set(operation["responses"])
            assert {"401", "403", "404", "422", "429"} <= documented, (method, operation)
            if method in {"put", "patch"}:
                assert {"400", "412", "428"} <= documented


def test_an_id_past_64_bits_is_a_problem_not_a_server_error(world):
    client = api_client(token_for(world.manager, world.workspace))
    huge = "753313637879809966080"
    # No such account: PostgreSQL finds none, SQLite refuses the number (a 422).
    listed = client.get(f"/api/v1/opportunities?account=-{huge}")
    assert listed.status_code == 422 or listed.json()["items"] == [], listed.content
    assert client.get(f"/api/v1/accounts/{huge}").status_code in {404, 422}


def test_text_with_a_nul_character_is_refused_and_changes_nothing(world):
    client = api_client(token_for(world.manager, world.workspace))
    url = f"/api/v1/accounts/{world.account.pk}"
    response = client.patch(
        url,
        '{"segment": "Re\\u0000tail"}',
        content_type="application/json",
        headers={"If-Match": "*"},
    )
    assert "NUL" in assert_problem(response, 422)["errors"]["__all__"][0]
    assert_problem(client.get("/api/v1/accounts?segment=a%00b"), 422)
    world.account.refresh_from_db()
    assert world.account.segment == ""


def test_an_opportunitys_currency_is_a_three_letter_code(world):
    client = api_client(token_for(world.manager, world.workspace))
    sent = {
        "account": world.account.pk,
        "name": "Retrofit",
        "amount": "10",
        "currency": "EURO",
        "expected_close": "2026-06-30",
    }
    response = client.post("/api/v1/opportunities", sent, content_type="application/json")
    assert "currency" in assert_problem(response, 422)["errors"]
