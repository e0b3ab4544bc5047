"""The default catalog of recommended actions, and which criteria are the weakest.

Every criterion of the default catalog (keyfolio.method.criteria) and every playbook
check (keyfolio.method.playbook.Check) has a few concrete next steps, written as
actions someone can put in their diary, in English and Russian. A workspace copies
this catalog into its own editable rows when it is created (or the first time the
playbook needs it) and may then reword, add or retire suggestions.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from keyfolio.method.plan import Rule
from keyfolio.method.playbook import CHECK_RULE, Check


@dataclass(frozen=True)
class Suggestion:
    text_en: str
    text_ru: str


def _s(en: str, ru: str) -> Suggestion:
    return Suggestion(en, ru)


# The rule an action taken on a weak criterion serves, so that a suggestion turned
# into an action lands in the right place of the playbook. Prices are commercial
# terms rather than one of the six rules.
CRITERION_RULE: dict[str, Rule | None] = {
    "client_growth": Rule.INTELLIGENCE,
    "client_potential": Rule.NEEDS_AND_SOLUTIONS,
    "client_competition": Rule.INTELLIGENCE,
    "profitability": Rule.RESOURCES,
    "need_for_us": Rule.NEEDS_AND_SOLUTIONS,
    "strategic_importance": Rule.JOINT_STRATEGY,
    "external_dependence": Rule.INTELLIGENCE,
    "purchase_frequency": Rule.NEEDS_AND_SOLUTIONS,
    "client_knowledge": Rule.INTELLIGENCE,
    "relationship": Rule.LEADERSHIP,
    "contact_count": Rule.SATISFACTION,
    "prices": None,
    "reputation": Rule.LEADERSHIP,
    "service_quality": Rule.SATISFACTION,
    "competitive_advantages": Rule.NEEDS_AND_SOLUTIONS,
}

CRITERION_SUGGESTIONS: dict[str, tuple[Suggestion, ...]] = {
    "client_growth": (
        _s(
            "Ask the client's management about its growth plans for the next two years "
            "and note them in the intelligence.",
            "Расспросить руководство клиента о планах роста на ближайшие два года "
            "и записать их в заметки о клиенте.",
        ),
        _s(
            "Compare the client's growth with its market's from its reports and industry data.",
            "Сравнить темпы роста клиента с ростом его рынка по отчётности и отраслевым данным.",
        ),
    ),
    "client_potential": (
        _s(
            "Map the client's unmet needs by buying centre in the whitespace grid.",
            "Отметить неудовлетворённые потребности клиента по закупающим подразделениям "
            "на карте возможностей.",
        ),
        _s(
            "Hold a needs workshop with the client's operations team.",
            "Провести с операционной командой клиента рабочую встречу по выявлению потребностей.",
        ),
        _s(
            "Identify two products or services the client could start buying from us.",
            "Определить два продукта или услуги, которые клиент мог бы начать покупать у нас.",
        ),
    ),
    "client_competition": (
        _s(
            "Find out which suppliers compete for this client and record their estimated shares.",
            "Выяснить, какие поставщики конкурируют за этого клиента, и записать их "
            "оценочные доли.",
        ),
        _s(
            "Write down how we win against the strongest competitor at this client.",
            "Сформулировать, за счёт чего мы выигрываем у самого сильного конкурента "
            "у этого клиента.",
        ),
    ),
    "profitability": (
        _s(
            "Review the margin and the cost to serve this client over the last 12 months.",
            "Проанализировать маржу и затраты на обслуживание клиента за последние 12 месяцев.",
        ),
        _s(
            "Prepare a value-based offer that replaces discounts with services the client "
            "pays for.",
            "Подготовить предложение, построенное на ценности: вместо скидок — услуги, "
            "за которые клиент платит.",
        ),
    ),
    "need_for_us": (
        _s(
            "Propose a solution that ties our offer into the client's processes "
            "(integration, stock, service).",
            "Предложить решение, которое встраивает наше предложение в процессы клиента "
            "(интеграция, склад, сервис).",
        ),
        _s(
            "Ask the client what it would miss if it stopped working with us.",
            "Спросить клиента, чего ему не хватило бы, если бы он перестал работать с нами.",
        ),
    ),
    "strategic_importance": (
        _s(
            "Agree with our management what role this client plays in our strategy.",
            "Согласовать с нашим руководством, какую роль этот клиент играет в нашей стратегии.",
        ),
        _s(
            "Ask the client to become a reference or a joint case study in its segment.",
            "Предложить клиенту стать референсом или совместным кейсом в своём сегменте.",
        ),
    ),
    "external_dependence": (
        _s(
            "List the outside factors the client depends on (regulation, prices, key "
            "customers) and how they are moving.",
            "Перечислить внешние факторы, от которых зависит клиент (регулирование, цены, "
            "ключевые покупатели), и оценить, как они меняются.",
        ),
        _s(
            "Discuss with the client how we can help it reduce its exposure to these risks.",
            "Обсудить с клиентом, как мы можем помочь ему снизить зависимость от этих рисков.",
        ),
    ),
    "purchase_frequency": (
        _s(
            "Offer a framework agreement or a regular delivery schedule.",
            "Предложить рамочный договор или график регулярных поставок.",
        ),
        _s(
            "Set up a quarterly review of the client's upcoming purchases.",
            "Договориться о ежеквартальном обзоре предстоящих закупок клиента.",
        ),
    ),
    "client_knowledge": (
        _s(
            "Update the client's goals, budget and decision process in the intelligence notes.",
            "Обновить в заметках о клиенте его цели, бюджет и процесс принятия решений.",
        ),
        _s(
            "Read the client's latest annual report and presentations and note three key points.",
            "Изучить последний годовой отчёт и презентации клиента и записать три главных вывода.",
        ),
        _s(
            "Answer the open questions of the account plan with the account team.",
            "Ответить вместе с командой на открытые вопросы плана по клиенту.",
        ),
    ),
    "relationship": (
        _s(
            "Arrange an informal meeting between our management and the client's.",
            "Организовать неформальную встречу руководителей нашей компании и клиента.",
        ),
        _s(
            "Invite the client's key people to our seminar or a partner event.",
            "Пригласить ключевых людей клиента на наш семинар или партнёрское мероприятие.",
        ),
    ),
    "contact_count": (
        _s(
            "Meet two new people at the client: a user and someone from finance or purchasing.",
            "Познакомиться с двумя новыми людьми у клиента: с пользователем и с кем-то "
            "из финансов или закупок.",
        ),
        _s(
            "Give each key contact of the client a named counterpart on our side.",
            "Закрепить за каждым ключевым контактом клиента конкретного сотрудника "
            "с нашей стороны.",
        ),
    ),
    "prices": (
        _s(
            "Compare our prices with the competitors' offers the client received.",
            "Сравнить наши цены с предложениями конкурентов, которые получил клиент.",
        ),
        _s(
            "Prepare a total cost of ownership comparison that shows our value beyond the price.",
            "Подготовить расчёт совокупной стоимости владения, который показывает нашу "
            "ценность помимо цены.",
        ),
    ),
    "reputation": (
        _s(
            "Share a case study or a reference from a similar client.",
            "Поделиться кейсом или отзывом похожего клиента.",
        ),
        _s(
            "Invite the client to visit our site or a showcase project.",
            "Пригласить клиента посетить наше производство или показательный проект.",
        ),
    ),
    "service_quality": (
        _s(
            "Ask the client for feedback on our service and agree on two improvements.",
            "Запросить у клиента отзыв о нашем сервисе и согласовать два улучшения.",
        ),
        _s(
            "Go through open complaints and service incidents with our delivery team.",
            "Разобрать с нашей службой исполнения открытые рекламации и инциденты.",
        ),
    ),
    "competitive_advantages": (
        _s(
            "Write down the three advantages the client values most and check them "
            "with the client.",
            "Сформулировать три преимущества, которые клиент ценит больше всего, "
            "и проверить их у клиента.",
        ),
        _s(
            "Present a complex solution that no single competitor can match.",
            "Представить комплексное решение, которое не может повторить ни один конкурент "
            "в одиночку.",
        ),
    ),
}

CHECK_SUGGESTIONS: dict[Check, tuple[Suggestion, ...]] = {
    Check.EXECUTIVE_CONTACT: (
        _s(
            "Arrange a meeting between our management and the client's top executives.",
            "Организовать встречу нашего руководства с первыми лицами клиента.",
        ),
        _s(
            "Invite the client's executives to a seminar, a conference or an informal event.",
            "Пригласить руководителей клиента на семинар, конференцию или неформальное "
            "мероприятие.",
        ),
    ),
    Check.JOINT_STRATEGY: (
        _s(
            "Review the account plan with the client's management and agree it together.",
            "Пересмотреть план по клиенту вместе с его руководством и согласовать его.",
        ),
        _s(
            "Schedule a strategy session with the client.",
            "Назначить стратегическую сессию с клиентом.",
        ),
    ),
    Check.NEW_OFFER: (
        _s(
            "Prepare a proposal for a product or service the client does not buy from us yet.",
            "Подготовить предложение по продукту или услуге, которые клиент у нас ещё не покупает.",
        ),
        _s(
            "Present a new solution at the next meeting with the client.",
            "Представить новое решение на следующей встрече с клиентом.",
        ),
    ),
    Check.RESOURCES: (
        _s(
            "Name a resource owner and describe our capacity for this client in the plan.",
            "Назначить ответственного за ресурсы и описать в плане наши мощности "
            "и ресурсы для этого клиента.",
        ),
    ),
    Check.SATISFACTION: (
        _s(
            "Hold a business review with the client and ask how working with us goes.",
            "Провести с клиентом обзор сотрудничества и спросить, как ему работается с нами.",
        ),
        _s(
            "Ask the client's key contacts for feedback on our work.",
            "Запросить у ключевых контактов клиента обратную связь о нашей работе.",
        ),
    ),
    Check.DETRACTOR: (
        _s(
            "Call the client back about their answer and agree what we will change.",
            "Перезвонить клиенту по поводу его ответа и договориться, что мы изменим.",
        ),
    ),
    Check.INTELLIGENCE: (
        _s(
            "Update the notes on the client's market, goals and competitors.",
            "Обновить заметки о рынке клиента, его целях и конкурентах.",
        ),
        _s(
            "Check which competitors work with the client and what their shares are.",
            "Проверить, какие конкуренты работают с клиентом и каковы их доли.",
        ),
    ),
    Check.ASSESSMENT_FRESH: (
        _s(
            "Re-assess the account with the account team.",
            "Заново оценить клиента вместе с командой.",
        ),
    ),
    Check.MULTI_THREADED: (
        _s(
            "Meet at least two more people at the client, a decision maker among them.",
            "Познакомиться ещё хотя бы с двумя людьми у клиента, в том числе с лицом, "
            "принимающим решения.",
        ),
        _s(
            "Ask your main contact to introduce you to colleagues in other departments.",
            "Попросить основной контакт познакомить вас с коллегами из других подразделений.",
        ),
    ),
    Check.ZONE_HELD: (
        _s(
            "Find out why the account moved down a zone and agree a recovery plan with the team.",
            "Выяснить, почему клиент опустился в более низкую зону, и согласовать с командой "
            "план восстановления.",
        ),
        _s(
            "Discuss what changed with the client's management.",
            "Обсудить произошедшие изменения с руководством клиента.",
        ),
    ),
}


def rule_for(*, criterion_key: str = "", check_key: str = "") -> Rule | None:
    """The rule an action made from a suggestion for this criterion or check serves
    (None for a general check, prices, or a criterion the workspace added itself)."""
    if check_key:
        try:
            return CHECK_RULE[Check(check_key)]
        except ValueError:
            return None
    return CRITERION_RULE.get(criterion_key)


def weakest_criteria(scores: Iterable[tuple[str, float | None]], count: int = 3) -> list[str]:
    """The keys of the `count` lowest-scored criteria, lowest first.

    `scores` are (key, value) pairs in the methodology's order, which breaks ties.
    Criteria not assessed (None) say nothing about weakness and are left out, and so
    are perfect scores: there is nothing left to improve.
    """
    assessed = [(value, order, key) for order, (key, value) in enumerate(scores)]
    ranked = sorted(item for item in assessed if item[0] is not None and item[0] < 100)
    return [key for _value, _order, key in ranked[:count]]
