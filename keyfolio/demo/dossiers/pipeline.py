"""The demo's pipeline: a few opportunities per account, sized by its revenue, and
one group of companies. A generator of its own, seeded from the demo's seed, so that
every other demo figure stays what it was before opportunities existed."""

import random
from collections.abc import Sequence
from datetime import date, timedelta

from keyfolio.accounts.models import Account
from keyfolio.demo.dossiers.records import DemoAccount, booked
from keyfolio.revenue.models import Opportunity, OpportunityStatus
from keyfolio.revenue.selectors import trailing_revenue_by_account

# What a deal is about, in English and Russian.
DEALS = (
    ("Line retrofit", "Модернизация линии"),
    ("Service contract renewal", "Продление сервисного контракта"),
    ("Spare parts framework", "Рамочный договор на запчасти"),
    ("New plant equipment", "Оборудование для нового завода"),
    ("Maintenance outsourcing", "Аутсорсинг обслуживания"),
    ("Pilot project", "Пилотный проект"),
    ("Training programme", "Программа обучения"),
    ("Automation upgrade", "Модернизация автоматики"),
)
# The stages of an open deal with the probability each usually carries.
STAGES = (
    (("Qualification", "Квалификация"), 10),
    (("Needs analysis", "Анализ потребностей"), 25),
    (("Proposal", "Коммерческое предложение"), 50),
    (("Negotiation", "Переговоры"), 75),
)


def demo_pipeline_create(*, accounts: Sequence[DemoAccount], seed: int, today: date) -> None:
    rng = random.Random(f"pipeline-{seed}")
    revenue = trailing_revenue_by_account([demo.account.pk for demo in accounts], today=today)
    rows: list[Opportunity] = []
    for demo in accounts:
        yearly = float(revenue.get(demo.account.pk) or 0) or 10000.0
        for number, deal in enumerate(rng.sample(DEALS, rng.randint(1, 4))):
            rows.append(_opportunity(rng, demo, deal, yearly, today, closed=number == 3))
    Opportunity.objects.bulk_create(rows)
    _group(accounts)


def _opportunity(rng, demo: DemoAccount, deal, yearly: float, today: date, *, closed: bool):
    account = demo.account
    stage, probability = rng.choice(STAGES)
    status = OpportunityStatus.OPEN
    close = today + timedelta(days=rng.randint(10, 330))
    if closed:  # The fourth deal of an account was decided last quarter.
        status = rng.choice([OpportunityStatus.WON, OpportunityStatus.LOST])
        probability = 100 if status == OpportunityStatus.WON else 0
        close = today - timedelta(days=rng.randint(20, 90))
    return Opportunity(
        workspace_id=account.workspace_id,
        account=account,
        name=demo.text(deal),
        amount=booked(yearly * rng.uniform(0.05, 0.4)),
        currency=account.currency,
        stage=demo.text(stage),
        probability=probability,
        expected_close=close,
        status=status,
        owner=demo.owner,
    )


def _group(accounts: Sequence[DemoAccount]) -> None:
    """The first account of the demo becomes the parent of the next two of its language:
    a group of companies, listed and summed on the parent's overview."""
    if not accounts:
        return
    parent = accounts[0]
    children = [d for d in accounts[1:] if d.language == parent.language][:2]
    Account.objects.filter(pk__in=[d.account.pk for d in children]).update(parent=parent.account)
