"""Reading spreadsheets (CSV or XLSX) for the imports, and reporting their errors.

Every import of Keyfolio (assessments, revenue...), on the web and in the CLI, reads
its file the same way: `table_read` checks the file against the limits of the
settings (IMPORT_MAX_*) and returns a `Table`, an iterator of numbered rows of cells
that reads the file as it goes; `table_columns` reads the header row; the import
checks the rows and collects each problem in `RowErrors` with the line number a
person sees in their spreadsheet.

A file is never read whole into memory: a hostile or mistaken file (a zip bomb, a
million rows, a million columns) is refused with a message that names the limit,
after reading no more than the limit, and memory stays flat whatever the file's size.
"""

import codecs
import csv
import heapq
import io
import os
import re
import zipfile
from collections.abc import Collection, Generator, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from keyfolio.core.exports import formula_unquoted

XLSX_MAGIC = b"PK\x03\x04"  # An XLSX file is a zip archive.
XLS_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 (.xls), an OLE compound file.
MB = 1024 * 1024
CHUNK = 256 * 1024  # Bytes read at a time when a file is scanned.
# No spreadsheet line is this long; a longer one is refused before the csv module
# splits it into cells (which would take many times its size in memory).
LINE_MAX_CHARS = MB
SHOWN_ERROR_ROWS = 100  # The bad rows reported in full; the others are only counted.


class TableError(ValueError):
    """The file cannot be read as a table (not text, a broken XLSX, over a limit...)."""


@dataclass(frozen=True)
class TableLimits:
    file_mb: int  # The file as uploaded.
    xlsx_mb: int  # The parts of an XLSX workbook, unpacked.
    rows: int  # Rows with a value, the header aside (empty rows have the same limit).
    columns: int  # Up to the last cell with a value.

    @classmethod
    def from_settings(cls) -> "TableLimits":
        return cls(
            file_mb=settings.IMPORT_MAX_FILE_MB,
            xlsx_mb=settings.IMPORT_MAX_XLSX_MB,
            rows=settings.IMPORT_MAX_ROWS,
            columns=settings.IMPORT_MAX_COLUMNS,
        )


@dataclass(frozen=True)
class TableRow:
    line: int  # The line (CSV) or row (XLSX) number in the file, the header being 1.
    cells: tuple[Any, ...]  # str for CSV; str, number, datetime or None for XLSX.


class Table:
    """The non-blank rows of a file, header first, read as they are iterated (once).
    Iterating raises TableError when the file breaks a limit or turns out unreadable."""

    def __init__(
        self,
        rows: Generator[TableRow, None, None],
        encoding: str | None,
        delimiter: str | None = None,
    ):
        self._rows = rows
        self.encoding = encoding  # How a CSV was decoded ("Windows-1251"...); None for XLSX.
        self.delimiter = delimiter  # A CSV's, as found on its header line.

    def __iter__(self) -> Iterator[TableRow]:
        return self._rows

    def close(self) -> None:
        """Stop reading (the rows left are not read), while the file is still open."""
        self._rows.close()

    def __enter__(self) -> "Table":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def read_as(self) -> str:
        """A sentence for the result of an import: how the text was decoded, if it was."""
        if self.encoding is None:
            return ""
        return _("The file was read as %(encoding)s text.") % {"encoding": self.encoding}


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


