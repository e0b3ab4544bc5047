"""`keyfolio export KIND`: every export of the Export page from the command line."""

import json
from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from keyfolio.accounts.models import Account
from keyfolio.cli import COMMANDS
from keyfolio.portfolio.export_kinds import EXPORT_KINDS


def export(*args: str) -> str:
    out = StringIO()
    call_command("export", *args, stdout=out)
    return out.getvalue()


def test_it_is_a_command_of_the_cli():
    assert "export" in COMMANDS
    assert set(EXPORT_KINDS) == {
        "accounts",
        "contacts",
        "opportunities",
        "revenue",
        "assessments",
        "plans",
        "activities",
        "scoring-sheet",
    }


def test_it_writes_the_whole_workspace_as_json(world):
    Account.objects.create(workspace=world.workspace, name="Contoso", owner=world.outsider)
    rows = json.loads(export("accounts", "--workspace", "acme", "--format", "json"))
    assert [row["name"] for row in rows] == ["Contoso", "Northwind"]
    assert rows[1]["owner"] == "max@acme.test" and rows[1]["archived"] is False


def test_it_writes_an_xlsx_file(world, tmp_path):
    path = tmp_path / "contacts.xlsx"
    message = export("contacts", "--workspace", "acme", "--format", "xlsx", "--output", str(path))
    assert "Wrote 0 rows" in message
    header = [cell.value for cell in openpyxl.load_workbook(path).worksheets[0][1]]
    assert header[:3] == ["account", "name", "title"]


def test_it_writes_the_scoring_sheet_as_xlsx_in_the_language_asked(world, tmp_path):
    path = tmp_path / "scores.xlsx"
    export("scoring-sheet", "--workspace", "acme", "--output", str(path), "--lang", "ru")
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert [cell.value for cell in sheet["A"]] == ["account", "Northwind"]
    assert sheet.protection.sheet
    assert sheet["C1"].comment.text.startswith("Темп роста клиента")


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_it_refuses_the_scoring_sheet_in_another_format(world, file_format):
    with pytest.raises(CommandError, match="written as xlsx only"):
        export("scoring-sheet", "--workspace", "acme", "--format", file_format)


def test_it_refuses_an_unknown_kind(world):
    with pytest.raises(CommandError, match="invalid choice"):
        export("invoices", "--workspace", "acme")
