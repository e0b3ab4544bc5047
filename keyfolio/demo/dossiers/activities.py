"""The demo accounts' activity logs: meetings, calls, reviews and proposals over the
last ten months, busier and more senior for key accounts, sparse for the ones to
reconsider, so that the playbook and the attention list have a story to tell."""

import random
from datetime import timedelta

from keyfolio.activities.models import Activity
from keyfolio.demo.dossiers.records import DemoAccount, Rows, Shared, weighted
from keyfolio.method.activities import KIND_RULES, ActivityKind
from keyfolio.method.plan import Rule
from keyfolio.plans.models import Action
from keyfolio.stakeholders.models import Contact

K = ActivityKind
# How many activities an account of each zone has had in the last ten months.
COUNT_BY_ZONE = {"key": (7, 12), "target": (5, 9), "maintain": (4, 8), "reconsider": (1, 4)}
KIND_WEIGHTS = (
    (K.MEETING, 6),
    (K.CALL, 6),
    (K.EMAIL, 3),
    (K.EXECUTIVE_MEETING, 2),
    (K.BUSINESS_REVIEW, 2),
    (K.PROPOSAL, 2),
    (K.STRATEGY_SESSION, 1),
    (K.SEMINAR, 1),
    (K.CONFERENCE, 1),
    (K.INFORMAL_EVENT, 1),
)
SUMMARIES: dict[ActivityKind, tuple[str, str]] = {
    K.MEETING: (
        "Went through open orders and the delivery plan.",
        "Обсудили открытые заказы и график поставок.",
    ),
    K.CALL: (
        "Call about the next order and payment terms.",
        "Звонок по следующему заказу и условиям оплаты.",
    ),
    K.EMAIL: (
        "Sent the updated price list and the service terms.",
        "Отправили обновлённый прайс-лист и условия сервиса.",
    ),
    K.EXECUTIVE_MEETING: (
        "Our director met their general director: priorities for next year.",
        "Наш директор встретился с генеральным: приоритеты на следующий год.",
    ),
    K.BUSINESS_REVIEW: (
        "Quarterly review: service levels, complaints, what to improve.",
        "Квартальный обзор: уровень сервиса, жалобы, что улучшить.",
    ),
    K.PROPOSAL: (
        "Proposed a service contract for the new production line.",
        "Предложили сервисный контракт для новой производственной линии.",
    ),
    K.STRATEGY_SESSION: (
        "Joint session on the three-year development plan.",
        "Совместная сессия по плану развития на три года.",
    ),
    K.SEMINAR: (
        "Their engineers attended our seminar on predictive maintenance.",
        "Их инженеры были на нашем семинаре по предиктивному обслуживанию.",
    ),
    K.CONFERENCE: (
        "Met their team at the industry conference.",
        "Встретились с их командой на отраслевой конференции.",
    ),
    K.INFORMAL_EVENT: (
        "Dinner with their management after the plant visit.",
        "Ужин с руководством после визита на завод.",
    ),
}
NEXT_STEPS = (
    (
        "Send the meeting notes and the revised offer",
        "Отправить протокол и обновлённое предложение",
    ),
    ("Agree the date of the next review", "Согласовать дату следующего обзора"),
    (
        "Prepare a reference visit to another client",
        "Организовать референс-визит к другому клиенту",
    ),
)


def activities_create(
    rng: random.Random, demo: DemoAccount, shared: Shared, rows: Rows, contacts: list[Contact]
) -> None:
    """The account's activities, newest last, with who took part and the rules served;
    the newest ones may have a next step, which becomes an action as in the app."""
    if not contacts:
        return
    low, high = COUNT_BY_ZONE[demo.zone]
    days = sorted(rng.sample(range(3, 300), rng.randint(low, high)), reverse=True)
    chief = contacts[0]
    for n, days_ago in enumerate(days):
        kind = weighted(rng, KIND_WEIGHTS)[0]
        # Key accounts get their director's attention recently (rule 1 of the playbook).
        if demo.zone == "key" and n == len(days) - 1 and rng.random() < 0.8:
            kind = K.EXECUTIVE_MEETING
        executive = kind in (K.EXECUTIVE_MEETING, K.INFORMAL_EVENT, K.STRATEGY_SESSION)
        ours = [demo.owner, shared.director] if executive else [demo.owner]
        theirs = (
            [chief] if executive else rng.sample(contacts, min(len(contacts), rng.randint(1, 2)))
        )
        rules = set(KIND_RULES[kind])
        if kind == K.MEETING and rng.random() < 0.3:
            rules.add(rng.choice([Rule.SATISFACTION, Rule.INTELLIGENCE]))
        occurred_on = shared.today - timedelta(days=days_ago)
        activity = Activity(
            workspace=shared.workspace,
            account=demo.account,
            kind=kind.value,
            occurred_on=occurred_on,
            summary=demo.text(SUMMARIES[kind]),
            created_by=demo.owner,
        )
        if n >= len(days) - 2 and rng.random() < 0.6:
            _next_step(rng, demo, shared, rows, activity, rules)
        rows.activities.append((activity, ours, theirs, sorted(rules)))


def _next_step(rng, demo: DemoAccount, shared: Shared, rows: Rows, activity, rules) -> None:
    activity.next_step = demo.text(rng.choice(NEXT_STEPS))
    activity.next_step_due = activity.occurred_on + timedelta(days=rng.randint(7, 30))
    action = Action(
        workspace=shared.workspace,
        account=demo.account,
        title=activity.next_step,
        owner=demo.owner,
        due_on=activity.next_step_due,
        rule=min(rules) if rules else None,
    )
    # A next step from long ago has been done; a recent one may still be open.
    if activity.next_step_due < shared.today - timedelta(days=10):
        action.done_on = activity.next_step_due
    rows.actions.append(action)
    activity.next_action = action
