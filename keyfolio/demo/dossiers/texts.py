"""What the demo dossiers say, in English and Russian.

Each text is an (English, Russian) pair; the demo picks the one in the account's
language and fills the {placeholders} from the account (its name, people, numbers).
Russian texts name people only in the nominative (in lists, after a dash or in
brackets), so that no name ever needs declining. "We" are an industrial supplier of
equipment, spare parts and service: that fits every industry of the demo.
"""

Pair = tuple[str, str]

# Industry name as stored on the account -> (English in a sentence, Russian).
INDUSTRY_WORDS: dict[str, Pair] = {
    "Logistics": ("logistics", "Логистика"),
    "Metals & Mining": ("metals and mining", "Металлургия и добыча"),
    "Food & Agriculture": ("food and agriculture", "Пищевая промышленность и АПК"),
    "Retail": ("retail", "Розничная торговля"),
    "Energy": ("energy", "Энергетика"),
    "Pharmaceuticals": ("pharmaceuticals", "Фармацевтика"),
    "Machinery": ("machinery", "Машиностроение"),
    "Telecom & IT": ("telecom and IT", "Телеком и ИТ"),
    "Construction": ("construction", "Строительство"),
    "Chemicals": ("chemicals", "Химическая промышленность"),
}

# People ---------------------------------------------------------------------


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# (male first names, female first names, surnames in the masculine form)
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "Russia": (
        words(
            "Алексей Сергей Андрей Дмитрий Михаил Игорь Олег Николай Павел Виктор Евгений "
            "Константин Роман Владимир"
        ),
        words("Елена Ольга Наталья Татьяна Марина Светлана Ирина Юлия Анастасия Екатерина Вера"),
        words(
            "Кузнецов Смирнов Морозов Лебедев Ковалёв Орлов Никитин Захаров Зайцев Соловьёв "
            "Фролов Громов Тарасов Крылов Белозёров Жуков Савельев Гусев Киселёв Воронцов"
        ),
    ),
    "Kazakhstan": (
        words("Нурлан Ержан Данияр Асхат Сергей Алексей Тимур"),
        words("Айгуль Динара Жанна Салтанат Ольга Марина"),
        words("Ахметов Жумабаев Исмаилов Нурпеисов Сагинтаев Каримов Петров Ким"),
    ),
    "Belarus": (
        words("Александр Андрей Сергей Виталий Дмитрий Игорь"),
        words("Ольга Наталья Татьяна Алеся Ирина Юлия"),
        words("Ковальчук Новиков Кравченко Мельников Шевчук Бондарев Лукашевич Романов"),
    ),
    "Sweden": (
        words("Erik Lars Anders Johan Magnus Per"),
        words("Karin Anna Maria Sofia Elin Linnea"),
        words("Lindberg Johansson Nyström Berg Holm Sandberg Ekström Lund"),
    ),
    "Finland": (
        words("Mikko Juha Timo Antti Jari"),
        words("Laura Johanna Sanna Heidi Minna"),
        words("Virtanen Korhonen Mäkinen Nieminen Laine Heikkinen Koskinen Järvinen"),
    ),
    "Germany": (
        words("Thomas Michael Stefan Andreas Jens Markus"),
        words("Katrin Sabine Julia Claudia Anja Petra"),
        words("Müller Schneider Fischer Weber Becker Hoffmann Wagner Schulz Krüger"),
    ),
    "United Kingdom": (
        words("James Oliver David Richard Paul Simon"),
        words("Sarah Emily Rachel Helen Claire Fiona"),
        words("Taylor Brown Wilson Evans Hughes Clarke Walker Wright Harris"),
    ),
    "Netherlands": (
        words("Jan Pieter Bas Joost Maarten Ruud"),
        words("Sanne Femke Lotte Eva Anouk"),
        ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder"),
    ),
    "Norway": (
        words("Ole Knut Magnus Henrik Espen"),
        words("Ingrid Silje Kari Marte Hilde"),
        words("Hansen Olsen Larsen Solberg Haugen Bakke Dahl Strand"),
    ),
    "Poland": (
        words("Piotr Tomasz Marcin Krzysztof Paweł"),
        words("Agnieszka Katarzyna Magdalena Joanna Anna"),
        words("Nowak Kowalski Wiśniewski Wójcik Kamiński Lewandowski Zieliński Szymański"),
    ),
    "Estonia": (
        words("Andres Mart Tõnu Rein Priit"),
        words("Kadri Liis Triin Maarja Kristi"),
        words("Tamm Saar Sepp Mägi Kask Kukk Rebane Ilves"),
    ),
}

