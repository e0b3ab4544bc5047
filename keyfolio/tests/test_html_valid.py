"""Every page of the demo, as the server sends it, is valid HTML by html-validate (npm,
pinned in package.json) with the project's rules in .htmlvalidate.cjs: no duplicate
ids, no form inside a phrasing element, table headers that say what they head, etc.

The pages are the ones the E2E suite checks with axe (keyfolio.testing.every_page),
fetched with Django's test client in English and Russian; html-validate runs once over
all of them. The test is skipped when node_modules is missing (before `make setup`)."""

import json
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from keyfolio.accounts.models import Account
from keyfolio.demo.services import DEMO_EMAIL, demo_load
from keyfolio.testing import every_page
from keyfolio.users.models import User

ROOT = Path(__file__).resolve().parents[2]
HTML_VALIDATE = ROOT / "node_modules" / ".bin" / "html-validate"
# Named explicitly: the pages are written to a temporary folder outside the project.
CONFIG = ROOT / ".htmlvalidate.cjs"

pytestmark = pytest.mark.skipif(
    not HTML_VALIDATE.exists(),
    reason=f"html-validate is not installed at {HTML_VALIDATE} (run `make setup`)",
)


def problems_found(files: list[Path], report: Path) -> list[str]:
    """html-validate's messages over `files`, one line each: file:line:column rule message.
    The report goes to a file: node may exit before a long report on a pipe is flushed."""
    run = subprocess.run(
        [
            str(HTML_VALIDATE),
            "--config",
            str(CONFIG),
            "--formatter",
            f"json={report}",
            *map(str, files),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode not in (0, 1) or not report.exists():
        raise AssertionError(f"html-validate failed to run: {run.stdout}{run.stderr}")
    return [
        f"{Path(result['filePath']).name}:{m['line']}:{m['column']} {m['ruleId']}: {m['message']}"
        for result in json.loads(report.read_text())
        for m in result["messages"]
    ]


def headers_without_scope(html: str) -> list[str]:
    """The table header cells that do not say whether they head a column or a row
    (html-validate checks a scope's value, not that there is one)."""
    return [tag for tag in re.findall(r"<th(?:\s[^>]*)?>", html) if "scope=" not in tag]


@pytest.mark.django_db
def test_every_page_is_valid_html(tmp_path):
    summary = demo_load(accounts=8)
    account = (
        Account.objects.filter(workspace=summary.workspace, current_assessment__isnull=False)
        .order_by("pk")
        .first()
    )
    assert account is not None
    files, problems = [], []
    for language in ("en", "ru"):
        client = Client()
        client.force_login(User.objects.get(email=DEMO_EMAIL))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for index, path in enumerate(every_page(summary.workspace.slug, account)):
            response = client.get(path, follow=True)
            assert response.status_code == 200, path
            if unscoped := headers_without_scope(response.content.decode()):
                problems.append(f"{path}: <th> without scope: {unscoped[:3]}")
            name = f"{language}-{index:02d}-{path.strip('/').replace('/', '_') or 'home'}.html"
            (tmp_path / name).write_bytes(response.content)
            files.append(tmp_path / name)
    problems += problems_found(files, tmp_path / "report.json")
    assert not problems, "html-validate:\n" + "\n".join(problems)
