"""The attention list as a work queue: one row per account, its most urgent line shown and
the rest folded beneath, in the order of keyfolio.method.attention.account_key (zone,
severity, days overdue, revenue, name). The attention page, its badge, the daily e-mails
and `keyfolio attention` read it; `keyfolio attention --all` reads the flat list
(keyfolio.playbook.queue.AttentionQueue), whose scope rules this one shares.

Each account's ranking keys and counts are stored (AccountAttention, kept by
keyfolio.playbook.refresh), so that

- a page of accounts is one index scan (account_attention_queue) that stops at the page,
- the counts at the top (red, amber, snoozed lines, and accounts) are one aggregate,
- then only the accounts shown have their lines read: their stored checks, their running
  snoozes, their due actions (live, exact to the day), in a constant number of queries.

The stored rank is at most a day old, like the checks: the night's refresh brings every
account to the new day (an action that came due, a snooze that ended, a grace period
that ran out). A snooze that ends is honoured on the same day by the lines, which read
the snoozes live.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

from django.db.models import Count, Q, QuerySet, Sum

from keyfolio.accounts.models import Account
from keyfolio.method.attention import (
    WEEK,
    ItemUrgency,
    action_overdue_days,
    by_urgency,
)
from keyfolio.method.playbook import Check, CheckResult, Status, overdue_days
from keyfolio.plans.models import Action
from keyfolio.playbook.models import AccountAttention, AccountCheck, CheckSnooze, Severity
from keyfolio.playbook.queue import (
    AttentionItem,
    AttentionQueue,
    Scope,
    open_action_titles,
)
from keyfolio.workspaces.models import Membership, Workspace

# Accounts a page lists: a manager's whole portfolio mostly fits one screen.
PAGE_SIZE = 15
# Accounts the e-mails and the command read at a time.
STREAM_CHUNK = 200
# The queue's order of accounts; the index account_attention_queue has it.
ACCOUNTS_ORDER = (
    "-zone_rank",
    "-severity",
    "-overdue_days",
    "-revenue",
    "sort_name",
    "account_id",
)
SNOOZED = "snoozed"
# What the page shows of an account.
ACCOUNT_SHOWN = (
    "account_id",
    "computed_on",
    "account__name",
    "account__workspace_id",
    "account__owner__full_name",
    "account__owner__email",
    "account__current_assessment__zone",
)


def item_urgency(item: AttentionItem, today: date) -> ItemUrgency:
    """What ranks a line within its account (keyfolio.method.attention.item_key)."""
    if item.action is not None and item.due_on is not None:
        return ItemUrgency(item.severity, action_overdue_days(item.due_on, today), item.check)
    result = CheckResult(Check(item.check), item.severity, item.reason_code, item.numbers)
    return ItemUrgency(item.severity, overdue_days(result), item.check)


@dataclass(frozen=True)
class SnoozedItem:
    item: AttentionItem
    snooze: CheckSnooze


@dataclass(frozen=True)
class AccountGroup:
    """One account on the work queue: its lines most urgent first (the first is the
    row's headline) and its snoozed checks."""

    account: Account
    items: list[AttentionItem]
    snoozed: list[SnoozedItem] = field(default_factory=list)
    computed_on: date | None = None

    @property
    def top(self) -> AttentionItem | None:
        return self.items[0] if self.items else None

    @property
    def rest(self) -> list[AttentionItem]:
        return self.items[1:]

    @property
    def severity(self) -> Status:
        return self.top.severity if self.top else Status.GREEN

    def as_record(self) -> dict[str, str | int]:
        """The account as `keyfolio attention` prints it: its top line's record (the keys
        of AttentionItem.as_record), with how many lines more and how many snoozed."""
        record: dict[str, str | int] = (
            dict(self.top.as_record())
            if self.top
            else {"account": self.account.name, "check": "", "severity": "", "reason": ""}
        )
        record.setdefault("suggestion", "")
        return {**record, "more": len(self.rest), "snoozed": len(self.snoozed)}


@dataclass(frozen=True)
class QueueCounts:
    """The lines of the queue by kind, and the accounts that have any (not snoozed)."""

    red: int = 0
    amber: int = 0
    snoozed: int = 0
    accounts: int = 0


class WorkQueue:
    """The accounts that need attention, for `viewer` and `scope` (as AttentionQueue).

    `show` narrows to the accounts with a red line, an amber line or a snoozed check
    ("red", "amber", "snoozed"; "" for every account with a line)."""

    def __init__(
        self, viewer: Membership | Workspace, *, today: date, scope: Scope, show: str = ""
    ) -> None:
        self.lines = AttentionQueue(viewer, today=today, scope=scope)
        self.workspace = self.lines.workspace
        self.today = today
        self.scope = scope
        self.show = show

    @classmethod
    def over(cls, lines: AttentionQueue, *, show: str = "") -> "WorkQueue":
        """The work queue of the same viewer and scope as the flat list `lines`, sharing
        what it already read (whose accounts, the catalog)."""
        queue = cls.__new__(cls)
        queue.lines, queue.workspace = lines, lines.workspace
        queue.today, queue.scope, queue.show = lines.today, lines.scope, show
        return queue

    # --- Which accounts ----------------------------------------------------------------

    @cached_property
    def account_ids(self) -> set[int] | None:
        """The accounts in scope: None for the whole workspace; else the person's (and
        the viewer's) accounts and those where the person has an action due."""
        ids = self.lines.scope_ids
        if ids is None:
            return None
        actions = self.lines.action_account_ids or set()
        visible = self.lines._visible_ids
        return ids | {pk for pk in actions if visible is None or pk in visible}

    def in_scope(self) -> QuerySet[AccountAttention]:
        """Every account in scope, whatever its lines: the index alone answers for a
        whole workspace (refresh.py keeps no row for an archived account)."""
        if self.account_ids is None:
            return AccountAttention.objects.filter(workspace=self.workspace)
        return AccountAttention.objects.filter(account_id__in=sorted(self.account_ids))

    def ranked(self) -> QuerySet[AccountAttention]:
        """The accounts the queue lists, in its order."""
        rows = self.in_scope()
        if self.show == Status.RED:
            rows = rows.filter(red__gt=0)
        elif self.show == Status.AMBER:
            rows = rows.filter(amber__gt=0)
        elif self.show == SNOOZED:
            rows = rows.filter(snoozed__gt=0)
        else:
            rows = rows.filter(severity__gt=Severity.GREEN)
        return rows.order_by(*ACCOUNTS_ORDER)

    def counts(self) -> QueueCounts:
        """Red, amber and snoozed lines, and the accounts with a line (one query)."""
        found = self.in_scope().aggregate(
            red=Sum("red", default=0),
            amber=Sum("amber", default=0),
            snoozed=Sum("snoozed", default=0),
            accounts=Count("pk", filter=Q(severity__gt=Severity.GREEN)),
        )
        return QueueCounts(**found)

    def listed_count(self, counts: QueueCounts) -> int:
        """How many accounts `show` lists: from the counts when unfiltered, else one
        COUNT."""
        return counts.accounts if not self.show else self.ranked().count()

    def red_count(self) -> int:
        """The red lines (one query): the navbar's badge."""
        return self.in_scope().aggregate(red=Sum("red", default=0))["red"]

    # --- Reading accounts --------------------------------------------------------------

    def groups(self, start: int, stop: int) -> list[AccountGroup]:
        """The accounts from `start` up to `stop` with their lines: five queries and the
        catalog's, whatever the portfolio (the index is walked up to `stop`)."""
        if stop <= start:
            return []
        rows = self.ranked().select_related("account__owner", "account__current_assessment")
        return self._groups(list(rows.only(*ACCOUNT_SHOWN)[start:stop]))

    def __iter__(self) -> Iterator[AccountGroup]:
        """Every account in order, STREAM_CHUNK at a time: memory stays the same."""
        rows = self.ranked().select_related("account__owner", "account__current_assessment")
        chunk: list[AccountAttention] = []
        for row in rows.only(*ACCOUNT_SHOWN).iterator(STREAM_CHUNK):
            chunk.append(row)
            if len(chunk) == STREAM_CHUNK:
                yield from self._groups(chunk)
                chunk = []
        yield from self._groups(chunk)

    def group_of(self, account: Account) -> AccountGroup:
        """One account's row, as the page shows it (after a snooze, say)."""
        row = AccountAttention.objects.filter(account=account).only("computed_on").first()
        return self._groups_of([account], {account.pk: row.computed_on if row else None})[0]

    def _groups(self, rows: list[AccountAttention]) -> list[AccountGroup]:
        accounts = [row.account for row in rows]
        return self._groups_of(accounts, {row.account_id: row.computed_on for row in rows})

    def _groups_of(
        self, accounts: list[Account], computed: dict[int, date | None]
    ) -> list[AccountGroup]:
        if not accounts:
            return []
        ids = [account.pk for account in accounts]
        checks = AccountCheck.objects.filter(account_id__in=ids, severity__gt=Severity.GREEN)
        snoozes = {
            (s.account_id, s.check_key): s
            for s in CheckSnooze.objects.filter(
                account_id__in=ids, until__gt=self.today
            ).select_related("by")
        }
        planned = open_action_titles(ids)
        by_account: dict[int, list[AttentionItem]] = {pk: [] for pk in ids}
        quiet: dict[int, list[SnoozedItem]] = {pk: [] for pk in ids}
        account_of = {account.pk: account for account in accounts}
        for row in checks.only(
            "account_id", "check_key", "severity", "reason_code", "numbers", "rule", "computed_on"
        ):
            row.account = account_of[row.account_id]
            item = self.lines._check_item(row, planned)
            snooze = snoozes.get((row.account_id, row.check_key))
            if snooze is None:
                by_account[row.account_id].append(item)
            else:
                quiet[row.account_id].append(SnoozedItem(item, snooze))
        for action in self._due_actions(ids):
            action.account = account_of[action.account_id]
            by_account[action.account_id].append(self.lines._action_item(action))
        return [
            AccountGroup(
                account=account,
                items=self._ranked_items(by_account[account.pk]),
                snoozed=quiet[account.pk],
                computed_on=computed.get(account.pk),
            )
            for account in accounts
        ]

    def _ranked_items(self, items: list[AttentionItem]) -> list[AttentionItem]:
        """An account's lines, most urgent first, each with how late it is."""
        ranked = []
        for item in items:
            urgency = item_urgency(item, self.today)
            ranked.append((urgency, replace(item, overdue_days=urgency.overdue_days)))
        return [item for _urgency, item in by_urgency(ranked, lambda pair: pair[0])]

    def _due_actions(self, ids: list[int]) -> QuerySet[Action]:
        """The accounts' open actions due within a week or overdue, whoever owns them:
        the row is about the account (one query)."""
        actions = Action.objects.filter(
            account_id__in=ids, done_on__isnull=True, due_on__lte=self.today + WEEK
        )
        return actions.select_related("owner").only(
            "account_id", "title", "due_on", "done_on", "rule", "owner__full_name", "owner__email"
        )


class Groups:
    """A work queue as django.core.paginator.Paginator reads a list: its length from
    the counts, a slice read as the accounts of one page."""

    def __init__(self, queue: WorkQueue, count: int) -> None:
        self.queue = queue
        self._count = count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, part: slice) -> list[AccountGroup]:
        return self.queue.groups(
            part.start or 0, part.stop if part.stop is not None else self._count
        )
