"""The `keyfolio` console script run for real, against a database named by DATABASE_URL."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("keyfolio")


def keyfolio(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "keyfolio.cli"]
    return subprocess.run(
        [*command, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}",
        # Anything written outside the database goes to the temporary folder too.
        "KEYFOLIO_DATA_DIR": str(tmp_path / "data"),
    }


def test_it_sets_up_imports_and_exports_on_the_database_url(env, tmp_path):
    first = keyfolio("init", "--admin", "boss@example.test", "--password", "pw-1234567890", env=env)
    assert first.returncode == 0, first.stderr
    assert "Applied" in first.stdout and "Created workspace 'Keyfolio'" in first.stdout
    assert (tmp_path / "elsewhere.sqlite3").stat().st_size > 0
    assert not (tmp_path / "data" / "keyfolio.sqlite3").exists()

    again = keyfolio("init", "--admin", "boss@example.test", env=env)
    assert again.returncode == 0, again.stderr
    assert "Nothing to do" in again.stdout

    scores = tmp_path / "scores.csv"
    scores.write_text(
        "account,assessed_on,assessor,client_growth,relationship\n"
        "Северный Путь,2024-01-15,boss@example.test,80,30\n",
        encoding="utf-8",
    )
    imported = keyfolio("import-scores", str(scores), env=env)
    assert imported.returncode == 0, imported.stderr

    exported = keyfolio("portfolio", "--format", "json", env=env)
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout) == [
        {
            "account": "Северный Путь",
            "assessed_on": "2024-01-15",
            "client_index": 80.0,
            "our_index": 30.0,
            "zone": "target",
            "completeness": 2 / 15,
            "client_index_exact": 80.0,
            "our_index_exact": 30.0,
        }
    ]


def test_it_exits_non_zero_on_a_bad_import(env, tmp_path):
    assert keyfolio("init", "--password", "pw-1234567890", env=env).returncode == 0
    scores = tmp_path / "scores.csv"
    scores.write_text("account;assessed_on;client_growth\nA;2024-01-15;200\nB;tomorrow;5\n")

    result = keyfolio("import-scores", str(scores), env=env)

    assert result.returncode != 0
    assert "line 2: client_growth: 200 is not within 0..100" in result.stderr
    assert "line 3: assessed_on 'tomorrow'" in result.stderr
    assert json.loads(keyfolio("portfolio", env=env).stdout) == []


def test_it_lists_its_commands(env):
    result = keyfolio(env=env)
    assert result.returncode == 0
    assert "import-scores" in result.stdout and "portfolio" in result.stdout
