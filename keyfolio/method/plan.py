"""The account-plan questions (METHOD.md §4) and the playbook rules (§5) as data.

A workspace copies the questions into its own editable template; the rules are
the six of the article, referred to by number everywhere (actions, activities,
recommendations).
"""

import math
from dataclasses import dataclass
from enum import IntEnum


@dataclass(frozen=True)
class QuestionSpec:
    key: str
    text_en: str
    text_ru: str


DEFAULT_QUESTIONS: tuple[QuestionSpec, ...] = (
    QuestionSpec(
        "how_we_differ",
        "How do we differ from other suppliers from the client's point of view?",
        "Чем мы отличаемся от других поставщиков с точки зрения клиента?",
    ),
    QuestionSpec(
        "complex_solution",
        "Can we offer a complex solution, and what are its advantages?",
        "Можем ли мы предложить «комплексное решение» и в чём его преимущества?",
    ),
    QuestionSpec(
        "solution_weaknesses",
        "Does our complex solution have weak points?",
        "Есть ли у нашего комплексного решения слабые места?",
    ),
    QuestionSpec(
        "price_or_value",
        "What is the client's priority: price or value?",
        "Что для клиента приоритетно: цена или ценность?",
    ),
    QuestionSpec("loyalty", "How loyal is the client to us?", "Насколько клиент лоялен к нам?"),
    QuestionSpec(
        "access_to_key_people",
        "What level of access to the client's key people do we have, and can we improve it?",
        "Какой у нас уровень доступа к ключевым лицам клиента и можем ли мы его улучшить?",
    ),
    QuestionSpec(
        "decision_process",
        "What is the decision-making process?",
        "Каков процесс принятия решений?",
    ),
    QuestionSpec(
        "planned_revenue",
        "What absolute and relative revenue do we plan to get from the client?",
        "Какой абсолютный и относительный объём выручки мы планируем получить от клиента?",
    ),
    QuestionSpec(
        "importance",
        "How important is the client for our business? Target industry or sector.",
        "Насколько клиент важен для нашего бизнеса? Целевая отрасль или сектор.",
    ),
    QuestionSpec(
        "current_volume",
        "What is the current volume of our business with the client?",
        "Каков текущий объём нашего бизнеса с клиентом?",
    ),
    QuestionSpec(
        "risk",
        "What is our risk in working with the client?",
        "Каков наш риск в работе с клиентом?",
    ),
)


class Rule(IntEnum):
    """The six rules of key account work (METHOD.md §5)."""

    LEADERSHIP = 1  # Leadership attention: executive relationships.
    JOINT_STRATEGY = 2  # A joint development strategy.
    NEEDS_AND_SOLUTIONS = 3  # Help the client find needs and solutions.
    RESOURCES = 4  # Control our own resources.
    SATISFACTION = 5  # Coordinate and track satisfaction.
    INTELLIGENCE = 6  # Know their business.


def share_of_wallet(our_revenue: float | None, client_spend: float | None) -> float | None:
    """Our revenue as a share (0..1) of the client's total spend in our category.

    None when either figure is unknown, the spend is not positive or our revenue is
    negative (credit notes outweighing sales: no share to speak of), or when the
    figures are too far apart to divide (a spend of 1e-300). It may exceed 1 when the
    spend estimate is too low; the caller shows that as a data problem rather than
    clipping it silently.
    """
    if our_revenue is None or client_spend is None or client_spend <= 0 or our_revenue < 0:
        return None
    share = our_revenue / client_spend
    return share if math.isfinite(share) else None