class RowErrors:
    """The errors of an import, as many as a person reads: every error of the first
    SHOWN_ERROR_ROWS bad rows (by line number), then only counts, so that a file of a
    million bad rows neither prints a million lines nor keeps them in memory.

    The errors of one line must be added together (they are, row by row); lines may
    come in any order, as when a second pass over the good rows finds more errors."""

    def __init__(self, shown_rows: int = SHOWN_ERROR_ROWS):
        self.shown_rows = shown_rows
        self.count = 0  # Every error, shown or not.
        self._shown: dict[int, list[str]] = {}
        self._heap: list[int] = []  # The shown lines, negated: the largest comes first.
        self._hidden_rows = 0
        self._last_line: int | None = None

    def add(self, line: int, message: str) -> None:
        self.count += 1
        if line in self._shown:
            self._shown[line].append(message)
            return
        if line == self._last_line:
            return  # A row already counted among the hidden ones.
        self._last_line = line
        if len(self._shown) < self.shown_rows:
            self._shown[line] = [message]
            heapq.heappush(self._heap, -line)
        elif line < -self._heap[0]:
            # An earlier line than the last one shown takes its place.
            del self._shown[-heapq.heapreplace(self._heap, -line)]
            self._shown[line] = [message]
            self._hidden_rows += 1
        else:
            self._hidden_rows += 1

    def extend(self, errors: Iterable[RowError]) -> None:
        for error in errors:
            self.add(error.line, error.message)

    def __bool__(self) -> bool:
        return self.count > 0

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[RowError]:
        for line in sorted(self._shown):
            for message in self._shown[line]:
                yield RowError(line, message)

    def messages(self) -> list[str]:
        """The lines to show a person: the errors of the first bad rows, then how many
        more rows are bad."""
        shown = [str(error) for error in self]
        if self._hidden_rows:
            shown.append(
                ngettext(
                    "… and %(count)d more row with errors.",
                    "… and %(count)d more rows with errors.",
                    self._hidden_rows,
                )
                % {"count": self._hidden_rows}
            )
        return shown


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


def table_read(file: IO[bytes], limits: TableLimits | None = None) -> Table:
    """The rows of a CSV or XLSX file (told apart by content, not by name), blank rows
    left out and trailing empty cells trimmed. The file must be seekable (it is read
    more than once: to tell CSV from XLSX, to find the encoding, to count the rows) and
    stay open while the Table is read.

    Raises TableError for a file that is not a table or breaks a limit: at once for a
    CSV; for an XLSX, at once for its sizes and while the Table is read for its rows
    and columns (reading a sheet twice would double the slowest part of an import)."""
    limits = limits or TableLimits.from_settings()
    file_size_check(file, limits)
    magic = file.read(len(XLSX_MAGIC))
    file.seek(0)
    if magic == XLSX_MAGIC:
        rows, encoding = _xlsx_rows(file, limits), None
    elif magic == XLS_MAGIC:
        raise TableError(
            _("This is an old Excel workbook (.xls); save it as .xlsx or as CSV and try again.")
        )
    else:
        codec, encoding = text_encoding(file)
        # Read the rows once before the import checks them: a file beyond a limit is
        # then refused in a fraction of a second (the csv module is fast; the import's
        # checks of each row are not), and an import never starts on it.
        for _row in rows_within_limits(_csv_rows(file, codec), limits):
            pass
        file.seek(0)
        rows = _csv_rows(file, codec)
        return Table(rows_within_limits(rows, limits), encoding, _file_delimiter(file, codec))
    return Table(rows_within_limits(rows, limits), encoding)


def file_size_check(file: IO[bytes], limits: TableLimits) -> None:
    """Refuse a file larger than the limit, before reading it."""
    if _size(file) > limits.file_mb * MB:
        raise TableError(
            _("The file is larger than %(limit)d MB, the most Keyfolio imports at once.")
            % {"limit": limits.file_mb}
        )


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


# The file as a whole -------------------------------------------------------------


def _size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)  # An upload knows its size.
    if size is None:
        size = file.seek(0, os.SEEK_END)
    file.seek(0)
    return size


def rows_within_limits(
    rows: Generator[TableRow, None, None], limits: TableLimits
) -> Generator[TableRow, None, None]:
    """Leave out blank rows and trailing empty cells; stop at the row and column limits."""
    filled = blank = 0
    with closing(rows):  # Closing this generator closes the reader's too, at once.
        for row in rows:
            cells = _trimmed(row.cells)
            if not cells:
                blank += 1
                if blank > limits.rows:
                    raise TableError(
                        _(
                            "The file has more than %(limit)d empty rows; delete them "
                            "(they may only look empty) and try again."
                        )
                        % {"limit": limits.rows}
                    )
                continue
            if len(cells) > limits.columns:
                raise TableError(
                    _(
                        "line %(line)d: there are %(count)d columns; Keyfolio imports at "
                        "most %(limit)d."
                    )
                    % {"line": row.line, "count": len(cells), "limit": limits.columns}
                )
            filled += 1
            if filled > limits.rows + 1:  # The header is not counted.
                raise TableError(
                    _(
                        "The file has more than %(limit)d rows, the most Keyfolio imports at "
                        "once; split it into smaller files."
                    )
                    % {"limit": limits.rows}
                )
            yield TableRow(row.line, _unquoted(cells))


