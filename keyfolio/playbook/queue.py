"""The attention queue ("what needs me this week"), shared by the attention page and its
badge, the `keyfolio attention` command and the e-mails.

It is the stored red and amber checks (AccountCheck, kept by keyfolio.playbook.refresh)
merged with the open actions due within a week or overdue, most urgent first as
keyfolio.method.attention ranks them: red before amber, then the account's zone and its
revenue over the last twelve months, the due date, the account's name and the check.
Actions are read live, since a due date is exact to the day; the checks are at most a day
old (see refresh.py).

What each reading costs grows with what it shows, not with the portfolio (the red and
amber counts aside, which are two COUNT queries):

- the checks come in the queue's order straight from an index (`account_check_queue`),
  so page n reads n pages of narrow keys and never sorts the queue;
- the due actions of each severity come joined to their account's stored ranking keys,
  which the database walks in rank order (`account_check_rank`), stopping as early;
- the ordered streams are merged in Python by the method's own key (`attention_key`),
  which makes the order by_attention's by construction;
- then only the lines shown are read whole, with what they show of their account.
"""

import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from itertools import islice
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
)

from keyfolio.accounts.models import Account
from keyfolio.method.attention import WEEK, Urgency, attention_key
from keyfolio.method.playbook import STATUS_RANK, Status
from keyfolio.method.zones import ZONE_RANK
from keyfolio.plans.models import Action
from keyfolio.playbook import texts
from keyfolio.playbook.catalog import Catalog, catalog_for
from keyfolio.playbook.models import AccountCheck, CheckSnooze, Recommendation, Severity
from keyfolio.users.models import User
from keyfolio.workspaces.models import Membership, Workspace

PAGE_SIZE = 50
# Rows the command reads (and merges) at a time.
STREAM_CHUNK = 500

ZONE_OF_RANK = {rank: zone for zone, rank in ZONE_RANK.items()}
STATUS_OF_RANK = {rank: status for status, rank in STATUS_RANK.items()}
# The queue's order of the stored checks; the index account_check_queue has it.
CHECKS_ORDER = ("-severity", "-zone_rank", "-revenue", "sort_name", "check_order", "account_id")
# An action's account's ranking keys come from its first stored check (every refreshed
# account has all of them); the index account_check_rank has those rows in rank order.
RANK_ORDER = 0
CHECK, ACTION = 0, 1
# What a line shows of its account (its name, manager and zone) and of an action (its
# title, owner and dates): reading only these keeps a long stream cheap.
ACCOUNT_SHOWN = (
    "account__name",
    "account__workspace_id",
    "account__owner__full_name",
    "account__owner__email",
    "account__current_assessment__zone",
)
CHECK_SHOWN = (
    "account_id",
    "workspace_id",
    "check_key",
    "severity",
    "reason_code",
    "numbers",
    "rule",
    "zone_rank",
    "revenue",
    "sort_name",
    "check_order",
    "computed_on",
    *ACCOUNT_SHOWN,
)
ACTION_SHOWN = (
    "account_id",
    "workspace_id",
    "title",
    "due_on",
    "done_on",
    "rule",
    "owner__full_name",
    "owner__email",
    *ACCOUNT_SHOWN,
)


def _shown_checks(rows: QuerySet[AccountCheck]) -> QuerySet[AccountCheck]:
    return rows.select_related("account__owner", "account__current_assessment").only(*CHECK_SHOWN)


def _shown_actions(actions: QuerySet[Action]) -> QuerySet[Action]:
    related = ("owner", "account__owner", "account__current_assessment")
    return actions.select_related(*related).only(*ACTION_SHOWN)


Key = tuple[Any, ...]


@dataclass(frozen=True)
class Scope:
    """Whose work an attention list covers.

    `person_id` set: that person's accounts (owned or on the team) and the actions they
    own. None: every account and every action the viewer may see (a director's "whole
    team")."""

    person_id: int | None = None

    @classmethod
    def of(cls, user: User) -> "Scope":
        return cls(user.pk)

    @classmethod
    def whole_team(cls) -> "Scope":
        return cls(None)


