"""Meetings for some demo accounts: a few coming up with their call plans, a few held with
their outcomes, so that the Meetings tab, the meeting brief and rule 2's win-win terms
have something to show. A generator of its own (seeded from the demo's seed), so that
every other demo figure stays what it was; a fixed number, so that a benchmark's large
demo workspace does not pay for a meeting per account."""

import random
from collections.abc import Sequence
from datetime import date, timedelta

from django.utils import translation

from keyfolio.demo.dossiers import DemoAccount
from keyfolio.meetings.models import OutcomeChoice
from keyfolio.meetings.services import NextStep, meeting_outcome_record, meeting_plan
from keyfolio.stakeholders.models import Contact

MEETINGS = 10
PEOPLE = 3  # of theirs at each meeting, the most influential first

# (purpose, our primary objective, our fallback, what the client wins, what we offer,
# what we can concede), in English and in Russian.
PLANS = {
    "en": (
        (
            "Renewal of next year's framework agreement",
            "Sign the framework for next year at this year's prices",
            "Agree the volumes; prices at the next meeting",
            "Guaranteed delivery slots in the peak season",
            "A second service engineer on site",
            "Payment in 45 days instead of 30",
        ),
        (
            "Joint roadmap for the next three years",
            "Agree three joint projects and their owners",
            "Agree a pilot project for the spring",
            "A roadmap their board can approve in one sitting",
            "Our engineers at their planning workshop",
            "The pilot at cost",
        ),
    ),
    "ru": (
        (
            "Продление рамочного договора на следующий год",
            "Подписать рамочный договор на следующий год по ценам этого года",
            "Согласовать объёмы; цены — на следующей встрече",
            "Гарантированные окна поставки в сезон",
            "Второй сервисный инженер на площадке",
            "Оплата через 45 дней вместо 30",
        ),
        (
            "Совместная дорожная карта на три года",
            "Согласовать три совместных проекта и их ответственных",
            "Согласовать пилотный проект на весну",
            "Дорожная карта, которую их совет директоров утвердит за одно заседание",
            "Наши инженеры на их стратегической сессии",
            "Пилот по себестоимости",
        ),
    ),
}
HELD_TEXTS = {
    "en": ("They accept the volumes; prices are for the CFO to approve.", "Send the offer"),
    "ru": ("Объёмы устраивают; цены должен утвердить финансовый директор.", "Отправить КП"),
}
TEXT_FIELDS = (
    "purpose",
    "primary_objective",
    "fallback_objective",
    "client_win",
    "offer",
    "concessions",
)
PLACES = {"en": "Their office, meeting room 2", "ru": "У клиента, переговорная 2"}


def demo_meetings_create(
    *, accounts: Sequence[DemoAccount], seed: int, today: date
) -> tuple[int, int]:
    """Meetings with some key and target accounts: two in five held, with their outcomes,
    the others coming up in the next days; (coming up, held)."""
    rng = random.Random(f"meetings-{seed}")
    courted = [demo for demo in accounts if demo.zone in {"key", "target"}]
    chosen = rng.sample(courted, min(len(courted), MEETINGS))
    held, coming = chosen[: len(chosen) * 2 // 5], chosen[len(chosen) * 2 // 5 :]
    for demo in coming:
        _meeting(rng, demo, on=today + timedelta(days=rng.randint(1, 12)), today=today)
    for demo in held:
        plan = _meeting(rng, demo, on=today - timedelta(days=rng.randint(10, 120)), today=today)
        said, step = HELD_TEXTS[demo.language]
        with translation.override(demo.language):
            meeting_outcome_record(
                plan=plan,
                by=demo.team[0],
                primary_outcome=rng.choice([OutcomeChoice.MET, OutcomeChoice.PARTLY]),
                client_said=said,
                next_steps=[NextStep(step, today + timedelta(days=rng.randint(3, 20)))],
                today=today,
            )
    return len(coming), len(held)


def _meeting(rng: random.Random, demo: DemoAccount, *, on: date, today: date):
    texts = dict(zip(TEXT_FIELDS, rng.choice(PLANS[demo.language]), strict=True))
    texts["place"] = PLACES[demo.language]
    people = Contact.objects.filter(account=demo.account, active=True).order_by("-influence", "pk")[
        :PEOPLE
    ]
    # The suggested questions, objections and reminders in the account's language.
    with translation.override(demo.language):
        return meeting_plan(
            account=demo.account,
            by=demo.team[0],
            on=on,
            our_people=demo.team[:1],
            their_people=people,
            today=today,
            **texts,
        )