# Country -> (top-level domain, telephone prefix)
COUNTRY_CONTACT: dict[str, tuple[str, str]] = {
    "Russia": ("ru", "+7 495"),
    "Kazakhstan": ("kz", "+7 727"),
    "Belarus": ("by", "+375 17"),
    "Sweden": ("se", "+46 8"),
    "Finland": ("fi", "+358 9"),
    "Germany": ("de", "+49 30"),
    "United Kingdom": ("co.uk", "+44 20"),
    "Netherlands": ("nl", "+31 20"),
    "Norway": ("no", "+47 22"),
    "Poland": ("pl", "+48 22"),
    "Estonia": ("ee", "+372"),
}

# The hard and soft signs ("-") vanish from addresses.
CYRILLIC_TO_LATIN = {
    letter: latin.strip("-")
    for letter, latin in zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        words("a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya"),
        strict=True,
    )
}


# The top of every client's organisation, then the directors and, per department,
# the managers below them: (title, department, decision roles to draw from, influence).
CHIEF: tuple[Pair, Pair] = (
    ("Chief Executive Officer", "Генеральный директор"),
    ("Management", "Руководство"),
)
DIRECTORS: tuple[tuple[Pair, Pair, tuple[str, ...], tuple[int, int]], ...] = (
    (
        ("Procurement Director", "Директор по закупкам"),
        ("Procurement", "Закупки"),
        ("economic_buyer", "gatekeeper"),
        (3, 5),
    ),
    (
        ("Chief Financial Officer", "Финансовый директор"),
        ("Finance", "Финансы"),
        ("economic_buyer",),
        (4, 5),
    ),
    (
        ("Chief Operating Officer", "Операционный директор"),
        ("Operations", "Производство"),
        ("influencer", "technical_buyer"),
        (4, 5),
    ),
    (
        ("Technical Director", "Технический директор"),
        ("Engineering", "Инженерная служба"),
        ("technical_buyer", "influencer"),
        (3, 4),
    ),
    (("IT Director", "ИТ-директор"), ("IT", "ИТ"), ("influencer", "technical_buyer"), (2, 4)),
)
MANAGERS: dict[str, tuple[tuple[Pair, tuple[str, ...]], ...]] = {
    "Procurement": (
        (("Category Manager", "Категорийный менеджер"), ("gatekeeper", "user", "influencer")),
        (("Buyer", "Менеджер по закупкам"), ("user", "gatekeeper")),
    ),
    "Finance": ((("Financial Controller", "Финансовый контролёр"), ("influencer", "user")),),
    "Operations": (
        (("Plant Manager", "Директор завода"), ("influencer", "user", "champion")),
        (("Maintenance Manager", "Главный механик"), ("technical_buyer", "user", "champion")),
        (("Logistics Manager", "Начальник отдела логистики"), ("user",)),
    ),
    "Engineering": (
        (("Chief Engineer", "Главный инженер"), ("technical_buyer", "influencer")),
        (("Project Engineer", "Инженер проекта"), ("user",)),
    ),
    "IT": ((("Head of Infrastructure", "Руководитель отдела инфраструктуры"), ("user",)),),
}
# The one person a single-threaded account is known through.
LONE_CONTACT: tuple[Pair, Pair] = (("Buyer", "Менеджер по закупкам"), ("Procurement", "Закупки"))

