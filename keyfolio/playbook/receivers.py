"""What this app does when others signal; connected in apps.py's ready.

- A new workspace gets its playbook settings (keyfolio/workspaces/signals.py).
- A write to anything the checks read marks the accounts it touches, and once the
  transaction commits their stored checks are computed again (keyfolio.playbook.refresh):
  accounts themselves (name, archive), assessments (through the account's pointers too),
  activities (their rules and our people in them), plans, contacts, intelligence notes,
  competitors' presence and revenue (which ranks the queue); the snoozes of checks; a
  membership (whether our person is an executive, for the activities they took part in);
  the workspace's playbook thresholds (every account of it); a deleted survey invitation
  (an answer is an UPDATE: keyfolio.surveys.services.survey_answer sends
  `accounts_changed` for it); and
  `accounts.signals.accounts_changed`, which bulk writers send with the accounts they
  touched.

  Actions too: no check reads them, but an account's place on the work queue counts its
  due ones (AccountAttention). The lines of actions themselves are read live, as is
  whether a suggestion is already an action. Plan answers are not among them.

Refreshing on commit, not on save, means a service that writes ten rows refreshes its
account once, after the data is final, and a rolled-back transaction refreshes nothing.
Every write registers a callback, but the first to run takes every account marked so far
and the others find nothing left (the marks are per thread, as connections are). A
refresh that fails is logged and leaves the rows as they were; the night's run mends them.
"""

import logging
import threading
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from keyfolio.accounts.models import Account
from keyfolio.accounts.signals import accounts_changed
from keyfolio.activities.models import Activity, ActivityRule
from keyfolio.assessments.models import Assessment
from keyfolio.intel.models import CompetitorPresence, IntelNote
from keyfolio.plans.models import AccountPlan, Action
from keyfolio.playbook.models import CheckSnooze, PlaybookSettings
from keyfolio.playbook.refresh import checks_refresh, checks_refresh_all, chunks
from keyfolio.playbook.services import playbook_create_default
from keyfolio.playbook.tasks import refresh_attention
from keyfolio.revenue.models import RevenueEntry
from keyfolio.stakeholders.models import Contact
from keyfolio.surveys.models import Invitation
from keyfolio.workspaces.models import Membership, Workspace
from keyfolio.workspaces.signals import workspace_created

log = logging.getLogger(__name__)

# Up to this many accounts are refreshed in the committing process (about a second);
# beyond it, such as a whole big workspace whose thresholds changed, the worker does it
# (keyfolio.playbook.tasks.refresh_attention), so that no request waits minutes.
INLINE_LIMIT = 1000


@receiver(workspace_created, dispatch_uid="playbook.settings")
def create_playbook(sender, *, workspace, **kwargs) -> None:
    """The default playbook settings for a new workspace."""
    playbook_create_default(workspace=workspace)


# --- Keeping the stored checks current ---------------------------------------------------


class Marks(threading.local):
    """What the writes of this thread's transaction changed, until it commits."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.accounts: set[int] = set()
        self.activities: set[int] = set()
        self.people: set[tuple[int, int]] = set()  # (workspace id, user id)
        self.workspaces: set[int] = set()

    def take(self) -> "Marks":
        """What is marked, which is then forgotten here."""
        taken = Marks()
        taken.accounts, taken.activities = self.accounts, self.activities
        taken.people, taken.workspaces = self.people, self.workspaces
        self.clear()
        return taken

    def __bool__(self) -> bool:
        return bool(self.accounts or self.activities or self.people or self.workspaces)


marks = Marks()


def mark(
    *,
    accounts: Iterable[int] = (),
    activities: Iterable[int] = (),
    people: Iterable[tuple[int, int]] = (),
    workspaces: Iterable[int] = (),
) -> None:
    """Refresh these when the current transaction commits (at once outside one)."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and not connection.run_on_commit:
        # Nothing waits for a commit: what is marked came from a transaction that was
        # rolled back, and is stale.
        marks.clear()
    marks.accounts.update(accounts)
    marks.activities.update(activities)
    marks.people.update(people)
    marks.workspaces.update(workspaces)
    transaction.on_commit(refresh_marked, robust=True)


def _accounts_of_marks(taken: Marks) -> set[int]:
    ids = set(taken.accounts)
    if taken.activities:
        activities = Activity.objects.filter(pk__in=taken.activities)
        ids.update(activities.values_list("account_id", flat=True))
    if taken.people:
        # The activities these people took part in, in the workspace of the membership.
        took_part = Q()
        for workspace_id, user_id in taken.people:
            took_part |= Q(workspace_id=workspace_id, our_people=user_id)
        ids.update(Activity.objects.filter(took_part).values_list("account_id", flat=True))
    return ids


