"""A realistic demo portfolio: people, accounts and two years of assessments.

Used by `keyfolio demo`, by `keyfolio init --demo-if-empty` (the first `make run`)
and by the benchmarks, which need a portfolio of any size that looks like a real
one. Everything is drawn from one seeded random generator, so that a seed always
gives the same portfolio (dated back from today).

How the scores are made: every account gets a zone where it ends up (spread so
that each zone of the square is populated), a trend (improving, declining or
steady) and a fixed per-criterion profile around its level. Each criterion then
drifts along a random walk from the start level to the end level, so the history
moves plausibly and the latest assessment lands in the intended zone. All writes
go through services.assessment_create, like every other interface.

Each account then gets a dossier that agrees with its zone, trend and latest
scores (stage, plans, people, intelligence, revenue, whitespace): see keyfolio.demo.dossiers.
"""

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import accumulate

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from keyfolio.accounts.models import Account
from keyfolio.assessments.models import Criterion, Methodology
from keyfolio.assessments.services import ScoreInput, assessment_create
from keyfolio.demo.dossiers import DemoAccount, demo_dossiers_create
from keyfolio.demo.meetings import demo_meetings_create
from keyfolio.demo.surveys import demo_surveys_create
from keyfolio.method import (
    DEFAULT_GOAL,
    Axis,
    GoalRange,
    ScoredCriterion,
    Thresholds,
    Zone,
    evaluate,
)
from keyfolio.users.models import User
from keyfolio.workspaces.models import Membership, Role, Workspace
from keyfolio.workspaces.services import workspace_create

DEMO_EMAIL = "demo@keyfolio.local"
# Published on purpose: the demo is for trying Keyfolio out, never for real data.
DEMO_PASSWORD = "kam-demo-square"
DEMO_WORKSPACE_NAME = "Demo"
DEMO_WORKSPACE_SLUG = "demo"
DEFAULT_ACCOUNTS = 24
DEFAULT_SEED = 20240601


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    role: Role
    language: str


# Everybody in the demo shares DEMO_PASSWORD, so that one can log in as a manager
# or the director and see the product through their eyes.
DEMO_TEAM: tuple[DemoPerson, ...] = (
    DemoPerson("anna.sokolova@keyfolio.local", "Анна Соколова", Role.MANAGER, "ru"),
    DemoPerson("dmitry.volkov@keyfolio.local", "Дмитрий Волков", Role.MANAGER, "ru"),
    DemoPerson("james.carter@keyfolio.local", "James Carter", Role.MANAGER, "en"),
    DemoPerson("emma.lindqvist@keyfolio.local", "Emma Lindqvist", Role.MANAGER, "en"),
    DemoPerson("irina.belova@keyfolio.local", "Ирина Белова", Role.DIRECTOR, "ru"),
    DemoPerson("alex.morgan@keyfolio.local", "Alex Morgan", Role.ADMIN, "en"),
)


@dataclass(frozen=True)
class Industry:
    name: str
    words_en: tuple[str, ...]  # "Nordic" + "Freight" + "AB"
    forms_ru: tuple[str, ...]  # "{}-Логистика".format("Онега")


INDUSTRIES: tuple[Industry, ...] = (
    Industry("Logistics", ("Freight", "Logistics", "Shipping"), ("{}-Логистика", "{}Транс")),
    Industry("Metals & Mining", ("Metals", "Steelworks", "Mining"), ("{}Металл", "{}-Сталь")),
    Industry("Food & Agriculture", ("Foods", "Agri", "Dairy"), ("{}-Агро", "{}Продукт")),
    Industry("Retail", ("Retail Group", "Stores"), ("{}-Торг", "{} Маркет")),
    Industry("Energy", ("Energy", "Power", "Grid Services"), ("{}-Энерго", "{}Нефтесервис")),
    Industry("Pharmaceuticals", ("Pharma", "Life Sciences"), ("{}-Фарм", "{}Медика")),
    Industry("Machinery", ("Engineering", "Machinery"), ("{}-Инжиниринг", "{}Маш")),
    Industry("Telecom & IT", ("Networks", "Systems", "Data"), ("{}-Телеком", "{}Софт")),
    Industry("Construction", ("Construction", "Builders"), ("{}Строй", "{}-Девелопмент")),
    Industry("Chemicals", ("Chemicals", "Polymers"), ("{}Хим", "{}-Полимер")),
)