CONTACT_NOTES: tuple[Pair, ...] = (
    ("Prefers short e-mails; decides fast.", "Предпочитает короткие письма, решает быстро."),
    (
        "Engineer by training: wants data, not slides.",
        "Инженер по образованию: нужны цифры, а не слайды.",
    ),
    (
        "With the company since last year, before that at a competitor.",
        "В компании с прошлого года, до этого — у конкурента.",
    ),
    ("Plays golf with our director.", "Играет в гольф с нашим директором."),
    (
        "Ask about the new line before any offer.",
        "Перед любым предложением — спросить про новую линию.",
    ),
)
RELATIONSHIP_NOTES: tuple[Pair, ...] = (
    ("Met at the industry fair", "Познакомились на отраслевой выставке"),
    ("We worked together before", "Раньше работали вместе"),
    ("Weekly calls", "Созваниваемся каждую неделю"),
    ("Met once at a tender briefing", "Виделись один раз на тендерной встрече"),
)

# The relationship stage ---------------------------------------------------------

STAGE_NOTES: dict[str, Pair] = {
    "exploratory": (
        "First contact after the industry fair",
        "Первый контакт после отраслевой выставки",
    ),
    "basic": ("First orders under a standard contract", "Первые заказы по типовому договору"),
    "cooperative": (
        "Framework contract signed; contacts on several levels",
        "Подписан рамочный договор, контакты на нескольких уровнях",
    ),
    "interdependent": (
        "Multi-year service contract; joint planning with operations",
        "Многолетний сервисный контракт, совместное планирование с производством",
    ),
    "integrated": (
        "Joint development team and shared performance targets",
        "Общая команда развития и совместные целевые показатели",
    ),
    "disintegrating": (
        "Lost the main tender; the new management is reviewing suppliers",
        "Проиграли основной тендер, новое руководство пересматривает поставщиков",
    ),
}

# The account plan -----------------------------------------------------------------

ANSWERS: dict[str, tuple[Pair, ...]] = {
    "how_we_differ": (
        (
            "<div>For {company} we are the supplier that answers fastest: a service engineer "
            "on site within 24 hours and spare parts from our own warehouse.</div><ul>"
            "<li>One contact for equipment, parts and service</li>"
            "<li>Uptime report every month</li>"
            "<li>An engineering team that knows their sites</li></ul>",
            "<div>Для компании «{company}» мы — поставщик, который реагирует быстрее всех: "
            "сервисный инженер на площадке в течение 24 часов, запчасти с нашего склада.</div><ul>"
            "<li>Одно окно по оборудованию, запчастям и сервису</li>"
            "<li>Ежемесячный отчёт о готовности оборудования</li>"
            "<li>Инженерная команда, которая знает их площадки</li></ul>",
        ),
        (
            "<div>They see us as a technical partner rather than the cheapest vendor. "
            "{competitor} is cheaper on standard items, but we win wherever commissioning "
            "and service matter.</div>",
            "<div>Нас воспринимают как технического партнёра, а не как самого дешёвого "
            "поставщика. {competitor} дешевле на стандартных позициях, но мы выигрываем "
            "везде, где важны пусконаладка и сервис.</div>",
        ),
    ),
    "complex_solution": (
        (
            "<div>Yes: equipment, installation and a multi-year service contract as one "
            "package with a single SLA. For the client this means:</div><ul>"
            "<li>a lower total cost of ownership over five years</li>"
            "<li>one accountable supplier</li>"
            "<li>a predictable maintenance budget</li></ul>",
            "<div>Да: оборудование, монтаж и многолетний сервисный контракт одним пакетом "
            "с единым SLA. Для клиента это:</div><ul>"
            "<li>ниже совокупная стоимость владения за пять лет</li>"
            "<li>один ответственный поставщик</li>"
            "<li>предсказуемый бюджет на обслуживание</li></ul>",
        ),
        (
            "<div>Partly. Spare parts and service can go under one contract; remote "
            "monitoring is not yet connected to their ERP, which is what their IT asks "
            "for.</div>",
            "<div>Частично. Запчасти и сервис можно объединить в одном договоре; удалённый "
            "мониторинг пока не связан с их ERP, а именно этого просят их ИТ.</div>",
        ),
    ),
    "solution_weaknesses": (
        (
            "<div>Lead times for large units are 14–18 weeks, longer than {competitor}'s. "
            "Our service coverage away from the main sites is thin.</div>",
            "<div>Сроки поставки крупных узлов — 14–18 недель, дольше, чем у конкурента "
            "({competitor}). Сервисное покрытие вдали от основных площадок слабое.</div>",
        ),
        (
            "<div>Weak points we know of:</div><ul>"
            "<li>no warehouse near their northern sites</li>"
            "<li>documentation only partly translated</li>"
            "<li>a higher price in the first year</li></ul>",
            "<div>Слабые места, о которых мы знаем:</div><ul>"
            "<li>нет склада рядом с их северными площадками</li>"
            "<li>документация переведена не полностью</li>"
            "<li>цена первого года выше, чем у конкурентов</li></ul>",
        ),
    ),
    "importance": (
        (
            "<div>{importance}</div>",
            "<div>{importance}</div>",
        ),
    ),
    "current_volume": (
        (
            "<div>{volume} over the last 12 months, with orders in {months} of them. {trend}</div>",
            "<div>{volume} за последние 12 месяцев, заказы — в {months} месяцах из 12. "
            "{trend}</div>",
        ),
    ),
}

