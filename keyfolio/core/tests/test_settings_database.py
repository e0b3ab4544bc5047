"""The database, cache and task settings read from the environment."""

import json
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from keyfolio.settings import _database_from_env


def test_it_uses_server_side_cursors_unless_told_not_to(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@127.0.0.1:5432/k")
    monkeypatch.delenv("DB_DISABLE_SERVER_SIDE_CURSORS", raising=False)
    assert not _database_from_env().get("DISABLE_SERVER_SIDE_CURSORS")

    monkeypatch.setenv("DB_DISABLE_SERVER_SIDE_CURSORS", "1")
    assert _database_from_env()["DISABLE_SERVER_SIDE_CURSORS"] is True


def test_the_web_application_gets_the_request_timeout_on_postgresql(monkeypatch, settings):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@127.0.0.1:5432/k")
    assert "options" not in _database_from_env(web=False).get("OPTIONS", {})
    timeout = f"-c statement_timeout={settings.REQUEST_TIMEOUT_SECONDS * 1000}"
    assert _database_from_env(web=True)["OPTIONS"]["options"] == timeout


def test_the_request_timeout_keeps_the_options_of_the_url(monkeypatch):
    monkeypatch.setenv(
        "DATABASE_URL", "postgres://u:p@127.0.0.1:5432/k?options=-c%20search_path%3Dkf"
    )
    options = _database_from_env(web=True)["OPTIONS"]["options"]
    assert options.startswith("-c search_path=kf -c statement_timeout=")


def test_sqlite_gets_no_statement_timeout(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/k.sqlite3")
    assert "options" not in _database_from_env(web=True)["OPTIONS"]


def test_db_pool_gives_each_web_process_a_pool_instead_of_persistent_connections(
    monkeypatch,
):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@127.0.0.1:5432/k")
    monkeypatch.setenv("DB_POOL", "2,8")

    config = _database_from_env(web=True)

    assert config["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 8}
    assert config["CONN_MAX_AGE"] == 0
    # The worker (RQ forks per task) and the commands connect as before.
    assert "pool" not in _database_from_env(web=False).get("OPTIONS", {})


def test_sqlite_gets_no_pool(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/k.sqlite3")
    monkeypatch.setenv("DB_POOL", "2,8")
    assert "pool" not in _database_from_env(web=True)["OPTIONS"]


def test_db_pgbouncer_transaction_turns_off_what_a_transaction_pooler_cannot_keep(
    monkeypatch,
):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@127.0.0.1:6432/k?prepare_threshold=5")
    monkeypatch.setenv("DB_POOL", "1,4")
    monkeypatch.setenv("DB_PGBOUNCER", "transaction")

    config = _database_from_env(web=True)

    assert config["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert config["OPTIONS"]["prepare_threshold"] is None
    # No startup `options` (PgBouncer 1.18 refuses them): the pooler sets the timeout.
    assert "options" not in config["OPTIONS"]
    # The web process's own pool still saves it a connection to PgBouncer per request.
    assert config["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 4}


def test_db_pgbouncer_session_changes_nothing(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@127.0.0.1:6432/k")
    monkeypatch.delenv("DB_DISABLE_SERVER_SIDE_CURSORS", raising=False)
    monkeypatch.setenv("DB_PGBOUNCER", "session")

    config = _database_from_env(web=True)

    assert not config.get("DISABLE_SERVER_SIDE_CURSORS")
    assert "statement_timeout" in config["OPTIONS"]["options"]


def test_db_pgbouncer_refuses_a_mode_it_does_not_know(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@127.0.0.1:6432/k")
    monkeypatch.setenv("DB_PGBOUNCER", "statement")

    with pytest.raises(ImproperlyConfigured, match="DB_PGBOUNCER"):
        _database_from_env(web=True)


def read_settings(**variables: str) -> dict:
    """Some settings as a fresh process reads them under `variables` (or its error)."""
    script = (
        "import json, keyfolio.settings as s; print(json.dumps({"
        "'databases': {k: v.get('TEST', {}) for k, v in s.DATABASES.items()}, "
        "'routers': getattr(s, 'DATABASE_ROUTERS', []), 'middleware': s.MIDDLEWARE, "
        "'cache': s.CACHES['default'] if hasattr(s, 'CACHES') else None, "
        "'tasks': s.TASKS['default']['BACKEND'], 'apps': s.INSTALLED_APPS, "
        "'rq': getattr(s, 'RQ_QUEUES', None)}))"
    )
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "VIRTUAL_ENV"}}
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**keep, "DEBUG": "0", **variables},
        capture_output=True,
        text=True,
        check=False,
    )
    return {"error": done.stderr} if done.returncode else json.loads(done.stdout)


def test_by_default_one_database_a_local_cache_and_tasks_in_the_database(tmp_path):
    read = read_settings(KEYFOLIO_DATA_DIR=str(tmp_path))

    assert list(read["databases"]) == ["default"] and read["routers"] == []
    assert read["cache"] is None  # Django's local-memory cache.
    assert read["tasks"] == "django_tasks_db.DatabaseBackend"
    assert "django_rq" not in read["apps"]


def test_a_replica_url_adds_the_replica_its_router_and_middleware():
    read = read_settings(
        DATABASE_URL="postgres://u@127.0.0.1:5432/k",
        DATABASE_REPLICA_URL="postgres://u@127.0.0.2:5432/k",
    )

    assert read["databases"]["replica"] == {"MIRROR": "default"}
    assert read["routers"] == ["keyfolio.core.routers.PrimaryReplicaRouter"]
    middleware = read["middleware"]
    position = middleware.index("keyfolio.core.routers.ReplicaMiddleware")
    assert middleware[position - 1] == "keyfolio.core.timeouts.RequestBudgetMiddleware"
    assert position < middleware.index("django.contrib.sessions.middleware.SessionMiddleware")


def test_redis_url_shares_the_cache_and_rq_takes_the_tasks(tmp_path):
    read = read_settings(
        KEYFOLIO_DATA_DIR=str(tmp_path), REDIS_URL="redis://127.0.0.1:6379/3", TASKS_BACKEND="rq"
    )

    assert read["cache"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert read["cache"]["LOCATION"] == "redis://127.0.0.1:6379/3"
    assert read["tasks"] == "django_tasks_rq.RQBackend"
    assert {"django_rq", "django_tasks_rq"} <= set(read["apps"])
    assert read["rq"]["default"]["URL"] == "redis://127.0.0.1:6379/3"


def test_cache_url_wins_over_redis_url_for_the_cache(tmp_path):
    read = read_settings(
        KEYFOLIO_DATA_DIR=str(tmp_path),
        REDIS_URL="redis://127.0.0.1:6379/3",
        CACHE_URL="redis://127.0.0.1:6379/4",
    )

    assert read["cache"]["LOCATION"] == "redis://127.0.0.1:6379/4"
    assert read["tasks"] == "django_tasks_db.DatabaseBackend"


def test_rq_without_redis_is_refused_with_a_message(tmp_path):
    read = read_settings(KEYFOLIO_DATA_DIR=str(tmp_path), TASKS_BACKEND="rq")

    assert "TASKS_BACKEND=rq needs REDIS_URL" in read["error"]