@dataclass(frozen=True)
class AttentionItem:
    """One line of the attention list: a red or amber check of an account, or an action
    due this week or overdue. Sentences are made when read, in the current language."""

    account: Account
    check: str  # a keyfolio.method.playbook.Check value, or texts.ACTION_DUE / ACTION_OVERDUE
    severity: Status  # red or amber
    reason_code: str
    numbers: dict[str, int]
    owner: User | None  # the account's manager for a check; the action's owner for an action
    due_on: date | None = None
    rule: int | None = None
    recommendation: Recommendation | None = None  # a check's suggested next step
    action: Action | None = None
    planned: bool = False  # the suggestion is already an open action
    computed_on: date | None = None  # the day a check was computed for
    overdue_days: int = 0  # how late it is, as the work queue ranks it (workqueue.py)

    @property
    def name(self) -> str:
        return texts.check_name(self.check)

    @property
    def reason(self) -> str:
        return texts.reason_text(self.reason_code, self.numbers)

    @property
    def suggestion(self) -> str:
        if self.action is not None:
            return self.action.title
        return self.recommendation.text if self.recommendation is not None else ""

    @property
    def is_action(self) -> bool:
        return self.action is not None

    @property
    def never_done(self) -> bool:
        """A red check whose thing never happened: it has a limit but no days since."""
        return (
            not self.is_action
            and self.severity == Status.RED
            and "limit" in self.numbers
            and "days" not in self.numbers
        )

    def as_record(self) -> dict[str, str]:
        """The item as the CLI prints it (and integrations read it): exactly these keys."""
        return {
            "account": self.account.name,
            "check": self.check,
            "severity": self.severity.value,
            "reason": self.reason,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class Counts:
    red: int = 0
    amber: int = 0

    @property
    def total(self) -> int:
        return self.red + self.amber

    def of(self, severity: Status | None) -> int:
        if severity is None:
            return self.total
        return self.red if severity == Status.RED else self.amber

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.red + other.red, self.amber + other.amber)


def open_action_titles(account_ids: Iterable[int]) -> set[tuple[int, str]]:
    """(account id, title) of every open action: a suggestion already turned into an
    action shows as planned rather than offering to create it twice (one query)."""
    rows = Action.objects.filter(account_id__in=list(account_ids), done_on__isnull=True)
    return set(rows.values_list("account_id", "title"))


def _key(
    *,
    severity: Status,
    zone_rank: int,
    revenue: Decimal | None,
    due_on: date | None,
    name: str | None,
    check: str,
    tail: tuple[int, int, int],
) -> Key:
    """The merge key of a line: the method's attention_key, then the account, the kind of
    line and its id, so that no two lines tie and pages never overlap."""
    urgency = Urgency(
        severity=severity,
        zone=ZONE_OF_RANK.get(zone_rank),
        revenue=revenue or Decimal(0),
        account_name=name or "",
        check=check,
        due_on=due_on,
    )
    return (*attention_key(urgency), *tail)


def _action_severity(due_on: date, today: date) -> Status:
    return Status.RED if due_on < today else Status.AMBER


