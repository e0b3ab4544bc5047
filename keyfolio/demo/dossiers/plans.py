"""The demo account plans: this year's (active) with answers, objectives, actions and
risks, the revenue targets, and for some accounts last year's (archived)."""

import random
from datetime import date, timedelta
from decimal import Decimal
from html import escape
from typing import Any

from keyfolio.demo.dossiers import texts
from keyfolio.demo.dossiers.records import (
    Cast,
    DemoAccount,
    Money,
    Rows,
    Shared,
    amount_text,
    booked,
    clip,
    industry,
    percent_change,
)
from keyfolio.plans.models import (
    AccountPlan,
    Action,
    Objective,
    ObjectiveStatus,
    PlanAnswer,
    PlanStatus,
    PriceOrValue,
    Risk,
)
from keyfolio.revenue.models import RevenueTarget

GROWTH_BY_TREND = {"improving": (1.08, 1.3), "steady": (0.98, 1.08), "declining": (0.85, 1.0)}


def plans_create(
    rng: random.Random,
    demo: DemoAccount,
    shared: Shared,
    rows: Rows,
    money: Money,
    cast: Cast,
    rivals: list[str],
) -> None:
    """This year's plan (active) with answers, objectives, actions and risks, the
    revenue targets, and for some accounts last year's plan (archived)."""
    account, today = demo.account, shared.today
    year = today.year
    volume = money.last_12_months
    planned = float(booked(volume * rng.uniform(*GROWTH_BY_TREND[demo.trend])))
    spend = float(booked(volume / money.share)) if money.share else None
    loyalty = int(clip(round(1 + demo.score("relationship") / 25 + rng.gauss(0, 0.5)), 1, 5))
    weights = (1, 3, 4) if demo.zone == "key" else (4, 3, 3)
    priority = rng.choices(list(PriceOrValue), weights=weights)[0]
    resourced = rng.random() < (0.85 if demo.zone == "key" else 0.45)
    plan = AccountPlan(
        workspace=shared.workspace,
        account=account,
        title=str(year),
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
        status=PlanStatus.ACTIVE,
        reviewed_on=today - timedelta(days=rng.randint(3, 150)) if rng.random() < 0.85 else None,
        agreed_with_client=rng.random() < (0.7 if demo.zone == "key" else 0.25),
        current_volume=booked(volume),
        planned_revenue=Decimal(planned),
        client_total_spend=Decimal(spend) if spend else None,
        planned_share_of_wallet=round(min(100.0, 100 * planned / spend), 1) if spend else None,
        price_or_value=priority.value,
        loyalty=loyalty,
        resource_owner=rng.choice([shared.director, *demo.team]) if resourced else None,
        capacity_note=demo.text(rng.choice(texts.CAPACITY_NOTES)) if resourced else "",
        created_by=demo.owner,
    )
    rows.plans.append(plan)
    values: dict[str, Any] = {
        "company": account.name,
        "competitor": rivals[0] if rivals else "",
        "chief": cast.chief,
        "finance": cast.finance,
        "buyer": cast.buyer,
        "technical": cast.technical,
        "champion": cast.champion,
        "owner": demo.owner.full_name,
        "year": year,
        "volume": amount_text(volume, account.currency, demo.language),
        "planned": amount_text(planned, account.currency, demo.language),
        "growth": percent_change(planned, volume),
        "share": round(100 * planned / spend) if spend else "",
        "share_target": min(95, round(100 * planned / spend) + 5) if spend else 40,
        "months": money.months_with_orders,
        "trend": demo.text(texts.VOLUME_TRENDS[demo.trend]),
        **industry(demo),
    }
    values["importance"] = demo.text(texts.IMPORTANCE_BY_ZONE[demo.zone], **values)
    risks = _risks(rng, demo, shared, rows, plan, cast, values)
    values["risks"] = [risk.description for risk in risks[:3]]
    _answers(rng, demo, shared, rows, plan, cast, values)
    _objectives(rng, demo, shared, rows, plan, values, year)
    _actions(rng, demo, shared, rows, plan, values)
    last_year_target = float(booked((money.last_year or volume) * rng.uniform(0.95, 1.15)))
    rows.targets += [
        RevenueTarget(account=account, year=year, amount=Decimal(planned)),
        RevenueTarget(account=account, year=year - 1, amount=Decimal(last_year_target)),
    ]
    if rng.random() < 0.5:
        _last_years_plan(rng, demo, shared, rows, cast, values, money, last_year_target)


def _last_years_plan(rng, demo, shared, rows, cast, values, money, target) -> None:
    year = shared.today.year - 1
    plan = AccountPlan(
        workspace=shared.workspace,
        account=demo.account,
        title=str(year),
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
        status=PlanStatus.ARCHIVED,
        reviewed_on=date(year, rng.randint(2, 11), rng.randint(1, 28)),
        current_volume=booked(money.last_year * rng.uniform(0.8, 0.95))
        if money.last_year
        else None,
        planned_revenue=Decimal(target),
        loyalty=int(clip(round(1 + demo.score("relationship") / 25 + rng.gauss(0, 0.7)), 1, 5)),
        created_by=demo.owner,
    )
    rows.plans.append(plan)
    last = {
        **values,
        "year": year,
        "planned": amount_text(target, demo.account.currency, demo.language),
    }
    _answers(rng, demo, shared, rows, plan, cast, last, archived=True)
    _objectives(rng, demo, shared, rows, plan, last, year, count=rng.randint(2, 3))


