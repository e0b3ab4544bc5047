"""Once only: the Sent ledger, retries, a second run, a mail server that refuses."""

from datetime import timedelta

import pytest
from django.core.mail import EmailMessage
from django.utils import timezone

from keyfolio.notifications.models import Sent
from keyfolio.notifications.services import (
    Outcome,
    digests_send,
    notification_send,
    reminders_send,
)
from keyfolio.notifications.tasks import send_reminders, send_weekly_digests
from keyfolio.workspaces.models import Membership

from .conftest import TODAY, action, assess, days, to


@pytest.fixture
def busy(world):
    """Work for the manager and the teammate: both get a digest and reminders."""
    assess(world.account, "key", days(-85))
    action(world.account, world.manager, days(-1), "Manager's call")
    action(world.account, world.teammate, days(1), "Teammate's call")
    return world


def test_it_sends_each_email_once_when_run_twice(busy, outbox):
    first = digests_send(today=TODAY)
    second = digests_send(today=TODAY)

    assert sorted(message.to[0] for message in outbox) == sorted(
        [busy.manager.email, busy.teammate.email, busy.stranger.email]
    )
    assert (first.sent, first.already_sent) == (3, 0)
    assert (second.sent, second.already_sent) == (0, 3)


def test_it_records_each_email_in_the_ledger_by_kind_and_period(busy, outbox):
    digests_send(today=TODAY)
    reminders_send(today=TODAY)

    rows = set(Sent.objects.values_list("user__email", "kind", "period"))
    assert (busy.manager.email, "digest", "2026-W48") in rows
    assert (busy.manager.email, "reminders", "2026-11-25") in rows
    assert (busy.teammate.email, "reminders", "2026-11-25") in rows
    assert len(rows) == Sent.objects.count() == len(outbox)


def test_a_new_week_sends_a_new_digest(busy, outbox):
    digests_send(today=TODAY)
    digests_send(today=days(5))  # Monday of the next week

    assert len(to(busy.manager.email)) == 2


def test_one_failure_stops_nobody_else_and_a_retry_sends_only_to_them(busy, outbox, failing_for):
    failing_for.add(busy.manager.email)

    first = digests_send(today=TODAY)

    assert first.failed == [busy.manager.email]
    assert first.sent == 2
    assert to(busy.manager.email) == []
    assert len(to(busy.teammate.email)) == 1
    assert not Sent.objects.filter(user=busy.manager).exists()

    failing_for.clear()
    second = digests_send(today=TODAY)

    assert (second.sent, second.already_sent, second.failed) == (1, 2, [])
    assert len(to(busy.manager.email)) == 1
    assert len(to(busy.teammate.email)) == 1


def test_it_skips_a_person_another_run_already_claimed(busy, outbox):
    membership = Membership.objects.select_related("workspace", "user").get(user=busy.manager)
    message = EmailMessage("Hi", "Body", to=[busy.manager.email])

    first = notification_send(
        membership=membership, kind="digest", period="2026-W48", message=message
    )
    again = notification_send(
        membership=membership, kind="digest", period="2026-W48", message=message
    )

    assert (first, again) == (Outcome.SENT, Outcome.ALREADY_SENT)
    assert len(outbox) == 1


def test_a_failed_send_gives_back_its_claim(busy, outbox, failing_for):
    failing_for.add(busy.manager.email)
    membership = Membership.objects.select_related("workspace", "user").get(user=busy.manager)
    message = EmailMessage("Hi", "Body", to=[busy.manager.email])

    with pytest.raises(OSError):
        notification_send(membership=membership, kind="digest", period="2026-W48", message=message)

    assert Sent.objects.count() == 0


def test_the_tasks_send_once_however_often_they_run(world, outbox):
    # The tasks work on the real today.
    today = timezone.localdate()
    assess(world.account, "key", today - timedelta(days=85))
    action(world.account, world.manager, today - timedelta(days=1), "Manager's call")
    action(world.account, world.teammate, today + timedelta(days=1), "Teammate's call")

    digests = send_weekly_digests.call()
    send_weekly_digests.call()
    reminders = send_reminders.call()
    send_reminders.call()

    assert digests["kind"] == "digest" and digests["sent"] == 3
    assert reminders["kind"] == "reminders" and reminders["sent"] == 2
    assert len(outbox) == 5
