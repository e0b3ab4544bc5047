"""Reads of the playbook: every check for many accounts, the overview's panel, and the
attention list ("what needs me this week") shared by the page, the CLI and the digest.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    DecimalField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from keyfolio.accounts.models import Account, AccountQuerySet
from keyfolio.assessments.facts import facts_for_accounts
from keyfolio.assessments.models import Score
from keyfolio.method.attention import Urgency, by_attention
from keyfolio.method.playbook import CheckResult, Status, run_playbook
from keyfolio.method.recommendations import weakest_criteria
from keyfolio.method.zones import Zone
from keyfolio.plans.models import Action
from keyfolio.playbook import texts
from keyfolio.playbook.catalog import Catalog, catalog_for, playbook_settings_for
from keyfolio.playbook.models import Recommendation
from keyfolio.revenue.models import RevenueEntry
from keyfolio.revenue.selectors import month_start
from keyfolio.users.models import User
from keyfolio.workspaces.models import Membership, Workspace

# How many of the weakest criteria the panel suggests actions for.
WEAKEST_COUNT = 3
# "This week": actions due from today through the next six days.
WEEK = timedelta(days=6)


def checks_for_accounts(
    accounts: Iterable[Account], *, workspace: Workspace, today: date
) -> dict[int, list[CheckResult]]:
    """Every check for each account (by id) with the workspace's thresholds: the
    queries of facts_for_accounts plus one."""
    thresholds = playbook_settings_for(workspace).thresholds
    facts = facts_for_accounts(accounts, today=today)
    return {pk: run_playbook(account_facts, thresholds) for pk, account_facts in facts.items()}


def _open_action_titles(account_ids: Iterable[int]) -> set[tuple[int, str]]:
    """(account id, title) of every open action: a suggestion already turned into an
    action shows as planned rather than offering to create it twice."""
    rows = Action.objects.filter(account_id__in=list(account_ids), done_on__isnull=True)
    return set(rows.values_list("account_id", "title"))


# --- The overview panel ------------------------------------------------------------------


@dataclass(frozen=True)
class Suggested:
    """A suggestion as the panel offers it, with whether it is already an open action."""

    recommendation: Recommendation
    planned: bool


@dataclass(frozen=True)
class CheckRow:
    result: CheckResult
    next_step: Suggested | None  # only for a check that is not green

    @property
    def check(self) -> str:
        return self.result.check.value

    @property
    def status(self) -> str:
        return self.result.status.value

    @property
    def name(self) -> str:
        return texts.check_name(self.result.check)

    @property
    def reason(self) -> str:
        return texts.reason_text(self.result.reason, self.result.numbers)

    @property
    def rule(self) -> int | None:
        rule = self.result.rule
        return None if rule is None else rule.value


@dataclass(frozen=True)
class WeakCriterion:
    key: str
    label: str
    score: float
    suggestions: list[Suggested]


@dataclass(frozen=True)
class CheckSuggestions:
    row: CheckRow
    suggestions: list[Suggested]


@dataclass(frozen=True)
class PlaybookPanel:
    rows: list[CheckRow]
    # Recommended actions: for the weakest criteria, then the failed checks' other
    # suggestions (the first one is the row's next step), so that none shows twice.
    weak_criteria: list[WeakCriterion]
    more_for_checks: list[CheckSuggestions]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def has_recommendations(self) -> bool:
        return bool(self.weak_criteria or self.more_for_checks)


def _suggested(items: list[Recommendation], account_id: int, planned: set) -> list[Suggested]:
    return [Suggested(item, (account_id, item.text) in planned) for item in items]


def _weak_criteria(
    account: Account, catalog: Catalog, planned: set[tuple[int, str]]
) -> list[WeakCriterion]:
    """The current assessment's weakest criteria with their suggestions (one query; none
    when the account was never assessed)."""
    if account.current_assessment_id is None:
        return []
    scores = list(
        Score.objects.filter(assessment_id=account.current_assessment_id)
        .select_related("criterion")
        .order_by("criterion__axis", "criterion__position", "pk")
    )
    by_key = {score.criterion.key: score for score in scores}
    weakest = weakest_criteria((score.criterion.key, score.value) for score in scores)
    return [
        WeakCriterion(
            key=key,
            label=by_key[key].criterion.label,
            score=by_key[key].value or 0.0,
            suggestions=_suggested(catalog.for_criterion(key), account.pk, planned),
        )
        for key in weakest[:WEAKEST_COUNT]
    ]


def playbook_panel(workspace: Workspace, account: Account, *, today: date) -> PlaybookPanel:
    """The overview's playbook card: every check with its reason and, when it failed,
    the next step; then recommended actions for the weakest criteria and the failed
    checks. Nine queries (eight for an account never assessed)."""
    catalog = catalog_for(workspace)
    results = checks_for_accounts([account], workspace=workspace, today=today)[account.pk]
    planned = _open_action_titles([account.pk])
    rows, more = [], []
    for result in results:
        suggestions = [] if result.status == Status.GREEN else catalog.for_check(result.check)
        suggested = _suggested(suggestions, account.pk, planned)
        row = CheckRow(result, suggested[0] if suggested else None)
        rows.append(row)
        if len(suggested) > 1:
            more.append(CheckSuggestions(row, suggested[1:]))
    counts = {status.value: 0 for status in Status}
    for row in rows:
        counts[row.status] += 1
    return PlaybookPanel(
        rows=rows,
        weak_criteria=_weak_criteria(account, catalog, planned),
        more_for_checks=more,
        counts=counts,
    )


# --- The attention list ------------------------------------------------------------------


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

    def as_record(self) -> dict[str, str]:
        """The item as the CLI prints it (and integrations read it): exactly these keys."""
        return {
            "account": self.account.name,
            "check": self.check,
            "severity": self.severity.value,
            "reason": self.reason,
            "suggestion": self.suggestion,
        }


def _trailing_revenue(account: OuterRef, today: date) -> Coalesce:
    """Our revenue with the account over the last twelve months, this one included.

    Each account's revenue is in its own currency; the attention list only uses it to
    rank accounts of the same zone, where that approximation is good enough."""
    entries = (
        RevenueEntry.objects.filter(account=account, month__gte=month_start(today, 11))
        .filter(month__lte=today)
        .order_by()
        .values("account")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    money: DecimalField = DecimalField(max_digits=16, decimal_places=2)
    return Coalesce(
        Subquery(entries[:1], output_field=money), Value(Decimal(0)), output_field=money
    )


def _accounts_of(accounts: AccountQuerySet, person_id: int | None) -> AccountQuerySet:
    if person_id is None:
        return accounts
    return accounts.owned_or_on_team_of(person_id)


def _urgency(item: AttentionItem) -> Urgency:
    """What ranks the item (keyfolio.method.attention): its severity, the account's zone
    and revenue, the due date, the account's name and the check."""
    assessment = item.account.current_assessment
    zone = assessment.zone if assessment is not None else ""
    return Urgency(
        severity=item.severity,
        zone=Zone(zone) if zone else None,
        revenue=getattr(item.account, "trailing_revenue", Decimal(0)),
        account_name=item.account.name,
        check=item.check,
        due_on=item.due_on,
    )


