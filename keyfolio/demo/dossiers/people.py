"""The client's people in the demo: 3–12 contacts under a chief executive (or a single
buyer for a few accounts), and who of ours knows them how well."""

import random
import re
import unicodedata

from keyfolio.accounts.models import Account
from keyfolio.demo.dossiers import texts
from keyfolio.demo.dossiers.records import Cast, DemoAccount, Rows, Shared, clip
from keyfolio.method.coverage import KNOWS_WELL
from keyfolio.stakeholders.models import Contact, ContactRelationship
from keyfolio.users.models import User

RU_COUNTRIES = frozenset({"Russia", "Kazakhstan", "Belarus"})
LEGAL_FORMS = ("Sp. z o.o.", "GmbH", "B.V.", "Ltd", "AB", "Oy", "AS", "OÜ")
# How likely one of ours knows a contact, and how well (1..5), by zone and by the
# contact's level (0 the chief, 1 a director, 2 a manager).
TIES: dict[str, dict[int, tuple[float, int, int]]] = {
    "key": {0: (1.0, 4, 5), 1: (0.85, 3, 5), 2: (0.8, 3, 5)},
    "maintain": {0: (0.5, 3, 4), 1: (0.7, 3, 5), 2: (0.9, 3, 5)},
    "target": {0: (0.3, 1, 3), 1: (0.5, 2, 3), 2: (0.8, 2, 4)},
    "reconsider": {0: (0.2, 1, 2), 1: (0.3, 1, 3), 2: (0.6, 1, 3)},
}


def _ascii(text: str) -> str:
    """A name as an e-mail address or a domain spells it."""
    text = "".join(texts.CYRILLIC_TO_LATIN.get(ch, ch) for ch in text.lower())
    text = text.replace("ł", "l").replace("ß", "ss").replace("ø", "o").replace("æ", "ae")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9-]", "", text)


def _domain(account: Account, language: str) -> str:
    name = account.name
    for form in LEGAL_FORMS:
        name = name.replace(f" {form}", "")
    words = [_ascii(word) for word in name.split()]
    joiner = "-" if language == "ru" else ""
    tld = texts.COUNTRY_CONTACT.get(account.country, ("com", ""))[0]
    return f"{joiner.join(w for w in words if w)}.{tld}"


def _feminine(surname: str, country: str) -> str:
    if country in RU_COUNTRIES:
        if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
            return surname + "а"
        if surname.endswith("ий"):
            return surname[:-2] + "ая"
    if country == "Poland" and surname.endswith(("ski", "cki")):
        return surname[:-1] + "a"
    return surname


