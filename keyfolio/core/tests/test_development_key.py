"""With DEBUG off, every process refuses the published development SECRET_KEY."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from keyfolio.tests.test_cli_console_script import keyfolio


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": settings.DEV_SECRET_KEY,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "KEYFOLIO_DATA_DIR": str(tmp_path / "data"),
    }


def test_every_command_refuses_it_without_debug(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = settings.DEV_SECRET_KEY
    with pytest.raises(SystemCheckError, match=r"keyfolio\.E001"):
        call_command("check", stdout=StringIO())


def test_it_is_fine_with_debug(settings):
    settings.DEBUG = True
    settings.SECRET_KEY = settings.DEV_SECRET_KEY
    call_command("check", stdout=StringIO())


def test_a_real_key_is_fine_without_debug(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "a-real-secret-key-for-this-test-only-0123456789"
    call_command("check", stdout=StringIO())


@pytest.mark.parametrize(
    "command",
    [
        ["worker", "--batch"],
        # Without --noreload, runserver prints the same error and then serves nothing.
        ["manage", "runserver", "--noreload", "127.0.0.1:0"],
        ["init"],
    ],
)
def test_the_console_script_refuses_it_without_debug(env, tmp_path, command):
    result = keyfolio(*command, env=env)
    assert result.returncode != 0
    assert "keyfolio.E001" in result.stderr
    assert "SECRET_KEY is the development key" in result.stderr
    # Refused before touching the database.
    assert not (tmp_path / "db.sqlite3").exists()


def test_the_wsgi_application_refuses_it_without_debug(env):
    result = subprocess.run(
        [sys.executable, "-c", "import keyfolio.wsgi"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is the development key" in result.stderr

    env["SECRET_KEY"] = "a-real-secret-key-for-this-test-only-0123456789"
    result = subprocess.run(
        [sys.executable, "-c", "import keyfolio.wsgi"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
