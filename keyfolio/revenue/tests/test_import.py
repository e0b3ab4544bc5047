"""The import on the revenue tab: CSV or XLSX, all or nothing, for the member's accounts."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from keyfolio.accounts.models import Account
from keyfolio.revenue.models import RevenueEntry
from keyfolio.revenue.tests.factories import record


def import_url(world, account=None) -> str:
    return reverse("revenue:import", args=[world.slug, (account or world.account).pk])


def csv_file(text: str, name: str = "revenue.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows: list[list]) -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    data = BytesIO()
    workbook.save(data)
    return SimpleUploadedFile("revenue.xlsx", data.getvalue())


def upload(world, person, file, account=None):
    client = world.client_for(getattr(world, person))
    return client.post(import_url(world, account), {"file": file}, follow=True)


def amounts() -> dict[tuple[str, date], Decimal]:
    return {
        (name, month): amount
        for name, month, amount in RevenueEntry.objects.values_list(
            "account__name", "month", "amount"
        )
    }


@pytest.fixture
def contoso(world):
    """A second account of the manager's."""
    return Account.objects.create(workspace=world.workspace, name="Contoso", owner=world.manager)


GOOD_CSV = (
    "account;month;amount;note\n"
    "Northwind;2024-01;12 500,50;\n"
    "Northwind;2024-02;-800;Credit note\n"
    "Contoso;2024-01;1000;\n"
)


def test_it_imports_a_csv_and_counts_what_it_overwrote(world, contoso):
    record(world.account, date(2024, 1, 1), 1, note="Old")
    response = upload(world, "manager", csv_file(GOOD_CSV))
    body = response.content.decode()
    assert (
        "Imported 3 months of revenue for 2 accounts: 2 new, 1 overwritten, 0 unchanged. "
        "The file was read as UTF-8 text." in body
    )
    assert amounts() == {
        ("Northwind", date(2024, 1, 1)): Decimal("12500.50"),
        ("Northwind", date(2024, 2, 1)): Decimal("-800"),
        ("Contoso", date(2024, 1, 1)): Decimal("1000"),
    }
    notes = dict(RevenueEntry.objects.values_list("month", "note").filter(account=world.account))
    assert notes == {date(2024, 1, 1): "", date(2024, 2, 1): "Credit note"}
    assert RevenueEntry.objects.get(account=contoso).created_by == world.manager


BAD_CSV = (
    "account,month,amount,note\n"  # line 1
    "Northwind,2024-01,12 500,\n"  # line 2: good
    "Northwind,2024-13,5,\n"  # line 3
    'Northwind,2024-02,"12,500",\n'  # line 4
    "Nobody Ltd,2024-02,5,\n"  # line 5
    "Northwind,2024-01,7,\n"  # line 6: twice
    ",2024-03,5,\n"  # line 7
    "Northwind,2999-01,5,\n"  # line 8: to come
    "Initech,2024-01,5,\n"  # line 9: another workspace's
    "Contoso,2024-01,,\n"  # line 10
)


def test_it_imports_nothing_and_lists_every_bad_row(world, contoso):
    response = upload(world, "manager", csv_file(BAD_CSV))
    errors = response.context["import_errors"]
    assert response.status_code == 400
    assert "line 3: month '2024-13' is not in the form YYYY-MM" in errors
    assert any(e.startswith("line 4: '12,500' is not an amount") for e in errors)
    assert "line 5: unknown account 'Nobody Ltd'" in errors
    assert "line 6: Northwind 2024-01 is already on line 2" in errors
    assert "line 7: the account name is missing" in errors
    assert any(e.startswith("line 8: 2999-01 has not begun yet") for e in errors)
    assert "line 9: unknown account 'Initech'" in errors
    assert "line 10: the amount is missing" in errors
    assert not any(e.startswith("line 2:") for e in errors)
    assert "Nothing was imported: 8 errors." in response.content.decode()
    assert not RevenueEntry.objects.exists()


def test_it_imports_an_xlsx_workbook(world):
    file = xlsx_file(
        [
            ["Account", "Month", "Amount"],
            ["Northwind", "2024-03", 1500.5],
            ["Northwind", date(2024, 4, 1), "2 000"],
        ]
    )
    response = upload(world, "manager", file)
    assert "Imported 2 months" in response.content.decode()
    assert amounts() == {
        ("Northwind", date(2024, 3, 1)): Decimal("1500.50"),
        ("Northwind", date(2024, 4, 1)): Decimal("2000"),
    }


def test_it_imports_nothing_from_an_xlsx_with_bad_rows(world):
    file = xlsx_file(
        [
            ["account", "month", "amount", "colour"],
            ["Northwind", "2024-03", 100, None],
            ["Northwind", "March", 100, None],
            ["Northwind", "2024-05", "1.000,00", None],
            ["Northwind", "2024-03", 100, "red"],
        ]
    )
    errors = upload(world, "manager", file).context["import_errors"]
    assert "line 1: unknown column 'colour'" in errors
    assert "line 3: month 'March' is not in the form YYYY-MM" in errors
    assert any(e.startswith("line 4: '1.000,00' is not an amount") for e in errors)
    assert "line 5: Northwind 2024-03 is already on line 2" in errors
    assert not RevenueEntry.objects.exists()


