"""Everything the one-page meeting brief shows, read in a constant number of queries.

The brief page, its print view, its PDF and `keyfolio brief` all read through
`brief_for`. The overview's summary cards read through `dossier_summary`, which the
brief builds on, so that each figure (plan completeness, coverage, freshness of the
intelligence, revenue against target, open actions) has one definition.

Labels (zones, criteria, choices) are translated when they are shown, but the chart
data is labelled when it is read: call these inside the language the brief is for.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import accumulate

from django.db.models import Count, F, Prefetch, Q, Sum

from keyfolio.accounts.models import Account, StageChange
from keyfolio.accounts.stages import stage_since
from keyfolio.activities.models import Activity
from keyfolio.activities.selectors import latest_done
from keyfolio.assessments import charts
from keyfolio.assessments.models import Assessment
from keyfolio.core.text import shorten
from keyfolio.intel.models import CompetitorPresence
from keyfolio.intel.selectors import intel_is_stale, intel_last_updated
from keyfolio.method import GoalDistance, Thresholds
from keyfolio.method.coverage import Coverage
from keyfolio.method.plan import share_of_wallet
from keyfolio.plans import richtext
from keyfolio.plans.models import AccountPlan, Action, PlanAnswer, Risk
from keyfolio.plans.selectors import Completeness, current_plan, plan_completeness
from keyfolio.revenue.models import Opportunity, RevenueEntry, RevenueTarget
from keyfolio.revenue.selectors import Periods, Pipeline, opportunities_of, pipeline_from
from keyfolio.stakeholders.models import Contact, ContactRelationship
from keyfolio.stakeholders.selectors import coverage_for
from keyfolio.surveys.selectors import Satisfaction, account_satisfaction
from keyfolio.users.models import User

# At most this many items a list, so that the brief fits on one A4 page.
MAX_STAKEHOLDERS = 6
MAX_ACTIONS = 6
MAX_RISKS = 3
MAX_COMPETITORS = 3
MAX_EVENTS = 4
# The open opportunities worth most on average: they take a line each of the plan's row,
# which the plan's answers give up (they are shortened to fit the page, see brief_pdf).
MAX_OPPORTUNITIES = 3
# Every written answer to the plan's questions is shown: whole in the full brief, and on
# the one-page brief shortened so that together they take a given number of characters
# (see shortened_answers): each answer an equal share, what the short ones leave going to
# the long ones, but none fewer than ANSWER_LEAST nor more than ANSWER_MOST. A paragraph
# or list item begun costs BLOCK_COST more (see plans.richtext.size).
ANSWER_LEAST = 60
ANSWER_MOST = 420
BLOCK_COST = 16
QUESTION_CHARS = 140


@dataclass(frozen=True)
class PlanSummary:
    plan: AccountPlan
    completeness: Completeness

    @property
    def planned_share_of_wallet(self) -> float | None:
        """The planned share (0..1): as answered, else planned revenue over client spend."""
        if self.plan.planned_share_of_wallet is not None:
            return self.plan.planned_share_of_wallet / 100
        return share_of_wallet(_number(self.plan.planned_revenue), self.client_spend)

    @property
    def client_spend(self) -> float | None:
        return _number(self.plan.client_total_spend)


@dataclass(frozen=True)
class RevenueSummary:
    year: int
    currency: str
    year_to_date: Decimal
    target: Decimal | None
    trailing_12_months: Decimal
    client_spend: float | None  # from the current plan

    @property
    def share_of_target(self) -> float | None:
        if not self.target:
            return None
        return float(self.year_to_date / self.target)

    @property
    def share_of_wallet(self) -> float | None:
        """Our last 12 months over the client's total spend in our category (0..1)."""
        return share_of_wallet(float(self.trailing_12_months), self.client_spend)


@dataclass(frozen=True)
class ActionCounts:
    open: int
    overdue: int


@dataclass(frozen=True)
class DossierSummary:
    """The overview's summary cards: one figure or two for each tab of the dossier."""

    plan: PlanSummary | None
    coverage: Coverage
    intel_updated: datetime | None
    intel_stale: bool
    revenue: RevenueSummary
    actions: ActionCounts
    satisfaction: Satisfaction  # the client's voice: its surveys over the last year


