"""The default criteria catalog (METHOD.md §1).

Each criterion is scored 0..100 where 100 is the best case for us. The guide says
what 0, 50 and 100 mean so that two managers score the same client alike.
A workspace copies this catalog into its first methodology version and may then
edit it; the catalog itself never changes meaning once shipped.
"""

from dataclasses import dataclass
from enum import StrEnum


class Axis(StrEnum):
    CLIENT = "client"  # How attractive the client is (Позиция клиента), the y axis.
    OUR = "our"  # How strong we are with the client (Наша позиция), the x axis.


AXES = (Axis.CLIENT, Axis.OUR)


@dataclass(frozen=True)
class CriterionSpec:
    key: str
    axis: Axis
    label_en: str
    label_ru: str
    guide_en: str
    guide_ru: str


def _c(key: str, axis: Axis, en: str, ru: str, guide_en: str, guide_ru: str) -> CriterionSpec:
    return CriterionSpec(key, axis, en, ru, guide_en, guide_ru)


C, U = Axis.CLIENT, Axis.OUR  # U for "us"

DEFAULT_CRITERIA: tuple[CriterionSpec, ...] = (
    _c(
        "client_growth",
        C,
        "Client's growth rate",
        "Темп роста клиента",
        "0: shrinking · 50: growing with its market · 100: growing much faster than its market",
        "0: сокращается · 50: растёт вместе с рынком · 100: растёт намного быстрее рынка",
    ),
    _c(
        "client_potential",
        C,
        "Client's development level and potential",
        "Уровень развития клиента, его потенциал",
        "0: no room to buy more from anyone · 50: some unmet needs · "
        "100: large, developing business with many needs we could serve",
        "0: расти некуда · 50: есть отдельные неудовлетворённые потребности · "
        "100: крупный развивающийся бизнес со множеством потребностей, которые мы можем закрыть",
    ),
    _c(
        "client_competition",
        C,
        "Competition at the client (100 % = little)",
        "Величина конкуренции у клиента (100 % = мало)",
        "0: many strong suppliers fight for every order · 50: two or three serious rivals · "
        "100: no serious competition",
        "0: множество сильных поставщиков борются за каждый заказ · 50: два-три серьёзных "
        "конкурента · 100: серьёзной конкуренции нет",
    ),
    _c(
        "profitability",
        C,
        "Profitability of the business with the client",
        "Доходность",
        "0: we lose money on this client · 50: our average margin · 100: well above our average",
        "0: работаем в убыток · 50: наша средняя маржа · 100: намного выше средней",
    ),
    _c(
        "need_for_us",
        C,
        "The client's need for us as a supplier",
        "Потребность в нас, как в поставщике",
        "0: we are easy to replace · 50: switching would cost them some effort · "
        "100: they depend on what only we provide",
        "0: нас легко заменить · 50: замена потребует от клиента усилий · "
        "100: клиент зависит от того, что даём только мы",
    ),
    _c(
        "strategic_importance",
        C,
        "Strategic importance",
        "Стратегическая важность",
        "0: no importance beyond its revenue · 50: a useful reference in our target segment · "
        "100: opens a market or shapes our offer",
        "0: важен только выручкой · 50: полезная рекомендация в целевом сегменте · "
        "100: открывает рынок или определяет наше предложение",
    ),
    _c(
        "external_dependence",
        C,
        "Dependence on external factors (100 % = little)",
        "Зависимость от внешних факторов (100 % = мало)",
        "0: its business hangs on regulation, prices or one customer · 50: exposed to the "
        "usual market swings · 100: stable whatever happens outside",
        "0: бизнес зависит от регулирования, цен или одного покупателя · 50: подвержен "
        "обычным колебаниям рынка · 100: устойчив при любых внешних событиях",
    ),
    _c(
        "purchase_frequency",
        U,
        "Purchase frequency",
        "Частота покупок",
        "0: bought once or never · 50: a few orders a year · 100: orders every month",
        "0: купил однажды или ни разу · 50: несколько заказов в год · 100: заказывает каждый месяц",
    ),
    _c(
        "client_knowledge",
        U,
        "Our knowledge of the client",
        "Знание клиента",
        "0: we know little beyond the name · 50: we know their business and main needs · "
        "100: we know their strategy, budget and decision process",
        "0: знаем немногим больше названия · 50: знаем бизнес и основные потребности · "
        "100: знаем стратегию, бюджет и процесс принятия решений",
    ),
    _c(
        "relationship",
        U,
        "Relationship with the client",
        "Отношения с клиентом",
        "0: cold or hostile · 50: correct and businesslike · 100: trusted partner, "
        "they call us first",
        "0: холодные или враждебные · 50: ровные деловые · 100: доверенный партнёр, "
        "звонят нам первыми",
    ),
    _c(
        "contact_count",
        U,
        "Number of contact persons",
        "Количество контактных лиц",
        "0: one contact · 50: several contacts in one department · "
        "100: contacts at every level, decision makers included",
        "0: один контакт · 50: несколько контактов в одном подразделении · "
        "100: контакты на всех уровнях, включая лиц, принимающих решения",
    ),
    _c(
        "prices",
        U,
        "Our prices (competitiveness)",
        "Цены",
        "0: clearly above the market for the same value · 50: in line with rivals · "
        "100: best value on the market",
        "0: явно дороже рынка при той же ценности · 50: на уровне конкурентов · "
        "100: лучшее соотношение цены и ценности",
    ),
    _c(
        "reputation",
        U,
        "Our company's reputation",
        "Репутация нашей компании",
        "0: unknown or badly seen by the client · 50: known and respected · "
        "100: the reference supplier in the client's eyes",
        "0: клиент нас не знает или относится плохо · 50: известны и уважаемы · "
        "100: эталонный поставщик в глазах клиента",
    ),
    _c(
        "service_quality",
        U,
        "Quality of additional services",
        "Качество дополнительных услуг",
        "0: complaints go unanswered · 50: service as agreed · "
        "100: service the client praises and rivals cannot match",
        "0: жалобы остаются без ответа · 50: сервис как договорились · "
        "100: сервис, который клиент хвалит и конкуренты не могут повторить",
    ),
    _c(
        "competitive_advantages",
        U,
        "Our competitive advantages",
        "Конкурентные преимущества",
        "0: nothing sets us apart · 50: an advantage the client notices · "
        "100: several advantages the client values and pays for",
        "0: ничем не выделяемся · 50: одно преимущество, которое клиент замечает · "
        "100: несколько преимуществ, которые клиент ценит и за которые платит",
    ),
)
