import csv
import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from keyfolio.accounts.models import Account
from keyfolio.assessments.services import ScoreInput, assessment_create

KEYS = ["account", "assessed_on", "client_index", "our_index", "zone", "completeness"]


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
    assert northwind["client_index"] == pytest.approx(211 / 3)  # Not rounded.
    assert northwind["client_index"] != round(northwind["client_index"], 2)
    assert northwind["our_index"] == 42.5
    assert northwind["zone"] == "target"
    assert northwind["completeness"] == pytest.approx(5 / 15)
    assert unassessed == dict.fromkeys(KEYS) | {"account": "Unassessed Ltd"}


def test_it_prints_csv_with_empty_cells_for_accounts_never_assessed(accounts):
    rows = list(csv.reader(StringIO(portfolio("--workspace", "acme", "--format", "csv"))))

    assert rows[0] == KEYS
    assert rows[1][:2] == ["Northwind", "2024-05-06"]
    assert float(rows[1][2]) == pytest.approx(211 / 3)
    assert rows[1][4] == "target"
    assert rows[2] == ["Unassessed Ltd", "", "", "", "", ""]
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
