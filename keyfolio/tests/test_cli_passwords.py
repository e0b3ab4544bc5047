"""Passwords given on the command line meet the same rules as on the web."""

import os

import pytest
from django.contrib.auth.password_validation import validate_password

from keyfolio.demo.services import DEMO_EMAIL, DEMO_PASSWORD, DEMO_TEAM
from keyfolio.tests.test_cli_console_script import keyfolio
from keyfolio.users.models import User


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "KEYFOLIO_DATA_DIR": str(tmp_path / "data"),
    }


def test_createuser_exits_non_zero_with_the_reasons_and_creates_nobody(env, tmp_path):
    result = keyfolio("createuser", "kate@example.test", "--password", "1", env=env)
    assert result.returncode != 0
    assert "This password is too short. It must contain at least 10 characters." in result.stderr
    assert "This password is entirely numeric." in result.stderr
    # The password is looked at before the database.
    assert not (tmp_path / "db.sqlite3").exists()


def test_init_exits_non_zero_with_the_reasons_and_sets_up_nothing(env, tmp_path):
    result = keyfolio("init", "--password", "12345678", env=env)
    assert result.returncode != 0
    assert "This password is too common." in result.stderr
    # Not even the database: the password is looked at first.
    assert not (tmp_path / "db.sqlite3").exists()


def test_the_demo_password_passes_the_validators():
    people = [User(email=DEMO_EMAIL, full_name="Demo Owner")]
    people += [User(email=person.email, full_name=person.name) for person in DEMO_TEAM]
    for person in people:
        validate_password(DEMO_PASSWORD, user=person)