def _unquoted(cells: tuple[Any, ...]) -> tuple[Any, ...]:
    """The cells with the quote that Keyfolio's exports put before formula-like text
    taken off again, so that an export imports unchanged."""
    return tuple(formula_unquoted(cell) if isinstance(cell, str) else cell for cell in cells)


def _trimmed(cells: tuple[Any, ...]) -> tuple[Any, ...]:
    """The cells without the empty ones at the end (Excel often writes a trailing
    delimiter, and a sheet's formatted cells look empty)."""
    end = len(cells)
    while end and not cell_text(cells[end - 1]):
        end -= 1
    return cells if end == len(cells) else cells[:end]


# CSV -----------------------------------------------------------------------------

# A CSV is text in one of the encodings Excel saves: UTF-8 (with or without a
# byte-order mark), UTF-16 with a byte-order mark ("Unicode text"), or the Windows code
# page of the computer: Windows-1251 for Russian, Windows-1252 for Western languages.
BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
]
WORD = re.compile(r"[^\W\d_]{2,}")  # Letters only, at least two.
DELIMITERS = (",", ";", "\t")


def text_encoding(file: IO[bytes]) -> tuple[str, str]:
    """The codec to read the text file with, and its name for people."""
    start = file.read(4)
    file.seek(0)
    for bom, codec, name in BOMS:
        if start.startswith(bom):
            return codec, name
    if _is_utf8(file):
        return "utf-8", "UTF-8"
    return _windows_code_page(file)


def _chunks(file: IO[bytes]) -> Iterator[bytes]:
    """The bytes of a file that should be text (in an 8-bit encoding: UTF-16 files are
    not scanned), refused at the first NUL byte, which text never has."""
    file.seek(0)
    try:
        while chunk := file.read(CHUNK):
            if b"\x00" in chunk:
                raise TableError(_("The file is neither text nor an XLSX workbook."))
            yield chunk
    finally:
        file.seek(0)


def _is_utf8(file: IO[bytes]) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in _chunks(file):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _windows_code_page(file: IO[bytes]) -> tuple[str, str]:
    """Windows-1251 or Windows-1252, whichever the text reads as.

    Both give a letter for almost every byte above 127, so neither fails to decode.
    They differ in how those letters sit in words: Russian words are made of them
    entirely ("Пример"), while Western words mix them with ASCII letters ("Café",
    "Müller", which Windows-1251 would read as "Cafй", "Mьller"). So count, in the
    Windows-1251 reading, the words of Cyrillic letters only against the words that
    mix Cyrillic and Latin letters; a byte that one code page lacks settles it."""
    cyrillic = mixed = 0
    readable = {"cp1251": True, "cp1252": True}
    for chunk in _chunks(file):
        for codec in readable:
            try:
                chunk.decode(codec)
            except UnicodeDecodeError:
                readable[codec] = False
        for word in WORD.findall(chunk.decode("cp1251", errors="replace")):
            if word.isascii():
                continue
            if all("\u0400" <= letter <= "\u04ff" for letter in word):
                cyrillic += 1
            else:
                mixed += 1
    if not any(readable.values()):
        raise TableError(_("The file is neither text nor an XLSX workbook."))
    # Keyfolio speaks Russian and English: a tie goes to Russian.
    if readable["cp1251"] and (cyrillic >= mixed or not readable["cp1252"]):
        return "cp1251", "Windows-1251"
    return "cp1252", "Windows-1252"


