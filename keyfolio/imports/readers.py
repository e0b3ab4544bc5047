"""Reading a CRM's export as a table: CSV and XLSX through the shared reader
(keyfolio.core.tables), and the three files CRMs write that are neither:

- Bitrix24's "Excel" export is an HTML table saved with an `.xls` name;
- 1C writes its counterparties as CommerceML, an XML file: each `Контрагент` becomes a
  row whose columns are named after its elements (`Ид`, `Наименование`, `ИНН`...);
- Dynamics 365's "Export to Excel" shows labels in the user's language and keeps the
  fields' logical names (`name`, `accountid`...) in a hidden sheet: where that sheet
  has a row of such names as wide as the header, the header is read from it, so a
  workbook exported in any language maps the same way.

Every reader keeps the limits of the settings (IMPORT_MAX_*): the file's size, rows
and columns, and reads as it goes.
"""

import io
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import IO, Any

from django.utils.translation import gettext as _

from keyfolio.core.tables import (
    XLSX_MAGIC,
    Table,
    TableError,
    TableLimits,
    TableRow,
    file_size_check,
    rows_within_limits,
    table_read,
    text_encoding,
)

SNIFF_BYTES = 64 * 1024
LOGICAL_NAME = re.compile(r"[a-z][a-z0-9_]*")
HIDDEN_SHEET_ROWS = 10  # The hidden sheet's rows searched for the logical names.
CHARSET = re.compile(rb"charset=[\"']?([A-Za-z0-9_-]+)", re.IGNORECASE)


@dataclass
class Source:
    """A file read as a table: its header, the rows after it, and how it was read."""

    file_format: str  # csv, xlsx, html or commerceml
    header: tuple[str, ...]  # The names the columns are mapped by.
    rows: Iterator[TableRow]
    labels: tuple[str, ...] = ()  # The header as the file shows it, when it differs.
    encoding: str | None = None
    delimiter: str | None = None
    closers: list[Any] = field(default_factory=list)

    def close(self) -> None:
        for closer in self.closers:
            closer.close()

    def __enter__(self) -> "Source":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def source_read(file: IO[bytes], limits: TableLimits | None = None) -> Source:
    """The table in `file` (seekable, open while the Source is read); TableError when
    it is not one or breaks a limit."""
    limits = limits or TableLimits.from_settings()
    file_size_check(file, limits)
    start = file.read(SNIFF_BYTES)
    file.seek(0)
    markup = start.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if markup.startswith(b"<?xml") or markup.startswith(b"<\xd0\xba\xd0\xbe\xd0\xbc"):
        return _source_of(
            "commerceml", rows_within_limits(_commerceml_rows(file, limits), limits), limits
        )
    if markup.startswith(b"<") and b"<table" in markup:
        table = Table(rows_within_limits(_html_rows(file, start, limits), limits), None)
        return _source_of("html", table, limits)
    table = table_read(file, limits)
    if start.startswith(XLSX_MAGIC):
        logical = _dynamics_logical_names(file)
        return _source_of("xlsx", table, limits, logical=logical)
    return _source_of("csv", table, limits)


def _source_of(file_format: str, table, limits, *, logical: list[str] | None = None) -> Source:
    rows = iter(table)
    header_row = next(rows, None)
    if header_row is None:
        if hasattr(table, "close"):
            table.close()
        raise TableError(_("The file is empty: it has no header row."))
    labels = tuple("" if cell is None else str(cell).strip() for cell in header_row.cells)
    header = labels
    if logical and len(logical) >= len(labels):
        header = tuple(logical[: len(labels)])
    return Source(
        file_format,
        header,
        rows,
        labels=labels,
        encoding=getattr(table, "encoding", None),
        delimiter=getattr(table, "delimiter", None),
        closers=[table] if hasattr(table, "close") else [],
    )


# Dynamics 365 --------------------------------------------------------------------


def _dynamics_logical_names(file: IO[bytes]) -> list[str] | None:
    """The row of logical field names in a hidden sheet, if the workbook has one."""
    import openpyxl

    file.seek(0)
    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception:  # table_read has already said what is wrong with the file.
        return None
    finally:
        file.seek(0)
    try:
        for sheet in workbook.worksheets:
            if sheet.sheet_state == "visible":
                continue
            sheet.reset_dimensions()
            for cells in sheet.iter_rows(max_row=HIDDEN_SHEET_ROWS, values_only=True):
                names = [str(cell).strip() for cell in cells if cell not in (None, "")]
                if len(names) >= 2 and all(LOGICAL_NAME.fullmatch(name) for name in names):
                    return names
        return None
    finally:
        workbook.close()


# Bitrix24's HTML ".xls" ----------------------------------------------------------


