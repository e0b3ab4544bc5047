"""The table reader every import uses: limits, encodings, shapes, error reports.

Hostile files are built here. Each limit test checks that the reader refuses the file
with a message naming the limit and that it stopped there: it yielded no row past the
limit, or never opened the workbook at all.
"""

import zipfile
from datetime import date
from io import BytesIO

import openpyxl
import pytest

from keyfolio.core.tables import (
    LINE_MAX_CHARS,
    MB,
    RowError,
    RowErrors,
    Table,
    TableError,
    TableLimits,
    table_read,
)

LIMITS = TableLimits(file_mb=1, xlsx_mb=1, rows=10, columns=5)


def read(data: bytes, limits: TableLimits = LIMITS) -> Table:
    return table_read(BytesIO(data), limits)


def cells(data: bytes, limits: TableLimits = LIMITS) -> list[tuple]:
    return [row.cells for row in read(data, limits)]


def xlsx(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    data = BytesIO()
    workbook.save(data)
    return data.getvalue()


def zip_bomb(unpacked_mb: int) -> bytes:
    """A workbook-shaped zip whose sheet unpacks to `unpacked_mb` MB of repetitive
    XML yet takes a few kilobytes packed."""
    row = b'<row><c t="inlineStr"><is><t>boom</t></is></c></row>' * 1000
    data = BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b"<worksheet><sheetData>")
            for _ in range(unpacked_mb * MB // len(row) + 1):
                sheet.write(row)
            sheet.write(b"</sheetData></worksheet>")
    return data.getvalue()


@pytest.fixture
def no_openpyxl(monkeypatch):
    """Fail the test if anything opens a workbook."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl.load_workbook was called")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


# Limits --------------------------------------------------------------------------


def test_it_refuses_a_zip_bomb_before_opening_it(no_openpyxl):
    bomb = zip_bomb(3)
    assert len(bomb) < 100_000  # Small packed, far beyond the limit unpacked.
    with pytest.raises(TableError, match=r"unpacks to 3 MB; .* at most 1 MB unpacked"):
        read(bomb)


def test_it_reads_a_workbook_within_the_unpacked_limit():
    data = xlsx([["account", "month"], ["Northwind", "2024-01"]])
    assert cells(data) == [("account", "month"), ("Northwind", "2024-01")]


def test_it_refuses_a_file_over_the_size_limit():
    data = b"account,month\n" + b"Northwind,2024-01\n" * (MB // 18 + 1)
    with pytest.raises(TableError, match="larger than 1 MB"):
        read(data, TableLimits(file_mb=1, xlsx_mb=1, rows=10**6, columns=5))


def test_it_refuses_a_csv_over_the_row_limit_of_the_settings_before_any_import(settings):
    settings.IMPORT_MAX_FILE_MB = 20
    row = b"Northwind,2024-01,5\n"
    # Past the limit the file turns unreadable: a reader that went on would say so.
    data = b"account,month,amount\n" + row * 100_000 + row + b"x" * (LINE_MAX_CHARS + 1)
    with pytest.raises(TableError, match="more than 100000 rows"):
        table_read(BytesIO(data))
    table_read(BytesIO(b"account,month,amount\n" + row * 100_000))  # The limit itself is fine.


def test_it_stops_at_the_row_limit_of_a_workbook():
    data = xlsx([["account"]] + [[f"Account {n}"] for n in range(30)])
    table = read(data)
    read_rows = 0
    with pytest.raises(TableError, match="more than 10 rows"):
        for _row in table:
            read_rows += 1
    assert read_rows == 11


def test_it_counts_only_rows_with_values_but_bounds_the_empty_ones():
    ten = b"a\n" + b"x\n" * 10
    assert len(cells(ten + b"\n" * 5 + b",,\n" * 4)) == 11
    with pytest.raises(TableError, match="more than 10 empty rows"):
        cells(ten + b"\n" * 11)


def test_it_refuses_a_row_over_the_column_limit_and_reads_no_further():
    with pytest.raises(TableError, match=r"line 3: there are 6 columns; .* at most 5"):
        read(
            b"a,b\n1,2\n1,2,3,4,5,6\n" + b"x" * (LINE_MAX_CHARS + 1),
            TableLimits(file_mb=2, xlsx_mb=1, rows=10, columns=5),
        )


def test_it_refuses_a_workbook_row_over_the_column_limit_as_it_reads_it():
    table = read(xlsx([["a", "b"], [1, 2], [1, 2, 3, 4, 5, 6], [1, 2]]))
    read_rows = []
    with pytest.raises(TableError, match=r"line 3: there are 6 columns; .* at most 5"):
        for row in table:
            read_rows.append(row.line)
    assert read_rows == [1, 2]


def test_it_refuses_a_line_longer_than_any_spreadsheet_writes():
    data = b"a\n" + b"x" * (LINE_MAX_CHARS + 1) + b"\n"
    with pytest.raises(TableError, match="line 2 is longer than"):
        cells(data, TableLimits(file_mb=2, xlsx_mb=1, rows=10, columns=5))


def test_a_table_closed_early_reads_no_further():
    table = read(b"a\n1\n2\n3\n")
    with table:
        assert next(iter(table)).cells == ("a",)
    assert list(table) == []


# Encodings -----------------------------------------------------------------------

RUSSIAN = "account;month;amount\nООО «Ромашка»;2024-01;12 500,50\nСевер;2024-02;5\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (RUSSIAN.encode("utf-8"), "UTF-8"),
        (RUSSIAN.encode("utf-8-sig"), "UTF-8"),
        (RUSSIAN.replace(";", "\t").encode("utf-16"), "UTF-16"),  # Excel's "Unicode text".
        (RUSSIAN.replace(";", "\t").encode("utf-16-be"), None),  # No byte-order mark.
        (RUSSIAN.encode("cp1251"), "Windows-1251"),
    ],
)
def test_it_reads_the_encodings_excel_saves(data, encoding):
    if encoding is None:  # UTF-16 without its byte-order mark is not text we know.
        with pytest.raises(TableError, match="neither text nor an XLSX workbook"):
            cells(data)
        return
    table = read(data)
    assert [row.cells for row in table] == [
        ("account", "month", "amount"),
        ("ООО «Ромашка»", "2024-01", "12 500,50"),
        ("Север", "2024-02", "5"),
    ]
    assert table.encoding == encoding
    assert table.read_as() == f"The file was read as {encoding} text."


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("account,note\nCafé Müller,Crème brûlée à volonté\n", "Windows-1252"),
        ("account,note\nÉCOLE,ÜBER\n", "Windows-1252"),
        ("account,note\nNorthwind,Встреча в офисе\n", "Windows-1251"),
        ("account,note\nNorthwind,Я\n", "Windows-1251"),  # A tie goes to Russian.
        ("account,note\nЁлка,ёж ЁЖ\n", "Windows-1251"),
    ],
)
def test_it_tells_windows_1251_from_windows_1252(text, encoding):
    codec = "cp1251" if encoding == "Windows-1251" else "cp1252"
    table = read(text.encode(codec))
    assert [row.cells for row in table][1] == tuple(text.splitlines()[1].split(","))
    assert table.encoding == encoding


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        # 0x98 is "˜" in Windows-1252 and nothing in Windows-1251...
        ("account\nДом\n".encode("cp1251") + b"\x98\n", "Windows-1252"),
        # ...and 0x81 is "Ѓ" in Windows-1251 and nothing in Windows-1252.
        ("account\nCafé\n".encode("cp1252") + b"\x81\n", "Windows-1251"),
    ],
)
def test_a_byte_only_one_code_page_has_settles_it(data, encoding):
    assert read(data).encoding == encoding


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "neither text nor an XLSX workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, r"old Excel workbook \(.xls\)"),
        (b"PK\x03\x04broken", "looks like an XLSX workbook but cannot be read"),
    ],
)
def test_it_refuses_files_that_are_not_tables(content, message):
    with pytest.raises(TableError, match=message):
        cells(content)


def test_it_refuses_a_zip_that_is_not_a_workbook():
    data = BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(TableError, match="cannot be read"):
        cells(data.getvalue())


# Shapes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delimiter", "line"),
    [(",", 'Northwind,"12,5"'), (";", "Northwind;12,5"), ("\t", "Northwind\t12,5")],
)
def test_it_finds_the_delimiter_on_the_header_line(delimiter, line):
    data = f"account{delimiter}amount\n{line}\n".encode()
    assert cells(data)[1] == ("Northwind", "12,5")


def test_it_tolerates_a_trailing_delimiter_and_ragged_rows():
    data = (
        b"account;month;amount;\r\n"
        b"Northwind;2024-01;5;\r\n"
        b"Northwind;2024-02\r\n"  # Short: the missing cells are simply absent.
        b"Northwind;2024-03;5;;;\r\n"
        b";;;\r\n"  # Blank.
        b"Northwind;2024-04;5;;x\r\n"  # A value beyond the header stays for the import to report.
    )
    assert [(row.line, row.cells) for row in read(data)] == [
        (1, ("account", "month", "amount")),
        (2, ("Northwind", "2024-01", "5")),
        (3, ("Northwind", "2024-02")),
        (4, ("Northwind", "2024-03", "5")),
        (6, ("Northwind", "2024-04", "5", "", "x")),
    ]


def test_it_reads_a_workbook_as_people_see_it():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["account", "assessed_on", "score"])
    sheet.append(["Northwind", date(2024, 3, 1), 0.855])
    sheet["C2"].number_format = "0.0%"
    sheet.append([])
    sheet.append(["Contoso", "2024-03-02", 40])
    sheet["Z4"].number_format = "0%"  # A formatted cell without a value is no column.
    data = BytesIO()
    workbook.save(data)

    rows = list(read(data.getvalue()))

    assert [row.line for row in rows] == [1, 2, 4]
    assert rows[1].cells[2] == 85.5
    assert rows[1].cells[1].date() == date(2024, 3, 1)
    assert rows[2].cells == ("Contoso", "2024-03-02", 40)


# Error reports -------------------------------------------------------------------


def test_it_shows_the_errors_of_the_first_bad_rows_then_counts_the_rest():
    errors = RowErrors(shown_rows=3)
    errors.add(1, "unknown column 'colour'")
    for line in range(2, 12):
        errors.add(line, "bad amount")
        errors.add(line, "bad month")

    assert len(errors) == 21
    assert errors.messages() == [
        "line 1: unknown column 'colour'",
        "line 2: bad amount",
        "line 2: bad month",
        "line 3: bad amount",
        "line 3: bad month",
        "… and 8 more rows with errors.",
    ]


def test_it_shows_the_first_bad_rows_whatever_order_they_are_found_in():
    errors = RowErrors(shown_rows=2)
    errors.extend([RowError(5, "a"), RowError(9, "b"), RowError(7, "c")])
    errors.extend([RowError(2, "late"), RowError(2, "again")])  # A second pass finds line 2.
    assert errors.messages() == [
        "line 2: late",
        "line 2: again",
        "line 5: a",
        "… and 2 more rows with errors.",
    ]
    assert len(errors) == 5


def test_no_errors_is_false():
    errors = RowErrors()
    assert not errors and errors.messages() == []


def test_it_takes_off_the_quote_an_export_put_before_formula_like_text():
    data = b"account,note\n'=HYPERLINK(1),'+7 Telecom\n'plain,'-\n"
    assert cells(data) == [("account", "note"), ("=HYPERLINK(1)", "+7 Telecom"), ("'plain", "-")]


def test_it_takes_off_the_quote_in_a_workbook_too():
    assert cells(xlsx([["account"], ["'@Home"], ["'Tis"]])) == [("account",), ("@Home",), ("'Tis",)]