PRICE_OR_VALUE_ANSWERS: dict[str, Pair] = {
    "price": (
        "<div>Price comes first: procurement runs an annual tender and compares unit prices "
        "line by line. Value arguments only work with the operations team.</div>",
        "<div>Главное — цена: закупки проводят ежегодный тендер и сравнивают цены "
        "построчно. Аргументы о ценности работают только с производственниками.</div>",
    ),
    "balanced": (
        "<div>Both. The CFO pushes for lower prices, operations defend quality; the final "
        "word depends on the budget cycle.</div>",
        "<div>И то и другое. Финансовый директор добивается снижения цен, производство "
        "отстаивает качество; последнее слово зависит от бюджетного цикла.</div>",
    ),
    "value": (
        "<div>Value: they pay for uptime and fast service. Price matters only when two "
        "offers are technically equal.</div>",
        "<div>Ценность: клиент платит за бесперебойную работу и быстрый сервис. Цена важна, "
        "только когда предложения технически равны.</div>",
    ),
}
# Loyalty 1..5 -> the answer's tone: low (1–2), moderate (3), high (4–5).
LOYALTY_ANSWERS: tuple[Pair, Pair, Pair] = (
    (
        "<div>Low. Two escalations this year, and procurement is openly testing "
        "alternatives.</div>",
        "<div>Низкая. Две эскалации за год, закупки открыто присматриваются к альтернативам.</div>",
    ),
    (
        "<div>Moderate: satisfied with the service, but they keep a second supplier on "
        "purpose to keep prices in check.</div>",
        "<div>Средняя: сервисом довольны, но сознательно держат второго поставщика, чтобы "
        "сдерживать цены.</div>",
    ),
    (
        "<div>High. They renewed the framework contract without a tender and recommended "
        "us to a sister company.</div>",
        "<div>Высокая. Продлили рамочный договор без тендера и порекомендовали нас "
        "дочерней компании.</div>",
    ),
)
ACCESS_ANSWERS: dict[str, Pair] = {
    "strong": (
        "<div>Good. {chief} meets our managing director twice a year; {owner} and "
        "{buyer} talk every week.</div><div>To improve: bring our CEO to their strategy "
        "day.</div>",
        "<div>Хороший. Встречи первых лиц дважды в год ({chief} и наш генеральный "
        "директор); {owner} и {buyer} на связи каждую неделю.</div><div>Что улучшить: "
        "пригласить нашего генерального на их стратегическую сессию.</div>",
    ),
    "weak": (
        "<div>Limited: we mostly talk to procurement, and nobody of ours knows {chief} "
        "personally. Plan: ask our supporter, {champion}, for an introduction at the next "
        "quarterly review.</div>",
        "<div>Ограниченный: общаемся в основном с закупками, генерального директора "
        "({chief}) лично никто из нас не знает. План: получить выход на руководство через "
        "нашего сторонника — {champion} — на ближайшем квартальном совещании.</div>",
    ),
    "lone": (
        "<div>Poor: our only contact is {buyer}, who places the orders. We have no "
        "access to management.</div>",
        "<div>Слабый: единственный контакт — {buyer} (размещает заказы). Выхода на "
        "руководство нет.</div>",
    ),
}
DECISION_ANSWERS: dict[str, Pair] = {
    "mapped": (
        "<div>Purchases above the limit go through a tender committee:</div><ul>"
        "<li>{technical} writes the technical requirements</li>"
        "<li>procurement ({buyer}) runs the tender</li>"
        "<li>{finance} approves the budget; {chief} signs the contract</li></ul>",
        "<div>Закупки сверх лимита проходят через тендерный комитет:</div><ul>"
        "<li>технические требования готовит {technical}</li>"
        "<li>тендер проводят закупки ({buyer})</li>"
        "<li>бюджет утверждает {finance}; договор подписывает {chief}</li></ul>",
    ),
    "no_finance": (
        "<div>Purchases above the limit go through a tender committee:</div><ul>"
        "<li>{technical} writes the technical requirements</li>"
        "<li>procurement ({buyer}) runs the tender</li>"
        "<li>{chief} approves the budget and signs the contract</li></ul>",
        "<div>Закупки сверх лимита проходят через тендерный комитет:</div><ul>"
        "<li>технические требования готовит {technical}</li>"
        "<li>тендер проводят закупки ({buyer})</li>"
        "<li>бюджет утверждает и договор подписывает {chief}</li></ul>",
    ),
    "lone": (
        "<div>Not clear yet. We only know {buyer}, who places the orders; who approves "
        "budgets is unknown.</div>",
        "<div>Пока неясен. Знаем только одного человека — {buyer} (размещает заказы); кто "
        "утверждает бюджет, неизвестно.</div>",
    ),
}
PLANNED_REVENUE_ANSWERS: dict[str, Pair] = {
    "with_share": (
        "<div>{planned} in {year} ({growth} on the last 12 months), about {share} % of "
        "their spend in our category.</div>",
        "<div>{planned} в {year} году ({growth} к последним 12 месяцам), это около "
        "{share} % их закупок в нашей категории.</div>",
    ),
    "without_share": (
        "<div>{planned} in {year} ({growth} on the last 12 months). Their total spend in "
        "our category is still unknown.</div>",
        "<div>{planned} в {year} году ({growth} к последним 12 месяцам). Общий объём их "
        "закупок в нашей категории пока неизвестен.</div>",
    ),
}
IMPORTANCE_BY_ZONE: dict[str, Pair] = {
    "key": (
        "High. A reference client in {industry_en}, one of our target sectors: other "
        "companies in the sector ask about our work here.",
        "Высокая. Референтный клиент в отрасли «{industry_ru}» — одной из наших целевых: о "
        "нашей работе здесь спрашивают другие компании отрасли.",
    ),
    "target": (
        "Potentially high: a large buyer in {industry_en} where we are still a minor "
        "supplier. A bigger share here is part of our plan for the sector.",
        "Потенциально высокая: крупный покупатель в отрасли «{industry_ru}», где мы пока "
        "второстепенный поставщик. Рост доли здесь — часть нашего плана по отрасли.",
    ),
    "maintain": (
        "Steady, profitable business. {industry_en} is not a priority sector for us, so we "
        "serve the client efficiently and protect the margin.",
        "Стабильный доходный бизнес. Отрасль «{industry_ru}» для нас не приоритетная: "
        "обслуживаем эффективно и бережём маржу.",
    ),
    "reconsider": (
        "Low for now: small volumes outside our target sectors. We keep serving the "
        "client but invest no extra effort until the situation changes.",
        "Пока низкая: небольшие объёмы вне наших целевых отраслей. Продолжаем "
        "обслуживать, но дополнительных усилий не вкладываем, пока ситуация не изменится.",
    ),
}
VOLUME_TRENDS: dict[str, Pair] = {
    "improving": (
        "Growing compared with a year ago.",
        "Объём растёт по сравнению с прошлым годом.",
    ),
    "declining": ("Down on a year ago.", "Меньше, чем год назад."),
    "steady": ("About the same as a year ago.", "Примерно на уровне прошлого года."),
}
RISK_ANSWER: Pair = (
    "<div>The main risks:</div><ul>{items}</ul>",
    "<div>Главные риски:</div><ul>{items}</ul>",
)
# A question a workspace added to its own template.
GENERIC_ANSWER: Pair = (
    "<div>Discussed with the account team; details in the meeting notes.</div>",
    "<div>Обсудили с командой по клиенту, подробности — в протоколе встречи.</div>",
)