def refresh_marked() -> None:
    """Refresh what the committed transaction changed: the accounts inline, a workspace
    inline when it is small, through the worker otherwise."""
    taken = marks.take()
    if not taken:
        return
    today = timezone.localdate()
    ids = _accounts_of_marks(taken)
    workspaces = set(taken.workspaces)
    if len(ids) > INLINE_LIMIT:
        workspaces.update(_workspaces_of(sorted(ids)))
        ids = set()
    if ids:
        checks_refresh(ids, today=today)
    for workspace in Workspace.objects.filter(pk__in=workspaces):
        if Account.objects.in_workspace(workspace).active().count() <= INLINE_LIMIT:
            checks_refresh_all(workspace, today=today)
        else:
            refresh_attention.enqueue(workspace_id=workspace.pk)


def _workspaces_of(account_ids: list[int]) -> set[int]:
    found: set[int] = set()
    for chunk in chunks(account_ids, INLINE_LIMIT):
        accounts = Account.objects.filter(pk__in=chunk).order_by()
        found.update(accounts.values_list("workspace_id", flat=True).distinct())
    return found


def _account_of(sender, instance, **kwargs) -> None:
    mark(accounts=[instance.account_id])


# The rows that belong to one account and feed its checks (or its rank: revenue).
for model in (
    Action,
    Assessment,
    CheckSnooze,
    Activity,
    AccountPlan,
    Contact,
    IntelNote,
    CompetitorPresence,
    RevenueEntry,
):
    uid = f"playbook.checks.{model.__name__}"
    post_save.connect(_account_of, sender=model, dispatch_uid=uid)
    post_delete.connect(_account_of, sender=model, dispatch_uid=uid)


# Invitations are saved often on their way out (sent, opened, reminded), which no check
# reads; only their answer (sent as accounts_changed) and their deletion matter.
post_delete.connect(_account_of, sender=Invitation, dispatch_uid="playbook.checks.Invitation")


@receiver(post_save, sender=Account, dispatch_uid="playbook.checks.Account")
def account_saved(sender, instance: Account, **kwargs) -> None:
    # Its name and zone rank the queue; archiving takes it off. A deleted account's
    # rows go with it (CASCADE).
    mark(accounts=[instance.pk])


@receiver(post_save, sender=ActivityRule, dispatch_uid="playbook.checks.ActivityRule")
@receiver(post_delete, sender=ActivityRule, dispatch_uid="playbook.checks.ActivityRule")
def activity_rule_changed(sender, instance: ActivityRule, **kwargs) -> None:
    mark(activities=[instance.activity_id])


@receiver(m2m_changed, sender=Activity.our_people.through, dispatch_uid="playbook.checks.people")
def activity_people_changed(sender, instance, action: str, reverse: bool, **kwargs) -> None:
    # Only from the activity's side: the user has no way back to them (related_name "+").
    if action.startswith("post_") and not reverse:
        mark(accounts=[instance.account_id])


@receiver(post_save, sender=Membership, dispatch_uid="playbook.checks.Membership")
@receiver(post_delete, sender=Membership, dispatch_uid="playbook.checks.Membership")
def membership_changed(sender, instance: Membership, **kwargs) -> None:
    # Whether they are an executive decides whether their activities were executive
    # contact (rule 1).
    mark(people=[(instance.workspace_id, instance.user_id)])


@receiver(post_save, sender=PlaybookSettings, dispatch_uid="playbook.checks.settings")
def thresholds_changed(sender, instance: PlaybookSettings, created: bool, **kwargs) -> None:
    # New settings come with a new workspace, or with the first read of one made before
    # the playbook: they hold the defaults the checks were computed with.
    if not created:
        mark(workspaces=[instance.workspace_id])


@receiver(accounts_changed, dispatch_uid="playbook.checks.bulk")
def accounts_changed_in_bulk(sender, *, account_ids, workspace_id=None, **kwargs) -> None:
    # Too many accounts to refresh one by one: their workspace is refreshed, and the
    # sender that names it spares refresh_marked a query per thousand accounts.
    if workspace_id is not None and len(account_ids) > INLINE_LIMIT:
        mark(workspaces=[workspace_id])
    else:
        mark(accounts=account_ids)