# Invented names: rivers, regions and words that suggest a company without naming one.
ROOTS_RU = (
    "Мещера",
    "Синегорье",
    "Беломорье",
    "Вятка",
    "Онега",
    "Печора",
    "Таймыр",
    "Селенга",
    "Тобол",
    "Светлояр",
    "Заречье",
    "Приокье",
    "Кедровка",
    "Ветлуга",
)
ROOTS_EN = (
    "Nordic",
    "Harbourline",
    "Bluefjord",
    "Kestrel",
    "Ashford",
    "Silverbirch",
    "Northgate",
    "Brightwater",
    "Redmoor",
    "Corvina",
    "Halden",
    "Lakemont",
    "Oakhurst",
    "Westerly",
    "Tideway",
    "Eastholm",
)

# (country, legal form appended to the name, currency, weight)
COUNTRIES_RU = (
    ("Russia", "", "RUB", 6),
    ("Kazakhstan", "", "KZT", 1),
    ("Belarus", "", "BYN", 1),
)
COUNTRIES_EN = (
    ("Sweden", "AB", "SEK", 3),
    ("Finland", "Oy", "EUR", 2),
    ("Germany", "GmbH", "EUR", 3),
    ("United Kingdom", "Ltd", "GBP", 3),
    ("Netherlands", "B.V.", "EUR", 2),
    ("Norway", "AS", "NOK", 1),
    ("Poland", "Sp. z o.o.", "PLN", 1),
    ("Estonia", "OÜ", "EUR", 1),
)
SEGMENTS = (("Strategic", 2), ("Enterprise", 4), ("Mid-market", 3))

# A few remarks a manager might leave on a score, in the account's language.
SCORE_COMMENTS: dict[str, tuple[str, str]] = {
    "relationship": (
        "New head of procurement; the relationship needs rebuilding.",
        "Новый директор по закупкам — отношения выстраиваем заново.",
    ),
    "prices": (
        "A competitor undercut us by about 8 % in the last tender.",
        "В последнем тендере конкурент дал цену ниже нашей примерно на 8 %.",
    ),
    "client_growth": (
        "Opened two new sites this year.",
        "В этом году открыли две новые площадки.",
    ),
    "client_competition": (
        "Two other suppliers are bidding for the framework contract.",
        "На рамочный договор претендуют ещё два поставщика.",
    ),
    "contact_count": (
        "We still only talk to the buyer.",
        "Общаемся только с закупщиком.",
    ),
    "need_for_us": (
        "They rely on our service engineers on site.",
        "Без наших сервисных инженеров на площадке им не обойтись.",
    ),
    "service_quality": (
        "Two late deliveries this quarter.",
        "Две задержки поставки за квартал.",
    ),
    "external_dependence": (
        "Heavily exposed to currency swings.",
        "Сильно зависят от курса валют.",
    ),
}
ASSESSMENT_NOTES: tuple[tuple[str, str], ...] = (
    ("Quarterly review with the account team.", "Квартальный разбор с командой по клиенту."),
    ("After the steering meeting with their COO.", "После встречи с операционным директором."),
    ("Re-scored after losing the spring tender.", "Переоценили после проигранного тендера."),
    ("Preparing the annual account plan.", "Готовим годовой план по клиенту."),
)

TRENDS = (("improving", 4), ("declining", 3), ("steady", 3))
HISTORY_DAYS = 730  # Assessments go back about two years from today.
MISSING_SCORE_RATE = 0.07  # How often a criterion is left "not assessed".
ZONE_MARGIN = 8.0  # How far from a threshold an account's end level lies.
MOVER_RATE = 0.5  # Share of accounts that may have just changed zone.