CAPACITY_NOTES: tuple[Pair, ...] = (
    (
        "Two service engineers assigned, up to 300 engineer-hours a quarter. The summer "
        "shutdown peak must be booked by April.",
        "Закреплены два сервисных инженера, до 300 инженеро-часов в квартал. Пик летних "
        "ремонтов — бронировать до апреля.",
    ),
    (
        "A consignment stock for the client in our warehouse; production slots reserved "
        "for the second and fourth quarters.",
        "На складе держим консигнационный запас для клиента; производственные слоты "
        "зарезервированы на II и IV кварталы.",
    ),
    (
        "The project manager also works for two other accounts: enough for the current "
        "scope, not for the new line.",
        "Руководитель проекта работает ещё на двух клиентов: хватает на текущий объём, "
        "но не на новую линию.",
    ),
)

# (title, measure, target) in both languages.
OBJECTIVES: tuple[tuple[Pair, Pair, Pair], ...] = (
    (
        ("Grow revenue to {planned}", "Выйти на выручку {planned}"),
        ("Revenue for the year", "Выручка за год"),
        ("{planned}", "{planned}"),
    ),
    (
        ("Sign a three-year service contract", "Подписать сервисный контракт на три года"),
        ("Contract signed", "Договор подписан"),
        ("by Q3", "до III квартала"),
    ),
    (
        ("Two executive meetings a year", "Две встречи первых лиц за год"),
        ("Meetings held", "Проведено встреч"),
        ("2", "2"),
    ),
    (
        ("Raise our share of their spend", "Увеличить долю в закупках клиента"),
        ("Share of wallet", "Доля в закупках"),
        ("{share_target} %", "{share_target} %"),
    ),
    (
        ("Pilot remote monitoring at one site", "Пилот удалённого мониторинга на одной площадке"),
        ("Pilot running", "Пилот запущен"),
        ("1 site", "1 площадка"),
    ),
    (
        ("No late deliveries", "Ни одной задержки поставки"),
        ("Late deliveries", "Задержки поставок"),
        ("0", "0"),
    ),
    (
        ("Get on the spare-parts tender shortlist", "Попасть в шорт-лист тендера на запчасти"),
        ("On the shortlist", "В шорт-листе"),
        ("yes", "да"),
    ),
    (
        ("Satisfaction of at least 8 out of 10", "Удовлетворённость не ниже 8 из 10"),
        ("Survey score", "Оценка в опросе"),
        ("≥ 8", "≥ 8"),
    ),
)

