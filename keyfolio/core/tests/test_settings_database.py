"""The database settings read from the environment."""

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