@dataclass(frozen=True)
class AnswerExcerpt:
    question: str
    blocks: list[richtext.Block]  # its paragraphs and lists, as plain text
    shortened: bool = False


@dataclass(frozen=True)
class KeyStakeholder:
    contact: Contact
    known_by: list[ContactRelationship]  # our people who know them, the closest first


@dataclass(frozen=True)
class OpenAction:
    action: Action
    overdue: bool


@dataclass(frozen=True)
class Event:
    """One line of "recent events": an activity, an assessment or a change of stage."""

    on: date
    activity: Activity | None = None
    assessment: Assessment | None = None
    stage_change: StageChange | None = None


@dataclass(frozen=True)
class Brief:
    account: Account
    today: date
    owner: User | None
    team: list[User]
    summary: DossierSummary
    current: Assessment | None
    previous: Assessment | None
    goal_distance: GoalDistance | None  # to each bound of the goal; None when not placed
    thresholds: Thresholds | None
    radar: dict | None  # assessments.charts.radar_data
    index_history: dict | None  # assessments.charts.history_data
    stage_since: date | None
    answers: list[AnswerExcerpt]  # whole; see shortened_answers
    stakeholders: list[KeyStakeholder]
    uncovered_deciders: list[str]  # names
    actions: list[OpenAction]
    risks: list[Risk]
    competitors: list[CompetitorPresence]
    events: list[Event]
    pipeline: Pipeline

    @property
    def plan(self) -> PlanSummary | None:
        return self.summary.plan

    @property
    def top_opportunities(self) -> list[Opportunity]:
        """The open opportunities with the largest weighted amount (amount × probability),
        at most MAX_OPPORTUNITIES; the sooner to close first among equals. Amounts in other
        currencies are compared as they stand: there are no exchange rates."""
        ranked = sorted(self.pipeline.open, key=lambda o: (-o.weighted, o.expected_close, o.pk))
        return ranked[:MAX_OPPORTUNITIES]

    @property
    def scores(self) -> list[tuple[str, float | None]]:
        """Each criterion on the radar with its current value (None: not assessed)."""
        if self.radar is None:
            return []
        pairs = zip(self.radar["indicators"], self.radar["current"]["values"], strict=True)
        return [(indicator["name"], value) for indicator, value in pairs]

    @property
    def not_assessed(self) -> list[str]:
        """The criteria the current assessment left out: the radar draws them at 0."""
        return [name for name, value in self.scores if value is None]

    @property
    def client_change(self) -> float | None:
        return _change(self.current, self.previous, "client_index")

    @property
    def our_change(self) -> float | None:
        return _change(self.current, self.previous, "our_index")

    @property
    def revenue(self) -> RevenueSummary:
        return self.summary.revenue

    @property
    def coverage(self) -> Coverage:
        return self.summary.coverage


def dossier_summary(account: Account, *, today: date) -> DossierSummary:
    """The figures of the overview's summary cards: nine queries (seven with no plan)."""
    plan = current_plan(account)
    plan_summary = PlanSummary(plan, plan_completeness(plan)) if plan else None
    intel_updated = intel_last_updated(account)
    return DossierSummary(
        plan=plan_summary,
        coverage=coverage_for(account),
        intel_updated=intel_updated,
        intel_stale=intel_is_stale(intel_updated, today=today),
        revenue=_revenue(account, today, plan_summary.client_spend if plan_summary else None),
        actions=_action_counts(account, today),
        satisfaction=account_satisfaction(account, today=today),
    )