class AttentionQueue:
    """What needs attention this week, for `viewer` and `scope`.

    `viewer` is whose eyes the queue is seen through: a Membership sees the accounts that
    member may see (keyfolio.accounts.models.AccountQuerySet.visible_to); a Workspace
    sees all of them, as a director does (the CLI without --user). `scope` then narrows
    to one person's accounts and actions, or keeps the whole team (see Scope). Archived
    accounts are left out. `severity` keeps only the red or the amber lines.
    """

    def __init__(
        self,
        viewer: Membership | Workspace,
        *,
        today: date,
        scope: Scope,
        severity: Status | None = None,
    ) -> None:
        if isinstance(viewer, Membership):
            self.workspace = viewer.workspace
            # Whose accounts the viewer sees when not all of the workspace's (the rule of
            # keyfolio.accounts.models.AccountQuerySet.visible_to).
            self.viewer_id = None if viewer.sees_all_accounts else viewer.user_id
        else:
            self.workspace, self.viewer_id = viewer, None
        self.today = today
        self.scope = scope
        self.severity = severity

    # --- Who is in scope -------------------------------------------------------------------
    #
    # Beyond the whole workspace, the scope is read first as lists of ids, by the indexes
    # that find one person's accounts and actions; the queries then look those ids up.
    # The same filters as subqueries (owner, or an EXISTS on the team) make the databases
    # walk the whole workspace, and SQLite, which keeps no statistics unless asked, picks
    # the workspace's index over a person's whenever a query names both.

    def _accounts_of(self, user_id: int) -> set[int]:
        """The active accounts of the workspace that `user_id` owns or is on the team of
        (one query, by the owner's and the team's indexes)."""
        on_team = Account.team.through.objects.filter(user=user_id).values("account_id")
        rows = Account.objects.filter(Q(owner=user_id) | Q(pk__in=on_team)).values_list(
            "pk", "workspace_id", "archived_at"
        )
        return {
            pk
            for pk, workspace_id, archived_at in rows.order_by()
            if workspace_id == self.workspace.pk and archived_at is None
        }

    @cached_property
    def scope_ids(self) -> set[int] | None:
        """The accounts whose checks the queue shows: None for the whole workspace, else
        those of the viewer (who may see only theirs) and of the person in scope."""
        found: set[int] | None = None
        for user_id in dict.fromkeys(p for p in (self.viewer_id, self.scope.person_id) if p):
            ids = self._accounts_of(user_id)
            found = ids if found is None else found & ids
        return found

    @cached_property
    def _visible_ids(self) -> set[int] | None:
        """The accounts the viewer sees: None for all of the workspace's."""
        if self.viewer_id is None:
            return None
        if self.scope.person_id in (None, self.viewer_id):
            return self.scope_ids
        return self._accounts_of(self.viewer_id)

    @cached_property
    def _action_ids(self) -> list[int] | None:
        """The open actions in scope due within a week or overdue: None for the whole
        workspace's, else the person's on the accounts the viewer sees (one query)."""
        rows = self._action_rows
        return None if rows is None else [pk for pk, _account_id in rows]

    @cached_property
    def action_account_ids(self) -> set[int] | None:
        """The accounts of the open actions in scope due within a week or overdue: None
        for the whole workspace's."""
        rows = self._action_rows
        return None if rows is None else {account_id for _pk, account_id in rows}

    @cached_property
    def _action_rows(self) -> list[tuple[int, int]] | None:
        """(id, account id) of the actions of _action_ids."""
        if self.scope.person_id is None and self.viewer_id is None:
            return None
        visible = self._visible_ids
        actions = Action.objects.filter(done_on__isnull=True, due_on__lte=self.today + WEEK)
        if self.scope.person_id is not None:
            actions = actions.filter(owner=self.scope.person_id)
        elif visible is not None:
            actions = actions.filter(account_id__in=sorted(visible))
        rows = actions.order_by().values_list("pk", "account_id", "workspace_id")
        return [
            (pk, account_id)
            for pk, account_id, workspace_id in rows
            if workspace_id == self.workspace.pk and (visible is None or account_id in visible)
        ]

    # --- The two sources -----------------------------------------------------------------

    def all_checks(self) -> QuerySet[AccountCheck]:
        """The red and amber stored checks in scope, whatever `severity`. The whole team
        of a director is the workspace: its rows need no account filter (refresh.py keeps
        none for archived accounts), so the index alone answers."""
        rows = AccountCheck.objects.filter(severity__gt=Severity.GREEN).filter(
            ~Exists(self.running_snoozes())
        )
        if self.scope_ids is None:
            return rows.filter(workspace=self.workspace)
        return rows.filter(account_id__in=sorted(self.scope_ids))

    def running_snoozes(self) -> QuerySet[CheckSnooze]:
        """The snooze of a stored check (OuterRef), while it runs: a snoozed check is off
        the queue until the day it ends, and back on that day with no write."""
        return CheckSnooze.objects.filter(
            account=OuterRef("account"), check_key=OuterRef("check_key"), until__gt=self.today
        )

    def checks(self) -> QuerySet[AccountCheck]:
        """The stored checks of the queue, in its order."""
        rows = self.all_checks()
        if self.severity is not None:
            rows = rows.filter(severity=STATUS_RANK[self.severity])
        return rows.order_by(*CHECKS_ORDER)

    def _due_actions(self) -> QuerySet[Action]:
        if self._action_ids is None:
            return Action.objects.filter(done_on__isnull=True, due_on__lte=self.today + WEEK)
        return Action.objects.filter(pk__in=self._action_ids)

    def all_actions(self) -> QuerySet[Action]:
        """The open actions in scope due within a week or overdue, whatever `severity`:
        those of the accounts with stored checks (the active ones, once computed), as
        the lines show them. A person's actions are theirs on any account the viewer
        sees, not only on the accounts they own or are on the team of."""
        if self._action_ids is None:
            ranked = AccountCheck.objects.filter(workspace=self.workspace, check_order=RANK_ORDER)
            return self._due_actions().filter(account__in=ranked.values("account_id"))
        ranked = AccountCheck.objects.filter(account=OuterRef("account"), check_order=RANK_ORDER)
        return self._due_actions().filter(Exists(ranked))

    def actions_of(self, severity: Status) -> QuerySet[Action]:
        """The due actions of one severity (red: overdue) in the queue's order, with
        their account's ranking keys.

        They are joined to their account's first stored check, which carries the keys.
        For the whole workspace the database walks the accounts in rank order
        (account_check_rank) and stops at a page's worth: within a severity the order
        starts with the account's rank. An account without stored checks (archived, or
        not yet computed) has none of its actions here either."""
        ranks = FilteredRelation(
            "account__playbook_checks",
            condition=Q(account__playbook_checks__check_order=RANK_ORDER),
        )
        actions = self._due_actions().annotate(ranks=ranks)
        if self._action_ids is None:
            actions = actions.filter(ranks__workspace=self.workspace)
        else:
            actions = actions.filter(ranks__isnull=False)
        if severity == Status.RED:
            actions = actions.filter(due_on__lt=self.today)
        else:
            actions = actions.filter(due_on__gte=self.today)
        return actions.annotate(
            rank_zone=F("ranks__zone_rank"),
            rank_revenue=F("ranks__revenue"),
            rank_name=F("ranks__sort_name"),
        ).order_by("-rank_zone", "-rank_revenue", "due_on", "rank_name", "account_id", "pk")

    def severities(self) -> list[Status]:
        """The severities the queue shows, most urgent first."""
        return [self.severity] if self.severity is not None else [Status.RED, Status.AMBER]

    def first_actions(self, limit: int) -> list[AttentionItem]:
        """The first `limit` due actions as lines (one query per severity)."""
        items: list[AttentionItem] = []
        for severity in self.severities():
            items += self.action_items(self.actions_of(severity)[:limit])
        return items[:limit]

    # --- Counting ------------------------------------------------------------------------

    def counts(self) -> Counts:
        """Red and amber lines, whatever `severity` (two COUNT queries)."""
        checks = self.all_checks().aggregate(
            red=Count("pk", filter=Q(severity=Severity.RED)),
            amber=Count("pk", filter=Q(severity=Severity.AMBER)),
        )
        actions = self.all_actions().aggregate(
            red=Count("pk", filter=Q(due_on__lt=self.today)),
            amber=Count("pk", filter=Q(due_on__gte=self.today)),
        )
        return Counts(**checks) + Counts(**actions)

    def red_count(self) -> int:
        """The red lines (two COUNT queries): the navbar's badge."""
        checks = self.all_checks().filter(severity=Severity.RED).count()
        return checks + self.all_actions().filter(due_on__lt=self.today).count()

    def accounts_count(self) -> int:
        """How many accounts have a line, of either kind (one query)."""
        checks = self.checks().values("account_id")
        actions = self.all_actions().values("account_id")
        return Account.objects.filter(Q(pk__in=checks) | Q(pk__in=actions)).count()

    # --- Reading lines -------------------------------------------------------------------

    def _check_key(self, row: Any) -> Key:
        pk, account_id, severity, zone_rank, revenue, name, check = row
        return _key(
            severity=STATUS_OF_RANK[severity],
            zone_rank=zone_rank,
            revenue=revenue,
            due_on=None,
            name=name,
            check=check,
            tail=(account_id, CHECK, pk),
        )

    def _action_key(self, row: Any) -> Key:
        pk, account_id, due_on, zone_rank, revenue, name = row
        return _key(
            severity=_action_severity(due_on, self.today),
            zone_rank=zone_rank,
            revenue=revenue,
            due_on=due_on,
            name=name,
            check=texts.ACTION_DUE,
            tail=(account_id, ACTION, pk),
        )

    def _keys(self, limit: int) -> list[Key]:
        """The keys of the first `limit` lines, in order: three queries of narrow rows
        (the checks, the red actions, the amber ones), each stopping at `limit`."""
        checks = self.checks().values_list(
            "pk", "account_id", "severity", "zone_rank", "revenue", "sort_name", "check_key"
        )
        streams = [sorted(map(self._check_key, checks[:limit]))]
        for severity in self.severities():
            # Annotated: the stubs do not see the ranking keys.
            ranked: QuerySet[Any] = self.actions_of(severity)
            rows = ranked.values_list(
                "pk", "account_id", "due_on", "rank_zone", "rank_revenue", "rank_name"
            )
            streams.append(sorted(map(self._action_key, rows[:limit])))
        return list(islice(heapq.merge(*streams), limit))

    def lines(self, start: int, stop: int) -> list[AttentionItem]:
        """The lines from `start` up to `stop` (as in a slice): at most six queries, and
        the keys of every line before `stop` are read (narrow rows, in index order)."""
        if stop <= start:
            return []
        keys = self._keys(stop)[start:]
        wanted = [(key[-2], key[-1]) for key in keys]
        checks = self._checks_by_id([pk for kind, pk in wanted if kind == CHECK])
        actions = self._actions_by_id([pk for kind, pk in wanted if kind == ACTION])
        planned = (
            open_action_titles({row.account_id for row in checks.values()}) if checks else set()
        )
        items = []
        for kind, pk in wanted:
            if kind == CHECK and pk in checks:
                items.append(self._check_item(checks[pk], planned))
            elif kind == ACTION and pk in actions:
                items.append(self._action_item(actions[pk]))
        return items

    def _checks_by_id(self, ids: list[int]) -> dict[int, AccountCheck]:
        if not ids:
            return {}
        rows = AccountCheck.objects.filter(pk__in=ids)
        return {row.pk: row for row in _shown_checks(rows)}

    def _actions_by_id(self, ids: list[int]) -> dict[int, Action]:
        if not ids:
            return {}
        actions = Action.objects.filter(pk__in=ids)
        return {action.pk: action for action in _shown_actions(actions)}

    @cached_property
    def catalog(self) -> Catalog:
        return catalog_for(self.workspace)

    def check_items(self, rows: QuerySet[AccountCheck]) -> list[AttentionItem]:
        """These stored checks as lines, in the rows' order: one query for them with
        their accounts, one for the open actions that make a suggestion planned, and the
        catalog's once."""
        found = list(_shown_checks(rows))
        if not found:
            return []
        planned = open_action_titles({row.account_id for row in found})
        return [self._check_item(row, planned) for row in found]

    def _check_item(self, row: AccountCheck, planned: set[tuple[int, str]]) -> AttentionItem:
        suggestion = self.catalog.first_for_check(row.check_key)
        return AttentionItem(
            account=row.account,
            check=row.check_key,
            severity=row.status,
            reason_code=row.reason_code,
            numbers=row.numbers,
            owner=row.account.owner,
            rule=row.rule,
            recommendation=suggestion,
            planned=suggestion is not None and (row.account_id, suggestion.text) in planned,
            computed_on=row.computed_on,
        )

    def action_items(self, actions: QuerySet[Action]) -> list[AttentionItem]:
        """These actions as lines, in their order (one query)."""
        return [self._action_item(action) for action in _shown_actions(actions)]

    def _action_item(self, action: Action) -> AttentionItem:
        assert action.due_on is not None
        late = (self.today - action.due_on).days
        if late > 0:
            check, code, days = texts.ACTION_OVERDUE, "action_overdue", late
        elif late == 0:
            check, code, days = texts.ACTION_DUE, "action_due.today", 0
        else:
            check, code, days = texts.ACTION_DUE, "action_due.soon", -late
        return AttentionItem(
            account=action.account,
            check=check,
            severity=_action_severity(action.due_on, self.today),
            reason_code=code,
            numbers={"days": days},
            owner=action.owner,
            due_on=action.due_on,
            rule=action.rule,
            action=action,
        )

    def __iter__(self) -> Iterator[AttentionItem]:
        """Every line in order, read STREAM_CHUNK rows at a time from a cursor per source:
        memory stays the same however long the queue."""
        checks = _shown_checks(self.checks()).iterator(STREAM_CHUNK)
        streams: list[Iterator[tuple[Key, AccountCheck | Action]]] = [
            ((self._row_key(row), row) for row in checks)
        ]
        for severity in self.severities():
            actions = _shown_actions(self.actions_of(severity))
            streams.append(
                (self._annotated_key(action), action) for action in actions.iterator(STREAM_CHUNK)
            )
        # Keys never tie (they end with the line's kind and id), so rows are never compared.
        merged = heapq.merge(*streams)
        while batch := [row for _key, row in islice(merged, STREAM_CHUNK)]:
            planned = open_action_titles(
                {row.account_id for row in batch if isinstance(row, AccountCheck)}
            )
            for row in batch:
                if isinstance(row, AccountCheck):
                    yield self._check_item(row, planned)
                else:
                    yield self._action_item(row)

    def _row_key(self, row: AccountCheck) -> Key:
        return self._check_key(
            (
                row.pk,
                row.account_id,
                row.severity,
                row.zone_rank,
                row.revenue,
                row.sort_name,
                row.check_key,
            )
        )

    def _annotated_key(self, action: Any) -> Key:
        return self._action_key(
            (
                action.pk,
                action.account_id,
                action.due_on,
                action.rank_zone,
                action.rank_revenue,
                action.rank_name,
            )
        )