def _check_items(
    accounts: Sequence[Account], *, workspace: Workspace, today: date
) -> list[AttentionItem]:
    results = checks_for_accounts(accounts, workspace=workspace, today=today)
    catalog = catalog_for(workspace)
    planned = _open_action_titles(account.pk for account in accounts)
    items = []
    for account in accounts:
        for result in results[account.pk]:
            if result.status == Status.GREEN:
                continue
            suggestion = catalog.first_for_check(result.check)
            items.append(
                AttentionItem(
                    account=account,
                    check=result.check.value,
                    severity=result.status,
                    reason_code=result.reason,
                    numbers=result.numbers,
                    owner=account.owner,
                    rule=None if result.rule is None else result.rule.value,
                    recommendation=suggestion,
                    planned=suggestion is not None and (account.pk, suggestion.text) in planned,
                )
            )
    return items


def _action_item(action: Action, today: date) -> AttentionItem:
    assert action.due_on is not None
    late = (today - action.due_on).days
    if late > 0:
        check, severity, code, numbers = texts.ACTION_OVERDUE, Status.RED, "action_overdue", late
    elif late == 0:
        check, severity, code, numbers = texts.ACTION_DUE, Status.AMBER, "action_due.today", 0
    else:
        check, severity, code, numbers = texts.ACTION_DUE, Status.AMBER, "action_due.soon", -late
    action.account.trailing_revenue = action.account_revenue  # type: ignore[attr-defined]
    return AttentionItem(
        account=action.account,
        check=check,
        severity=severity,
        reason_code=code,
        numbers={"days": numbers},
        owner=action.owner,
        due_on=action.due_on,
        rule=action.rule,
        action=action,
    )


def _action_items(
    visible: QuerySet[Account], *, person_id: int | None, today: date
) -> list[AttentionItem]:
    actions = Action.objects.filter(
        account__in=visible, done_on__isnull=True, due_on__lte=today + WEEK
    )
    if person_id is not None:
        actions = actions.filter(owner=person_id)
    actions = actions.select_related("owner", "account__owner", "account__current_assessment")
    actions = actions.annotate(account_revenue=_trailing_revenue(OuterRef("account"), today))
    return [_action_item(action, today) for action in actions]


def attention_items(
    viewer: Membership | Workspace, *, today: date, scope: Scope
) -> list[AttentionItem]:
    """What needs attention this week: every red and amber check of the accounts in
    `scope`, and every open action due within a week (or overdue), most urgent first.

    `viewer` is whose eyes the list is seen through: a Membership sees the accounts that
    member may see (keyfolio.accounts.models.AccountQuerySet.visible_to); a Workspace
    sees all of them, as a director does (the CLI without --user). `scope` then narrows
    to one person's accounts and actions, or keeps the whole team (see Scope).
    Archived accounts are left out.

    Order: most urgent first, as keyfolio.method.attention ranks them (red before amber,
    then the account's zone and revenue over the last twelve months, then the due date).

    Shared by the attention page, the `keyfolio attention` command and the weekly
    digest. Ten queries, however many accounts, activities, plans and actions.
    """
    if isinstance(viewer, Membership):
        workspace, visible = viewer.workspace, Account.objects.visible_to(viewer)
    else:
        workspace, visible = viewer, Account.objects.in_workspace(viewer)
    visible = visible.active()
    accounts = list(
        _accounts_of(visible, scope.person_id)
        .select_related("owner", "current_assessment")
        .annotate(trailing_revenue=_trailing_revenue(OuterRef("pk"), today))
    )
    items = _check_items(accounts, workspace=workspace, today=today)
    items += _action_items(visible, person_id=scope.person_id, today=today)
    return by_attention(items, _urgency)


def red_count(items: Iterable[AttentionItem]) -> int:
    return sum(1 for item in items if item.severity == Status.RED)