# Questions whose answers quote this year's figures: an old plan leaves them out.
CURRENT_FIGURES = frozenset({"current_volume", "planned_revenue", "risk"})


def _answers(rng, demo, shared, rows, plan, cast, values, *, archived=False) -> None:
    """Answers to 6–11 of the questions (4–8 in an old plan): the better we know the
    client, the more."""
    questions = shared.questions
    if archived:
        questions = [q for q in questions if q.key not in CURRENT_FIGURES]
    fewest, most = (4, 8) if archived else (6, 11)
    known = fewest + (most - fewest) * demo.score("client_knowledge") / 100 + rng.gauss(0, 1)
    count = min(int(clip(round(known), fewest, most)), len(questions))
    for question in sorted(rng.sample(questions, count), key=lambda q: q.position):
        rows.answers.append(
            PlanAnswer(
                plan=plan,
                question=question,
                text=_answer(rng, demo, question.key, plan, cast, values),
                updated_by=demo.owner,
            )
        )


def _answer(rng, demo: DemoAccount, key: str, plan: AccountPlan, cast: Cast, values) -> str:
    if key in texts.ANSWERS:
        pair = rng.choice(texts.ANSWERS[key])
    elif key == "price_or_value":
        pair = texts.PRICE_OR_VALUE_ANSWERS[plan.price_or_value or "balanced"]
    elif key == "loyalty":
        pair = texts.LOYALTY_ANSWERS[min(2, max(0, (plan.loyalty or 3) - 2))]
    elif key == "access_to_key_people":
        tone = "lone" if cast.lone else "strong" if cast.executive_tie else "weak"
        pair = texts.ACCESS_ANSWERS[tone]
    elif key == "decision_process":
        process = "lone" if cast.lone else "no_finance" if cast.finance == cast.chief else "mapped"
        pair = texts.DECISION_ANSWERS[process]
    elif key == "planned_revenue":
        pair = texts.PLANNED_REVENUE_ANSWERS["with_share" if values["share"] else "without_share"]
    elif key == "risk":
        pair = texts.RISK_ANSWER
    else:
        pair = texts.GENERIC_ANSWER
    # Answers are stored as HTML: the names and numbers that go in are text.
    escaped = {name: escape(str(value)) for name, value in values.items()}
    escaped["items"] = "".join(f"<li>{escape(risk)}</li>" for risk in values["risks"])
    return demo.text(pair, **escaped)


def _objectives(rng, demo, shared, rows, plan, values, year, *, count=None) -> None:
    count = count or rng.randint(2, 4)
    success = 0.75 if demo.zone == "key" else 0.5
    for title, measure, target in rng.sample(texts.OBJECTIVES, count):
        month = rng.choice([3, 6, 9, 12])
        due = date(year, month, 30 if month in (6, 9) else 31)
        if due < shared.today:
            status = ObjectiveStatus.ACHIEVED if rng.random() < success else ObjectiveStatus.MISSED
        else:
            at_risk = 1 if demo.zone == "key" else 3
            status = rng.choices(
                [ObjectiveStatus.OPEN, ObjectiveStatus.ON_TRACK, ObjectiveStatus.AT_RISK],
                weights=[3, 4, at_risk],
            )[0]
        rows.objectives.append(
            Objective(
                plan=plan,
                title=demo.text(title, **values),
                measure=demo.text(measure, **values),
                target=demo.text(target, **values),
                due_on=due,
                status=status,
            )
        )


def _actions(rng, demo, shared, rows, plan, values) -> None:
    """3–7 actions: the first done, usually one overdue, the others done, overdue or
    coming up, owned by the account's people and the director."""
    today = shared.today
    people = [*demo.team, shared.director]
    weights = [3] + [1] * (len(people) - 1)  # The account manager owns most.
    for n, (title, rule) in enumerate(rng.sample(texts.ACTIONS, rng.randint(3, 7))):
        state = "done" if n == 0 else "overdue" if n == 1 and rng.random() < 0.7 else None
        state = state or rng.choices(["done", "overdue", "upcoming"], weights=[3, 1, 4])[0]
        done_on = None
        if state == "done":
            due = today - timedelta(days=rng.randint(10, 150))
            done_on = min(today, due + timedelta(days=rng.randint(-7, 10)))
        elif state == "overdue":
            due = today - timedelta(days=rng.randint(3, 60))
        else:
            due = today + timedelta(days=rng.randint(5, 90))
        rows.actions.append(
            Action(
                workspace=shared.workspace,
                account=demo.account,
                plan=plan if rng.random() < 0.8 else None,
                title=demo.text(title, **values),
                owner=rng.choices(people, weights=weights)[0],
                due_on=due if state != "upcoming" or rng.random() < 0.9 else None,
                done_on=done_on,
                rule=rule,
            )
        )


def _risks(rng, demo, shared, rows, plan, cast, values) -> list[Risk]:
    specs = rng.sample(texts.RISKS, rng.randint(1, 4))
    if cast.lone:
        specs = [texts.LONE_RISK, *specs[:3]]
    risks = [
        Risk(
            plan=plan,
            description=demo.text(description, **values),
            likelihood=rng.randint(1, 5),
            impact=rng.randint(2, 5),
            owner=rng.choice([*demo.team, shared.director]),
            mitigation=demo.text(mitigation),
            closed=rng.random() < 0.15,
        )
        for description, mitigation in specs
    ]
    rows.risks.extend(risks)
    return risks
