from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from keyfolio.accounts.models import Account
from keyfolio.api.tests.conftest import api_client, token_for
from keyfolio.api.tests.test_auth import assert_problem
from keyfolio.playbook.receivers import refresh_marked
from keyfolio.playbook.tests.factories import make_action

URL = "/api/v1/attention"


def _overdue(account, owner, title="Call the buyer"):
    make_action(account, title=title, owner=owner, due=timezone.localdate() - timedelta(days=3))


def _accounts(world, owner, count: int) -> list[Account]:
    made = []
    for n in range(count):
        account = Account.objects.create(
            workspace=world.workspace, name=f"{owner.email[:3]} {n:02d}", owner=owner
        )
        _overdue(account, owner)
        made.append(account)
    refresh_marked()
    return made


def test_a_token_is_required(world):
    assert_problem(api_client(None).get(URL), 401)


def test_each_member_gets_their_own_queue(world, as_member):
    _overdue(world.account, world.manager)
    refresh_marked()
    body = as_member(world.manager).get(URL).json()
    assert [item["name"] for item in body["items"]] == ["Northwind"]
    lines = body["items"][0]["lines"]
    line = next(line for line in lines if line["check"] == "action_overdue")
    assert line["severity"] == "red" and line["due_on"].count("-") == 2
    assert line["suggestion"] == "Call the buyer" and line["overdue_days"] >= 3
    assert all(line["reason"] for line in lines)
    assert body["counts"]["accounts"] == 1 and body["items"][0]["owner"] == "max@acme.test"
    # The teammate is on the team; the outsider sees nothing.
    assert as_member(world.teammate).get(URL).json()["items"][0]["account"] == world.account.pk
    assert as_member(world.outsider).get(URL).json()["items"] == []


def test_the_whole_team_is_for_those_who_see_every_account(world, as_member):
    _accounts(world, world.teammate, 2)
    _overdue(world.account, world.manager)
    refresh_marked()
    director = as_member(world.director)
    assert director.get(URL).json()["items"] == []
    names = [item["name"] for item in director.get(URL + "?all=1").json()["items"]]
    assert sorted(names) == ["Northwind", "tom 00", "tom 01"]
    assert as_member(world.admin, read_only=True).get(URL + "?all=1").status_code == 200
    assert_problem(as_member(world.manager).get(URL + "?all=1"), 403)
    assert_problem(as_member(world.viewer).get(URL + "?all=1"), 403)


def test_another_workspace_sees_none_of_it(world, as_member):
    ours = {account.pk for account in _accounts(world, world.manager, 2)}
    # The stranger owns Globex: their token is for Globex, whose queue has Initech only.
    client = api_client(token_for(world.stranger, world.other_workspace))
    body = client.get(URL + "?all=1").json()
    assert [item["name"] for item in body["items"]] == ["Initech"]
    assert not ours & {item["account"] for item in body["items"]}


def test_bad_parameters_are_422_problems(world, as_member):
    client = as_member(world.manager)
    body = assert_problem(client.get(URL + "?show=purple"), 422)
    assert "show" in body["errors"]
    body = assert_problem(client.get(URL + "?cursor=garbage"), 422)
    assert "cursor" in body["errors"]


def test_the_cursor_walks_the_queue_once_in_order(world, as_member):
    _accounts(world, world.manager, 7)
    client = as_member(world.manager)
    whole = [item["account"] for item in client.get(URL + "?limit=200").json()["items"]]
    seen, url, pages = [], URL + "?limit=3", 0
    while url:
        body = client.get(url).json()
        seen += [item["account"] for item in body["items"]]
        url, pages = body["next"], pages + 1
    assert seen == whole and len(seen) == len(set(seen)) == 8 and pages == 3  # Northwind too


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL + "?all=1&limit=200").status_code == 200
    return len(queries)


def test_the_queue_takes_the_same_queries_however_many_accounts(world, as_member):
    _accounts(world, world.manager, 2)
    client = as_member(world.director)
    client.get(URL)
    small = _queries(client)
    _accounts(world, world.teammate, 15)
    assert _queries(client) == small
