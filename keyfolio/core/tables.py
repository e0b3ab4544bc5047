"""Reading spreadsheets (CSV or XLSX) for the imports, and reporting their errors.

Every import of Keyfolio (assessments, revenue...) reads its file the same way:
`table_read` turns the bytes into numbered rows of cells, `table_columns` reads the
header row, and the import checks the rows and reports each problem as a `RowError`
with the line number a person sees in their spreadsheet.
"""

import csv
import io
from collections.abc import Collection
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _

XLSX_MAGIC = b"PK\x03\x04"  # An XLSX file is a zip archive.


class TableError(ValueError):
    """The file cannot be read as a table at all (not UTF-8, a broken XLSX...)."""


@dataclass(frozen=True)
class TableRow:
    line: int  # The line (CSV) or row (XLSX) number in the file, the header being 1.
    cells: tuple[Any, ...]  # str for CSV; str, number, datetime or None for XLSX.


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class Columns:
    names: dict[int, str | None]  # Column index -> name; None for a column to skip.
    errors: list[RowError]
    missing: list[str]  # Required columns the header lacks.

    def values_of(self, row: TableRow, found: list[str]) -> dict[str, Any]:
        """The row's cells by column name. A value in a column without a header is an
        error (appended to `found`): it would otherwise be silently dropped."""
        values: dict[str, Any] = {}
        for index, cell in enumerate(row.cells):
            if index in self.names:
                name = self.names[index]
                if name is not None:
                    values[name] = cell
            elif cell_text(cell):
                found.append(
                    _("column %(number)d has a value but no header") % {"number": index + 1}
                )
        return values


def cell_text(cell: Any) -> str:
    return "" if cell is None else str(cell).strip()


def table_read(file: IO[bytes]) -> list[TableRow]:
    """The rows of a CSV or XLSX file (told apart by content, not by name), blank rows left out."""
    data = file.read()
    rows = _xlsx_rows(data) if data.startswith(XLSX_MAGIC) else _csv_rows(data)
    return [row for row in rows if any(cell_text(cell) for cell in row.cells)]


def table_columns(
    header: TableRow, *, known: Collection[str], required: Collection[str]
) -> Columns:
    """Read the header row (names are case-insensitive). Unknown or repeated columns are
    errors, but the rows can still be checked (skipping those columns) so that one run
    reports every error in the file."""
    names: dict[int, str | None] = {}
    messages = []
    for index, cell in enumerate(header.cells):
        name = cell_text(cell).lower()
        if not name:
            continue  # Unnamed columns must stay empty; see Columns.values_of.
        if name not in known:
            messages.append(_("unknown column '%(name)s'") % {"name": name})
            names[index] = None
        elif name in names.values():
            messages.append(_("column '%(name)s' appears twice") % {"name": name})
            names[index] = None
        else:
            names[index] = name
    missing = [name for name in required if name not in names.values()]
    for name in missing:
        messages.append(_("the column '%(name)s' is missing") % {"name": name})
    return Columns(names, [RowError(header.line, m) for m in messages], missing)


def _csv_rows(data: bytes) -> list[TableRow]:
    try:
        text = data.decode("utf-8-sig")  # Excel writes a byte-order mark; it is not a header.
    except UnicodeDecodeError:
        raise TableError(_("The file is neither UTF-8 text nor an XLSX workbook.")) from None
    first_line = text.split("\n", 1)[0]
    # The header holds no numbers, so its separators tell the delimiter: a semicolon
    # where Excel uses the decimal comma (Russian locales), a comma elsewhere.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[TableRow] = []
    while True:
        line = reader.line_num + 1  # A quoted cell may span lines; report the first.
        try:
            cells = next(reader)
        except StopIteration:
            return rows
        except csv.Error as error:
            raise TableError(
                _("line %(line)d: %(error)s") % {"line": line, "error": error}
            ) from None
        rows.append(TableRow(line, tuple(cells)))


def _xlsx_rows(data: bytes) -> list[TableRow]:
    import openpyxl  # Imported here: only XLSX imports pay for it.

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a damaged file.
        raise TableError(_("The file looks like an XLSX workbook but cannot be read.")) from None
    sheet = workbook.worksheets[0]
    return [
        TableRow(number, tuple(_xlsx_value(cell) for cell in cells))
        for number, cells in enumerate(sheet.iter_rows(), start=1)
    ]


def _xlsx_value(cell) -> Any:
    value = cell.value
    # A cell is read as the person sees it: Excel stores 85 % as 0.85 with a percent
    # format, and the import means 85.
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if is_number and "%" in (cell.number_format or ""):
        return round(value * 100, 6)  # 0.855 * 100 is 85.49999999999999.
    return value
