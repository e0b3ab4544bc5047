from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyfolio.activities.models import Activity
from keyfolio.activities.services import activity_create
from keyfolio.api.tests.conftest import api_client
from keyfolio.api.tests.test_accounts import post
from keyfolio.api.tests.test_auth import assert_problem
from keyfolio.plans.models import Action
from keyfolio.stakeholders.services import contact_create

LIST = "/api/v1/activities"


@pytest.fixture
def anna(world):
    return contact_create(account=world.account, name="Anna Petrova", email="Anna@Client.test")


@pytest.fixture
def meeting(world, anna):
    return activity_create(
        account=world.account,
        by=world.manager,
        kind="meeting",
        occurred_on=date(2026, 3, 1),
        our_people=[world.manager],
        their_people=[anna],
        summary="Kick-off",
    )


def detail(activity) -> str:
    return f"{LIST}/{activity.pk}"


def test_it_requires_a_token(world, meeting):
    assert_problem(api_client(None).get(LIST), 401)
    assert_problem(api_client(None).get(detail(meeting)), 401)


@pytest.mark.parametrize("person", ["owner", "manager", "teammate", "viewer"])
def test_those_who_see_the_account_read_its_activities(world, as_member, meeting, person):
    client = as_member(getattr(world, person))
    response = client.get(detail(meeting))
    assert response.status_code == 200 and response["ETag"]
    body = response.json()
    assert body["occurred_on"] == "2026-03-01" and body["our_people"] == ["max@acme.test"]
    assert [p["name"] for p in body["their_people"]] == ["Anna Petrova"]
    assert [a["summary"] for a in client.get(LIST).json()["items"]] == ["Kick-off"]


def test_an_outsider_and_another_workspace_get_404s(world, as_member, meeting):
    outsider = as_member(world.outsider)
    assert_problem(outsider.get(detail(meeting)), 404)
    assert outsider.get(LIST).json()["items"] == []
    body = assert_problem(
        post(outsider, LIST, {"account": world.account.pk, "kind": "call", "summary": "x"}), 422
    )
    assert "account" in body["errors"]
    theirs = activity_create(
        account=world.foreign_account,
        by=world.stranger,
        kind="call",
        occurred_on=date(2026, 3, 1),
        our_people=[world.stranger],
        summary="Theirs",
    )
    assert_problem(as_member(world.owner).get(detail(theirs)), 404)
    assert not Activity.objects.filter(summary="x").exists()


def test_the_list_filters(world, as_member, meeting):
    client = as_member(world.manager)
    assert client.get(LIST + "?since=2026-03-02").json()["items"] == []
    assert len(client.get(LIST + f"?account={world.account.pk}").json()["items"]) == 1
    assert client.get(LIST + f"?account={world.foreign_account.pk}").json()["items"] == []


def test_a_calendar_tool_logs_a_meeting_with_its_participants(world, as_member, anna):
    response = post(
        as_member(world.teammate),
        LIST,
        {
            "account": world.account.pk,
            "kind": "meeting",
            "occurred_on": "2026-03-05",
            "summary": "Quarterly review",
            "participants": ["anna@client.test", "MAX@acme.test", "tom@acme.test"],
            "next_step": "Send the offer",
            "next_step_due": "2026-03-20",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["our_people"] == ["max@acme.test", "tom@acme.test"]
    assert [p["id"] for p in body["their_people"]] == [anna.pk]
    action = Action.objects.get(pk=body["next_action"])
    assert (action.title, action.due_on, action.owner) == (
        "Send the offer",
        date(2026, 3, 20),
        world.teammate,
    )


def test_without_members_among_the_participants_the_token_holder_took_part(world, as_member):
    client = as_member(world.manager)
    response = post(client, LIST, {"account": world.account.pk, "kind": "call", "summary": "Hi"})
    assert response.status_code == 201, response.content
    assert response.json()["our_people"] == ["max@acme.test"]
    assert response.json()["occurred_on"] == date.today().isoformat()


def test_refusals_are_422s_with_field_errors(world, as_member, anna):
    client = as_member(world.manager)
    new = {"account": world.account.pk, "kind": "meeting"}
    body = assert_problem(post(client, LIST, {**new, "participants": ["nobody@else.test"]}), 422)
    assert "nobody@else.test" in body["errors"]["participants"][0]
    body = assert_problem(post(client, LIST, new), 422)
    assert "summary" in body["errors"]
    body = assert_problem(
        post(client, LIST, {**new, "kind": "party", "summary": "x", "next_step_due": "2026-04-01"}),
        422,
    )
    assert {"kind", "next_step"} <= body["errors"].keys()
    assert not Activity.objects.exists()


def test_a_viewer_and_a_read_only_token_cannot_log(world, as_member):
    new = {"account": world.account.pk, "kind": "call", "summary": "x"}
    assert_problem(post(as_member(world.viewer), LIST, new), 403)
    assert_problem(post(as_member(world.manager, read_only=True), LIST, new), 403)
    assert not Activity.objects.exists()


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST + "?limit=200").status_code == 200
    return len(queries)


def test_the_list_takes_the_same_number_of_queries_however_many(world, as_member, meeting, anna):
    client = as_member(world.manager)
    client.get(LIST)  # notes the token's last use, once a minute
    small = _list_queries(client)
    for n in range(20):
        activity_create(
            account=world.account,
            by=world.teammate,
            kind="call",
            occurred_on=date(2026, 1, 1 + n),
            our_people=[world.manager, world.teammate],
            their_people=[anna],
            summary=f"Call {n}",
            next_step="Follow up",
        )
    assert _list_queries(client) == small
