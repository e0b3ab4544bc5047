"""The pieces every part of the demo dossier shares: the account as the dossier
sees it, what all accounts draw on, the rows waiting to be written, and small helpers
for numbers and money."""

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from keyfolio.accounts.models import Account, StageChange
from keyfolio.activities.models import Activity, ActivityRule
from keyfolio.demo.dossiers import texts
from keyfolio.intel.models import Competitor, CompetitorPresence, IntelNote
from keyfolio.plans.models import AccountPlan, Action, Objective, PlanAnswer, PlanQuestion, Risk
from keyfolio.revenue.models import (
    BuyingCentre,
    Offering,
    RevenueEntry,
    RevenueTarget,
    WhitespaceCell,
)
from keyfolio.stakeholders.models import Contact, ContactRelationship
from keyfolio.users.models import User
from keyfolio.workspaces.models import Workspace


@dataclass(frozen=True)
class DemoAccount:
    """One demo account as its dossier must agree with it."""

    account: Account
    language: str  # "en" or "ru"
    zone: str  # where its latest assessment put it
    trend: str  # "improving", "declining" or "steady"
    scores: Mapping[str, float | None]  # the latest assessment's, by criterion key
    team: tuple[User, ...]  # the owner first, then the account team

    @property
    def owner(self) -> User:
        return self.team[0]

    def score(self, key: str) -> float:
        value = self.scores.get(key)
        return 50.0 if value is None else value

    def text(self, pair: texts.Pair, **values) -> str:
        english, russian = pair
        return (russian if self.language == "ru" else english).format(**values)


@dataclass(frozen=True)
class Shared:
    """What every account's dossier draws on."""

    workspace: Workspace
    today: date
    now: datetime
    director: User
    questions: list[PlanQuestion]
    competitors: list[tuple[Competitor, str]]  # with the market each works in
    offerings: list[Offering]


@dataclass(frozen=True)
class Money:
    """An account's revenue as the plan and the whitespace quote it."""

    last_12_months: float
    last_year: float
    months_with_orders: int  # of the last 12
    share: float | None  # of the client's spend in our category, when known


@dataclass(frozen=True)
class Cast:
    """The client's people the plan's texts name."""

    chief: str
    finance: str
    buyer: str
    technical: str
    champion: str
    lone: bool  # single-threaded: one contact
    executive_tie: bool  # one of ours knows the chief well


@dataclass
class Rows:
    """Every row to write, by model, in the order they are written."""

    accounts: list[Account] = field(default_factory=list)
    stage_changes: list[StageChange] = field(default_factory=list)
    contacts: tuple[list[Contact], ...] = field(default_factory=lambda: ([], [], []))  # by level
    relationships: list[ContactRelationship] = field(default_factory=list)
    plans: list[AccountPlan] = field(default_factory=list)
    answers: list[PlanAnswer] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    notes: list[IntelNote] = field(default_factory=list)
    presences: list[CompetitorPresence] = field(default_factory=list)
    revenue: list[RevenueEntry] = field(default_factory=list)
    targets: list[RevenueTarget] = field(default_factory=list)
    centres: list[BuyingCentre] = field(default_factory=list)
    cells: list[WhitespaceCell] = field(default_factory=list)
    # An activity with our people, their people and the rules it serves.
    activities: list[tuple[Activity, list[User], list[Contact], list[int]]] = field(
        default_factory=list
    )
    # auto_now stamps "now" on every write, so the age of intelligence is set after.
    updated_at: list[tuple[IntelNote | CompetitorPresence, datetime]] = field(default_factory=list)

    def save(self) -> None:
        Account.objects.bulk_update(self.accounts, ["stage"])
        StageChange.objects.bulk_create(self.stage_changes)
        for level in self.contacts:  # Managers point at directors, directors at the chief.
            Contact.objects.bulk_create(level)
        ContactRelationship.objects.bulk_create(self.relationships)
        AccountPlan.objects.bulk_create(self.plans)
        PlanAnswer.objects.bulk_create(self.answers)
        Objective.objects.bulk_create(self.objectives)
        Action.objects.bulk_create(self.actions)
        Risk.objects.bulk_create(self.risks)
        IntelNote.objects.bulk_create(self.notes)
        CompetitorPresence.objects.bulk_create(self.presences)
        for row, when in self.updated_at:
            row.updated_at = when
        IntelNote.objects.bulk_update(self.notes, ["updated_at"], batch_size=500)
        CompetitorPresence.objects.bulk_update(self.presences, ["updated_at"], batch_size=500)
        RevenueEntry.objects.bulk_create(self.revenue)
        RevenueTarget.objects.bulk_create(self.targets)
        BuyingCentre.objects.bulk_create(self.centres)
        WhitespaceCell.objects.bulk_create(self.cells)
        self._save_activities()

    def _save_activities(self) -> None:
        Activity.objects.bulk_create([activity for activity, *_ in self.activities])
        ours, theirs, rules = [], [], []
        for activity, users, contacts, rule_numbers in self.activities:
            ours += [Activity.our_people.through(activity=activity, user=u) for u in users]
            theirs += [
                Activity.their_people.through(activity=activity, contact=c) for c in contacts
            ]
            rules += [ActivityRule(activity=activity, rule=r) for r in rule_numbers]
        Activity.our_people.through.objects.bulk_create(ours)
        Activity.their_people.through.objects.bulk_create(theirs)
        ActivityRule.objects.bulk_create(rules)


# Helpers ---------------------------------------------------------------------------------


def weighted(rng: random.Random, options: Sequence[tuple]) -> tuple:
    return rng.choices(options, weights=[option[-1] for option in options])[0]


def clip(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))


def booked(value: float) -> Decimal:
    """An amount as people book it: whole hundreds for large sums."""
    step = 100 if value >= 10_000 else 1
    return Decimal(round(value / step) * step)


def amount_text(value: float, currency: str, language: str) -> str:
    if value >= 1_000_000:
        number, unit = value / 1_000_000, ("M", "млн")
    elif value >= 1_000:
        number, unit = value / 1_000, ("k", "тыс.")
    else:
        number, unit = value, ("", "")
    text = f"{number:.1f}" if number < 100 else f"{number:.0f}"
    if language == "ru":
        text, suffix = text.replace(".", ","), unit[1]
    else:
        suffix = unit[0]
    return " ".join(part for part in (text, suffix, currency) if part)


def percent_change(new: float, old: float) -> str:
    change = round(100 * (new - old) / old) if old else 0
    return f"{'+' if change >= 0 else '−'}{abs(change)} %"


def industry(demo: DemoAccount) -> dict[str, str]:
    english, russian = texts.INDUSTRY_WORDS.get(
        demo.account.industry, (demo.account.industry.lower(), demo.account.industry)
    )
    return {"industry_en": english, "industry_ru": russian}
