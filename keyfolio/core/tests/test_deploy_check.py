"""`check --deploy` is clean under the production environment that docs/deployment.md
gives operators to copy."""

import os
import re
import secrets
from pathlib import Path

from django.conf import settings

from keyfolio.tests.test_cli_console_script import keyfolio

DEPLOYMENT_DOC = Path(settings.PROJECT_DIR) / "docs" / "deployment.md"


def documented_environment() -> dict[str, str]:
    """The NAME=value lines of the block after the production-environment marker."""
    text = DEPLOYMENT_DOC.read_text(encoding="utf-8")
    block = re.search(r"<!-- production-environment -->\n```sh\n(.*?)```", text, re.S)
    assert block is not None, "docs/deployment.md lost its production environment block"
    lines = [line for line in block.group(1).splitlines() if line and not line.startswith("#")]
    return dict(line.split("=", 1) for line in lines)


def deploy_check(environment: dict[str, str], tmp_path):
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    env |= environment
    env |= {
        # What the operator is told to make: a long random key.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "KEYFOLIO_DATA_DIR": str(tmp_path / "data"),
    }
    return keyfolio("manage", "check", "--deploy", "--fail-level", "WARNING", env=env)


def test_the_documented_production_environment_passes_check_deploy(tmp_path):
    environment = documented_environment()
    assert environment["DEBUG"] == "0"
    assert "SECRET_KEY" in environment

    result = deploy_check(environment, tmp_path)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_complains_without_the_https_settings(tmp_path):
    environment = {
        name: value
        for name, value in documented_environment().items()
        if not name.startswith("SECURE_")
    }

    result = deploy_check(environment, tmp_path)

    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr
