from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyfolio.accounts.models import Account
from keyfolio.activities.models import Activity
from keyfolio.activities.services import activity_create
from keyfolio.feeds.models import FeedToken
from keyfolio.feeds.services import feed_token_revoke
from keyfolio.feeds.tests.conftest import feed_for, fetch, summaries
from keyfolio.plans.models import Action
from keyfolio.workspaces.models import Membership


def _action(world, title, due_on, *, owner=None, account=None, done_on=None) -> Action:
    account = account or world.account
    return Action.objects.create(
        workspace=account.workspace,
        account=account,
        title=title,
        owner=owner or world.manager,
        due_on=due_on,
        done_on=done_on,
    )


def test_it_lists_my_due_actions_as_all_day_events(world, today):
    action = _action(world, "Send the offer", today + timedelta(days=3))
    calendar = fetch(feed_for(world.manager, world.workspace))

    assert str(calendar["X-WR-CALNAME"]) == "Keyfolio: Acme"
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"action-{action.pk}@kam.example.com"
    assert str(event["SUMMARY"]) == "Northwind: Send the offer"
    assert event.decoded("DTSTART") == today + timedelta(days=3)
    assert event.decoded("DTEND") == today + timedelta(days=4)
    page = f"https://kam.example.com/w/acme/accounts/{world.account.pk}/"
    assert page in str(event["DESCRIPTION"])
    assert str(event["URL"]) == page
    assert event.decoded("DTSTAMP") is not None


def test_it_answers_as_a_calendar_not_cached_nor_indexed(world):
    response = Client().get(feed_for(world.manager, world.workspace))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_it_leaves_out_done_undated_long_overdue_and_others_actions(world, today, settings):
    settings.FEED_OVERDUE_DAYS = 30
    _action(world, "Recent overdue", today - timedelta(days=30))
    _action(world, "Long overdue", today - timedelta(days=31))
    _action(world, "Done", today, done_on=today)
    _action(world, "Undated", None)
    _action(world, "Tom's", today, owner=world.teammate)

    calendar = fetch(feed_for(world.manager, world.workspace))

    assert summaries(calendar) == ["Northwind: Recent overdue"]


def test_it_lists_a_next_step_once_as_its_action(world, today):
    activity_create(
        account=world.account,
        by=world.manager,
        kind="meeting",
        occurred_on=today,
        our_people=[world.manager],
        summary="Met the buyer",
        next_step="Book the plant visit",
        next_step_due=today + timedelta(days=7),
    )

    calendar = fetch(feed_for(world.manager, world.workspace))

    assert summaries(calendar) == ["Northwind: Book the plant visit"]


def test_it_lists_a_next_step_that_has_no_action(world, today):
    # A next step recorded before next steps became actions.
    activity = Activity.objects.create(
        workspace=world.workspace,
        account=world.account,
        kind="call",
        next_step="Call back",
        next_step_due=today + timedelta(days=2),
        created_by=world.manager,
    )
    Activity.objects.create(
        workspace=world.workspace,
        account=world.account,
        kind="call",
        next_step="Tom's call",
        next_step_due=today,
        created_by=world.teammate,
    )

    [event] = fetch(feed_for(world.manager, world.workspace)).walk("VEVENT")

    assert str(event["UID"]) == f"next-step-{activity.pk}@kam.example.com"
    assert str(event["SUMMARY"]) == "Northwind: Call back"
    assert event.decoded("DTSTART") == today + timedelta(days=2)
    assert event.decoded("LAST-MODIFIED") is not None


def test_it_forgets_an_account_taken_from_its_member(world, today):
    _action(world, "Teammate's task", today, owner=world.teammate)
    path = feed_for(world.teammate, world.workspace)
    assert summaries(fetch(path)) == ["Northwind: Teammate's task"]

    world.account.team.remove(world.teammate)

    assert summaries(fetch(path)) == []


def test_it_leaves_out_archived_accounts(world, today):
    _action(world, "Call", today)
    Account.objects.filter(pk=world.account.pk).update(archived_at=world.account.created_at)

    assert summaries(fetch(feed_for(world.manager, world.workspace))) == []


