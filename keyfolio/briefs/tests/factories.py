"""A dossier as full as a real one, for the brief's tests (and for a look at the brief)."""

from datetime import date, timedelta
from decimal import Decimal

from keyfolio.accounts.models import Account, StageChange
from keyfolio.accounts.tests.factories import assess
from keyfolio.intel.models import Competitor, CompetitorPresence, IntelNote
from keyfolio.plans.models import AccountPlan, Action, PlanAnswer, PlanQuestion, Risk
from keyfolio.revenue.models import RevenueEntry, RevenueTarget
from keyfolio.revenue.selectors import month_start
from keyfolio.revenue.tests.factories import make_opportunity
from keyfolio.stakeholders.models import Contact, ContactRelationship

ANSWER = (
    "<p>We are the only supplier who <strong>runs the whole chain</strong> for them: planning, "
    "delivery and the after-sales desk in their language.</p><ul><li>Two plants rely on our "
    "same-day service;</li><li>their procurement head trusts our numbers.</li></ul><p>"
    "Rivals compete on price alone and keep losing the service tenders we win every year, "
    "which the board noticed at the last quarterly review &amp; mentioned in the minutes.</p>"
)
PEOPLE = [
    ("Ingrid Halvorsen", "Chief Executive Officer", "decision_maker"),
    ("Lars Myhre", "Chief Financial Officer", "economic_buyer"),
    ("Sofie Berg", "Head of Logistics", "champion"),
    ("Erik Nilsen", "Operations Director", "influencer"),
    ("Kari Dahl", "Procurement Manager", "gatekeeper"),
    ("Ole Strand", "IT Architect", "technical_buyer"),
    ("Nina Lie", "Warehouse Supervisor", "user"),
    ("Per Aas", "Controller", "blocker"),
]
ACTIONS = [
    "Meet the new CFO with our finance director: savings review",
    "Send the third quarter's service-level report",
    "Propose the Baltic route pilot to the operations team",
    "Invite the head of logistics to the summit in Oslo",
    "Update the competitor notes after the spring tender",
    "Agree capacity for the Christmas peak with the warehouse",
]
RISKS = [
    "The new CFO opens the contract to a tender",
    "Peak-season capacity in the warehouse runs short",
    "A customs rule change for UK shipments",
]


def rich_dossier(
    account: Account, *, today: date, people: list, size: int = 12, stretch: int = 1
) -> Account:
    """Fill `account`'s dossier as a busy key account's: `size` assessments, contacts,
    actions, risks and competitors, a plan answering every question at length, two years
    of revenue and a target, stage changes and intelligence. `people` are our members.
    `stretch` repeats every name and text that many times, to test what is far too long."""
    for n in range(size):
        on = today - timedelta(days=30 * (size - n))
        who = people[n % len(people)]
        assess(account, client=48 + n, our=30 + 2 * n, on=on, assessor=who, note="Review")
    _stages(account, today, stretch)
    plan = _plan(account, today, people, stretch)
    _contacts(account, size, people, stretch)
    for n in range(size):
        Action.objects.create(
            workspace=account.workspace,
            account=account,
            plan=plan if n % 2 else None,
            title=_long(ACTIONS[n % len(ACTIONS)], stretch),
            owner=people[n % len(people)],
            due_on=today + timedelta(days=7 * n - 14),
            done_on=today if n % 4 == 3 else None,
            rule=1 + n % 6,
        )
        Risk.objects.create(
            plan=plan,
            description=_long(RISKS[n % len(RISKS)], stretch),
            likelihood=1 + n % 5,
            impact=1 + (n * 2) % 5,
            owner=people[n % len(people)],
            mitigation=_long(
                "Meet the CFO before the budget round; show two years' savings", stretch
            ),
        )
        competitor = Competitor.objects.create(
            workspace=account.workspace, name=_long(f"Rival {n:02d} Logistics", stretch)
        )
        CompetitorPresence.objects.create(
            account=account,
            competitor=competitor,
            estimated_share=max(5, 30 - 5 * n),
            strengths=_long("Cheaper linehaul; close to procurement", stretch),
            weaknesses=_long("No customs desk; missed peak deliveries", stretch),
        )
    _revenue(account, today)
    for n in range(size):
        make_opportunity(
            account,
            250000 + 10000 * n,
            20 + 5 * (n % 12),
            # As long as an opportunity's name may be (PostgreSQL enforces the 200).
            name=_long(f"Framework agreement for the northern plants, lot {n + 1}", stretch)[:200],
            expected_close=today + timedelta(days=30 + 20 * n),
        )
    IntelNote.objects.create(
        workspace=account.workspace, account=account, kind="goals", title="Expansion east"
    )
    return account


def _long(text: str, stretch: int) -> str:
    return " ".join([text] * stretch)


def _stages(account: Account, today: date, stretch: int) -> None:
    for stage, days in (("exploratory", 900), ("basic", 500), ("cooperative", 120)):
        StageChange.objects.create(
            account=account,
            stage=stage,
            changed_on=today - timedelta(days=days),
            note=_long("Joint planning with their operations team", stretch),
        )
    account.stage = "cooperative"
    account.save(update_fields=["stage"])


def _plan(account: Account, today: date, people: list, stretch: int) -> AccountPlan:
    plan = AccountPlan.objects.create(
        workspace=account.workspace,
        account=account,
        title=str(today.year),
        starts_on=date(today.year, 1, 1),
        ends_on=date(today.year, 12, 31),
        status="active",
        current_volume=Decimal("1250000"),
        planned_revenue=Decimal("1600000"),
        client_total_spend=Decimal("4000000"),
        price_or_value="value",
        loyalty=4,
        resource_owner=people[0],
    )
    questions = PlanQuestion.objects.filter(workspace=account.workspace, active=True)
    PlanAnswer.objects.bulk_create(
        PlanAnswer(plan=plan, question=q, text=_long(ANSWER, stretch)) for q in questions
    )
    return plan


def _contacts(account: Account, size: int, people: list, stretch: int) -> None:
    for n in range(size):
        name, title, role = PEOPLE[n % len(PEOPLE)]
        contact = Contact.objects.create(
            workspace=account.workspace,
            account=account,
            name=_long(f"{name} {n // len(PEOPLE) or ''}".strip(), stretch),
            title=_long(title, stretch),
            decision_role=role,
            influence=5 - n % 5,
            attitude=(n % 5) - 2,
        )
        if n % 3 == 0:
            continue  # nobody of ours knows them
        for k, person in enumerate(people[: 1 + n % 3]):
            ContactRelationship.objects.create(contact=contact, user=person, strength=5 - k)


def _revenue(account: Account, today: date) -> None:
    RevenueEntry.objects.bulk_create(
        RevenueEntry(
            workspace=account.workspace,
            account=account,
            month=month_start(today, back),
            amount=Decimal(100000 + 1000 * back),
        )
        for back in range(24)
    )
    RevenueTarget.objects.create(account=account, year=today.year, amount=Decimal("1500000"))
