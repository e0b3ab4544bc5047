"""`keyfolio export-scores`: every assessment in the columns the scores import reads."""

import csv
import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from keyfolio.accounts.models import Account
from keyfolio.assessments.exports import scores_export_fields
from keyfolio.assessments.imports import scores_import_parse
from keyfolio.assessments.services import (
    CriterionDraft,
    ScoreInput,
    assessment_create,
    methodology_revise,
)
from keyfolio.assessments.tests.helpers import CLIENT_KEYS, OUR_KEYS
from keyfolio.conftest import add_member, make_user
from keyfolio.core.tables import table_read
from keyfolio.method import DEFAULT_CRITERIA
from keyfolio.users.models import User
from keyfolio.workspaces.models import Role

FIXED = ["account", "assessed_on", "assessor", "note"]
HOSTILE = "=cmd|' /C calc'!A0"


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export_scores", "--workspace", "acme", *args, stdout=out)
    return out.getvalue()


def assess(account, day: date, scores: dict[str, float | None], *, assessor=None, note=""):
    return assessment_create(
        account=account,
        assessor=assessor,
        scores={key: ScoreInput(value) for key, value in scores.items()},
        assessed_on=day,
        note=note,
    )


@pytest.fixture
def history(world):
    """Northwind assessed twice by its manager, Contoso once by nobody in particular."""
    assess(
        world.account,
        date(2024, 1, 15),
        {"client_growth": 70, "relationship": 40.5},
        assessor=world.manager,
        note="First look",
    )
    assess(
        world.account,
        date(2024, 6, 1),
        {"client_growth": 75, "prices": 0, "relationship": None},
        assessor=world.teammate,
        note="After the tender;\nbetter",
    )
    contoso = Account.objects.create(workspace=world.workspace, name="Contoso")
    assess(contoso, date(2024, 3, 1), {"client_potential": 100})
    return world