def people_create(
    rng: random.Random, demo: DemoAccount, shared: Shared, rows: Rows, *, lone: bool
) -> Cast:
    """3–12 contacts under a chief executive (or a single buyer), and who of ours
    knows them."""
    account = demo.account
    country = account.country if account.country in texts.NAMES else None
    country = country or ("Russia" if demo.language == "ru" else "United Kingdom")
    domain = _domain(account, demo.language)
    taken: set[str] = set()
    mood = demo.score("relationship") / 25 - 2  # the average attitude, -2..2

    def person(title, department, level, roles, influence, boss=None) -> Contact:
        males, females, surnames = texts.NAMES[country]
        while True:
            female = rng.random() < 0.4
            first = rng.choice(females if female else males)
            last = rng.choice(surnames)
            last = _feminine(last, country) if female else last
            if f"{first} {last}" not in taken:
                break
        taken.add(f"{first} {last}")
        attitude = int(clip(round(rng.gauss(mood, 0.9)), -2, 2))
        role = rng.choice(roles)
        if role == "champion":
            attitude = max(attitude, 1)  # A champion is on our side by definition.
        elif attitude == -2 and level and rng.random() < 0.5:
            role = "blocker"
        tld_phone = texts.COUNTRY_CONTACT.get(account.country, ("com", "+1"))[1]
        phone = f"{tld_phone} {rng.randint(200, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"
        contact = Contact(
            workspace=shared.workspace,
            account=account,
            name=f"{first} {last}",
            title=demo.text(title),
            department=demo.text(department),
            reports_to=boss,
            decision_role=role,
            influence=influence,
            attitude=attitude,
            language=demo.language,
            email=f"{_ascii(first)}.{_ascii(last)}@{domain}",
            phone=phone if rng.random() < 0.6 else "",
            notes=demo.text(rng.choice(texts.CONTACT_NOTES)) if rng.random() < 0.2 else "",
            active=not (level == 2 and rng.random() < 0.1),  # Some have left the client.
        )
        rows.contacts[level].append(contact)
        return contact

    if lone:
        buyer = person(*texts.LONE_CONTACT, 2, ("user", "gatekeeper"), 2)
        _tie(rng, rows, buyer, demo.owner, rng.randint(2, 4))
        chief_title = demo.text(texts.CHIEF[0])  # Nobody knows the chief's name.
        return Cast(chief_title, chief_title, buyer.name, buyer.name, buyer.name, True, False)

    count = int(clip(round(3 + 9 * demo.score("contact_count") / 100 + rng.gauss(0, 1)), 3, 12))
    directors_count = min(4, 1 + (count - 2) // 3)
    chief = person(*texts.CHIEF, 0, ("decision_maker",), 5)
    specs = [texts.DIRECTORS[0], *rng.sample(texts.DIRECTORS[1:], directors_count - 1)]
    directors = [
        (person(title, department, 1, roles, rng.randint(*influence), chief), department)
        for title, department, roles, influence in specs
    ]
    managers = []
    for _ in range(count - 1 - directors_count):
        boss, department = rng.choice(directors)
        title, roles = rng.choice(texts.MANAGERS[department[0]])
        managers.append(person(title, department, 2, roles, rng.randint(1, 3), boss))
    chief_tie = _ties_for(rng, demo, shared, rows, chief, 0)
    for level, group in ((1, [d for d, _ in directors]), (2, managers)):
        for contact in group:
            _ties_for(rng, demo, shared, rows, contact, level)

    by_department = {department[0]: contact for contact, department in directors}
    champion = max([*by_department.values(), *managers], key=lambda c: (c.attitude, c.influence))
    technical = by_department.get("Operations") or by_department.get("Engineering") or chief
    return Cast(
        chief=chief.name,
        finance=by_department.get("Finance", chief).name,
        buyer=by_department["Procurement"].name,
        technical=technical.name,
        champion=champion.name,
        lone=False,
        executive_tie=chief_tie >= KNOWS_WELL,
    )


def _ties_for(
    rng: random.Random, demo: DemoAccount, shared: Shared, rows: Rows, contact: Contact, level: int
) -> int:
    """Who of ours knows `contact`, and how well the best of them does (0: nobody).
    For key accounts our director knows the chief well."""
    chance, low, high = TIES[demo.zone][level]
    if rng.random() >= chance:
        return 0
    teammates = list(demo.team[1:])
    if level == 0:
        ours = shared.director if demo.zone == "key" or rng.random() < 0.5 else demo.owner
    elif teammates and rng.random() < 0.25:
        ours = rng.choice(teammates)
    else:
        ours = demo.owner
    strength = rng.randint(low, high)
    _tie(rng, rows, contact, ours, strength)
    others = [u for u in (demo.owner, shared.director, *teammates) if u != ours]
    if others and rng.random() < 0.25:
        _tie(rng, rows, contact, rng.choice(others), rng.randint(1, max(1, high - 1)))
    return strength


def _tie(rng: random.Random, rows: Rows, contact: Contact, user: User, strength: int) -> None:
    english, russian = rng.choice(texts.RELATIONSHIP_NOTES)
    note = russian if contact.language == "ru" else english
    rows.relationships.append(
        ContactRelationship(
            contact=contact, user=user, strength=strength, note=note if rng.random() < 0.3 else ""
        )
    )