@dataclass(frozen=True)
class DemoSummary:
    workspace: Workspace
    accounts: int
    assessments: int
    zones: Counter  # current zone -> number of accounts


@dataclass(frozen=True)
class Company:
    name: str
    language: str  # "en" or "ru": the language of its comments and its likely manager
    industry: str
    country: str
    currency: str
    segment: str


def demo_owner_get_or_create() -> User:
    owner = User.objects.filter(email=DEMO_EMAIL).first()
    if owner is None:
        owner = User.objects.create_user(DEMO_EMAIL, DEMO_PASSWORD, full_name="Demo Owner")
    return owner


@transaction.atomic
def demo_load(
    *,
    slug: str = DEMO_WORKSPACE_SLUG,
    accounts: int = DEFAULT_ACCOUNTS,
    seed: int = DEFAULT_SEED,
) -> DemoSummary:
    """The demo workspace `slug` (made if missing, owned by the demo user) filled with
    `accounts` demo accounts. Callers decide whether a workspace with accounts may get more."""
    owner = demo_owner_get_or_create()
    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is None:
        workspace = workspace_create(name=DEMO_WORKSPACE_NAME, owner=owner, slug=slug)
    else:
        # So that the demo login printed afterwards opens this workspace too.
        Membership.objects.get_or_create(
            workspace=workspace, user=owner, defaults={"role": Role.OWNER}
        )
    return demo_portfolio_create(workspace=workspace, accounts=accounts, seed=seed)


@transaction.atomic
def demo_portfolio_create(
    *, workspace: Workspace, accounts: int = DEFAULT_ACCOUNTS, seed: int = DEFAULT_SEED
) -> DemoSummary:
    """Add the demo team and `accounts` accounts with 4–8 assessments and a full
    dossier each to `workspace`.

    The team members are shared between workspaces (they are found by e-mail), so
    benchmarks may fill several workspaces. Account names already taken in the
    workspace are skipped, so this may run twice on one workspace.
    """
    rng = random.Random(seed)
    # Second opinions draw from their own generator, so that adding them left every
    # other demo figure as it was.
    opinions_rng = random.Random(seed + 1)
    team = _team_get_or_create(workspace)
    managers = [user for person, user in team if person.role == Role.MANAGER]
    director = next(user for person, user in team if person.role == Role.DIRECTOR)
    methodology = Methodology.objects.current_for(workspace)
    criteria = list(methodology.active_criteria())
    taken = set(Account.objects.filter(workspace=workspace).values_list("name", flat=True))
    today = timezone.localdate()

    zones = [list(Zone)[i % len(Zone)] for i in range(accounts)]
    rng.shuffle(zones)
    current_zones: Counter = Counter()
    assessments = 0
    made: list[DemoAccount] = []
    for zone in zones:
        company = _company(rng, taken)
        taken.add(company.name)
        owner = _pick_manager(rng, managers, company.language)
        account = Account.objects.create(
            workspace=workspace,
            name=company.name,
            segment=company.segment,
            industry=company.industry,
            country=company.country,
            currency=company.currency,
            owner=owner,
            **_goal_fields(rng, zone),
        )
        account_team = [owner]
        if rng.random() < 0.4:
            account_team.append(rng.choice([m for m in managers if m != owner]))
            account.team.add(account_team[-1])
        dates = _assessment_dates(rng, today)
        # The demo's clients are old ones: each was opened when first assessed, so that
        # no new account's grace period quiets its playbook checks.
        opened = timezone.make_aware(datetime.combine(dates[0], time(9)))
        Account.objects.filter(pk=account.pk).update(created_at=opened)
        trend = _weighted(rng, TRENDS)[0]
        history = _score_history(rng, criteria, methodology.thresholds, zone, len(dates), trend)
        for assessed_on, values in zip(dates, history, strict=True):
            latest = assessment_create(
                account=account,
                assessor=director if rng.random() < 0.2 else owner,
                scores=_with_comments(rng, values, company.language),
                assessed_on=assessed_on,
                note=_note(rng, company.language),
                methodology=methodology,
            )
        current_zones[latest.zone] += 1  # The dates ascend, so the last made is current.
        assessments += len(dates)
        if len(account_team) > 1 and opinions_rng.random() < SECOND_OPINION_SHARE:
            _second_opinion_create(
                opinions_rng, account, account_team[1], history[-1], dates[-1], methodology
            )
            assessments += 1
        made.append(
            DemoAccount(
                account, company.language, latest.zone, trend, history[-1], tuple(account_team)
            )
        )
    demo_dossiers_create(
        workspace=workspace, accounts=made, director=director, seed=seed, today=today
    )
    demo_surveys_create(workspace=workspace, accounts=made, seed=seed, now=timezone.now())
    demo_meetings_create(accounts=made, seed=seed, today=today)
    return DemoSummary(workspace, len(zones), assessments, current_zones)