# (title, rule it serves)
ACTIONS: tuple[tuple[Pair, int], ...] = (
    (
        (
            "Executive meeting: {chief} and our managing director",
            "Встреча первых лиц: {chief} и наш генеральный директор",
        ),
        1,
    ),
    (
        (
            "Invite their management to our spring seminar",
            "Пригласить руководство клиента на весенний семинар",
        ),
        1,
    ),
    (("Review the account plan with the client", "Согласовать план развития с клиентом"), 2),
    (
        (
            "Workshop on a joint three-year roadmap",
            "Стратегическая сессия: совместная дорожная карта на три года",
        ),
        2,
    ),
    (
        (
            "Present remote monitoring to the operations team",
            "Презентовать удалённый мониторинг производственной службе",
        ),
        3,
    ),
    (
        (
            "Send a proposal for a spare-parts consignment stock",
            "Отправить предложение по консигнационному складу запчастей",
        ),
        3,
    ),
    (
        (
            "Reserve two service engineers for the shutdown season",
            "Зарезервировать двух сервисных инженеров на период ремонтов",
        ),
        4,
    ),
    (
        (
            "Agree next year's delivery capacity with production",
            "Согласовать с производством мощности под поставки следующего года",
        ),
        4,
    ),
    (("Send the annual satisfaction survey", "Провести ежегодный опрос удовлетворённости"), 5),
    (
        (
            "Quarterly service review with procurement",
            "Квартальный разбор качества сервиса с закупками",
        ),
        5,
    ),
    (
        (
            "Update the competitor overview after the tender",
            "Обновить обзор конкурентов по итогам тендера",
        ),
        6,
    ),
    (
        (
            "Study their annual report and investment programme",
            "Изучить годовой отчёт клиента и инвестпрограмму",
        ),
        6,
    ),
)

