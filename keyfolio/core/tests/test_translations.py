"""The Russian catalog is complete and compiled, and the pages speak Russian to a person
who chose it. The .po file is read with a few lines of Python (no polib) and the .mo
file with the standard library, so that these tests need no gettext tools."""

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from keyfolio.assessments.services import ScoreInput, assessment_create
from keyfolio.method import DEFAULT_CRITERIA

CATALOG = Path(settings.LOCALE_PATHS[0]) / "ru" / "LC_MESSAGES"
RUSSIAN_PLURALS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)
# What a translation must carry over unchanged: %(name)s placeholders and HTML tags.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|<[^>]+>")


@dataclass
class Entry:
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The entry's key as a compiled catalog stores it: "context\\x04msgid"."""
        msgid = self.fields["msgid"]
        return f"{self.fields['msgctxt']}\x04{msgid}" if "msgctxt" in self.fields else msgid

    @property
    def translations(self) -> list[str]:
        if "msgid_plural" in self.fields:
            return [v for k, v in sorted(self.fields.items()) if k.startswith("msgstr[")]
        return [self.fields["msgstr"]]


def read_po(path: Path) -> list[Entry]:
    """Every entry of a .po file, the header first; obsolete (#~) entries are skipped."""
    entries = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        entry, name = Entry(), ""
        for line in block.splitlines():
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry.fields[name] += ast.literal_eval(line)
            else:
                name, _, quoted = line.partition(" ")
                entry.fields[name] = ast.literal_eval(quoted)
        if "msgid" in entry.fields:
            entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def po() -> list[Entry]:
    return read_po(CATALOG / "django.po")


def test_it_declares_the_three_russian_plural_forms(po):
    header, *_ = po
    assert header.fields["msgid"] == ""
    assert f"Plural-Forms: {RUSSIAN_PLURALS}\n" in header.fields["msgstr"]
    assert "Language: ru\n" in header.fields["msgstr"]


def test_it_translates_every_entry(po):
    untranslated = [e.key for e in po[1:] if not all(t.strip() for t in e.translations)]
    assert untranslated == []


def test_it_has_no_fuzzy_entry(po):
    header, *entries = po
    assert "fuzzy" not in header.flags
    assert [e.key for e in entries if "fuzzy" in e.flags] == []


def test_every_plural_entry_has_all_three_forms(po):
    plurals = [e for e in po if "msgid_plural" in e.fields]
    assert plurals, "the catalog has plural entries"
    assert [e.key for e in plurals if len(e.translations) != 3] == []


def test_translations_keep_placeholders_and_html(po):
    broken = []
    for e in po[1:]:
        source = e.fields.get("msgid_plural", e.fields["msgid"])
        expected = sorted(PLACEHOLDER.findall(source))
        broken += [(e.key, t) for t in e.translations if sorted(PLACEHOLDER.findall(t)) != expected]
    assert broken == []


def test_no_string_is_marked_for_translation_inside_an_f_string():
    """xgettext cannot read Python's f-strings: a string marked inside one is never
    extracted, and stays English for everyone (it once did: "Your changes are not saved
    yet." of an edit conflict)."""
    source = Path(settings.BASE_DIR)
    hidden = []
    for path in source.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.JoinedStr):
                for call in ast.walk(node):
                    if (
                        isinstance(call, ast.Call)
                        and isinstance(call.func, ast.Name)
                        and call.func.id in {"_", "gettext", "gettext_lazy", "pgettext"}
                    ):
                        hidden.append(f"{path.relative_to(source)}:{call.lineno}")
    assert hidden == []
    assert len(list(source.rglob("*.py"))) > 100


def compiled() -> gettext.GNUTranslations:
    with open(CATALOG / "django.mo", "rb") as mo:
        return gettext.GNUTranslations(mo)


def test_the_compiled_catalog_matches_the_po_file(po):
    # The catalog is private API, but it is the only way to list what a .mo holds. The
    # header is left out: msgfmt drops its POT-Creation-Date.
    catalog = dict(compiled()._catalog)  # type: ignore[attr-defined]
    del catalog[""]
    expected = {}
    for e in po[1:]:
        if "msgid_plural" in e.fields:
            expected |= {(e.key, i): t for i, t in enumerate(e.translations)}
        else:
            expected[e.key] = e.translations[0]
    assert catalog == expected, "run `keyfolio manage compilemessages` and commit the .mo"


def test_the_compiled_catalog_counts_the_russian_way():
    catalog = compiled()
    singular, plural = "%(n)s assessment", "%(n)s assessments"
    forms = {
        n: catalog.ngettext(singular, plural, n) % {"n": n} for n in (1, 3, 5, 11, 21, 22, 111)
    }
    assert forms == {
        1: "1 оценка",
        3: "3 оценки",
        5: "5 оценок",
        11: "11 оценок",
        21: "21 оценка",
        22: "22 оценки",
        111: "111 оценок",
    }


# The pages, in Russian for a person who chose Russian.


@pytest.fixture
def russian(world):
    """The manager of world.account, who reads Russian; the account has an assessment."""
    world.manager.language = "ru"
    world.manager.save(update_fields=["language"])
    scores = {c.key: ScoreInput(80) for c in DEFAULT_CRITERIA}
    assessment_create(account=world.account, assessor=world.manager, scores=scores)
    return world.client_for(world.manager)


def get(client, name: str, *args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response


def page(client, name: str, *args) -> str:
    return get(client, name, *args).content.decode()


def test_the_square_speaks_russian(world, russian):
    response = get(russian, "portfolio:square", world.slug)
    html = response.content.decode()
    assert '<html lang="ru"' in html
    for text in ("Квадрат портфеля", "Ключевой", "Целевой", "Поддерживаемый", "Пересмотреть"):
        assert text in html
    assert "Client position" not in html
    # The chart's axes are drawn by JS from the page's data (json_script escapes them).
    labels = response.context["chart"]["labels"]
    assert (labels["client"], labels["our"]) == ("Позиция клиента", "Наша позиция")
    assert labels["zones"]["key"] == "Ключевой"


def test_the_account_pages_speak_russian(world, russian):
    listing = page(russian, "accounts:list", world.slug)
    assert "Клиенты" in listing
    assert "Новый клиент" in listing
    detail = page(russian, "dossier:overview", world.slug, world.account.pk)
    assert "Ответственный менеджер" in detail
    assert "Полнота" in detail


def test_the_assessment_form_speaks_russian(world, russian):
    html = page(russian, "assessments:create", world.slug, world.account.pk)
    assert "Наша позиция" in html
    assert "Темп роста клиента" in html  # The criterion's own Russian label.
    assert "Сохранить оценку" in html


def test_the_members_page_speaks_russian(world, russian):
    world.manager.memberships.update(role="admin")
    html = page(russian, "workspaces:members", world.slug)
    for text in ("Участники", "Владелец", "Наблюдатель", "Добавить участника"):
        assert text in html


def test_the_same_pages_stay_english_for_everyone_else(world, russian):
    html = page(world.client_for(world.director), "portfolio:square", world.slug)
    assert "Client position" in html
    assert "Позиция клиента" not in html