# The demo's goal ranges, by the zone an account is drawn for: mostly the article's
# target → key; else a goal that fits the zone (hold key, or reach it from target; serve
# a less attractive client efficiently; at most maintain where we are reconsidering).
DEMO_GOALS = {
    Zone.KEY: GoalRange(Zone.KEY, Zone.KEY),
    Zone.TARGET: GoalRange(Zone.KEY, Zone.KEY),
    Zone.MAINTAIN: GoalRange(Zone.MAINTAIN, Zone.MAINTAIN),
    Zone.RECONSIDER: GoalRange(Zone.RECONSIDER, Zone.MAINTAIN),
}


def _goal_fields(rng: random.Random, zone: Zone) -> dict[str, str]:
    # One draw, as the single goal zone took before, so that every later demo figure
    # stays as it was.
    goal = rng.choices([DEFAULT_GOAL, DEMO_GOALS[zone]], weights=[3, 1])[0]
    return {"goal_min_zone": goal.minimum.value, "goal_max_zone": goal.maximum.value}


def _team_get_or_create(workspace: Workspace) -> list[tuple[DemoPerson, User]]:
    # One hash for everybody: hashing is slow on purpose, and the password is public.
    password_hash = make_password(DEMO_PASSWORD)
    team = []
    for person in DEMO_TEAM:
        user, _ = User.objects.get_or_create(
            email=person.email,
            defaults={
                "full_name": person.name,
                "language": person.language,
                "password": password_hash,
            },
        )
        Membership.objects.get_or_create(
            workspace=workspace,
            user=user,
            defaults={
                "role": person.role,
                # The demo's director is one of our executives: their meetings count
                # as executive contact in the playbook.
                "is_executive": person.role == Role.DIRECTOR,
            },
        )
        team.append((person, user))
    return team


def _weighted(rng: random.Random, options: Sequence[tuple]) -> tuple:
    return rng.choices(options, weights=[option[-1] for option in options])[0]


def _company(rng: random.Random, taken: set[str]) -> Company:
    """A plausible, invented company whose name is not in `taken`."""
    for _ in range(50):
        industry = rng.choice(INDUSTRIES)
        segment = _weighted(rng, SEGMENTS)[0]
        if rng.random() < 0.5:
            country, _legal, currency, _w = _weighted(rng, COUNTRIES_RU)
            name = rng.choice(industry.forms_ru).format(rng.choice(ROOTS_RU))
            language = "ru"
        else:
            country, legal, currency, _w = _weighted(rng, COUNTRIES_EN)
            name = f"{rng.choice(ROOTS_EN)} {rng.choice(industry.words_en)} {legal}"
            language = "en"
        if name not in taken:
            return Company(name, language, industry.name, country, currency, segment)
    # The name pool is finite; very large portfolios number the repeats.
    number = 2
    while f"{name} {number}" in taken:
        number += 1
    return Company(f"{name} {number}", language, industry.name, country, currency, segment)