# (description, mitigation)
RISKS: tuple[tuple[Pair, Pair], ...] = (
    (
        (
            "The contract renewal goes to an open tender",
            "Продление договора уйдёт в открытый тендер",
        ),
        (
            "Start renewal talks six months before expiry.",
            "Начать переговоры о продлении за полгода до окончания.",
        ),
    ),
    (
        (
            "Our main supporter, {champion}, may leave",
            "Может уйти наш главный сторонник — {champion}",
        ),
        (
            "Build a second strong contact in operations.",
            "Выстроить второй сильный контакт в производстве.",
        ),
    ),
    (
        (
            "{competitor} offers prices about 10 % lower",
            "{competitor} предлагает цены примерно на 10 % ниже",
        ),
        (
            "Show the total cost of ownership, not the unit price.",
            "Показывать совокупную стоимость владения, а не цену за единицу.",
        ),
    ),
    (
        ("Budget cut after a weak year", "Сокращение бюджета после слабого года"),
        ("Offer phased delivery and payment.", "Предложить поэтапную поставку и оплату."),
    ),
    (
        (
            "Currency swings make our offer more expensive",
            "Колебания курса удорожают наше предложение",
        ),
        (
            "Price in local currency with a quarterly review.",
            "Цена в местной валюте с ежеквартальным пересмотром.",
        ),
    ),
    (
        ("Late deliveries damage trust", "Задержки поставок подрывают доверие"),
        ("A weekly delivery status call.", "Еженедельный созвон по статусу поставок."),
    ),
)
LONE_RISK: tuple[Pair, Pair] = (
    ("We depend on a single contact", "Мы зависим от единственного контакта"),
    ("Map the decision makers this quarter.", "В этом квартале выяснить, кто принимает решения."),
)

# Intelligence ------------------------------------------------------------------------

# kind -> (title, body, source) pairs
INTEL_NOTES: dict[str, tuple[tuple[Pair, Pair, Pair], ...]] = {
    "segment": (
        (
            ("Market outlook: {industry_en}", "Прогноз рынка: {industry_ru}"),
            (
                "The market is expected to grow 3–5 % a year; consolidation continues and "
                "the five largest players now hold about half of it.",
                "Рынок растёт на 3–5 % в год; консолидация продолжается, пятёрка крупнейших "
                "игроков занимает около половины рынка.",
            ),
            ("Industry report", "Отраслевой обзор"),
        ),
        (
            ("Stricter emission rules", "Новые экологические требования"),
            (
                "From next year stricter emission limits apply to their sites; spending on "
                "modernisation is likely to rise.",
                "Со следующего года на их площадках действуют более жёсткие нормы выбросов; "
                "расходы на модернизацию, скорее всего, вырастут.",
            ),
            ("Trade press", "Отраслевые СМИ"),
        ),
    ),
    "goals": (
        (
            ("Strategy to {year3}", "Стратегия до {year3} года"),
            (
                "{company} plans to raise output by a fifth and halve unplanned downtime; "
                "the board approved an investment programme for two new lines.",
                "Компания «{company}» планирует нарастить выпуск на пятую часть и вдвое сократить "
                "внеплановые простои; совет директоров утвердил инвестпрограмму на две новые "
                "линии.",
            ),
            ("Annual report", "Годовой отчёт"),
        ),
        (
            ("Cost-cutting programme", "Программа сокращения затрат"),
            (
                "Operating costs are to fall by 10 %; suppliers are asked for multi-year "
                "price commitments.",
                "Операционные затраты должны снизиться на 10 %; от поставщиков ждут "
                "фиксированных цен на несколько лет.",
            ),
            ("Meeting with finance", "Встреча с финансовой службой"),
        ),
    ),
    "client_competitor": (
        (
            ("Their main rival is expanding", "Главный конкурент клиента расширяется"),
            (
                "Their largest competitor opened a new site in the region and is winning "
                "customers on delivery times.",
                "Крупнейший конкурент клиента открыл новую площадку в регионе и переманивает "
                "покупателей сроками поставки.",
            ),
            ("Our sales team", "Наш отдел продаж"),
        ),
    ),
    "other": (
        (
            ("Change in procurement", "Перемены в закупках"),
            (
                "A new head of procurement started in spring and is reviewing every "
                "framework contract.",
                "Весной пришёл новый директор по закупкам и пересматривает все рамочные договоры.",
            ),
            ("Conversation with the buyer", "Разговор с закупщиком"),
        ),
        (
            ("Site visit notes", "Итоги визита на площадку"),
            (
                "Visited the main plant: two of our units run past their service interval; "
                "the maintenance team asked for training.",
                "Посетили основной завод: два наших узла работают сверх межсервисного "
                "интервала; служба главного механика просит обучение.",
            ),
            ("Site visit", "Визит на площадку"),
        ),
    ),
}

