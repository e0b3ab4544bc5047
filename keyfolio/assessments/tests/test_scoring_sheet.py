"""The scoring sheet: a row per active account and a column per criterion, to score
offline and import back as new assessments through the scores import as it is."""

import io
from datetime import date

import openpyxl
import pytest
from django.utils import translation

from keyfolio.accounts.models import Account
from keyfolio.assessments.exports import (
    SCORING_SHEET,
    scoring_sheet_fields,
    scoring_sheet_fill_in,
    scoring_sheet_records,
    scoring_sheet_widths,
)
from keyfolio.assessments.imports import scores_import_parse, scores_import_save
from keyfolio.assessments.models import Assessment
from keyfolio.core.exports import records_write_xlsx
from keyfolio.core.tables import table_read
from keyfolio.method import DEFAULT_CRITERIA

KEYS = [criterion.key for criterion in DEFAULT_CRITERIA]
TODAY = date(2025, 5, 20)


def sheet_bytes(world, accounts=None) -> bytes:
    workspace = world.workspace
    fields = scoring_sheet_fields(workspace)
    data = io.BytesIO()
    records_write_xlsx(
        scoring_sheet_records(accounts or Account.objects.in_workspace(workspace), today=TODAY),
        data,
        fields,
        title=SCORING_SHEET,
        widths=scoring_sheet_widths(fields),
        fill_in=scoring_sheet_fill_in(workspace),
    )
    return data.getvalue()


@pytest.fixture
def accounts(world):
    Account.objects.create(workspace=world.workspace, name="Contoso")
    Account.objects.create(workspace=world.workspace, name="Fabrikam")
    Account.objects.create(workspace=world.workspace, name="Zed Archived").archive()
    return world


def test_it_has_a_row_per_active_account_in_the_columns_the_import_reads(accounts):
    sheet = openpyxl.load_workbook(io.BytesIO(sheet_bytes(accounts))).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["account", "assessed_on", *KEYS, "note"]
    assert [row[0] for row in rows[1:]] == ["Contoso", "Fabrikam", "Northwind"]
    assert all(row[1].date() == TODAY and row[2:] == [None] * 16 for row in rows[1:])
    assert sheet.title == "Scoring sheet"
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 40


def test_each_criterion_takes_0_to_100_only(accounts):
    sheet = openpyxl.load_workbook(io.BytesIO(sheet_bytes(accounts))).worksheets[0]
    validations = sheet.data_validations.dataValidation
    assert len(validations) == len(KEYS)
    checked = {str(validation.sqref).split(":")[0] for validation in validations}
    assert checked == {f"{chr(ord('C') + n)}2" for n in range(len(KEYS))}
    for validation in validations:
        assert (validation.type, validation.operator) == ("decimal", "between")
        assert (validation.formula1, validation.formula2) == ("0", "100")
        assert validation.allow_blank and validation.showErrorMessage
        assert "from 0 to 100" in validation.error


def test_the_headers_carry_the_criteria_and_their_guides_in_the_readers_language(accounts):
    workspace = accounts.workspace
    criterion = DEFAULT_CRITERIA[0]
    english = openpyxl.load_workbook(io.BytesIO(sheet_bytes(accounts))).worksheets[0]
    with translation.override("ru"):
        russian = openpyxl.load_workbook(io.BytesIO(sheet_bytes(accounts))).worksheets[0]
        assert scoring_sheet_fill_in(workspace)[criterion.key].comment.startswith(
            criterion.label_ru
        )
    header = {cell.value: cell for cell in english[1]}
    assert header[criterion.key].comment.text == f"{criterion.label_en}\n\n{criterion.guide_en}"
    assert header["account"].comment is None
    assert (
        criterion.guide_ru in {cell.value: cell for cell in russian[1]}[criterion.key].comment.text
    )


def test_the_header_is_locked_and_the_cells_to_fill_are_open(accounts):
    sheet = openpyxl.load_workbook(io.BytesIO(sheet_bytes(accounts))).worksheets[0]
    assert sheet.protection.sheet
    assert not sheet.protection.password
    assert all(cell.protection.locked for cell in sheet[1])
    assert not any(cell.protection.locked for row in sheet.iter_rows(min_row=2) for cell in row)
    # Rows not scored can be deleted, and new ones added.
    assert not sheet.protection.deleteRows and not sheet.protection.insertRows


def test_a_filled_sheet_imports_as_new_assessments(accounts):
    workbook = openpyxl.load_workbook(io.BytesIO(sheet_bytes(accounts)))
    sheet = workbook.worksheets[0]
    columns = {cell.value: cell.column for cell in sheet[1]}
    rows = {sheet.cell(row, 1).value: row for row in range(2, sheet.max_row + 1)}
    for key in KEYS:
        sheet.cell(rows["Contoso"], columns[key], 80)
    sheet.cell(rows["Northwind"], columns[KEYS[0]], 35.5)
    sheet.cell(rows["Northwind"], columns["note"], "After the spring review")
    sheet.delete_rows(rows["Fabrikam"])  # not scored this time
    filled = io.BytesIO()
    workbook.save(filled)

    parsed = scores_import_parse(workspace=accounts.workspace, table=table_read(filled))
    assert list(parsed.errors) == []
    saved = scores_import_save(workspace=accounts.workspace, rows=parsed.rows)

    assert (saved.assessments, saved.new_accounts) == (2, 0)
    contoso = Assessment.objects.get(account__name="Contoso")
    assert contoso.assessed_on == TODAY
    assert {score.value for score in contoso.scores.all()} == {80}
    northwind = Assessment.objects.get(account__name="Northwind")
    assert northwind.note == "After the spring review"
    given = {s.criterion.key: s.value for s in northwind.scores.all() if s.value is not None}
    assert given == {KEYS[0]: 35.5}
    assert not Assessment.objects.filter(account__name="Fabrikam").exists()
