"""The primary/replica router: which database each read and write goes to."""

from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyfolio.accounts.models import Account
from keyfolio.conftest import PASSWORD
from keyfolio.core.routers import PIN_COOKIE, REPLICA, PrimaryReplicaRouter, ReplicaMiddleware

router = PrimaryReplicaRouter()


def serve(
    method: str = "get", *, cookies: dict | None = None, view=None, token: str = ""
) -> tuple[list, object]:
    """Run a request through the middleware; the view notes where an account would be
    read (before and after whatever `view` does)."""
    reads = []

    def get_response(request):
        reads.append(router.db_for_read(Account))
        if view:
            view()
        reads.append(router.db_for_read(Account))
        return HttpResponse()

    headers = {"Authorization": f"Bearer {token}"} if token else {}
    request = getattr(RequestFactory(), method)("/", headers=headers)
    request.COOKIES.update(cookies or {})
    return reads, ReplicaMiddleware(get_response)(request)


def test_it_reads_the_primary_outside_a_request():
    assert router.db_for_read(Account) == "default"


def test_a_read_only_request_reads_the_replica_and_pins_nobody():
    reads, response = serve("get")

    assert reads == ["replica", "replica"]
    assert PIN_COOKIE not in response.cookies
    assert router.db_for_read(Account) == "default"  # The request is over.


def test_a_request_that_changes_something_reads_the_primary():
    reads, _response = serve("post")

    assert reads == ["default", "default"]


def test_after_a_write_the_request_and_the_browsers_next_seconds_read_the_primary(settings):
    settings.DATABASE_REPLICA_PIN_SECONDS = 7

    reads, response = serve("get", view=lambda: router.db_for_write(Account))

    assert reads == ["replica", "default"]
    assert response.cookies[PIN_COOKIE]["max-age"] == 7
    assert response.cookies[PIN_COOKIE]["httponly"]


def test_a_post_that_writes_pins_the_browser():
    _reads, response = serve("post", view=lambda: router.db_for_write(Account))

    assert PIN_COOKIE in response.cookies


def test_a_pinned_browser_reads_the_primary():
    reads, _response = serve("get", cookies={PIN_COOKIE: "1"})

    assert reads == ["default", "default"]


def test_an_api_token_that_wrote_reads_the_primary_for_the_next_seconds(settings):
    """API clients keep no cookies: the pin is kept in the (shared) cache, by token."""
    settings.DATABASE_REPLICA_PIN_SECONDS = 7
    cache.clear()

    _reads, response = serve("post", token="kf_one", view=lambda: router.db_for_write(Account))
    assert PIN_COOKIE not in response.cookies

    assert serve("get", token="kf_one")[0] == ["default", "default"]
    assert serve("get", token="kf_other")[0] == ["replica", "replica"]  # Another client.
    assert serve("get")[0] == ["replica", "replica"]


def test_an_api_pin_lasts_the_pin_seconds(settings):
    settings.DATABASE_REPLICA_PIN_SECONDS = 7
    cache.clear()
    with mock.patch.object(cache, "set", wraps=cache.set) as set_:
        serve("post", token="kf_one", view=lambda: router.db_for_write(Account))
    (key, _value), kwargs = set_.call_args
    assert kwargs == {"timeout": 7}
    assert "kf_one" not in key  # A digest, never the token itself.


def test_bookkeeping_writes_pin_no_one():
    from keyfolio.api.models import ApiToken

    reads, response = serve("get", view=lambda: router.db_for_write(ApiToken))

    assert reads == ["replica", "replica"]
    assert PIN_COOKIE not in response.cookies


def test_a_failed_request_leaves_no_state_behind():
    def fail():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        serve("get", view=fail)

    assert router.db_for_read(Account) == "default"


def test_sessions_lockouts_tasks_and_tokens_are_read_from_the_primary():
    from axes.models import AccessAttempt
    from django_tasks_db.models import DBTaskResult

    from keyfolio.api.models import ApiToken
    from keyfolio.feeds.models import FeedToken

    seen = {}

    def view():
        for model in (Session, AccessAttempt, DBTaskResult, ApiToken, FeedToken, Account):
            seen[model.__name__] = router.db_for_read(model)

    serve("get", view=view)

    assert seen == {
        "Session": "default",
        "AccessAttempt": "default",
        "DBTaskResult": "default",
        "ApiToken": "default",
        "FeedToken": "default",
        "Account": "replica",
    }


@pytest.mark.django_db(transaction=True)  # No test transaction around it.
def test_reads_inside_a_transaction_go_to_the_primary():
    seen = []

    def view():
        with transaction.atomic():
            seen.append(router.db_for_read(Account))

    reads, _response = serve("get", view=view)

    assert seen == ["default"]
    assert reads == ["replica", "replica"]


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate("default", "accounts")
    assert not router.allow_migrate("replica", "accounts")


# Through Django: a "replica" alias that is a second connection to the test database (as
# DATABASE_REPLICA_URL's TEST MIRROR makes it), the router and the middleware switched on.


@pytest.fixture
def replica(transactional_db, settings):
    """The replica's connection: a second connection to the test database, whose rows
    are committed (transactional_db) so that both connections see them."""
    from django.db import connections

    # Kept open across requests: the test case refuses to open a connection it does not
    # know of, so this one is opened here, once.
    test_database = connections[DEFAULT_DB_ALIAS].settings_dict
    connections.settings[REPLICA] = {**test_database, "CONN_MAX_AGE": None}
    connections[REPLICA].connect()
    settings.DATABASE_ROUTERS = ["keyfolio.core.routers.PrimaryReplicaRouter"]
    settings.AXES_ENABLED = False
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("keyfolio.core.timeouts.RequestBudgetMiddleware") + 1,
        "keyfolio.core.routers.ReplicaMiddleware",
    )
    settings.MIDDLEWARE = middleware
    yield connections[REPLICA]
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


def queries_on(connection, call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_through_django_reads_after_a_write_go_to_the_primary(replica, world):
    client = Client()
    home = reverse("accounts:list", args=[world.slug])
    response = client.post(
        reverse("users:login"), {"username": world.director.email, "password": PASSWORD}
    )
    assert response.status_code == 302 and PIN_COOKIE in response.cookies

    # The page after the log-in: the browser is pinned, the replica is not asked.
    assert queries_on(replica, lambda: client.get(home)) == 0

    # Once the pin has lapsed, the same page reads from the replica.
    del client.cookies[PIN_COOKIE]
    assert queries_on(replica, lambda: client.get(home)) > 0
    assert world.account.name.encode() in client.get(home).content
