import json
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyfolio.api.tests.conftest import OVERWRITE, api_client
from keyfolio.api.tests.test_auth import assert_problem
from keyfolio.revenue.models import RevenueEntry, RevenueTarget
from keyfolio.revenue.services import revenue_entry_set


def url(account, tail: str = "") -> str:
    return f"/api/v1/accounts/{account.pk}/revenue{tail}"


def put(client, target, data, **headers):
    return client.put(target, json.dumps(data), content_type="application/json", headers=headers)


def test_a_token_is_required(world):
    assert_problem(api_client(None).get(url(world.account)), 401)


@pytest.mark.parametrize("person", ["owner", "manager", "teammate", "viewer"])
def test_those_who_see_the_account_read_its_revenue(world, as_member, person):
    revenue_entry_set(account=world.account, month=date(2025, 1, 1), amount=Decimal("100.5"))
    RevenueTarget.objects.create(account=world.account, year=2025, amount=1200)
    client = as_member(getattr(world, person))
    items = client.get(url(world.account)).json()["items"]
    assert items[0]["month"] == "2025-01-01" and Decimal(str(items[0]["amount"])) == Decimal(
        "100.5"
    )
    month = client.get(url(world.account, "/2025/1"))
    assert month.status_code == 200 and month["ETag"]
    assert client.get(url(world.account, "/2025/2")).json()["amount"] is None
    targets = client.get(url(world.account, "/targets")).json()
    assert [(t["year"], Decimal(str(t["amount"]))) for t in targets] == [(2025, Decimal(1200))]


def test_outsiders_and_other_workspaces_get_404s(world, as_member):
    assert_problem(as_member(world.outsider).get(url(world.account)), 404)
    assert_problem(
        put(as_member(world.outsider), url(world.account, "/2025/1"), {"amount": 1}), 404
    )
    owner = as_member(world.owner)
    assert_problem(owner.get(url(world.foreign_account, "/targets")), 404)
    assert_problem(put(owner, url(world.foreign_account, "/2025/1"), {"amount": 1}), 404)
    assert not RevenueEntry.objects.exists()


def test_a_teammate_sets_and_removes_a_month_with_if_match(world, as_member):
    client = as_member(world.teammate)
    target = url(world.account, "/2025/3")
    read = client.get(target)
    response = put(client, target, {"amount": "250", "note": "Q1"}, **{"If-Match": read["ETag"]})
    assert response.status_code == 200, response.content
    assert response.json()["note"] == "Q1" and response["ETag"] != read["ETag"]
    assert_problem(put(client, target, {"amount": "1"}, **{"If-Match": read["ETag"]}), 412)
    assert RevenueEntry.objects.get().amount == 250
    assert put(client, target, {"amount": None}, **OVERWRITE).json()["amount"] is None
    assert not RevenueEntry.objects.exists()


def test_refusals_are_422_problems(world, as_member):
    client = as_member(world.manager)
    body = assert_problem(
        put(client, url(world.account, "/2999/1"), {"amount": "5"}, **OVERWRITE), 422
    )
    assert "has not begun" in body["errors"]["month"][0]
    body = assert_problem(
        put(client, url(world.account, "/2025/1"), {"amount": "1e15"}, **OVERWRITE), 422
    )
    assert body["errors"]["amount"] == ["The amount is too large."]
    body = assert_problem(
        put(client, url(world.account, "/2025/13"), {"amount": "5"}, **OVERWRITE), 422
    )
    assert "month" in body["errors"]
    body = assert_problem(
        put(client, url(world.account, "/2025/1"), {"amount": "lots"}, **OVERWRITE), 422
    )
    assert "amount" in body["errors"]
    assert not RevenueEntry.objects.exists()


def test_a_viewer_and_a_read_only_token_cannot_write(world, as_member):
    assert_problem(put(as_member(world.viewer), url(world.account, "/2025/1"), {"amount": 1}), 403)
    read_only = as_member(world.manager, read_only=True)
    assert_problem(put(read_only, url(world.account, "/2025/1"), {"amount": 1}), 403)
    assert not RevenueEntry.objects.exists()


def _queries(client, target) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    return len(queries)


def test_the_list_takes_the_same_queries_however_many_months(world, as_member):
    client = as_member(world.manager)
    revenue_entry_set(account=world.account, month=date(2024, 1, 1), amount=Decimal(1))
    client.get(url(world.account))
    small = _queries(client, url(world.account) + "?limit=200")
    for month in range(2, 13):
        revenue_entry_set(account=world.account, month=date(2024, month, 1), amount=Decimal(month))
    assert _queries(client, url(world.account) + "?limit=200") == small
    page = client.get(url(world.account) + "?limit=5").json()
    assert len(page["items"]) == 5 and page["next"]