def _lines(text: IO[str]) -> Iterator[str]:
    """The lines of the text, each refused beyond LINE_MAX_CHARS before it is split."""
    number = 0
    while line := text.readline(LINE_MAX_CHARS + 1):
        number += 1
        if len(line) > LINE_MAX_CHARS:
            raise TableError(
                _("line %(line)d is longer than %(limit)d characters.")
                % {"line": number, "limit": LINE_MAX_CHARS}
            )
        yield line


def _delimiter(header: str) -> str:
    """The delimiter is the commonest of the usual ones on the header line: the header
    holds names, never numbers, so a decimal comma cannot mislead. Excel writes a
    comma, a semicolon where the comma is the decimal sign (Russian), and a tab
    for "Unicode text"."""
    counts = [header.count(delimiter) for delimiter in DELIMITERS]
    return DELIMITERS[counts.index(max(counts))]


def _csv_rows(file: IO[bytes], codec: str) -> Generator[TableRow, None, None]:
    text = io.TextIOWrapper(file, encoding=codec, newline="")  # type: ignore[type-var]
    try:
        lines = _lines(text)
        header = next(lines, "")
        reader = csv.reader(_chain(header, lines), delimiter=_delimiter(header))
        while True:
            line = reader.line_num + 1  # A quoted cell may span lines; report the first.
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise TableError(
                    _("line %(line)d: %(error)s") % {"line": line, "error": error}
                ) from None
            yield TableRow(line, tuple(cells))
    except UnicodeDecodeError:  # Only for a broken UTF-16 file: the others were checked.
        raise TableError(_("The file is neither text nor an XLSX workbook.")) from None
    finally:
        if not file.closed:
            text.detach()  # The caller closes the file, not the wrapper.


def _file_delimiter(file: IO[bytes], codec: str) -> str:
    """The delimiter of the CSV file, from its header line (for the import's report)."""
    text = io.TextIOWrapper(file, encoding=codec, newline="")  # type: ignore[type-var]
    try:
        return _delimiter(text.readline(LINE_MAX_CHARS))
    finally:
        text.detach()
        file.seek(0)


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    if first:
        yield first
    yield from rest


# XLSX ----------------------------------------------------------------------------


def _xlsx_rows(file: IO[bytes], limits: TableLimits) -> Generator[TableRow, None, None]:
    """Check the workbook's size unpacked, from the zip's directory, before openpyxl
    opens anything (a zip bomb is refused here), then stream the first sheet's rows."""
    unreadable = TableError(_("The file looks like an XLSX workbook but cannot be read."))
    try:
        with zipfile.ZipFile(file) as archive:
            # The zipfile module stops at the sizes the directory declares, so a part
            # cannot unpack to more than is counted here.
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise unreadable from None
    if unpacked > limits.xlsx_mb * MB:
        raise TableError(
            _(
                "The workbook unpacks to %(size)d MB; Keyfolio imports workbooks of at most "
                "%(limit)d MB unpacked. Split it, or save it as CSV."
            )
            % {"size": unpacked // MB, "limit": limits.xlsx_mb}
        )
    import openpyxl  # Imported here: only XLSX imports pay for it.

    file.seek(0)
    try:
        # Read-only mode streams the sheet row by row instead of building it in memory.
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a damaged file.
        raise unreadable from None
    return _xlsx_stream(workbook, unreadable)


def _xlsx_stream(workbook, unreadable: TableError) -> Generator[TableRow, None, None]:
    try:
        # The first sheet a person sees: a CRM's export may put a hidden one first.
        visible = [sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
        if not visible:
            return
        sheet = visible[0]
        # The size the sheet declares may be wrong or hostile (every row padded to
        # column XFD); without it each row ends at its last cell.
        sheet.reset_dimensions()
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            yield TableRow(number, tuple(_xlsx_value(cell) for cell in cells))
    except TableError:
        raise
    except Exception:  # A damaged part shows only when it is read.
        raise unreadable from None
    finally:
        workbook.close()


def _xlsx_value(cell) -> Any:
    value = cell.value
    # A cell is read as the person sees it: Excel stores 85 % as 0.85 with a percent
    # format, and the import means 85.
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if is_number and "%" in (cell.number_format or ""):
        return round(value * 100, 6)  # 0.855 * 100 is 85.49999999999999.
    return value