# Our competitors, shared by the workspace: (name, the market they work in, notes).
# Listed so that the first six already hold rivals for both Russian- and
# English-speaking clients.
COMPETITORS: tuple[tuple[str, str, str], ...] = (
    ("ПромТехСервис", "ru", "Крупный федеральный дистрибьютор, сильная сеть складов."),
    ("Meridian Service Partners", "en", "Service specialist, strong in the Nordics."),
    ("Atlas Components", "both", "Low-cost parts from Asia; thin engineering support."),
    ("Северная инжиниринговая компания", "ru", "Инжиниринг и монтаж, сильны на Северо-Западе."),
    ("Kraft & Lange Technik", "en", "German equipment maker selling direct to large plants."),
    ("Техноресурс", "ru", "Агрессивные цены, слабый сервис."),
    ("Nordvik Maintenance", "en", "Maintenance contractor that also resells parts."),
    ("Baltic Industrial Supply", "both", "Trading house covering the Baltics and Poland."),
)
STRENGTHS: tuple[Pair, ...] = (
    ("Lower unit prices", "Ниже цены за единицу"),
    ("A warehouse close to their sites", "Склад рядом с площадками клиента"),
    ("Long-standing ties with finance", "Давние связи с финансовой службой"),
    ("A broad catalogue of standard parts", "Широкий каталог стандартных запчастей"),
    ("Fast delivery of stock items", "Быстрые поставки складских позиций"),
)
WEAKNESSES: tuple[Pair, ...] = (
    ("A weak service team", "Слабая сервисная служба"),
    ("Long lead times for custom items", "Долгие сроки по нестандартным позициям"),
    ("No remote monitoring", "Нет удалённого мониторинга"),
    ("High staff turnover", "Высокая текучесть персонала"),
    ("Quality complaints last year", "Претензии к качеству в прошлом году"),
)

# Revenue and whitespace -----------------------------------------------------------------

OFFERINGS = (
    "Equipment supply",
    "Spare parts",
    "Service contracts",
    "Installation & commissioning",
    "Remote monitoring",
    "Training",
)
BUYING_CENTRES: tuple[Pair, ...] = (
    ("Head office", "Головной офис"),
    ("Main plant", "Основной завод"),
    ("Northern site", "Северная площадка"),
    ("Southern site", "Южная площадка"),
    ("Logistics division", "Логистический дивизион"),
    ("Service division", "Сервисное подразделение"),
)
REVENUE_NOTES: tuple[Pair, ...] = (
    ("Large spring order", "Крупный весенний заказ"),
    ("Spare parts for the shutdown", "Запчасти к плановому ремонту"),
    ("Project milestone invoiced", "Выставлен этап проекта"),
    ("Annual service fee", "Годовая плата за сервис"),
)
WHITESPACE_NOTES: tuple[Pair, ...] = (
    ("Tender expected in Q3", "Тендер ожидается в III квартале"),
    ("Asked for a proposal", "Просили коммерческое предложение"),
    ("Pilot discussed with operations", "Пилот обсуждали с производством"),
)

# Roughly how many units of each currency a euro buys, to size revenue plausibly.
PER_EURO = {
    "RUB": 100,
    "KZT": 520,
    "BYN": 3.5,
    "SEK": 11.5,
    "EUR": 1,
    "GBP": 0.85,
    "NOK": 11.7,
    "PLN": 4.3,
}
