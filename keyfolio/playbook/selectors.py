"""Reads of the playbook: every check for many accounts, computed now, and the overview's
panel. The attention list reads the stored checks instead (keyfolio.playbook.queue).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from keyfolio.accounts.models import Account
from keyfolio.assessments.facts import facts_for_accounts
from keyfolio.assessments.models import Score
from keyfolio.method.playbook import CheckResult, Status, run_playbook
from keyfolio.method.recommendations import weakest_criteria
from keyfolio.playbook import texts
from keyfolio.playbook.catalog import Catalog, catalog_for, playbook_settings_for
from keyfolio.playbook.models import CheckSnooze, Recommendation
from keyfolio.playbook.queue import open_action_titles
from keyfolio.workspaces.models import Workspace

# How many of the weakest criteria the panel suggests actions for.
WEAKEST_COUNT = 3


def checks_for_accounts(
    accounts: Iterable[Account], *, workspace: Workspace, today: date
) -> dict[int, list[CheckResult]]:
    """Every check for each account (by id) with the workspace's thresholds: the
    queries of facts_for_accounts plus one."""
    thresholds = playbook_settings_for(workspace).thresholds
    facts = facts_for_accounts(accounts, today=today, survey_days=thresholds.survey_window_days)
    return {pk: run_playbook(account_facts, thresholds) for pk, account_facts in facts.items()}


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
    snooze: CheckSnooze | None = None  # a running snooze of a check that is not green

    @property
    def check(self) -> str:
        return self.result.check.value

    @property
    def status(self) -> str:
        return self.result.status.value

    @property
    def counted_as(self) -> str:
        """What the panel's counts take it for: its status, or snoozed."""
        return "snoozed" if self.snooze is not None else self.status

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
    the next step, or its snooze (as the attention list leaves it out); then recommended
    actions for the weakest criteria and the failed checks. Ten queries (nine for an
    account never assessed)."""
    catalog = catalog_for(workspace)
    results = checks_for_accounts([account], workspace=workspace, today=today)[account.pk]
    planned = open_action_titles([account.pk])
    snoozes = {
        snooze.check_key: snooze
        for snooze in CheckSnooze.objects.filter(account=account, until__gt=today).select_related(
            "by"
        )
    }
    rows, more = [], []
    for result in results:
        suggestions = [] if result.status == Status.GREEN else catalog.for_check(result.check)
        suggested = _suggested(suggestions, account.pk, planned)
        snooze = None if result.status == Status.GREEN else snoozes.get(result.check.value)
        row = CheckRow(result, suggested[0] if suggested else None, snooze)
        rows.append(row)
        if len(suggested) > 1:
            more.append(CheckSuggestions(row, suggested[1:]))
    counts = {status.value: 0 for status in Status} | {"snoozed": 0}
    for row in rows:
        counts[row.counted_as] += 1
    return PlaybookPanel(
        rows=rows,
        weak_criteria=_weak_criteria(account, catalog, planned),
        more_for_checks=more,
        counts=counts,
    )
