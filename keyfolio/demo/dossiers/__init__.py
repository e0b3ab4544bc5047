"""The demo accounts' dossiers: relationship stage, plans, people, intelligence, revenue
and whitespace, made to agree with each account's zone, trend and latest scores.

The latest assessment drives the data, so that the hints on the assessment form and
the dossier tell the same story as the square: a client scored high on purchase
frequency buys almost every month, one scored low on contact persons has few people
on the map, a key account has executive ties, a declining one drifts apart.

Everything is built in memory for all accounts first and then written with one
bulk_create per model, parents before children: a thousand accounts take seconds.
Texts are in the account's language (see texts.py).
"""

import random
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from keyfolio.accounts.models import StageChange
from keyfolio.demo.dossiers import texts
from keyfolio.demo.dossiers.activities import activities_create
from keyfolio.demo.dossiers.people import people_create
from keyfolio.demo.dossiers.pipeline import demo_pipeline_create
from keyfolio.demo.dossiers.plans import plans_create
from keyfolio.demo.dossiers.records import (
    DemoAccount,
    Money,
    Rows,
    Shared,
    booked,
    clip,
    industry,
    weighted,
)
from keyfolio.intel.models import Competitor, CompetitorPresence, IntelNote, NoteKind
from keyfolio.method.stages import LADDER, Stage
from keyfolio.plans.models import PlanQuestion
from keyfolio.revenue.models import (
    BuyingCentre,
    Offering,
    RevenueEntry,
    WhitespaceCell,
    WhitespaceStatus,
)
from keyfolio.revenue.selectors import month_start
from keyfolio.users.models import User
from keyfolio.workspaces.models import Workspace

__all__ = ["DemoAccount", "demo_dossiers_create"]

REVENUE_MONTHS = 24
STAGE_HISTORY_DAYS = 700  # Stage changes fall within the two years of assessments.
LONE_ACCOUNTS = 2  # Reconsider accounts known through one contact only, at least.

STAGES_BY_ZONE: dict[str, tuple[tuple[Stage, int], ...]] = {
    "key": ((Stage.COOPERATIVE, 3), (Stage.INTERDEPENDENT, 4), (Stage.INTEGRATED, 2)),
    "maintain": ((Stage.BASIC, 2), (Stage.COOPERATIVE, 4), (Stage.INTERDEPENDENT, 1)),
    "target": ((Stage.EXPLORATORY, 2), (Stage.BASIC, 4), (Stage.COOPERATIVE, 1)),
    "reconsider": ((Stage.EXPLORATORY, 3), (Stage.BASIC, 3)),
}
# Our yearly business with a client, in euros, by segment; then scaled by zone.
YEARLY_EUROS = {
    "Strategic": (1_500_000, 6_000_000),
    "Enterprise": (400_000, 1_800_000),
    "Mid-market": (80_000, 450_000),
}
SIZE_BY_ZONE = {"key": 1.3, "target": 0.8, "maintain": 1.0, "reconsider": 0.5}
# Whitespace statuses drawn by zone: current, potential, won, not relevant.
CELL_WEIGHTS = {
    "key": (5, 3, 1, 1),
    "target": (2, 5, 1, 2),
    "maintain": (5, 1, 1, 2),
    "reconsider": (2, 1, 0.3, 4),
}
# A cell's value a year as a share of our revenue with the account, by status.
CELL_VALUES = {
    WhitespaceStatus.CURRENT: (0.05, 0.3),
    WhitespaceStatus.POTENTIAL: (0.1, 0.6),
    WhitespaceStatus.WON: (0.05, 0.2),
}
CELL_STATUSES = (
    WhitespaceStatus.CURRENT,
    WhitespaceStatus.POTENTIAL,
    WhitespaceStatus.WON,
    WhitespaceStatus.NOT_RELEVANT,
)


def demo_dossiers_create(
    *,
    workspace: Workspace,
    accounts: Sequence[DemoAccount],
    director: User,
    seed: int,
    today: date,
) -> None:
    """Fill the dossier of every demo account. A generator of its own, seeded from
    `seed`, so that the assessments stay what they were before dossiers existed."""
    rng = random.Random(f"dossier-{seed}")
    shared = Shared(
        workspace=workspace,
        today=today,
        now=timezone.now(),
        director=director,
        questions=list(PlanQuestion.objects.filter(workspace=workspace, active=True)),
        competitors=_competitors_get_or_create(rng, workspace),
        offerings=_offerings_get_or_create(rng, workspace),
    )
    rows = Rows()
    lone_accounts = 0
    for demo in accounts:
        lone = demo.zone == "reconsider" and (lone_accounts < LONE_ACCOUNTS or rng.random() < 0.2)
        lone_accounts += lone
        _dossier(rng, demo, shared, rows, lone=lone)
    rows.save()
    demo_pipeline_create(accounts=accounts, seed=seed, today=today)


