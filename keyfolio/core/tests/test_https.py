"""The HTTPS settings that docs/deployment.md turns on in production."""

import pytest

HTTPS_BEHIND_PROXY = {"HTTP_X_FORWARDED_PROTO": "https"}


@pytest.fixture
def https_settings(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True


def test_it_redirects_plain_http_to_https(client, db, https_settings):
    response = client.get("/login/")
    assert response.status_code == 301
    assert response.url == "https://testserver/login/"


def test_it_trusts_the_proxy_header_and_sends_hsts(client, db, https_settings):
    response = client.get("/login/", **HTTPS_BEHIND_PROXY)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


def test_it_answers_the_health_check_over_plain_http(client, db, https_settings):
    assert client.get("/healthz").status_code == 200


def test_it_sends_no_hsts_over_plain_http_in_development(client, db):
    response = client.get("/login/")
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response
