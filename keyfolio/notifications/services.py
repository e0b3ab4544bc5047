"""Sending the e-mails, each at most once per person and period.

The tasks (keyfolio.notifications.tasks), the `send-digests` and `send-reminders`
commands and the tests all come through `digests_send` and `reminders_send`. Both first
bring the stored playbook checks to the e-mails' day (a no-op when the night's run did
it), so that no e-mail reads yesterday's checks.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction

from keyfolio.notifications.emails import digest_message, reminders_message
from keyfolio.notifications.models import Sent
from keyfolio.notifications.schedule import Job, digest_period, reminders_period
from keyfolio.notifications.selectors import digest_for, recipients, reminders_for
from keyfolio.playbook.refresh import checks_refresh_stale
from keyfolio.workspaces.models import Membership

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    SENT = "sent"
    ALREADY_SENT = "already_sent"
    FAILED = "failed"


def notification_send(
    *, membership: Membership, kind: str, period: str, message: EmailMessage
) -> Outcome:
    """Send `message` to the member unless the ledger says it went out already.

    How it stays once-only, whatever retries or a second worker do:

    1. Claim: insert the Sent row (workspace, user, kind, period) in its own short
       transaction. The unique constraint lets exactly one claim in: a worker that
       loses the race, or a retry after a success, gets an IntegrityError and skips.
       The claim commits *before* the send, so the other worker sees it at once.
    2. Send, outside any transaction. Holding a transaction open across an SMTP
       conversation would keep SQLite's only write lock (the web pages' writes would
       wait on it) or a PostgreSQL row lock for as long as the mail server dawdles.
    3. If the send raises, delete the claim, so that the next run sends again; the
       error goes back to the caller, which carries on with the next person.

    The one gap is a process killed between 1 and 3 (or a database that fails to take
    the delete): the row stays and that person misses this one e-mail. We prefer that
    to the opposite order, which would send twice whenever the process died between
    the send and the record. A digest or a day's reminders missed is a small loss; the
    next period brings a new one.
    """
    try:
        with transaction.atomic():
            claim = Sent.objects.create(
                workspace=membership.workspace, user=membership.user, kind=kind, period=period
            )
    except IntegrityError:
        return Outcome.ALREADY_SENT
    try:
        message.send()
    except BaseException:
        Sent.objects.filter(pk=claim.pk).delete()
        raise
    return Outcome.SENT


@dataclass
class SendSummary:
    """What one run did; a task returns it as its result (JSON)."""

    kind: str
    period: str
    sent: int = 0
    already_sent: int = 0
    nothing_to_say: int = 0
    failed: list[str] = field(default_factory=list)  # e-mail addresses

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "period": self.period,
            "sent": self.sent,
            "already_sent": self.already_sent,
            "nothing_to_say": self.nothing_to_say,
            "failed": self.failed,
        }


Build = Callable[[Membership], EmailMessage | None]


def _send_to_recipients(*, kind: str, period: str, build: Build) -> SendSummary:
    """Build and send one message per recipient (None: nothing to say, nothing sent).

    People already in the ledger for the period are skipped before their message is
    built, so that a retry costs only the ones still owed. A failure for one person,
    to build or to send, is logged and the run goes on with the others."""
    summary = SendSummary(str(kind), period)
    done = set(Sent.objects.filter(kind=kind, period=period).values_list("workspace", "user"))
    for membership in recipients():
        if (membership.workspace_id, membership.user_id) in done:
            summary.already_sent += 1
            continue
        try:
            message = build(membership)
            if message is None:
                summary.nothing_to_say += 1
                continue
            outcome = notification_send(
                membership=membership, kind=kind, period=period, message=message
            )
        except Exception:
            log.exception("Could not send the %s of %s to %s", kind, period, membership.user.email)
            summary.failed.append(membership.user.email)
            continue
        if outcome == Outcome.SENT:
            summary.sent += 1
        else:
            summary.already_sent += 1
    return summary


def digests_send(*, today: date) -> SendSummary:
    """The weekly digest of `today`'s ISO week to every manager and above who has
    something on their attention list or an account that changed zone; nobody else."""
    checks_refresh_stale(today=today)

    def build(membership: Membership) -> EmailMessage | None:
        digest = digest_for(membership, today=today)
        return None if digest.is_empty else digest_message(digest)

    return _send_to_recipients(kind=Job.DIGEST, period=digest_period(today), build=build)


def reminders_send(*, today: date) -> SendSummary:
    """`today`'s reminders (actions due by tomorrow or overdue, assessments going stale)
    to every manager and above who has any, one e-mail each."""
    checks_refresh_stale(today=today)

    def build(membership: Membership) -> EmailMessage | None:
        reminders = reminders_for(membership, today=today)
        return None if reminders.is_empty else reminders_message(reminders)

    return _send_to_recipients(kind=Job.REMINDERS, period=reminders_period(today), build=build)