def brief_for(account: Account, *, today: date) -> Brief:
    """Everything the meeting brief shows, in a constant number of queries whatever the
    number of assessments, contacts, actions, risks or competitors."""
    summary = dossier_summary(account, today=today)
    history = list(
        Assessment.objects.for_account(account).select_related("methodology", "assessor")
    )
    by_pk = {a.pk: a for a in history}
    current = by_pk.get(account.current_assessment_id)
    previous = by_pk.get(account.previous_assessment_id)
    stage_changes = list(
        StageChange.objects.filter(account=account).order_by("-changed_on", "-created_at", "-pk")[
            :MAX_EVENTS
        ]
    )
    plan = summary.plan.plan if summary.plan else None
    thresholds = current.methodology.thresholds if current else None
    return Brief(
        account=account,
        today=today,
        owner=account.owner,
        team=list(account.team.order_by("full_name", "email")),
        summary=summary,
        current=current,
        previous=previous,
        goal_distance=current.distance_to_goal(account.goal) if current else None,
        thresholds=thresholds,
        radar=_radar(current, previous),
        index_history=charts.history_data(history, thresholds) if thresholds else None,
        stage_since=stage_since(stage_changes, account.stage) if account.stage else None,
        answers=_answers(plan) if plan else [],
        stakeholders=_key_stakeholders(account),
        uncovered_deciders=_names(summary.coverage.uncovered_deciders),
        actions=_open_actions(account, today),
        risks=_top_risks(plan) if plan else [],
        competitors=list(
            CompetitorPresence.objects.filter(account=account)
            .select_related("competitor")
            .order_by(F("estimated_share").desc(nulls_last=True), "competitor__name")[
                :MAX_COMPETITORS
            ]
        ),
        events=_recent_events(history, stage_changes, _latest_activities(account, today)),
        pipeline=pipeline_from(
            opportunities_of(account),
            currency=summary.revenue.currency,
            target=summary.revenue.target,
            booked=summary.revenue.year_to_date,
            today=today,
        ),
    )


def _change(current: Assessment | None, previous: Assessment | None, index: str) -> float | None:
    """How far an index moved since the previous assessment; None if either is unknown."""
    if current is None or previous is None:
        return None
    now, before = getattr(current, index), getattr(previous, index)
    return None if now is None or before is None else now - before


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _revenue(account: Account, today: date, client_spend: float | None) -> RevenueSummary:
    """This year's revenue so far against its target, and the last twelve months. Two queries."""
    periods = Periods(today)  # The revenue tab's periods, so both show the same figures.
    sums = RevenueEntry.objects.filter(account=account, month__lte=periods.this_month).aggregate(
        year_to_date=Sum("amount", filter=Q(month__gte=periods.year_start)),
        trailing=Sum("amount", filter=Q(month__gte=periods.trailing_start)),
    )
    target = (
        RevenueTarget.objects.filter(account=account, year=today.year)
        .values_list("amount", flat=True)
        .first()
    )
    return RevenueSummary(
        year=today.year,
        currency=account.currency,
        year_to_date=sums["year_to_date"] or Decimal(0),
        target=target,
        trailing_12_months=sums["trailing"] or Decimal(0),
        client_spend=client_spend,
    )


def _action_counts(account: Account, today: date) -> ActionCounts:
    counts = Action.objects.filter(account=account, done_on__isnull=True).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today))
    )
    return ActionCounts(open=counts["open"], overdue=counts["overdue"])


def _open_actions(account: Account, today: date) -> list[OpenAction]:
    """The open actions due first (undated ones last)."""
    actions = (
        Action.objects.filter(account=account, done_on__isnull=True)
        .select_related("owner")
        .order_by(F("due_on").asc(nulls_last=True), "pk")[:MAX_ACTIONS]
    )
    return [OpenAction(a, overdue=a.due_on is not None and a.due_on < today) for a in actions]


def _top_risks(plan: AccountPlan) -> list[Risk]:
    """The plan's open risks, the most severe first. A plan holds a handful, so they are
    ranked here by Risk.severity rather than by a second definition of it in SQL."""
    risks = plan.risks.filter(closed=False).select_related("owner")
    return sorted(risks, key=lambda r: (-r.severity, -r.pk))[:MAX_RISKS]


def _radar(current: Assessment | None, previous: Assessment | None) -> dict | None:
    if current is None:
        return None
    return charts.radar_data(current, previous, charts.radar_scores(current, previous))


