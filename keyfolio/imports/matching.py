"""How an imported row finds the record it is about.

Accounts: by the source's external id; else by tax ID (ИНН) where the file has one;
else by normalised name. A record is never merged with one that has another external
id from the same source, even when the names are the same: two CRM records with two
ids are two clients. Contacts and opportunities find their account by the source's
account id or by its name, and themselves by external id, else (within their account)
by e-mail (contacts) and normalised name.

Owners are members: by e-mail, then by full name.
"""

import re
import unicodedata

# Legal forms that CRMs write or leave out at will ("ООО «Ромашка»" is "Ромашка").
LEGAL_FORMS = re.compile(
    r"\b(ооо|оао|зао|пао|ао|ип|нко|гк|llc|ltd|limited|inc|incorporated|corp|corporation|"
    r"co|gmbh|ag|sa|sas|bv|nv|plc|oy|ab|as|spa|srl|kg)\b\.?",
)
NOT_WORD = re.compile(r"[^\w]+")


def normal_name(name: str) -> str:
    """A name as it is compared: case, quotes, punctuation, spaces and legal forms
    make no difference. A name that is nothing but a legal form is kept as it is."""
    value = unicodedata.normalize("NFKC", name).casefold().replace("ё", "е")
    words = NOT_WORD.sub(" ", value)
    stripped = " ".join(LEGAL_FORMS.sub(" ", words).split())
    return stripped or " ".join(words.split())


AMBIGUOUS = (
    0  # In a lookup: more than one record has this key (pks start at 1; new keys are below 0).
)


def add_unique(index: dict, key, pk: int) -> None:
    """Record `pk` under `key`, or mark the key AMBIGUOUS if another record has it."""
    if not key:
        return
    index[key] = pk if index.get(key, pk) == pk else AMBIGUOUS


class Members:
    """The members who may own records, found by e-mail, then by full name."""

    def __init__(self, people: list[tuple[int, str, str]]):
        self.by_email: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        for pk, email, full_name in people:
            add_unique(self.by_email, email.casefold(), pk)
            add_unique(self.by_name, " ".join(full_name.casefold().split()), pk)

    def find(self, text: str) -> int | None:
        key = " ".join(text.casefold().split())
        for index in (self.by_email, self.by_name):
            pk = index.get(key)
            if pk is not None and pk != AMBIGUOUS:
                return pk
        return None
