"""`keyfolio attention`: the attention list for scripts."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation

from keyfolio.accounts.models import Account
from keyfolio.playbook.tests.factories import make_action

KEYS = ["account", "check", "severity", "reason", "suggestion"]


def attention(*args: str) -> list[dict]:
    out = StringIO()
    call_command("attention", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def work(world, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        other = Account.objects.create(
            workspace=world.workspace, name="Umbrella", owner=world.outsider
        )
    make_action(world.account, title="Send the quote", owner=world.manager, due=today)
    make_action(other, title="Call Oscar's client", owner=world.outsider, due=today - timedelta(1))
    return world


def test_it_prints_records_with_exactly_the_published_keys(work):
    records = attention(
        "--workspace", "acme", "--user", "max@acme.test", "--format", "json", "--all"
    )
    assert records
    assert all(list(record) == KEYS for record in records)
    assert {r["severity"] for r in records} <= {"red", "amber"}
    assert {r["account"] for r in records} == {"Northwind"}
    executive = next(r for r in records if r["check"] == "executive_contact")
    assert executive == {
        "account": "Northwind",
        "check": "executive_contact",
        "severity": "red",
        "reason": "No executive contact recorded (limit 90 days)",
        "suggestion": "Arrange a meeting between our management and the client's top executives.",
    }
    action = next(r for r in records if r["check"] == "action_due")
    assert action["reason"] == "Action due today"
    assert action["suggestion"] == "Send the quote"


def test_it_lists_the_whole_workspace_without_a_user(work):
    records = attention("--workspace", "acme", "--all")
    assert {r["account"] for r in records} == {"Northwind", "Umbrella"}
    overdue = next(r for r in records if r["check"] == "action_overdue")
    assert overdue["severity"] == "red"
    assert overdue["suggestion"] == "Call Oscar's client"
    assert records[0]["severity"] == "red"
    assert records[-1]["severity"] == "amber"


def test_it_writes_english_whatever_the_language(work):
    with translation.override("ru"):
        records = attention("--workspace", "acme", "--user", "MAX@acme.test", "--all")
    assert "Arrange a meeting" in next(
        r["suggestion"] for r in records if r["check"] == "executive_contact"
    )


def test_it_refuses_someone_who_is_not_a_member(work):
    with pytest.raises(CommandError, match="not a member"):
        attention("--workspace", "acme", "--user", "sam@globex.test")


def test_it_prints_an_empty_list_when_nothing_needs_attention(world):
    assert attention("--workspace", "acme", "--user", "oscar@acme.test") == []
    assert attention("--workspace", "acme", "--user", "oscar@acme.test", "--all") == []


def test_it_prints_the_queue_as_one_json_array_in_its_order(work):
    """The records are written one at a time; together they are the JSON that json.dumps
    would write for the whole list, in the page's order."""
    out = StringIO()
    call_command("attention", "--workspace", "acme", "--all", stdout=out)
    records = json.loads(out.getvalue())
    assert out.getvalue() == json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    severities = [record["severity"] for record in records]
    assert severities == sorted(severities, key=lambda severity: severity != "red")


def test_by_default_it_prints_one_record_per_account_with_its_top_item(work):
    records = attention("--workspace", "acme")
    assert [list(record) for record in records] == [[*KEYS, "more", "snoozed"]] * 2
    flat = attention("--workspace", "acme", "--all")
    for record in records:
        items = [r for r in flat if r["account"] == record["account"]]
        assert record["more"] == len(items) - 1
        assert record["snoozed"] == 0
        assert {k: record[k] for k in KEYS} in items
        assert record["severity"] == "red"


def test_it_prints_one_line_per_account_as_text(work):
    out = StringIO()
    call_command("attention", "--workspace", "acme", "--format", "text", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("red    ")
    # Its most overdue item heads it: a plan never reviewed is a year late at least.
    assert any(
        "Northwind — joint_strategy: The account plan has never been reviewed (+" in line
        for line in lines
    )