def _answers(plan: AccountPlan) -> list[AnswerExcerpt]:
    """The written answers to the plan's questions, whole, in the template's order."""
    written = (
        PlanAnswer.objects.filter(plan=plan, question__active=True)
        .exclude(text="")
        .select_related("question")
        .order_by("question__position", "question__pk")
    )
    excerpts = [AnswerExcerpt(a.question.text, richtext.blocks(a.text)) for a in written]
    return [excerpt for excerpt in excerpts if excerpt.blocks]


def shortened_answers(answers: list[AnswerExcerpt], chars: int) -> list[AnswerExcerpt]:
    """The answers shortened to take `chars` characters together (see fair_shares), each
    at a sentence's or a word's end, and their questions to QUESTION_CHARS."""
    sizes = [richtext.size(answer.blocks, block_cost=BLOCK_COST) for answer in answers]
    limits = fair_shares(sizes, chars, least=ANSWER_LEAST, most=ANSWER_MOST)
    return [
        AnswerExcerpt(
            shorten(answer.question, QUESTION_CHARS),
            richtext.excerpt(answer.blocks, limit, block_cost=BLOCK_COST),
            shortened=limit < size,
        )
        for answer, size, limit in zip(answers, sizes, limits, strict=True)
    ]


def answer_columns(answers: list[AnswerExcerpt]) -> list[list[AnswerExcerpt]]:
    """The answers in two columns, in order, split where the first holds about half of
    their text (the question counted too, and a line's end for each paragraph or item)."""
    sizes = [
        len(answer.question) + BLOCK_COST + richtext.size(answer.blocks, block_cost=BLOCK_COST)
        for answer in answers
    ]
    ends = [0, *accumulate(sizes)]  # where each answer ends, the first at 0
    split = min(range(len(ends)), key=lambda n: abs(2 * ends[n] - ends[-1]))
    return [answers[:split], answers[split:]]


def fair_shares(sizes: Sequence[int], total: int, *, least: int, most: int) -> list[int]:
    """How much of `total` each of these sizes gets: an equal share at most, and no more
    than it needs, the shares left by the small going to the large; never below `least`
    (even if the total is exceeded then) nor above `most`."""
    shares = [0] * len(sizes)
    left = total
    by_size = sorted(range(len(sizes)), key=lambda i: sizes[i])
    for done, i in enumerate(by_size):
        equal = left // (len(sizes) - done)
        shares[i] = min(sizes[i], most, max(least, equal))
        left -= shares[i]
    return shares


def _key_stakeholders(account: Account) -> list[KeyStakeholder]:
    """The most influential active contacts, with who of ours knows them. Two queries."""
    known_by = Prefetch(
        "relationships",
        queryset=ContactRelationship.objects.select_related("user").order_by(
            "-strength", "user__full_name", "user__email"
        ),
    )
    contacts = (
        Contact.objects.active()
        .filter(account=account)
        .prefetch_related(known_by)
        .order_by("-influence", "-attitude", "name", "pk")[:MAX_STAKEHOLDERS]
    )
    return [KeyStakeholder(c, list(c.relationships.all())) for c in contacts]


def _names(contact_ids: tuple[int, ...]) -> list[str]:
    if not contact_ids:
        return []
    return list(
        Contact.objects.filter(pk__in=contact_ids).order_by("-influence", "name")
        .values_list("name", flat=True)
    )  # fmt: skip


def _latest_activities(account: Account, today: date) -> list[Activity]:
    """The latest activities that took place (planned ones left out): one query, only
    what a line of the brief shows."""
    latest = latest_done([account.pk], limit=MAX_EVENTS, today=today)
    return list(latest.only("account_id", "kind", "occurred_on", "summary", "next_step"))


def _recent_events(
    history: list[Assessment], changes: list[StageChange], activities: list[Activity]
) -> list[Event]:
    """The newest of the account's activities, assessments and stage changes together."""
    events = [Event(a.occurred_on, activity=a) for a in activities]
    events += [Event(a.assessed_on, assessment=a) for a in history[:MAX_EVENTS]]
    events += [Event(c.changed_on, stage_change=c) for c in changes]
    events.sort(key=lambda e: e.on, reverse=True)
    return events[:MAX_EVENTS]