def _pick_manager(rng: random.Random, managers: list[User], language: str) -> User:
    # Russian-speaking managers mostly look after Russian-speaking clients, and so on.
    same = [m for m in managers if m.language == language]
    if same and rng.random() < 0.75:
        return rng.choice(same)
    return rng.choice(managers)


# The share of accounts with a teammate on which the teammate scored too, shortly before
# the owner's latest assessment: what the consensus view and the calibration page read.
SECOND_OPINION_SHARE = 0.6


def _second_opinion_create(
    rng: random.Random,
    account: Account,
    assessor: User,
    values: dict[str, float | None],
    latest_on: date,
    methodology: Methodology,
) -> None:
    """The teammate's own scores of the account a few days before the owner's latest
    (within the consensus window): close on most criteria, apart on a few."""
    apart = set(rng.sample(sorted(values), 3))
    scores = {}
    for key, value in values.items():
        if value is not None:
            shift = (
                rng.uniform(15, 30) * rng.choice((-1, 1)) if key in apart else rng.uniform(-5, 5)
            )
            value = round(min(100.0, max(0.0, value + shift)))
        scores[key] = ScoreInput(value)
    assessment_create(
        account=account,
        assessor=assessor,
        scores=scores,
        assessed_on=latest_on - timedelta(days=rng.randint(2, 12)),
        methodology=methodology,
    )


def _assessment_dates(rng: random.Random, today: date) -> list[date]:
    """4–8 dates spread over the last two years, oldest first; the latest is recent
    for most accounts and stale (over 90 days) for some."""
    count = rng.randint(4, 8)
    latest = today - timedelta(days=rng.choice([rng.randint(2, 80), rng.randint(2, 160)]))
    earliest = today - timedelta(days=rng.randint(HISTORY_DAYS - 120, HISTORY_DAYS))
    span = (latest - earliest).days
    step = span / (count - 1)
    jitter = int(step / 4)
    dates = [latest]
    for i in range(count - 2, 0, -1):
        day = earliest + timedelta(days=round(i * step) + rng.randint(-jitter, jitter))
        dates.append(min(day, dates[-1] - timedelta(days=7)))
    dates.append(min(earliest, dates[-1] - timedelta(days=7)))
    return sorted(dates)


def _score_history(
    rng: random.Random,
    criteria: Sequence[Criterion],
    thresholds: Thresholds,
    zone: Zone,
    steps: int,
    trend: str,
) -> list[dict[str, float | None]]:
    """Scores for `steps` assessments whose last one lies in `zone`, moving with `trend`.

    Some accounts crossed a threshold at their latest assessment, coming from the
    zone next door, so that the square's movement and "changed zone" have something
    to show. The scatter of the walk can, rarely, carry a point over a threshold
    where it should not; the history is then drawn again.
    """
    crossing = _crossing_axis(rng, zone, trend) if rng.random() < MOVER_RATE else None
    for _ in range(30):
        history = _draw_history(rng, criteria, thresholds, zone, steps, trend, crossing)
        previous, last = (_zone_of(criteria, values, thresholds) for values in history[-2:])
        if last == zone and (crossing is None or previous != zone):
            break
    return history


def _zone_of(criteria, values, thresholds) -> Zone | None:
    scored = [ScoredCriterion(Axis(c.axis), values[c.key], c.weight) for c in criteria]
    return evaluate(scored, thresholds).zone


def _high_axes(zone: Zone) -> set[Axis]:
    return {
        Zone.KEY: {Axis.CLIENT, Axis.OUR},
        Zone.TARGET: {Axis.CLIENT},
        Zone.MAINTAIN: {Axis.OUR},
        Zone.RECONSIDER: set(),
    }[zone]


def _crossing_axis(rng: random.Random, zone: Zone, trend: str) -> Axis | None:
    """The axis on which an account moving with `trend` may have just entered `zone`."""
    if trend == "improving":
        candidates = sorted(_high_axes(zone))
    elif trend == "declining":
        candidates = sorted(set(Axis) - _high_axes(zone))
    else:
        candidates = []
    return rng.choice(candidates) if candidates else None


