from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyfolio.api.tests.conftest import OVERWRITE, api_client
from keyfolio.api.tests.test_accounts import patch, post
from keyfolio.api.tests.test_auth import assert_problem
from keyfolio.plans.models import Action
from keyfolio.plans.services import action_complete, action_create

LIST = "/api/v1/actions"


@pytest.fixture
def call(world):
    return action_create(
        account=world.account, title="Call Anna", owner=world.manager, due_on=date(2026, 4, 1)
    )


def detail(action) -> str:
    return f"{LIST}/{action.pk}"


def test_it_requires_a_token(world, call):
    assert_problem(api_client(None).get(LIST), 401)
    assert_problem(api_client(None).post(detail(call) + "/complete"), 401)


@pytest.mark.parametrize("person", ["owner", "manager", "teammate", "viewer"])
def test_those_who_see_the_account_read_its_actions(world, as_member, call, person):
    client = as_member(getattr(world, person))
    response = client.get(detail(call))
    assert response.status_code == 200 and response["ETag"]
    body = response.json()
    assert (body["title"], body["owner"], body["due_on"], body["done"]) == (
        "Call Anna",
        "max@acme.test",
        "2026-04-01",
        False,
    )
    assert [a["title"] for a in client.get(LIST).json()["items"]] == ["Call Anna"]


def test_an_outsider_and_another_workspace_get_404s(world, as_member, call):
    outsider = as_member(world.outsider)
    assert_problem(outsider.get(detail(call)), 404)
    assert outsider.get(LIST).json()["items"] == []
    assert_problem(post(outsider, detail(call) + "/complete"), 404)
    theirs = action_create(account=world.foreign_account, title="Theirs")
    owner = as_member(world.owner)
    assert_problem(owner.get(detail(theirs)), 404)
    assert_problem(patch(owner, detail(theirs), {"title": "Ours"}), 404)
    assert Action.objects.get(pk=theirs.pk).title == "Theirs"


def test_the_list_filters(world, as_member, call):
    action_complete(action=action_create(account=world.account, title="Done", owner=world.teammate))
    action_create(account=world.account, title="Later", due_on=date(2026, 9, 1))
    client = as_member(world.manager)

    def titles(query: str) -> list[str]:
        response = client.get(LIST + query)
        assert response.status_code == 200, response.content
        return [a["title"] for a in response.json()["items"]]

    assert titles("?owner=TOM@acme.test") == ["Done"]
    assert titles("?done=true") == ["Done"]
    assert titles("?done=false") == ["Call Anna", "Later"]
    assert titles("?due_before=2026-05-01") == ["Call Anna"]


def test_a_teammate_creates_patches_and_completes(world, as_member):
    client = as_member(world.teammate)
    response = post(
        client,
        LIST,
        {"account": world.account.pk, "title": " Send offer ", "owner": "max@acme.test", "rule": 2},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["title"], body["owner"], body["rule"]) == ("Send offer", "max@acme.test", 2)
    url = f"{LIST}/{body['id']}"
    response = patch(client, url, {"due_on": "2026-05-01"}, **{"If-Match": response["ETag"]})
    assert response.status_code == 200, response.content
    assert response.json()["due_on"] == "2026-05-01" and response.json()["owner"] == "max@acme.test"
    response = post(client, url + "/complete")
    assert response.status_code == 200 and response.json()["done"] is True
    assert Action.objects.get(pk=body["id"]).done_on == date.today()
    assert patch(client, url, {"done": False}, **OVERWRITE).json()["done_on"] is None


def test_a_stale_if_match_is_a_412(world, as_member, call):
    client = as_member(world.manager)
    tag = client.get(detail(call))["ETag"]
    assert patch(client, detail(call), {"title": "A"}, **{"If-Match": tag}).status_code == 200
    assert_problem(patch(client, detail(call), {"title": "B"}, **{"If-Match": tag}), 412)
    assert Action.objects.get(pk=call.pk).title == "A"


def test_refusals_are_422s_with_field_errors(world, as_member, call):
    client = as_member(world.manager)
    body = assert_problem(patch(client, detail(call), {"rule": 9}, **OVERWRITE), 422)
    assert "rule" in body["errors"]
    body = assert_problem(patch(client, detail(call), {"title": ""}, **OVERWRITE), 422)
    assert "title" in body["errors"]
    body = assert_problem(
        patch(client, detail(call), {"owner": "sam@globex.test"}, **OVERWRITE), 422
    )
    assert "owner" in body["errors"]
    body = assert_problem(
        post(client, LIST, {"account": world.account.pk, "title": "x", "plan": 0}), 422
    )
    assert "plan" in body["errors"]
    assert Action.objects.get(pk=call.pk).title == "Call Anna"


def test_a_viewer_and_a_read_only_token_cannot_write(world, as_member, call):
    for client in (as_member(world.viewer), as_member(world.manager, read_only=True)):
        assert_problem(post(client, LIST, {"account": world.account.pk, "title": "X"}), 403)
        assert_problem(patch(client, detail(call), {"title": "B"}), 403)
        assert_problem(post(client, detail(call) + "/complete"), 403)
    action = Action.objects.get(pk=call.pk)
    assert (action.title, action.done) == ("Call Anna", False)


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST + "?limit=200").status_code == 200
    return len(queries)


def test_the_list_takes_the_same_number_of_queries_however_many(world, as_member, call):
    client = as_member(world.manager)
    client.get(LIST)  # notes the token's last use, once a minute
    small = _list_queries(client)
    for n in range(20):
        action_create(account=world.account, title=f"A{n}", owner=world.teammate)
    assert _list_queries(client) == small