class _TableParser(HTMLParser):
    """Collects the cells of each <tr> as they are fed; rows are taken from `done`."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.done: list[tuple[str, ...]] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._end_row()
            self.row = []
        elif tag in ("td", "th"):
            self._end_cell()
            if self.row is None:
                self.row = []
            self.cell = []
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._end_cell()
        elif tag in ("tr", "table"):
            self._end_row()

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)

    def _end_cell(self):
        if self.cell is not None and self.row is not None:
            lines = "".join(self.cell).split("\n")
            self.row.append("\n".join(" ".join(line.split()) for line in lines).strip())
        self.cell = None

    def _end_row(self):
        self._end_cell()
        if self.row is not None:
            self.done.append(tuple(self.row))
        self.row = None


def _html_codec(start: bytes, file: IO[bytes]) -> str:
    if match := CHARSET.search(start):
        codec = match.group(1).decode("ascii").lower()
        try:
            "".encode(codec)
            return "utf-8-sig" if codec in ("utf-8", "utf8") else codec
        except LookupError:
            pass
    return text_encoding(file)[0]


def _html_rows(
    file: IO[bytes], start: bytes, limits: TableLimits
) -> Generator[TableRow, None, None]:
    codec = _html_codec(start, file)
    file.seek(0)
    text = io.TextIOWrapper(file, encoding=codec, errors="replace", newline="")  # type: ignore[type-var]
    parser = _TableParser()
    number = 0
    try:
        while chunk := text.read(SNIFF_BYTES):
            parser.feed(chunk)
            for cells in parser.done:
                number += 1
                yield TableRow(number, cells)
            parser.done.clear()
        parser.close()
        parser._end_row()
        for cells in parser.done:
            number += 1
            yield TableRow(number, cells)
    finally:
        if not file.closed:
            text.detach()


# 1C's CommerceML -----------------------------------------------------------------

COMMERCEML_COLUMNS = (
    "Ид",
    "Наименование",
    "ОфициальноеНаименование",
    "ПолноеНаименование",
    "ИНН",
    "КПП",
    "Страна",
    "Адрес",
    "Телефон",
    "Почта",
    "Комментарий",
)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]  # CommerceML 2 puts its elements in a namespace.


def _commerceml_rows(file: IO[bytes], limits: TableLimits) -> Generator[TableRow, None, None]:
    """A header of COMMERCEML_COLUMNS, then a row per Контрагент. A document type
    declaration is refused: CommerceML has none, and entities are how XML bombs work."""
    start = file.read(SNIFF_BYTES)
    file.seek(0)
    if b"<!DOCTYPE" in start.upper() or b"<!ENTITY" in start.upper():
        raise TableError(_("The XML file declares a document type; CommerceML files have none."))
    yield TableRow(1, COMMERCEML_COLUMNS)
    number = 1
    try:
        for _event, element in ElementTree.iterparse(file, events=("end",)):
            if _local(element.tag) != "Контрагент":
                continue
            number += 1
            yield TableRow(number, _counterparty(element))
            element.clear()
    except ElementTree.ParseError as error:
        raise TableError(_("The XML file cannot be read: %(error)s") % {"error": error}) from None
    if number == 1:
        raise TableError(_("The XML file holds no counterparties (Контрагент)."))


def _counterparty(element: ElementTree.Element) -> tuple[str, ...]:
    values: dict[str, str] = {}
    for child in element:
        name = _local(child.tag)
        if name in COMMERCEML_COLUMNS and child.text:
            values[name] = child.text.strip()
        elif name in ("АдресРегистрации", "ЮридическийАдрес", "Адрес"):
            values.update(_address(child))
        elif name == "Контакты":
            values.update(_contacts(child))
    return tuple(values.get(column, "") for column in COMMERCEML_COLUMNS)


def _address(element: ElementTree.Element) -> dict[str, str]:
    values: dict[str, str] = {}
    for child in element.iter():
        name = _local(child.tag)
        if name == "Представление" and child.text:
            values["Адрес"] = child.text.strip()
        if name == "АдресноеПоле":
            kind = _child_text(child, "Тип")
            if kind == "Страна":
                values["Страна"] = _child_text(child, "Значение")
    return values


def _contacts(element: ElementTree.Element) -> dict[str, str]:
    values: dict[str, str] = {}
    for contact in element:
        kind = _child_text(contact, "Тип").lower()
        value = _child_text(contact, "Значение")
        if "почта" in kind or "mail" in kind:
            values.setdefault("Почта", value)
        elif "телефон" in kind:
            values.setdefault("Телефон", value)
    return values


def _child_text(element: ElementTree.Element, name: str) -> str:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return ""