def _draw_history(
    rng, criteria, thresholds, zone, steps, trend, crossing
) -> list[dict[str, float | None]]:
    high = _high_axes(zone)
    threshold = {Axis.CLIENT: thresholds.client, Axis.OUR: thresholds.our}
    levels = {}
    for axis in Axis:
        if axis == crossing:
            # Just inside the zone now; the assessment before sat on the other side.
            inside = rng.uniform(ZONE_MARGIN, ZONE_MARGIN + 8)
            end = threshold[axis] + (inside if axis in high else -inside)
        else:
            end = _end_level(rng, threshold[axis], high=axis in high)
        levels[axis] = _level_path(rng, _start_level(rng, end, trend), end, steps)
    if crossing is not None:
        outside = rng.uniform(3, 9)
        levels[crossing][-2] = threshold[crossing] + (-outside if crossing in high else outside)
    # A criterion's profile: how far it sits from its axis level for this account.
    # Centred per axis so that the index follows the level.
    offsets = {c.key: rng.gauss(0, 9) for c in criteria}
    for axis in Axis:
        keys = [c.key for c in criteria if c.axis == axis]
        mean = sum(offsets[k] for k in keys) / len(keys) if keys else 0
        for key in keys:
            offsets[key] -= mean
    walks = {c.key: list(accumulate(rng.gauss(0, 3) for _ in range(steps))) for c in criteria}

    history = []
    for step in range(steps):
        values: dict[str, float | None] = {}
        for c in criteria:
            raw = levels[Axis(c.axis)][step] + offsets[c.key] + walks[c.key][step]
            # People score in steps of five.
            values[c.key] = float(min(100, max(0, 5 * round(raw / 5))))
        history.append(_leave_some_unassessed(rng, criteria, values))
    return history


def _end_level(rng: random.Random, threshold: float, *, high: bool) -> float:
    if high:
        low = min(100.0, threshold + ZONE_MARGIN)
        return rng.uniform(low, max(low, 88.0))
    high_end = max(0.0, threshold - ZONE_MARGIN)
    return rng.uniform(min(12.0, high_end), high_end)


def _start_level(rng: random.Random, end: float, trend: str) -> float:
    change = {
        "improving": -rng.uniform(8, 30),
        "declining": rng.uniform(8, 30),
        "steady": rng.uniform(-6, 6),
    }[trend]
    return min(97.0, max(3.0, end + change))


def _level_path(rng: random.Random, start: float, end: float, steps: int) -> list[float]:
    """A random walk from `start` that is pinned to `end` at the last step."""
    walk = list(accumulate(rng.gauss(0, 4) for _ in range(steps)))
    path = []
    for step in range(steps):
        share = step / (steps - 1)
        path.append(start + (end - start) * share + walk[step] - share * walk[-1])
    return path


def _leave_some_unassessed(rng, criteria, values):
    """Blank a few scores, keeping at least two per axis so the account stays placed."""
    for axis in Axis:
        keys = [c.key for c in criteria if c.axis == axis]
        blank = [k for k in keys if rng.random() < MISSING_SCORE_RATE]
        for key in blank[: max(0, len(keys) - 2)]:
            values[key] = None
    return values


def _with_comments(
    rng: random.Random, values: dict[str, float | None], language: str
) -> dict[str, ScoreInput]:
    commented = [k for k in SCORE_COMMENTS if values.get(k) is not None]
    chosen = rng.choice(commented) if commented and rng.random() < 0.3 else None
    scores = {}
    for key, value in values.items():
        comment = ""
        if key == chosen:
            comment = _in_language(SCORE_COMMENTS[key], language)
        scores[key] = ScoreInput(value, comment)
    return scores


def _note(rng: random.Random, language: str) -> str:
    if rng.random() < 0.2:
        return _in_language(rng.choice(ASSESSMENT_NOTES), language)
    return ""


def _in_language(texts: tuple[str, str], language: str) -> str:
    english, russian = texts
    return russian if language == "ru" else english
