"""Reads from a replica, writes to the primary (settings: DATABASE_REPLICA_URL).

A streaming replica of PostgreSQL is a moment behind the primary. Reading from it is
safe only where that moment cannot show: so the replica serves the reads of web requests
that only read (GET, HEAD, OPTIONS) and have not written, and nothing else.

- Writes, and every read of a request that changes something (POST, PUT, PATCH,
  DELETE), of a management command, of the worker and of the tests, go to the primary.
- A request that writes reads the primary from then on (read-after-write), and its
  response sets a short-lived cookie (DATABASE_REPLICA_PIN_SECONDS) that sends the same
  browser's next requests to the primary too: the page after a form's redirect shows
  what the form saved, even if the replica has not caught up.
- Inside a transaction the primary answers every read, so that a read and the writes
  around it see one state.
- Sessions, lock-outs (axes), API tokens and queued tasks are read from the primary
  always: a replica behind would log someone out, miss a lock-out, refuse a token just
  made (and count it as a bad one) or take one just revoked, or run a task twice.
- Migrations run on the primary only; the replica receives them by replication.

- Clients of the REST API keep no cookies: their pin is kept in the cache (shared by
  every server when REDIS_URL is set) under a digest of their bearer token, for as long.
  A script that writes and then reads with the same token reads what it wrote.
"""

import hashlib
import threading
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PIN_COOKIE = "keyfolio_primary"
READ_ONLY_METHODS = {"GET", "HEAD", "OPTIONS"}
# App labels: Django's sessions, django-axes, our API and calendar-feed tokens (a token
# just made works at once, a revoked one stops at once), django-tasks-db (whose label
# differs from its name).
PRIMARY_ONLY_APPS = {"sessions", "axes", "api", "feeds", "django_tasks_database"}
# Bookkeeping that a request writes as it goes (when a token or a session was last
# used): no page shows it, so writing it pins no one to the primary.
UNSEEN_WRITES = {"api.apitoken", "logins.usersession"}

# What the current thread's request allows; threads outside a request read the primary.
_request = threading.local()


def _replica_allowed() -> bool:
    return getattr(_request, "replica_allowed", False) and not getattr(_request, "wrote", False)


class PrimaryReplicaRouter:
    """DATABASE_ROUTERS' entry when a replica is configured (keyfolio/settings.py)."""

    def db_for_read(self, model: type[Model], **hints) -> str:
        if (
            _replica_allowed()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Model], **hints) -> str:
        # Django also asks here before select_for_update, get_or_create, update and
        # delete: from then on this request reads what it is about to change.
        if model._meta.label_lower not in UNSEEN_WRITES:
            _request.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints) -> bool:
        return True  # The same rows on both databases.

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS


def _token_pin(request: HttpRequest) -> str | None:
    """The cache key that pins an API client to the primary: a digest of its bearer
    token (the token itself never goes into the cache). None without one."""
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    return "replica-pin:" + hashlib.sha256(token.encode()).hexdigest()


def _pinned(request: HttpRequest, token_pin: str | None) -> bool:
    if PIN_COOKIE in request.COOKIES:
        return True
    return token_pin is not None and cache.get(token_pin) is not None


class ReplicaMiddleware:
    """Lets a read-only request read from the replica, unless the browser (or the API
    token) wrote within DATABASE_REPLICA_PIN_SECONDS; pins them to the primary after a
    write."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token_pin = _token_pin(request)
        _request.replica_allowed = request.method in READ_ONLY_METHODS and not _pinned(
            request, token_pin
        )
        _request.wrote = False
        try:
            response = self.get_response(request)
            wrote = _request.wrote
        finally:
            # A streamed download reads after this returns: from the primary.
            _request.replica_allowed = _request.wrote = False
        if wrote and token_pin is not None:
            cache.set(token_pin, 1, timeout=settings.DATABASE_REPLICA_PIN_SECONDS)
        elif wrote:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
