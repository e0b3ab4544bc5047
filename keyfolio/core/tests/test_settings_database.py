"""The database settings read from the environment."""

from keyfolio.settings import _database_from_env


def test_it_uses_server_side_cursors_unless_told_not_to(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@127.0.0.1:5432/k")
    monkeypatch.delenv("DB_DISABLE_SERVER_SIDE_CURSORS", raising=False)
    assert not _database_from_env().get("DISABLE_SERVER_SIDE_CURSORS")

    monkeypatch.setenv("DB_DISABLE_SERVER_SIDE_CURSORS", "1")
    assert _database_from_env()["DISABLE_SERVER_SIDE_CURSORS"] is True