def csv_records(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_it_writes_the_import_columns_in_the_methodology_order(history):
    rows = list(csv.reader(io.StringIO(export())))
    assert rows[0] == FIXED + [c.key for c in DEFAULT_CRITERIA]
    assert rows[0] == scores_export_fields(history.workspace)


def test_it_writes_one_row_per_assessment_by_account_then_date(history):
    records = csv_records(export())
    assert [(r["account"], r["assessed_on"]) for r in records] == [
        ("Contoso", "2024-03-01"),
        ("Northwind", "2024-01-15"),
        ("Northwind", "2024-06-01"),
    ]
    first = records[1]
    assert first["assessor"] == "max@acme.test"
    assert first["note"] == "First look"
    assert first["client_growth"] == "70"  # What was typed, not 70.0.
    assert first["relationship"] == "40.5"
    assert first["prices"] == ""  # Not assessed.
    second = records[2]
    assert (second["prices"], second["relationship"]) == ("0", "")
    assert second["note"] == "After the tender;\nbetter"
    assert records[0]["assessor"] == ""


def test_it_neutralises_hostile_text(history):
    history.account.name = HOSTILE
    history.account.save()
    assess(history.account, date(2024, 7, 1), {"client_growth": 50}, note="-1+1")
    records = csv_records(export())
    hostile = next(r for r in records if r["assessed_on"] == "2024-07-01")
    assert hostile["account"] == "'" + HOSTILE
    assert hostile["note"] == "'-1+1"
    assert hostile["client_growth"] == "50"


def test_it_leaves_out_what_the_import_could_not_read(history):
    """An assessor who has left, scores of a retired criterion, and an assessment left
    with no score: each would make the file fail to import."""
    history.workspace.memberships.filter(user=history.teammate).delete()
    criteria = [
        CriterionDraft(
            key=c.key,
            axis=c.axis.value,
            label_en=c.label_en,
            label_ru=c.label_ru,
            active=c.key != "client_potential",
        )
        for c in DEFAULT_CRITERIA
    ]
    methodology_revise(
        workspace=history.workspace,
        user=history.owner,
        criteria=criteria,
        threshold_client=50,
        threshold_our=50,
    )
    rows = list(csv.reader(io.StringIO(export())))
    assert "client_potential" not in rows[0]
    records = csv_records(export())
    # Contoso's only score was of the retired criterion: it has nothing left to import.
    assert [r["account"] for r in records] == ["Northwind", "Northwind"]
    assert records[1]["assessor"] == ""  # The teammate has left the workspace.
    assert records[1]["client_growth"] == "75"  # Scored with the previous version.


def test_it_leaves_out_archived_accounts_and_other_workspaces(history):
    Account.objects.get(name="Contoso").archive()
    stranger_account = history.foreign_account
    assess(stranger_account, date(2024, 2, 2), {"client_growth": 10})
    assert {r["account"] for r in csv_records(export())} == {"Northwind"}


def parse(workspace, data: bytes):
    return scores_import_parse(workspace=workspace, table=table_read(io.BytesIO(data)))


def expected_rows(world):
    return [
        ("Contoso", date(2024, 3, 1), None, "", {"client_potential": 100.0}),
        ("Northwind", date(2024, 1, 15), world.manager, "First look", {"client_growth": 70.0, "relationship": 40.5}),  # noqa: E501
        ("Northwind", date(2024, 6, 1), world.teammate, "After the tender;\nbetter", {"client_growth": 75.0, "prices": 0.0}),  # noqa: E501
    ]  # fmt: skip


def parsed_rows(parsed):
    return [
        (
            row.account_name,
            row.assessed_on,
            row.assessor,
            row.note,
            dict(row.scores),
        )
        for row in parsed.rows
    ]


def test_its_csv_reads_back_through_the_import_unchanged(history):
    parsed = parse(history.workspace, export().encode())
    # Every row equals an assessment already recorded: a re-import changes nothing.
    assert list(parsed.errors) == []
    assert (parsed.rows, parsed.unchanged) == ([], 3)


def test_its_xlsx_reads_back_through_the_import_unchanged(history, tmp_path: Path):
    path = tmp_path / "scores.xlsx"
    out = export("--format", "xlsx", "--output", str(path))
    assert "Wrote 3 rows" in out
    parsed = parse(history.workspace, path.read_bytes())
    assert list(parsed.errors) == []
    assert (parsed.rows, parsed.unchanged) == ([], 3)


def test_its_xlsx_has_date_and_number_cells(history, tmp_path: Path):
    path = tmp_path / "scores.xlsx"
    export("--format", "xlsx", "--output", str(path))
    sheet = openpyxl.load_workbook(path).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    contoso = dict(zip(header, sheet[2], strict=True))
    assert contoso["assessed_on"].is_date
    assert contoso["assessed_on"].value.date() == date(2024, 3, 1)
    assert (contoso["client_potential"].value, contoso["client_potential"].data_type) == (100, "n")
    assert contoso["client_growth"].value is None


def test_its_file_imports_into_another_workspace_with_the_same_criteria(history, tmp_path):
    """The point of the format: a file moves between workspaces (assessors who are not
    members there are the only thing to blank)."""
    other = history.other_workspace
    for user in (history.manager, history.teammate):
        add_member(other, user, Role.MANAGER)
    parsed = parse(other, export().encode())
    assert list(parsed.errors) == []
    assert parsed_rows(parsed) == expected_rows(history)


@pytest.mark.parametrize("size", [2, 12])
def test_it_makes_the_same_number_of_queries_whatever_the_size(
    world, django_assert_num_queries, size
):
    assessor = make_user(f"a{size}@acme.test")
    add_member(world.workspace, assessor, Role.MANAGER)
    for number in range(size):
        account = Account.objects.create(workspace=world.workspace, name=f"Account {number:02}")
        for month in (1, 2):
            scores = dict.fromkeys(CLIENT_KEYS, number) | dict.fromkeys(OUR_KEYS, 50)
            assess(account, date(2024, month, 1), scores, assessor=assessor)
    # The workspace, the methodology, its criteria, and the scores with all they need.
    with django_assert_num_queries(4):
        records = csv_records(export())
    assert len(records) == 2 * size
    assert User.objects.filter(email=records[0]["assessor"]).exists()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_formula_like_names_and_notes_import_back_unchanged(world, tmp_path, file_format):
    """The exported cell carries a quote so that no spreadsheet runs it; the import takes
    it off again, so the round trip neither makes a second account nor a new assessment."""
    hostile = Account.objects.create(workspace=world.workspace, name="+7 Telecom")
    assess(hostile, date(2024, 2, 1), {"client_growth": 60}, note="=1+1")
    path = tmp_path / f"scores.{file_format}"
    export("--format", file_format, "--output", str(path))

    parsed = parse(world.workspace, path.read_bytes())

    assert list(parsed.errors) == []
    assert (parsed.rows, parsed.unchanged) == ([], 1)
