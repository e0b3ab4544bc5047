"""The daily reminders: actions due by tomorrow or overdue, assessments going stale."""

import pytest

from keyfolio.accounts.models import Account
from keyfolio.notifications.emails import reminders_message
from keyfolio.notifications.selectors import MAX_REMINDERS, reminders_for
from keyfolio.notifications.services import reminders_send
from keyfolio.playbook.catalog import playbook_settings_for
from keyfolio.playbook.refresh import checks_refresh_stale
from keyfolio.workspaces.models import Membership

from .conftest import TODAY, action, assess, days, html_of, to

SITE = "https://kam.example.com"


@pytest.fixture
def fresh(world):
    """Northwind assessed last week: nothing about its assessment to remind of."""
    assess(world.account, "key", days(-7))
    return world.account


def test_it_reminds_the_owner_of_actions_due_by_tomorrow_or_overdue(world, outbox, fresh):
    action(fresh, world.manager, days(-3), "Overdue call")
    action(fresh, world.manager, days(0), "Due today")
    action(fresh, world.manager, days(1), "Due tomorrow")
    action(fresh, world.manager, days(2), "Due the day after")
    action(fresh, world.manager, days(-5), "Done already", done=True)
    action(fresh, world.manager, None, "Some day")
    action(fresh, world.teammate, days(1), "The teammate's")

    reminders_send(today=TODAY)

    [message] = to(world.manager.email)
    assert message.subject == "Keyfolio · 3 reminders for today"
    body = message.body
    assert body.index("Overdue call") < body.index("Due today") < body.index("Due tomorrow")
    assert "Action overdue by 3 days" in body
    assert "Action due today" in body and "Action due in 1 day" in body
    for absent in ("Due the day after", "Done already", "Some day", "The teammate's"):
        assert absent not in body
    [theirs] = to(world.teammate.email)
    assert "The teammate's" in theirs.body and "Overdue call" not in theirs.body


@pytest.mark.parametrize(
    ("assessed_days_ago", "reason"),
    [
        (80, "Last assessed 80 days ago: the limit of 90 is near"),
        (100, "Last assessed 100 days ago (limit 90)"),
    ],
)
def test_it_reminds_the_account_owner_of_an_assessment_going_stale(
    world, outbox, assessed_days_ago, reason
):
    assess(world.account, "key", days(-assessed_days_ago))

    reminders_send(today=TODAY)

    # Only the account's manager, not its team.
    assert [message.to for message in outbox] == [[world.manager.email]]
    [message] = outbox
    assess_url = f"{SITE}/w/acme/accounts/{world.account.pk}/assess/"
    assert reason in message.body
    assert assess_url in message.body
    assert f'href="{assess_url}"' in html_of(message)
    assert "Assessments going stale" in message.body


def test_it_does_not_remind_of_fresh_or_missing_assessments(world, outbox):
    Account.objects.create(workspace=world.workspace, name="Never assessed", owner=world.manager)
    assess(world.account, "key", days(-76))  # one day before the warning

    summary = reminders_send(today=TODAY)

    assert outbox == []
    assert summary.sent == 0


def test_it_follows_the_workspace_thresholds(world, outbox):
    settings = playbook_settings_for(world.workspace)
    settings.assessment_days, settings.warning_days = 30, 7
    settings.save()
    assess(world.account, "key", days(-25))

    reminders_send(today=TODAY)

    [message] = to(world.manager.email)
    assert "Last assessed 25 days ago: the limit of 30 is near" in message.body


def test_it_sends_one_email_per_person_per_day(world, outbox):
    assess(world.account, "key", days(-85))
    action(world.account, world.manager, days(-1), "First")
    action(world.account, world.manager, days(1), "Second")

    reminders_send(today=TODAY)
    reminders_send(today=TODAY)

    [message] = to(world.manager.email)
    assert message.subject == "Keyfolio · 3 reminders for today"
    assert "First" in message.body and "Second" in message.body
    assert "Last assessed 85 days ago" in message.body

    reminders_send(today=days(1))
    assert len(to(world.manager.email)) == 2


def test_it_sends_nothing_to_a_viewer(world, outbox, fresh):
    action(fresh, world.viewer, days(-1), "Read the file")

    reminders_send(today=TODAY)

    assert outbox == []


def test_it_leaves_archived_accounts_out(world, outbox, fresh):
    action(fresh, world.manager, days(-1), "Call")
    fresh.archive()

    reminders_send(today=TODAY)

    assert outbox == []


def test_it_writes_in_the_recipients_language(world, outbox, fresh):
    world.manager.language = "ru"
    world.manager.save()
    action(fresh, world.manager, days(-1), "Позвонить")

    reminders_send(today=TODAY)

    [message] = outbox
    assert message.extra_headers["Content-Language"] == "ru"
    assert '<html lang="ru">' in html_of(message)
    assert "Здравствуйте!" in message.body
    assert "Здравствуйте!" in html_of(message)


def _clients(world, size: int) -> Membership:
    for n in range(size):
        account = Account.objects.create(
            workspace=world.workspace, name=f"Client {n:02}", owner=world.manager
        )
        assess(account, "key", days(-85))
        action(account, world.manager, days(-1))
    # What the service does before it builds any reminder.
    checks_refresh_stale(today=TODAY)
    return Membership.objects.select_related("workspace", "user").get(user=world.manager)


@pytest.mark.parametrize("size", [3, 30])
def test_it_builds_reminders_in_constant_queries(world, outbox, django_assert_num_queries, size):
    membership = _clients(world, size)

    # The member's accounts and due actions, the actions, the stale assessments with
    # their open actions and the catalog, and how many of each there are; the head of the
    # work queue (its accounts, their checks, snoozes, open and due actions) and its count.
    with django_assert_num_queries(14):
        reminders = reminders_for(membership, today=TODAY)
        message = reminders_message(reminders)

    assert reminders.count == 2 * size
    assert len(reminders.actions) == len(reminders.stale) == min(size, MAX_REMINDERS)
    assert "Client 00" in message.body
    # The head of the same work queue as the attention page, one line per account.
    assert len(reminders.accounts) == min(size + 1, 5)
    assert "Accounts that need action" in message.body and "more)" in message.body


def test_it_shows_the_first_reminders_and_says_how_many_more(world, outbox):
    _clients(world, 30)

    reminders_send(today=TODAY)

    [message] = to(world.manager.email)
    assert message.subject == "Keyfolio · 60 reminders for today"
    assert message.body.count("and 20 more: https://kam.example.com/w/acme/attention/") == 2
    assert html_of(message).count("and 20 more") == 2
    assert len(message.body) < 10_000
