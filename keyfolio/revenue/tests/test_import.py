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
    assert "Imported 3 months of revenue for 2 accounts: 2 new, 1 overwritten." in body
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
        ("account,month,amount\nСевер,2024-01,5\n".encode("cp1251"), "UTF-8"),
        (b"PK\x03\x04broken", "cannot be read"),
    ],
)
def test_it_reports_a_file_it_cannot_read(world, content, message):
    file = SimpleUploadedFile("revenue.csv", content)
    errors = upload(world, "manager", file).context["import_errors"]
    assert len(errors) == 1 and message in errors[0]