def test_it_names_no_account_the_member_may_not_see(world):
    Account.objects.create(workspace=world.workspace, name="Fabrikam", owner=world.outsider)
    errors = upload(world, "manager", csv_file("account,month,amount\nFabrikam,2024-01,5\n"))
    assert errors.context["import_errors"] == ["line 2: unknown account 'Fabrikam'"]
    # A director sees the whole workspace.
    response = upload(world, "director", csv_file("account,month,amount\nFabrikam,2024-01,5\n"))
    assert "Imported 1 months" in response.content.decode()


def test_it_requires_the_columns(world):
    response = upload(world, "manager", csv_file("account,amount\nNorthwind,5\n"))
    assert response.context["import_errors"] == ["line 1: the column 'month' is missing"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "neither text nor an XLSX workbook"),
        (b"PK\x03\x04broken", "cannot be read"),
    ],
)
def test_it_reports_a_file_it_cannot_read(world, content, message):
    file = SimpleUploadedFile("revenue.csv", content)
    errors = upload(world, "manager", file).context["import_errors"]
    assert len(errors) == 1 and message in errors[0]


def test_it_changes_nothing_when_a_file_is_imported_twice(world, contoso):
    upload(world, "manager", csv_file(GOOD_CSV))
    stamps = dict(RevenueEntry.objects.values_list("pk", "updated_at"))

    response = upload(world, "manager", csv_file(GOOD_CSV))

    assert (
        "Imported 3 months of revenue for 2 accounts: 0 new, 0 overwritten, 3 unchanged."
        in response.content.decode()
    )
    assert dict(RevenueEntry.objects.values_list("pk", "updated_at")) == stamps


def test_it_overwrites_a_month_whose_note_changed(world):
    record(world.account, date(2024, 1, 1), 5, note="Old")
    response = upload(
        world, "manager", csv_file("account,month,amount,note\nNorthwind,2024-01,5,New\n")
    )
    assert "0 new, 1 overwritten, 0 unchanged" in response.content.decode()
    assert RevenueEntry.objects.get().note == "New"
    # Without a note column the note is not compared (nor changed).
    response = upload(world, "manager", csv_file("account,month,amount\nNorthwind,2024-01,5.00\n"))
    assert "0 new, 0 overwritten, 1 unchanged" in response.content.decode()
    assert RevenueEntry.objects.get().note == "New"


def test_it_imports_a_russian_excel_csv_and_says_how_it_was_read(world):
    text = "account;month;amount;note;\r\nNorthwind;2024-01;12\u00a0500,50;Аванс;\r\n"
    file = SimpleUploadedFile("revenue.csv", text.encode("cp1251"))
    body = upload(world, "manager", file).content.decode()
    assert "1 new" in body and "The file was read as Windows-1251 text." in body
    entry = RevenueEntry.objects.get()
    assert (entry.amount, entry.note) == (Decimal("12500.50"), "Аванс")


def test_it_shows_the_errors_of_the_first_hundred_bad_rows_then_a_count(world):
    rows = "".join(f"Northwind,{2000 + n // 12}-{n % 12 + 1:02d},{n} apples\n" for n in range(150))
    response = upload(world, "manager", csv_file("account,month,amount\n" + rows))
    errors = response.context["import_errors"]
    assert len(errors) == 101
    assert errors[0].startswith("line 2: '0 apples' is not an amount")
    assert errors[99].startswith("line 101: '99 apples' is not an amount")
    assert errors[100] == "… and 50 more rows with errors."
    body = response.content.decode()
    assert "Nothing was imported: 150 errors." in body
    assert "The file was read as UTF-8 text." in body


def test_it_refuses_a_zip_bomb_without_opening_it(world, settings, monkeypatch):
    from keyfolio.core.tests.test_tables import zip_bomb

    settings.IMPORT_MAX_XLSX_MB = 1
    monkeypatch.setattr(openpyxl, "load_workbook", pytest.fail)

    response = upload(world, "manager", SimpleUploadedFile("revenue.xlsx", zip_bomb(3)))

    assert response.status_code == 400
    assert response.context["import_errors"] == [
        "The workbook unpacks to 3 MB; Keyfolio imports workbooks of at most 1 MB unpacked. "
        "Split it, or save it as CSV."
    ]
    assert "Nothing was imported: 1 error." in response.content.decode()
    assert not RevenueEntry.objects.exists()


def test_it_refuses_an_upload_over_the_size_limit(world, settings):
    settings.IMPORT_MAX_FILE_MB = 1
    big = "account,month,amount\n" + "Northwind,2024-01,5\n" * 60_000  # 1.2 MB
    response = upload(world, "manager", csv_file(big))
    assert response.status_code == 400
    assert response.context["import_errors"] == [
        "The file is larger than 1 MB, the most Keyfolio imports at once."
    ]
    assert not RevenueEntry.objects.exists()


def test_it_refuses_a_file_over_the_row_limit(world, settings):
    settings.IMPORT_MAX_ROWS = 10
    rows = "".join(f"Northwind,{2000 + n}-01,5\n" for n in range(20))
    response = upload(world, "manager", csv_file("account,month,amount\n" + rows))
    assert response.context["import_errors"] == [
        "The file has more than 10 rows, the most Keyfolio imports at once; "
        "split it into smaller files."
    ]
    assert not RevenueEntry.objects.exists()
