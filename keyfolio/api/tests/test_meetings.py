"""/api/v1/meetings: planning a meeting, its call plan and its outcome from a calendar or
mail tool."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from keyfolio.api.tests.conftest import OVERWRITE, api_client
from keyfolio.api.tests.test_accounts import patch, post
from keyfolio.api.tests.test_auth import assert_problem
from keyfolio.meetings.models import CallPlan
from keyfolio.meetings.tests.factories import build_dossier, plan_meeting
from keyfolio.plans.models import Action
from keyfolio.stakeholders.models import Attitude
from keyfolio.stakeholders.services import contact_create

LIST = "/api/v1/meetings"
TODAY = timezone.localdate()


@pytest.fixture
def anna(world):
    return contact_create(account=world.account, name="Anna Petrova", email="anna@client.test")


@pytest.fixture
def meeting(world, anna) -> CallPlan:
    return plan_meeting(
        world.account,
        by=world.manager,
        on=TODAY,
        today=TODAY,
        theirs=[anna],
        purpose="Renewal",
        primary_objective="Sign the renewal",
    )


def detail(plan: CallPlan) -> str:
    return f"{LIST}/{plan.pk}"


def test_it_requires_a_token(world, meeting):
    assert_problem(api_client(None).get(LIST), 401)
    assert_problem(api_client(None).get(detail(meeting)), 401)


@pytest.mark.parametrize("person", ["owner", "manager", "teammate", "viewer"])
def test_those_who_see_the_account_read_its_meetings(world, as_member, meeting, person):
    client = as_member(getattr(world, person))
    response = client.get(detail(meeting))
    assert response.status_code == 200 and response["ETag"]
    body = response.json()
    assert (body["on"], body["purpose"], body["ready"]) == (str(TODAY), "Renewal", False)
    assert body["our_people"] == ["max@acme.test"]
    assert [p["email"] for p in body["their_people"]] == ["anna@client.test"]
    assert body["activity"] == meeting.activity_id and body["primary_outcome"] == ""
    assert [m["id"] for m in client.get(LIST).json()["items"]] == [meeting.pk]


def test_an_outsider_and_another_workspace_get_404s(world, as_member, meeting):
    outsider = as_member(world.outsider)
    assert_problem(outsider.get(detail(meeting)), 404)
    assert outsider.get(LIST).json()["items"] == []
    theirs = plan_meeting(world.foreign_account, by=world.stranger, on=TODAY, today=TODAY)
    assert_problem(as_member(world.owner).get(detail(theirs)), 404)
    body = assert_problem(
        post(as_member(world.owner), LIST, {"account": world.foreign_account.pk, "on": str(TODAY)}),
        422,
    )
    assert "account" in body["errors"]


def test_the_list_filters(world, as_member, meeting):
    client = as_member(world.manager)
    later = str(TODAY + timedelta(days=1))
    assert client.get(f"{LIST}?since={later}").json()["items"] == []
    assert len(client.get(f"{LIST}?account={world.account.pk}").json()["items"]) == 1
    assert client.get(f"{LIST}?account={world.foreign_account.pk}").json()["items"] == []


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_however_many_meetings(world, as_member, anna):
    client = as_member(world.manager)
    client.get(LIST)  # The token's first use is noted once.
    plan_meeting(world.account, by=world.manager, on=TODAY, today=TODAY, theirs=[anna])
    few = _list_queries(client)
    for day in range(1, 8):
        plan_meeting(
            world.account,
            by=world.teammate,
            on=TODAY + timedelta(days=day),
            today=TODAY,
            theirs=[anna],
        )
    assert _list_queries(client) == few


def test_a_calendar_tool_plans_a_meeting_prefilled_from_the_dossier(world, as_member, anna):
    build_dossier(world.account, by=world.manager, today=TODAY)
    on = TODAY + timedelta(days=7)
    response = post(
        as_member(world.teammate),
        LIST,
        {
            "account": world.account.pk,
            "on": str(on),
            "participants": ["Anna@Client.test", "tom@acme.test"],
            "purpose": "Quarterly review",
            "primary_objective": "Agree on the pilot",
            "client_win": "Lower stock costs",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["ready"] and body["on"] == str(on) and body["our_people"] == ["tom@acme.test"]
    assert [p["id"] for p in body["their_people"]] == [anna.pk]
    # The questions the body left out come from the dossier, as on the page.
    assert "What would raise “Our knowledge of the client” (now 40 %)?" in body["questions"]
    plan = CallPlan.objects.get(pk=body["id"])
    assert plan.activity.kind == "meeting" and plan.outcome_action.due_on == on
    assert response["ETag"] == as_member(world.teammate).get(detail(plan))["ETag"]


def test_refusals_are_422s_with_field_errors_and_change_nothing(world, as_member):
    client = as_member(world.manager)
    new = {"account": world.account.pk, "on": str(TODAY)}
    body = assert_problem(post(client, LIST, {**new, "participants": ["nobody@else.test"]}), 422)
    assert "nobody@else.test" in body["errors"]["participants"][0]
    assert_problem(post(client, LIST, {"account": world.account.pk}), 422)  # No day.
    assert not CallPlan.objects.exists()


def test_a_viewer_and_a_read_only_token_cannot_plan_or_change(world, as_member, meeting):
    new = {"account": world.account.pk, "on": str(TODAY)}
    for client in (as_member(world.viewer), as_member(world.manager, read_only=True)):
        assert_problem(post(client, LIST, new), 403)
        assert_problem(patch(client, detail(meeting), {"purpose": "x"}, **OVERWRITE), 403)
        body = {"primary_outcome": "met"}
        assert_problem(
            client.post(
                f"{detail(meeting)}/outcome",
                body,
                content_type="application/json",
                headers=OVERWRITE,
            ),
            403,
        )
    assert CallPlan.objects.get().purpose == "Renewal"


def test_a_change_needs_the_version_it_was_read_at(world, as_member, meeting, anna):
    client = as_member(world.manager)
    assert_problem(patch(client, detail(meeting), {"purpose": "x"}), 428)
    etag = client.get(detail(meeting))["ETag"]
    changed = patch(
        client,
        detail(meeting),
        {"client_win": "A price fixed for two years", "participants": ["max@acme.test"]},
        **{"If-Match": etag},
    )
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert body["ready"] and body["their_people"] == [] and body["purpose"] == "Renewal"
    assert_problem(patch(client, detail(meeting), {"purpose": "x"}, **{"If-Match": etag}), 412)
    meeting.refresh_from_db()
    assert meeting.purpose == "Renewal"
    assert meeting.prepare_action is None or meeting.prepare_action.done


def test_the_outcome_of_a_held_meeting_in_one_go(world, as_member, meeting, anna):
    client = as_member(world.manager)
    url = f"{detail(meeting)}/outcome"
    response = client.post(
        url,
        {
            "primary_outcome": "met",
            "client_said": "Yes to two years.",
            "next_steps": [{"title": "Send the contract", "due_on": "2027-01-10"}],
            "attitudes": {str(anna.pk): Attitude.SUPPORTER},
        },
        content_type="application/json",
        headers=OVERWRITE,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["primary_outcome"], body["client_said"]) == ("met", "Yes to two years.")
    assert body["outcome_recorded_at"]
    anna.refresh_from_db()
    assert anna.attitude == Attitude.SUPPORTER
    action = Action.objects.get(title="Send the contract")
    assert (str(action.due_on), action.owner) == ("2027-01-10", world.manager)


def test_the_outcome_of_a_meeting_still_to_come_is_refused(world, as_member, anna):
    later = plan_meeting(
        world.account, by=world.manager, on=TODAY + timedelta(days=3), today=TODAY, theirs=[anna]
    )
    response = as_member(world.manager).post(
        f"{detail(later)}/outcome",
        {"primary_outcome": "met"},
        content_type="application/json",
        headers=OVERWRITE,
    )
    body = assert_problem(response, 422)
    assert "primary_outcome" in body["errors"]
    later.refresh_from_db()
    assert later.outcome_recorded_at is None


def test_text_longer_than_its_field_is_a_422_not_a_server_error(world, as_member, meeting):
    client = as_member(world.manager)
    long = "x" * 301
    body = assert_problem(
        post(client, LIST, {"account": world.account.pk, "on": str(TODAY), "purpose": long}), 422
    )
    assert "purpose" in body["errors"]
    body = assert_problem(patch(client, detail(meeting), {"place": long}, **OVERWRITE), 422)
    assert "place" in body["errors"]
    steps = [{"title": "y" * 301}]
    response = client.post(
        f"{detail(meeting)}/outcome",
        {"primary_outcome": "met", "next_steps": steps},
        content_type="application/json",
        headers=OVERWRITE,
    )
    assert "title" in assert_problem(response, 422)["errors"]
    meeting.refresh_from_db()
    assert meeting.outcome_recorded_at is None and meeting.place == ""
    assert CallPlan.objects.count() == 1 and not Action.objects.filter(title=steps[0]["title"])