def _dossier(rng: random.Random, demo: DemoAccount, shared: Shared, rows: Rows, *, lone: bool):
    _stage_history(rng, demo, shared, rows)
    money = _revenue(rng, demo, shared, rows)
    # Contacts are kept by level for writing; this account's are the tail of each level.
    before = [len(level) for level in rows.contacts]
    cast = people_create(rng, demo, shared, rows, lone=lone)
    contacts = [c for level, n in zip(rows.contacts, before, strict=True) for c in level[n:]]
    rivals = _rivals(rng, demo, shared, rows, money)
    plans_create(rng, demo, shared, rows, money, cast, rivals)
    _intelligence(rng, demo, shared, rows)
    _whitespace(rng, demo, shared, rows, money)
    activities_create(rng, demo, shared, rows, sorted(contacts, key=lambda c: -c.influence))


# Workspace-wide lists -------------------------------------------------------------


def _competitors_get_or_create(rng: random.Random, workspace: Workspace):
    wanted = texts.COMPETITORS[: rng.randint(6, 8)]
    names = [name for name, _market, _notes in wanted]
    found = {c.name: c for c in Competitor.objects.filter(workspace=workspace, name__in=names)}
    new = [
        Competitor(workspace=workspace, name=name, notes=notes)
        for name, _market, notes in wanted
        if name not in found
    ]
    Competitor.objects.bulk_create(new)
    found.update((c.name, c) for c in new)
    return [(found[name], market) for name, market, _notes in wanted]


def _offerings_get_or_create(rng: random.Random, workspace: Workspace) -> list[Offering]:
    names = texts.OFFERINGS[: rng.randint(4, 6)]
    found = {o.name: o for o in Offering.objects.filter(workspace=workspace, name__in=names)}
    new = [
        Offering(workspace=workspace, name=name, position=position)
        for position, name in enumerate(names)
        if name not in found
    ]
    Offering.objects.bulk_create(new)
    found.update((o.name, o) for o in new)
    return [found[name] for name in names]


# Relationship stage ------------------------------------------------------------------


def _stage_path(rng: random.Random, zone: str, trend: str) -> list[Stage]:
    """1–3 stages, oldest first, that lead to where the account is now."""
    steps = rng.randint(1, 3)
    falling_apart = trend == "declining" and (
        (zone == "reconsider" and rng.random() < 0.7) or (zone == "maintain" and rng.random() < 0.2)
    )
    if falling_apart:
        # It had climbed the ladder before it came apart.
        path = [Stage.DISINTEGRATING, rng.choice([Stage.BASIC, Stage.COOPERATIVE])]
    else:
        path = [weighted(rng, STAGES_BY_ZONE[zone])[0]]
    while len(path) < steps:
        index = LADDER.index(path[-1]) + (1 if trend == "declining" else -1)
        if not 0 <= index < len(LADDER):
            break
        path.append(LADDER[index])
    return path[::-1]


def _stage_history(rng: random.Random, demo: DemoAccount, shared: Shared, rows: Rows) -> None:
    path = _stage_path(rng, demo.zone, demo.trend)
    days_ago = sorted(rng.sample(range(20, STAGE_HISTORY_DAYS), len(path)), reverse=True)
    for stage, days in zip(path, days_ago, strict=True):
        rows.stage_changes.append(
            StageChange(
                account=demo.account,
                stage=stage.value,
                changed_on=shared.today - timedelta(days=days),
                changed_by=demo.owner,
                note=demo.text(texts.STAGE_NOTES[stage.value]),
            )
        )
    demo.account.stage = path[-1].value
    rows.accounts.append(demo.account)


# Revenue -------------------------------------------------------------------------------


def _revenue(rng: random.Random, demo: DemoAccount, shared: Shared, rows: Rows) -> Money:
    """24 months of revenue at a level set by the segment and the zone, as often as the
    purchase-frequency score says, growing or shrinking with the account's trend."""
    account, today = demo.account, shared.today
    yearly = (
        rng.uniform(*YEARLY_EUROS.get(account.segment, YEARLY_EUROS["Enterprise"]))
        * SIZE_BY_ZONE[demo.zone]
        * texts.PER_EURO.get(account.currency, 1)
    )
    frequency = demo.score("purchase_frequency")
    chance = 1.0 if frequency >= 90 else clip(frequency / 100, 0.12, 1.0)
    ordered = [rng.random() < chance for _ in range(REVENUE_MONTHS)]  # by months back
    if not any(ordered[:12]):
        ordered[rng.randrange(12)] = True
    if sum(ordered) < 2:
        ordered[rng.randrange(12, REVENUE_MONTHS)] = True
    amounts: dict[int, Decimal] = {}
    for back in range(REVENUE_MONTHS):
        if not ordered[back]:
            continue
        progress = (REVENUE_MONTHS - 1 - back) / (REVENUE_MONTHS - 1)  # 0 then, 1 now
        level = {
            "improving": 0.7 + 0.3 * progress,
            "declining": 1.35 - 0.35 * progress,
            "steady": 1.0,
        }[demo.trend]
        amount = yearly / 12 / chance * level * rng.uniform(0.75, 1.25)
        if back == 0:
            amount *= max(0.15, today.day / 31)  # This month is not over yet.
        amounts[back] = booked(amount)
        note = demo.text(rng.choice(texts.REVENUE_NOTES)) if rng.random() < 0.06 else ""
        rows.revenue.append(
            RevenueEntry(
                workspace=shared.workspace,
                account=account,
                month=month_start(today, back),
                amount=amounts[back],
                note=note,
                created_by=demo.owner,
            )
        )
    last_year = sum(
        (a for back, a in amounts.items() if month_start(today, back).year == today.year - 1),
        Decimal(0),
    )
    share = clip(demo.score("need_for_us") / 100 * rng.uniform(0.8, 1.15), 0.05, 0.9)
    return Money(
        last_12_months=float(sum(amounts.get(back, Decimal(0)) for back in range(12))),
        last_year=float(last_year),
        months_with_orders=sum(ordered[:12]),
        share=share if rng.random() < 0.85 else None,  # Some clients' spend is unknown.
    )


