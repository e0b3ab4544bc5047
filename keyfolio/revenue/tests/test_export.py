"""Revenue exports in the columns the revenue import reads: `keyfolio export-revenue` and
the revenue tab's download."""

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from keyfolio.accounts.models import Account
from keyfolio.core.tables import table_read
from keyfolio.revenue.imports import revenue_import_parse, revenue_import_save
from keyfolio.revenue.models import RevenueEntry
from keyfolio.revenue.tests.factories import record

HEADER = ["account", "month", "amount", "note"]


@pytest.fixture
def book(world):
    """Northwind's revenue (a credit note among it) and another account's."""
    record(world.account, date(2024, 1, 1), "12500.50")
    record(world.account, date(2024, 2, 1), "-800", note="Credit note")
    record(world.account, date(2023, 12, 1), "1000", note="Pilot; phase 1")
    contoso = Account.objects.create(workspace=world.workspace, name="Contoso", owner=world.owner)
    record(contoso, date(2024, 1, 1), "42")
    record(world.foreign_account, date(2024, 1, 1), "999")
    return world


NORTHWIND = [
    (date(2023, 12, 1), Decimal("1000.00"), "Pilot; phase 1"),
    (date(2024, 1, 1), Decimal("12500.50"), ""),
    (date(2024, 2, 1), Decimal("-800.00"), "Credit note"),
]


def parsed(accounts, data: bytes):
    result = revenue_import_parse(accounts=accounts, table=table_read(io.BytesIO(data)))
    assert list(result.errors) == []
    return [(row.account.name, row.month, row.amount, row.note) for row in result.rows]


# The command ------------------------------------------------------------------------


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export_revenue", "--workspace", "acme", *args, stdout=out)
    return out.getvalue()


def test_the_command_writes_every_account_by_name_then_month(book):
    rows = list(csv.reader(io.StringIO(export())))
    assert rows == [
        HEADER,
        ["Contoso", "2024-01", "42.00", ""],
        ["Northwind", "2023-12", "1000.00", "Pilot; phase 1"],
        ["Northwind", "2024-01", "12500.50", ""],
        ["Northwind", "2024-02", "-800.00", "Credit note"],
    ]


def test_the_command_writes_amounts_as_numbers_negative_ones_too(book):
    assert '"Northwind","2024-02",-800.00,"Credit note"\n' in export()


def test_the_command_leaves_out_archived_accounts(book):
    Account.objects.get(name="Contoso").archive()
    assert {row["account"] for row in csv.DictReader(io.StringIO(export()))} == {"Northwind"}


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_commands_file_reads_back_through_the_import_unchanged(book, tmp_path, file_format):
    path = tmp_path / f"revenue.{file_format}"
    assert "Wrote 4 rows" in export("--format", file_format, "--output", str(path))
    accounts = list(Account.objects.in_workspace(book.workspace))
    assert parsed(accounts, path.read_bytes()) == [
        ("Contoso", date(2024, 1, 1), Decimal("42.00"), ""),
        *(("Northwind", *entry) for entry in NORTHWIND),
    ]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_importing_the_commands_file_again_changes_nothing(book, tmp_path, file_format):
    path = tmp_path / f"revenue.{file_format}"
    export("--format", file_format, "--output", str(path))
    stamps = dict(RevenueEntry.objects.values_list("pk", "updated_at"))
    accounts = list(Account.objects.in_workspace(book.workspace))
    result = revenue_import_parse(
        accounts=accounts, table=table_read(io.BytesIO(path.read_bytes()))
    )

    saved = revenue_import_save(rows=result.rows)

    assert (saved.created, saved.overwritten, saved.unchanged) == (0, 0, 4)
    assert dict(RevenueEntry.objects.values_list("pk", "updated_at")) == stamps


@pytest.mark.parametrize("size", [2, 20])
def test_the_command_makes_the_same_number_of_queries_whatever_the_size(
    world, django_assert_num_queries, size
):
    for number in range(size):
        account = Account.objects.create(workspace=world.workspace, name=f"Account {number:02}")
        for month in (1, 2, 3):
            record(account, date(2024, month, 1), number * 100)
    with django_assert_num_queries(2):  # The workspace, then the entries with their account.
        rows = list(csv.reader(io.StringIO(export())))
    assert len(rows) == 1 + 3 * size