def test_it_reads_one_workspace(world, today):
    _action(world, "In Globex", today, owner=world.stranger, account=world.foreign_account)
    _action(world, "In Acme", today)

    path = feed_for(world.manager, world.workspace)

    assert summaries(fetch(path)) == ["Northwind: In Acme"]


@pytest.mark.parametrize(
    "path",
    ["/feeds/not-a-token.ics", "/feeds/" + "A" * 43 + ".ics"],
    ids=["malformed", "unknown"],
)
def test_it_is_a_404_for_a_wrong_link(world, path):
    assert Client().get(path).status_code == 404


def test_a_revoked_link_is_a_404(world):
    path = feed_for(world.manager, world.workspace)
    feed_token_revoke(membership=Membership.objects.get(user=world.manager))

    assert Client().get(path).status_code == 404


def test_a_new_link_replaces_the_old(world):
    old = feed_for(world.manager, world.workspace)
    new = feed_for(world.manager, world.workspace)

    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    assert FeedToken.objects.count() == 1


def test_it_is_a_404_once_its_person_leaves_the_workspace_or_is_deactivated(world):
    path = feed_for(world.manager, world.workspace)
    Membership.objects.filter(user=world.manager).delete()
    assert Client().get(path).status_code == 404

    other = feed_for(world.teammate, world.workspace)
    world.teammate.is_active = False
    world.teammate.save()
    assert Client().get(other).status_code == 404


def test_it_keeps_only_the_token_hash(world):
    path = feed_for(world.manager, world.workspace)
    token = path.removeprefix("/feeds/").removesuffix(".ics")

    feed = FeedToken.objects.get()
    assert token not in feed.token_hash
    assert len(feed.token_hash) == 64
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM feeds_feedtoken")
        assert token not in repr(cursor.fetchall())


def test_it_records_when_it_was_last_fetched(world):
    path = feed_for(world.manager, world.workspace)
    assert FeedToken.objects.get().last_used_at is None

    Client().get(path)

    assert FeedToken.objects.get().last_used_at is not None


def test_it_refuses_too_many_fetches_of_one_link(world, settings):
    settings.FEED_GETS_PER_TOKEN_HOUR = 2
    path = feed_for(world.manager, world.workspace)
    client = Client()
    assert [client.get(path).status_code for _ in range(2)] == [200, 200]

    response = client.get(path)

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"


def test_it_answers_only_reads(world):
    path = feed_for(world.manager, world.workspace)

    assert Client().post(path).status_code == 405


def _fill(world, today, numbers: range) -> None:
    """An account per number, of Tom's with Max on the team, each with an action of
    Max's and an older next step of his."""
    for n in numbers:
        account = Account.objects.create(
            workspace=world.workspace, name=f"Account {n}", owner=world.teammate
        )
        account.team.add(world.manager)
        _action(world, f"Action {n}", today + timedelta(days=n), account=account)
        Activity.objects.create(
            workspace=world.workspace,
            account=account,
            kind="call",
            next_step=f"Step {n}",
            next_step_due=today + timedelta(days=n),
            created_by=world.manager,
        )


def test_it_makes_as_many_queries_for_few_items_as_for_many(world, today):
    path = feed_for(world.manager, world.workspace)
    counts = []
    for numbers in (range(2), range(2, 20)):
        _fill(world, today, numbers)
        with CaptureQueriesContext(connection) as queries:
            calendar = fetch(path)
        counts.append((len(queries), len(calendar.walk("VEVENT"))))

    assert counts[0][1] == 4 and counts[1][1] == 40
    assert counts[0][0] == counts[1][0]


def test_the_feed_url_is_the_token_dot_ics(world):
    assert reverse("feeds_public:calendar", args=["x" * 43]) == "/feeds/" + "x" * 43 + ".ics"


def test_its_uids_name_the_site_without_its_port(world, today, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    action = _action(world, "Call", today)

    [event] = fetch(feed_for(world.manager, world.workspace)).walk("VEVENT")

    assert str(event["UID"]) == f"action-{action.pk}@127.0.0.1"