# Competitors and intelligence ------------------------------------------------------------


def _rivals(
    rng: random.Random, demo: DemoAccount, shared: Shared, rows: Rows, money: Money
) -> list[str]:
    """1–3 of our competitors at the client, more where the competition score is low;
    their shares leave room for ours. Their names, biggest first."""
    market = [c for c, works_in in shared.competitors if works_in in (demo.language, "both")]
    wanted = round(3 - 2 * demo.score("client_competition") / 100 + rng.gauss(0, 0.5))
    chosen = rng.sample(market, int(clip(wanted, 1, min(3, len(market)))))
    room = 100 - 100 * (money.share or 0.3)
    shares = [rng.uniform(5, 40) for _ in chosen]
    scale = min(1.0, 0.9 * room / sum(shares))
    presences = []
    for competitor, share in zip(chosen, shares, strict=True):
        presence = CompetitorPresence(
            account=demo.account,
            competitor=competitor,
            estimated_share=max(5.0, 5 * round(share * scale / 5)),
            strengths=demo.text(rng.choice(texts.STRENGTHS)),
            weaknesses=demo.text(rng.choice(texts.WEAKNESSES)),
            updated_by=demo.owner,
        )
        presences.append(presence)
        rows.updated_at.append((presence, _written_at(rng, demo, shared)))
    rows.presences.extend(presences)
    presences.sort(key=lambda p: -(p.estimated_share or 0))
    return [p.competitor.name for p in presences]


def _written_at(rng: random.Random, demo: DemoAccount, shared: Shared) -> datetime:
    """When a piece of intelligence was last touched: recently for the clients we know
    well, often more than six months ago for the others."""
    fresh = rng.random() < clip(demo.score("client_knowledge") / 100, 0.15, 0.9)
    days = rng.randint(3, 170) if fresh else rng.randint(200, 650)
    return shared.now - timedelta(days=days, minutes=rng.randint(0, 600))


def _intelligence(rng: random.Random, demo: DemoAccount, shared: Shared, rows: Rows) -> None:
    count = int(clip(round(1 + 3 * demo.score("client_knowledge") / 100 + rng.gauss(0, 0.7)), 1, 4))
    kinds = rng.sample(list(texts.INTEL_NOTES), count)
    values = {
        "company": demo.account.name,
        "year3": shared.today.year + 3,
        **industry(demo),
    }
    for kind in kinds:
        title, body, source = rng.choice(texts.INTEL_NOTES[kind])
        note = IntelNote(
            workspace=shared.workspace,
            account=demo.account,
            kind=NoteKind(kind),
            title=demo.text(title, **values),
            body=demo.text(body, **values),
            source=demo.text(source),
            updated_by=demo.owner,
        )
        rows.notes.append(note)
        rows.updated_at.append((note, _written_at(rng, demo, shared)))


# Whitespace --------------------------------------------------------------------------------


def _whitespace(rng: random.Random, demo: DemoAccount, shared: Shared, rows: Rows, money: Money):
    """2–4 buying centres, each with a cell for most offerings. What we sell now adds
    up to about our revenue of the last twelve months."""
    volume = money.last_12_months
    cells = []
    for position, name in enumerate(rng.sample(texts.BUYING_CENTRES, rng.randint(2, 4))):
        centre = BuyingCentre(account=demo.account, name=demo.text(name), position=position)
        rows.centres.append(centre)
        for n, offering in enumerate(shared.offerings):
            if n and rng.random() < 0.15:
                continue  # Nobody has looked at this one yet.
            status = rng.choices(CELL_STATUSES, weights=CELL_WEIGHTS[demo.zone])[0]
            share = CELL_VALUES.get(status)
            note = ""
            if status == WhitespaceStatus.POTENTIAL and rng.random() < 0.2:
                note = demo.text(rng.choice(texts.WHITESPACE_NOTES))
            cells.append(
                WhitespaceCell(
                    buying_centre=centre,
                    offering=offering,
                    status=status,
                    value=booked(volume * rng.uniform(*share)) if share else None,
                    note=note,
                )
            )
    current = [cell for cell in cells if cell.status == WhitespaceStatus.CURRENT]
    total = float(sum(cell.value or 0 for cell in current))
    for cell in current:
        cell.value = booked(float(cell.value or 0) * volume * rng.uniform(0.85, 1.0) / total)
    rows.cells.extend(cells)
