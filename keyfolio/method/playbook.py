"""The six rules of key account work as checks (METHOD.md §5).

Each check looks at plain facts about one account and answers green, amber or red
with a reason code and the numbers behind it; the Django layer turns codes into
translated sentences and suggestions. Thresholds are per workspace
(`PlaybookThresholds`), with the defaults METHOD.md names.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from keyfolio.method import surveys
from keyfolio.method.plan import Rule
from keyfolio.method.zones import ZONE_RANK, Zone


class Status(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


# Severity order for sorting: red first.
STATUS_RANK = {Status.RED: 2, Status.AMBER: 1, Status.GREEN: 0}


class Check(StrEnum):
    """Every check the playbook runs: one per rule, then the general ones."""

    EXECUTIVE_CONTACT = "executive_contact"  # rule 1
    JOINT_STRATEGY = "joint_strategy"  # rule 2
    NEW_OFFER = "new_offer"  # rule 3
    RESOURCES = "resources"  # rule 4
    SATISFACTION = "satisfaction"  # rule 5
    DETRACTOR = "detractor"  # rule 5: a decision maker would not recommend us
    INTELLIGENCE = "intelligence"  # rule 6
    ASSESSMENT_FRESH = "assessment_fresh"
    MULTI_THREADED = "multi_threaded"
    ZONE_HELD = "zone_held"


# The checks that measure a relationship over time (rules 1, 2, 3 and 5, and the breadth
# of our contacts): a new account cannot pass them on its first day, so they wait for
# the grace period. The others are what a manager does when taking an account on:
# assess it, learn its business (rule 6) and plan our resources (rule 4); they apply at
# once, as do a fall in zone or in satisfaction, which need a history anyway.
RELATIONSHIP_CHECKS = frozenset(
    {
        Check.EXECUTIVE_CONTACT,
        Check.JOINT_STRATEGY,
        Check.NEW_OFFER,
        Check.SATISFACTION,
        Check.MULTI_THREADED,
    }
)

CHECK_RULE: dict[Check, Rule | None] = {
    Check.EXECUTIVE_CONTACT: Rule.LEADERSHIP,
    Check.JOINT_STRATEGY: Rule.JOINT_STRATEGY,
    Check.NEW_OFFER: Rule.NEEDS_AND_SOLUTIONS,
    Check.RESOURCES: Rule.RESOURCES,
    Check.SATISFACTION: Rule.SATISFACTION,
    Check.DETRACTOR: Rule.SATISFACTION,
    Check.INTELLIGENCE: Rule.INTELLIGENCE,
    Check.ASSESSMENT_FRESH: None,
    Check.MULTI_THREADED: None,
    Check.ZONE_HELD: None,
}


@dataclass(frozen=True)
class PlaybookThresholds:
    executive_contact_days: int = 90
    strategy_review_days: int = 365
    satisfaction_days: int = 183
    # An answered survey passes rule 5 this long; NPS is compared over this window and
    # the one before it, and a decision maker's detractor answer is an item this long.
    survey_window_days: int = 183
    intelligence_days: int = 183
    assessment_days: int = 90
    # A check turns amber this many days before it would turn red.
    warning_days: int = 14
    # A new account's relationship checks wait this many days after it was opened
    # (0: they apply from the first day).
    grace_days: int = 30


# Rule 2: win-win terms agreed at a meeting (a call plan with the client's win and an
# outcome) count as a joint strategy agreed with the client this long.
WIN_WIN_MEETING_DAYS = 183

# A fall of the NPS by this many points from one survey window to the next warns.
NPS_DROP_POINTS = 2


@dataclass(frozen=True)
class SurveyAnswer:
    """One answered survey as the checks need it: when, its NPS score (None: left blank
    or not asked), who answered (the contact's id, None once the contact is deleted) and
    whether they were a decision maker when they were surveyed."""

    on: date
    nps: int | None
    contact: int | None = None
    decision_maker: bool = False


@dataclass(frozen=True)
class AccountFacts:
    """What the checks need to know about one account, as plain values."""

    today: date
    last_executive_contact: date | None = None
    plan_reviewed_on: date | None = None
    plan_agreed_with_client: bool = False
    # The last meeting held whose call plan named the client's win and has an outcome.
    last_win_win_meeting: date | None = None
    last_new_offer: date | None = None  # an opportunity or offer logged
    has_resource_owner: bool = False
    has_capacity_note: bool = False
    last_satisfaction_signal: date | None = None  # an activity serving rule 5 took place
    last_survey_answered: date | None = None
    # The answered surveys of the last two survey windows, in any order.
    survey_answers: tuple["SurveyAnswer", ...] = ()
    intel_updated: date | None = None
    assessed_on: date | None = None
    active_contacts: int = 0
    zone: Zone | None = None
    previous_zone: Zone | None = None
    opened_on: date | None = None  # the day the account was created in Keyfolio


@dataclass(frozen=True)
class CheckResult:
    check: Check
    status: Status
    reason: str  # a code the UI translates, e.g. "executive_contact.overdue"
    numbers: dict[str, int] = field(default_factory=dict)

    @property
    def rule(self) -> Rule | None:
        return CHECK_RULE[self.check]


def _age_check(
    check: Check, last: date | None, today: date, limit_days: int, warning_days: int
) -> CheckResult:
    """Red when nothing happened or the last time is older than the limit; amber when
    the limit is near; green otherwise. The numbers say how old and what the limit is."""
    if last is None:
        return CheckResult(check, Status.RED, f"{check}.never", {"limit": limit_days})
    age = (today - last).days
    numbers = {"days": age, "limit": limit_days}
    if age > limit_days:
        return CheckResult(check, Status.RED, f"{check}.overdue", numbers)
    if age > limit_days - warning_days:
        return CheckResult(check, Status.AMBER, f"{check}.due_soon", numbers)
    return CheckResult(check, Status.GREEN, f"{check}.ok", numbers)


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def check_executive_contact(facts: AccountFacts, t: PlaybookThresholds) -> CheckResult:
    return _age_check(
        Check.EXECUTIVE_CONTACT,
        facts.last_executive_contact,
        facts.today,
        t.executive_contact_days,
        t.warning_days,
    )


def check_joint_strategy(facts: AccountFacts, t: PlaybookThresholds) -> CheckResult:
    result = _age_check(
        Check.JOINT_STRATEGY,
        facts.plan_reviewed_on,
        facts.today,
        t.strategy_review_days,
        t.warning_days,
    )
    # A plan reviewed in time but never agreed with the client is not yet joint, unless
    # a recent meeting agreed win-win terms with them (rule 2: no losers).
    if result.status == Status.GREEN and not facts.plan_agreed_with_client:
        if _win_win_lately(facts):
            return CheckResult(
                Check.JOINT_STRATEGY, Status.GREEN, "joint_strategy.win_win", result.numbers
            )
        return CheckResult(
            Check.JOINT_STRATEGY, Status.AMBER, "joint_strategy.not_agreed", result.numbers
        )
    return result


def _win_win_lately(facts: AccountFacts) -> bool:
    last = facts.last_win_win_meeting
    return last is not None and (facts.today - last).days <= WIN_WIN_MEETING_DAYS


def check_new_offer(facts: AccountFacts, t: PlaybookThresholds) -> CheckResult:
    """An opportunity or new offer logged this quarter (amber in the quarter's last
    `warning_days` if none yet, red once a whole quarter passed without one)."""
    quarter = _quarter_start(facts.today)
    if facts.last_new_offer is not None and facts.last_new_offer >= quarter:
        return CheckResult(Check.NEW_OFFER, Status.GREEN, "new_offer.ok")
    previous_quarter = _quarter_start(quarter - timedelta(days=1))
    if facts.last_new_offer is not None and facts.last_new_offer >= previous_quarter:
        return CheckResult(Check.NEW_OFFER, Status.AMBER, "new_offer.not_this_quarter")
    return CheckResult(Check.NEW_OFFER, Status.RED, "new_offer.none")


def check_resources(facts: AccountFacts, t: PlaybookThresholds) -> CheckResult:
    if facts.has_resource_owner and facts.has_capacity_note:
        return CheckResult(Check.RESOURCES, Status.GREEN, "resources.ok")
    if facts.has_resource_owner or facts.has_capacity_note:
        return CheckResult(Check.RESOURCES, Status.AMBER, "resources.partial")
    return CheckResult(Check.RESOURCES, Status.RED, "resources.none")


def _survey_window_start(today: date, t: PlaybookThresholds) -> date:
    """The first day of the survey window that ends today (as keyfolio.method.surveys
    counts it: `survey_window_days` days, today included)."""
    return today - timedelta(days=t.survey_window_days - 1)


def nps_drop(facts: AccountFacts, t: PlaybookThresholds) -> tuple[int, int] | None:
    """(NPS of the window before, NPS now), rounded, when the NPS over the latest survey
    window fell by NPS_DROP_POINTS or more against the window before it; else None."""
    answers = [surveys.Answered(a.on, a.nps, None) for a in facts.survey_answers]
    figures = surveys.figures(answers, today=facts.today, window_days=t.survey_window_days)
    if figures.nps is None or figures.nps_trend is None:
        return None
    if figures.nps_trend > -NPS_DROP_POINTS:
        return None
    return round(figures.nps - figures.nps_trend), round(figures.nps)


def check_satisfaction(facts: AccountFacts, t: PlaybookThresholds) -> CheckResult:
    """Feedback from the client in time: an activity serving rule 5 within
    `satisfaction_days` or an answered survey within `survey_window_days`, whichever
    reads better; amber when the NPS fell by NPS_DROP_POINTS or more."""
    result = _age_check(
        Check.SATISFACTION,
        facts.last_satisfaction_signal,
        facts.today,
        t.satisfaction_days,
        t.warning_days,
    )
    if facts.last_survey_answered is not None:
        by_survey = _age_check(
            Check.SATISFACTION,
            facts.last_survey_answered,
            facts.today,
            t.survey_window_days,
            t.warning_days,
        )
        if _reads_better(by_survey, result):
            result = by_survey
    if result.status != Status.GREEN:
        return result
    dropped = nps_drop(facts, t)
    if dropped is None:
        return result
    before, now = dropped
    numbers = {"before": before, "now": now, "drop": before - now, "days": t.survey_window_days}
    return CheckResult(Check.SATISFACTION, Status.AMBER, "satisfaction.nps_dropped", numbers)


def _reads_better(one: CheckResult, other: CheckResult) -> bool:
    """A greener status, or the same status with more recent feedback (never is the
    oldest)."""
    if one.status != other.status:
        return STATUS_RANK[one.status] < STATUS_RANK[other.status]
    never = float("inf")
    return one.numbers.get("days", never) < other.numbers.get("days", never)


def latest_detractor(facts: AccountFacts, t: PlaybookThresholds) -> SurveyAnswer | None:
    """The most recent detractor answer (NPS 0–6) from a decision maker within the survey
    window that the same contact has not since followed with a better one; None if
    there is none. An answer whose contact is gone stands alone until the window ends."""
    start = _survey_window_start(facts.today, t)
    latest: dict[object, SurveyAnswer] = {}
    for n, answer in enumerate(facts.survey_answers):
        if answer.nps is None or not start <= answer.on <= facts.today:
            continue
        key = answer.contact if answer.contact is not None else ("gone", n)
        if key not in latest or latest[key].on <= answer.on:
            latest[key] = answer
    detractors = [
        answer
        for answer in latest.values()
        if answer.decision_maker and answer.nps is not None and surveys.is_detractor(answer.nps)
    ]
    return max(detractors, key=lambda answer: answer.on, default=None)


def check_detractor(facts: AccountFacts, t: PlaybookThresholds) -> CheckResult:
    """Red while a decision maker's latest answer in the survey window is a detractor's."""
    answer = latest_detractor(facts, t)
    if answer is None or answer.nps is None:
        return CheckResult(Check.DETRACTOR, Status.GREEN, "detractor.none")
    numbers = {"score": answer.nps, "days": (facts.today - answer.on).days}
    return CheckResult(Check.DETRACTOR, Status.RED, "detractor.answered", numbers)


def check_intelligence(facts: AccountFacts, t: PlaybookThresholds) -> CheckResult:
    return _age_check(
        Check.INTELLIGENCE, facts.intel_updated, facts.today, t.intelligence_days, t.warning_days
    )


def check_assessment_fresh(facts: AccountFacts, t: PlaybookThresholds) -> CheckResult:
    return _age_check(
        Check.ASSESSMENT_FRESH, facts.assessed_on, facts.today, t.assessment_days, t.warning_days
    )


def check_multi_threaded(facts: AccountFacts, t: PlaybookThresholds) -> CheckResult:
    numbers = {"contacts": facts.active_contacts}
    if facts.active_contacts <= 1:
        return CheckResult(Check.MULTI_THREADED, Status.RED, "multi_threaded.single", numbers)
    if facts.active_contacts == 2:
        return CheckResult(Check.MULTI_THREADED, Status.AMBER, "multi_threaded.thin", numbers)
    return CheckResult(Check.MULTI_THREADED, Status.GREEN, "multi_threaded.ok", numbers)


def check_zone_held(facts: AccountFacts, t: PlaybookThresholds) -> CheckResult:
    if facts.zone is None or facts.previous_zone is None:
        return CheckResult(Check.ZONE_HELD, Status.GREEN, "zone_held.no_history")
    if ZONE_RANK[facts.zone] < ZONE_RANK[facts.previous_zone]:
        return CheckResult(Check.ZONE_HELD, Status.RED, "zone_held.moved_down")
    return CheckResult(Check.ZONE_HELD, Status.GREEN, "zone_held.ok")


CHECKS: tuple[Callable[[AccountFacts, PlaybookThresholds], CheckResult], ...] = (
    check_executive_contact,
    check_joint_strategy,
    check_new_offer,
    check_resources,
    check_satisfaction,
    check_detractor,
    check_intelligence,
    check_assessment_fresh,
    check_multi_threaded,
    check_zone_held,
)


def grace_days_left(facts: AccountFacts, thresholds: PlaybookThresholds) -> int:
    """How many more days a new account's relationship checks wait (0: none)."""
    if facts.opened_on is None or thresholds.grace_days <= 0:
        return 0
    return max(0, thresholds.grace_days - (facts.today - facts.opened_on).days)


def _with_grace(result: CheckResult, days_left: int) -> CheckResult:
    """A relationship check of a new account that is not yet passed is green while the
    grace period runs, with the days it has left."""
    if days_left <= 0 or result.status == Status.GREEN or result.check not in RELATIONSHIP_CHECKS:
        return result
    return CheckResult(result.check, Status.GREEN, f"{result.check}.grace", {"days": days_left})


def run_playbook(facts: AccountFacts, thresholds: PlaybookThresholds) -> list[CheckResult]:
    """Every check for one account, in the order of the rules then the general checks;
    a new account's relationship checks wait for the grace period."""
    days_left = grace_days_left(facts, thresholds)
    return [_with_grace(check(facts, thresholds), days_left) for check in CHECKS]


def overdue_days(result: CheckResult) -> int:
    """How late a red check is: the days past its limit, or the whole limit when the
    thing never happened (it is at least that late); 0 for anything else, including a
    red check that counts no days (a single contact, a fall in zone)."""
    if result.status != Status.RED or "limit" not in result.numbers:
        return 0
    if "days" in result.numbers:
        return max(0, result.numbers["days"] - result.numbers["limit"])
    return result.numbers["limit"]