# The download on the revenue tab -----------------------------------------------------


def url(world, file_format="csv", account=None) -> str:
    return reverse("revenue:export", args=[world.slug, (account or world.account).pk, file_format])


def download(world, person, file_format="csv", account=None):
    return world.client_for(getattr(world, person)).get(url(world, file_format, account))


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("person", ["owner", "admin", "director", "manager", "teammate", "viewer"])
def test_the_download_is_for_those_who_see_the_account(book, person):
    response = download(book, person)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))
    assert rows[0] == HEADER
    assert {row[0] for row in rows[1:]} == {"Northwind"}  # This account's months only.


@pytest.mark.parametrize("person", ["outsider", "stranger"])
def test_the_download_is_404_for_those_who_do_not(book, person):
    assert download(book, person).status_code == 404


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_download_is_404_for_an_account_of_another_workspace(book, file_format):
    response = download(book, "owner", file_format, account=book.foreign_account)
    assert response.status_code == 404


def test_the_download_sends_anonymous_visitors_to_log_in(book):
    response = book.client_for(None).get(url(book))
    assert response.status_code == 302
    assert response.url.startswith(reverse("users:login"))


def test_the_download_is_404_for_another_format(book):
    path = url(book).removesuffix(".csv") + ".ods"
    assert book.client_for(book.owner).get(path).status_code == 404


def test_the_csv_download_is_streamed_with_a_filename(book):
    response = download(book, "manager")
    today = timezone.localdate().isoformat()
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="northwind-revenue-{today}.csv"'
    )
    data = body(response)
    assert data.startswith("\ufeff".encode())  # So that Excel reads UTF-8.
    assert parsed([book.account], data) == [("Northwind", *entry) for entry in NORTHWIND]


def test_the_xlsx_download_has_month_and_number_cells_and_reads_back(book):
    response = download(book, "manager", "xlsx")
    today = timezone.localdate().isoformat()
    assert response.streaming
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="northwind-revenue-{today}.xlsx"'
    )
    data = body(response)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    month, amount = sheet["B4"], sheet["C4"]
    assert month.is_date and month.number_format == "yyyy-mm"
    assert month.value.date() == date(2024, 2, 1)
    assert (amount.value, amount.data_type) == (-800, "n")
    assert parsed([book.account], data) == [("Northwind", *entry) for entry in NORTHWIND]


def test_the_download_neutralises_hostile_text(book):
    book.account.name = '@SUM(1+1)*cmd|" /C calc"!A0'
    book.account.save()
    record(book.account, date(2024, 3, 1), "5", note='=HYPERLINK("http://evil.test")')
    rows = list(csv.reader(io.StringIO(body(download(book, "manager")).decode("utf-8-sig"))))
    assert rows[-1] == [
        "'" + book.account.name,
        "2024-03",
        "5.00",
        '\'=HYPERLINK("http://evil.test")',
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(body(download(book, "manager", "xlsx"))))
    last = list(sheet.worksheets[0].iter_rows(values_only=True))[-1]
    assert last[0] == "'" + book.account.name
    assert last[3] == '\'=HYPERLINK("http://evil.test")'


def test_the_download_keeps_a_cyrillic_name_in_its_filename(book):
    book.account.name = "Северный ветер"
    book.account.save()
    disposition = download(book, "manager")["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert "%D1%81%D0%B5%D0%B2%D0%B5%D1%80%D0%BD%D1%8B%D0%B9-%D0%B2%D0%B5%D1%82%D0%B5%D1%80" in (
        disposition
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("months", [2, 30])
def test_the_download_makes_the_same_number_of_queries_whatever_the_size(
    world, django_assert_num_queries, months, file_format
):
    for number in range(months):
        record(world.account, date(2020 + number // 12, number % 12 + 1, 1), number)
    client = world.client_for(world.manager)
    # The session, the user, the membership, the account, the entries.
    with django_assert_num_queries(5):
        response = client.get(url(world, file_format))
        data = body(response)
    assert len(parsed([world.account], data)) == months
