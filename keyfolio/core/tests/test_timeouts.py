"""The request budget: SQLite queries interrupted past it, PostgreSQL statements
cancelled past it, and a 503 page that says so."""

import pytest
from django.db import OperationalError, connection, connections
from django.test import RequestFactory

from keyfolio.core.tests.slow_urls import count_to
from keyfolio.core.timeouts import RequestBudgetMiddleware, is_timeout, request_budget
from keyfolio.settings import _database_from_env

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="SQLite's progress handler",
)
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL's statement timeout",
)


@sqlite_only
@pytest.mark.django_db
def test_sqlite_interrupts_a_query_past_the_budget():
    with request_budget(0), pytest.raises(OperationalError) as stopped:  # Already spent.
        count_to(1_000_000)
    assert is_timeout(stopped.value)


@sqlite_only
@pytest.mark.django_db
def test_sqlite_lets_queries_run_outside_a_request_and_within_the_budget():
    assert count_to(100_000) == 100_000  # No request: no budget (commands, the worker).
    with request_budget(3600):
        assert count_to(100_000) == 100_000
    with request_budget(0):
        pass
    assert count_to(100_000) == 100_000  # The budget ended with its request.


@sqlite_only
@pytest.mark.urls("keyfolio.core.tests.slow_urls")
def test_a_request_stopped_by_the_budget_gets_a_503_page(client, db, settings):
    settings.REQUEST_TIMEOUT_SECONDS = 0
    response = client.get("/slow/")
    assert response.status_code == 503
    assert "The request was stopped after 0 seconds" in response.content.decode()
    assert response["Retry-After"] == "60"


@sqlite_only
@pytest.mark.urls("keyfolio.core.tests.slow_urls")
def test_a_download_streams_on_after_its_view_returned(client, db, settings):
    settings.REQUEST_TIMEOUT_SECONDS = 0
    response = client.get("/download/")
    assert b"".join(response.streaming_content) == b"200000"


def test_other_database_errors_are_not_timeouts():
    assert not is_timeout(OperationalError("database is locked"))
    assert not is_timeout(ValueError("interrupted"))
    request = RequestFactory().get("/")
    middleware = RequestBudgetMiddleware(lambda request: None)
    assert middleware.process_exception(request, OperationalError("no such table: x")) is None


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_postgresql_cancels_a_statement_of_the_web_application_past_the_budget(monkeypatch):
    # The OPTIONS the web application's connections get, as the settings build them.
    monkeypatch.setattr("keyfolio.settings.REQUEST_TIMEOUT_SECONDS", 1)
    monkeypatch.setenv("DATABASE_URL", "postgres://keyfolio@127.0.0.1:5432/keyfolio")
    options = _database_from_env(web=True)["OPTIONS"]
    web = connections["default"].__class__(
        {**connection.settings_dict, "OPTIONS": {**connection.settings_dict["OPTIONS"], **options}},
        alias="web",
    )
    try:
        with pytest.raises(OperationalError) as stopped, web.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(3)")
        assert is_timeout(stopped.value)
        assert "statement timeout" in str(stopped.value)
        with web.cursor() as cursor:  # The connection goes on serving.
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)
    finally:
        web.close()
    # Commands and the worker (and the tests) connect without it.
    with connections["default"].cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == ("0",)
