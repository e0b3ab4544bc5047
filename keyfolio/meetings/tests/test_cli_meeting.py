"""`keyfolio meeting plan --format json`."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from keyfolio.meetings.tests.factories import build_dossier


def run(*args) -> dict:
    out = StringIO()
    call_command("meeting", "plan", *args, stdout=out)
    return json.loads(out.getvalue())


def test_it_prints_the_prefilled_plan(world):
    today = timezone.localdate()
    build_dossier(world.account, by=world.manager, today=today)
    printed = run("--account", "Northwind", "--date", "2027-01-20", "--workspace", "acme")
    assert set(printed) == {
        "account",
        "date",
        "attendees",
        "questions",
        "objections",
        "open_actions",
    }
    assert (printed["account"], printed["date"]) == ("Northwind", "2027-01-20")
    assert [a["name"] for a in printed["attendees"]] == ["Anna Berg", "Boris Kern"]
    assert printed["attendees"][1]["attitude"] == -1
    assert "What would raise “Our prices (competitiveness)” (now 20 %)?" in printed["questions"]
    assert printed["objections"][-1]["source"] == "detractor"
    assert [a["overdue"] for a in printed["open_actions"]] == [True, False]
    assert printed["open_actions"][0]["due_on"] == str(today - timedelta(days=5))


def test_every_list_is_a_list_for_an_empty_dossier(world):
    printed = run("--account", "Northwind", "--date", "2027-01-20", "--workspace", "acme")
    assert [printed[key] for key in ("questions", "objections", "open_actions")] == [[], [], []]


def test_it_refuses_a_bad_date_and_an_account_of_another_workspace(world):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--account", "Northwind", "--date", "20.01.2027", "--workspace", "acme")
    with pytest.raises(CommandError):
        run("--account", world.foreign_account.name, "--date", "2027-01-20", "--workspace", "acme")
