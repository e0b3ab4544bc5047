import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyfolio.accounts.models import Account
from keyfolio.api.tests.conftest import api_client
from keyfolio.api.tests.test_auth import assert_problem
from keyfolio.surveys.tests.factories import answered_survey, unanswered_survey

LIST = "/api/v1/surveys"


def url(account) -> str:
    return f"/api/v1/accounts/{account.pk}/surveys"


def test_a_token_is_required(world):
    assert_problem(api_client(None).get(url(world.account)), 401)
    assert_problem(api_client(None).get(LIST), 401)


@pytest.mark.parametrize("person", ["owner", "manager", "teammate", "viewer"])
def test_those_who_see_the_account_read_its_results(world, as_member, person):
    answered_survey(world.account, nps=10, csat=5, days_ago=20)
    answered_survey(world.account, nps=3, csat=2, days_ago=10)
    unanswered_survey(world.account, days_ago=5)
    body = as_member(getattr(world, person), read_only=True).get(url(world.account)).json()
    assert body["responses"] == 2
    assert body["nps"] == pytest.approx(0) and body["csat"] == pytest.approx(50)
    assert body["response_rate"] == pytest.approx(200 / 3)
    assert [answer["nps"] for answer in body["answers"]] == [10, 3]
    assert body["answers"][0]["answered_on"].count("-") == 2
    assert "T" in body["last_answered"]


def test_an_account_never_surveyed(world, as_member):
    body = as_member(world.manager).get(url(world.account)).json()
    assert body["responses"] == 0 and body["nps"] is None and body["answers"] == []


def test_outsiders_and_other_workspaces_get_404s(world, as_member):
    answered_survey(world.account)
    assert_problem(as_member(world.outsider).get(url(world.account)), 404)
    assert [i["name"] for i in as_member(world.outsider).get(LIST).json()["items"]] == []
    assert_problem(as_member(world.owner).get(url(world.foreign_account)), 404)


def test_the_list_gives_each_visible_accounts_figures(world, as_member):
    answered_survey(world.account, nps=9)
    Account.objects.create(workspace=world.workspace, name="Contoso", owner=world.manager)
    client = as_member(world.manager)
    items = client.get(LIST).json()["items"]
    assert [(i["name"], i["nps"]) for i in items] == [("Northwind", 100), ("Contoso", None)]
    items = client.get(LIST + "?surveyed=true").json()["items"]
    assert [i["name"] for i in items] == ["Northwind"]
    assert_problem(client.get(LIST + "?cursor=garbage"), 422)


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST + "?limit=200").status_code == 200
    return len(queries)


def test_the_list_takes_the_same_queries_however_many_accounts(world, as_member):
    client = as_member(world.owner)
    answered_survey(world.account)
    client.get(LIST)
    small = _queries(client)
    for n in range(12):
        account = Account.objects.create(
            workspace=world.workspace, name=f"A{n}", owner=world.manager
        )
        answered_survey(account, nps=n % 11)
        unanswered_survey(account)
    assert _queries(client) == small
