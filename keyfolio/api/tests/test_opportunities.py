from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyfolio.api.tests.conftest import OVERWRITE, api_client
from keyfolio.api.tests.test_accounts import patch, post
from keyfolio.api.tests.test_auth import assert_problem
from keyfolio.revenue.models import Opportunity, RevenueEntry
from keyfolio.revenue.services import opportunity_create

LIST = "/api/v1/opportunities"
LAST_YEAR = date(date.today().year - 1, 3, 15)


@pytest.fixture
def retrofit(world):
    return opportunity_create(
        account=world.account,
        name="Retrofit",
        amount=Decimal("1000"),
        probability=50,
        expected_close=LAST_YEAR,
        owner=world.manager,
    )


def detail(opportunity) -> str:
    return f"{LIST}/{opportunity.pk}"


def test_it_requires_a_token(world, retrofit):
    assert_problem(api_client(None).get(LIST), 401)
    assert_problem(api_client(None).post(detail(retrofit) + "/book"), 401)


@pytest.mark.parametrize("person", ["owner", "manager", "teammate", "viewer"])
def test_those_who_see_the_account_read_its_opportunities(world, as_member, retrofit, person):
    client = as_member(getattr(world, person))
    response = client.get(detail(retrofit))
    assert response.status_code == 200 and response["ETag"]
    body = response.json()
    assert (body["name"], body["amount"], body["owner"]) == ("Retrofit", "1000.00", "max@acme.test")
    assert body["expected_close"] == LAST_YEAR.isoformat()
    assert [o["name"] for o in client.get(LIST).json()["items"]] == ["Retrofit"]


def test_an_outsider_and_another_workspace_get_404s(world, as_member, retrofit):
    outsider = as_member(world.outsider)
    assert_problem(outsider.get(detail(retrofit)), 404)
    assert outsider.get(LIST).json()["items"] == []
    assert_problem(post(outsider, detail(retrofit) + "/book"), 404)
    assert_problem(outsider.delete(detail(retrofit)), 404)
    foreign = opportunity_create(
        account=world.foreign_account,
        name="Theirs",
        amount=Decimal(1),
        probability=10,
        expected_close=LAST_YEAR,
    )
    owner = as_member(world.owner)
    assert_problem(owner.get(detail(foreign)), 404)
    assert_problem(patch(owner, detail(foreign), {"name": "Ours"}), 404)
    assert Opportunity.objects.get(pk=foreign.pk).name == "Theirs"


def test_the_list_filters(world, as_member, retrofit):
    opportunity_create(
        account=world.account,
        name="Spares",
        amount=Decimal(5),
        status="won",
        expected_close=date(LAST_YEAR.year, 6, 1),
    )
    client = as_member(world.manager)

    def names(query: str) -> list[str]:
        response = client.get(LIST + query)
        assert response.status_code == 200, response.content
        return [o["name"] for o in response.json()["items"]]

    assert names("?status=won") == ["Spares"]
    assert names(f"?closes_before={LAST_YEAR.year}-04-01") == ["Retrofit"]
    assert names(f"?closes_after={LAST_YEAR.year}-04-01") == ["Spares"]
    assert names(f"?account={world.foreign_account.pk}") == []
    assert "status" in assert_problem(client.get(LIST + "?status=maybe"), 422)["errors"]


def test_a_teammate_creates_patches_books_and_deletes(world, as_member):
    client = as_member(world.teammate)
    response = post(
        client,
        LIST,
        {
            "account": world.account.pk,
            "name": "Retrofit",
            "amount": "2500.50",
            "probability": 40,
            "expected_close": LAST_YEAR.isoformat(),
            "owner": "TOM@acme.test",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["currency"], body["owner"], body["status"]) == ("EUR", "tom@acme.test", "open")
    url = f"{LIST}/{body['id']}"
    response = patch(client, url, {"stage": "Negotiation"}, **{"If-Match": response["ETag"]})
    assert response.status_code == 200, response.content
    response = post(client, url + "/book")
    assert response.status_code == 200, response.content
    booked = response.json()
    assert booked["added"] is True and booked["opportunity"]["status"] == "won"
    assert booked["revenue_entry"]["amount"] == "2500.50"
    assert RevenueEntry.objects.get(account=world.account).amount == Decimal("2500.50")
    assert post(client, url + "/book").json()["added"] is False
    assert client.delete(url).status_code == 204
    assert not Opportunity.objects.filter(pk=body["id"]).exists()
    assert RevenueEntry.objects.filter(account=world.account).exists()


def test_a_stale_if_match_is_a_412(world, as_member, retrofit):
    client = as_member(world.manager)
    tag = client.get(detail(retrofit))["ETag"]
    assert patch(client, detail(retrofit), {"stage": "A"}, **{"If-Match": tag}).status_code == 200
    assert_problem(patch(client, detail(retrofit), {"stage": "B"}, **{"If-Match": tag}), 412)
    assert Opportunity.objects.get(pk=retrofit.pk).stage == "A"


def test_refusals_of_the_services_are_422s_with_field_errors(world, as_member, retrofit):
    client = as_member(world.manager)
    body = assert_problem(patch(client, detail(retrofit), {"probability": 140}, **OVERWRITE), 422)
    assert "probability" in body["errors"]
    body = assert_problem(
        patch(client, detail(retrofit), {"owner": "sam@globex.test"}, **OVERWRITE), 422
    )
    assert "owner" in body["errors"]
    body = assert_problem(
        post(
            client,
            LIST,
            {
                "account": world.account.pk,
                "name": "X",
                "amount": "-1",
                "expected_close": "2020-01-01",
            },
        ),
        422,
    )
    assert {"amount", "probability"} <= body["errors"].keys()
    body = assert_problem(patch(client, detail(retrofit), {"status": "maybe"}, **OVERWRITE), 422)
    assert "status" in body["errors"]
    body = assert_problem(patch(client, detail(retrofit), {"amount": "1.234"}, **OVERWRITE), 422)
    assert "amount" in body["errors"]
    patch(client, detail(retrofit), {"status": "lost"}, **OVERWRITE)
    body = assert_problem(post(client, detail(retrofit) + "/book"), 422)
    assert "lost" in body["errors"]["__all__"][0]
    assert not RevenueEntry.objects.exists()


def test_a_viewer_and_a_read_only_token_cannot_write(world, as_member, retrofit):
    for client in (as_member(world.viewer), as_member(world.manager, read_only=True)):
        new = {"account": world.account.pk, "name": "X", "amount": "1", "probability": 5}
        assert_problem(post(client, LIST, {**new, "expected_close": "2026-01-01"}), 403)
        assert_problem(patch(client, detail(retrofit), {"stage": "B"}), 403)
        assert_problem(post(client, detail(retrofit) + "/book"), 403)
        assert_problem(client.delete(detail(retrofit)), 403)
    assert Opportunity.objects.get(pk=retrofit.pk).stage == ""
    assert not RevenueEntry.objects.exists()


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST + "?limit=200").status_code == 200
    return len(queries)


def test_the_list_takes_the_same_number_of_queries_however_many(world, as_member, retrofit):
    client = as_member(world.manager)
    client.get(LIST)  # notes the token's last use, once a minute
    small = _list_queries(client)
    for n in range(20):
        opportunity_create(
            account=world.account,
            name=f"O{n}",
            amount=Decimal(n),
            probability=10,
            expected_close=LAST_YEAR,
            owner=world.teammate if n % 2 else world.manager,
        )
    assert _list_queries(client) == small
