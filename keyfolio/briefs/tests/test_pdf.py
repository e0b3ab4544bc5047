import io
import math
from types import SimpleNamespace

import pytest
from django.db.models import Count, Q, Sum
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from keyfolio.accounts.models import Account
from keyfolio.accounts.tests.factories import assess
from keyfolio.briefs import pdf, selectors
from keyfolio.briefs.pdf import brief_pdf
from keyfolio.briefs.tests.factories import rich_dossier
from keyfolio.briefs.tests.test_satisfaction import LONG_COMMENT
from keyfolio.demo.services import demo_load
from keyfolio.plans.models import PlanQuestion, PlanStatus
from keyfolio.plans.richtext import blocks
from keyfolio.plans.selectors import current_plan
from keyfolio.stakeholders.models import Contact
from keyfolio.surveys.tests.factories import answered_survey

HEADINGS_EN = (
    "Meeting brief",
    "Criteria",
    "Indices over time",
    "Key stakeholders",
    "Account plan",
    "Competitors",
    "Open actions",
    "Top risks",
    "Recent events",
)
HEADINGS_RU = (
    "Справка к встрече",
    "Критерии",
    "Динамика индексов",
    "Ключевые контактные лица",
    "План по клиенту",
    "Конкуренты",
    "Открытые задачи",
    "Главные риски",
    "Последние события",
)


def pdf_url(world, account=None, lang: str = "") -> str:
    url = reverse("briefs:pdf", args=[world.slug, (account or world.account).pk])
    return f"{url}?lang={lang}" if lang else url


def pdf_text(data: bytes) -> tuple[int, str]:
    """The number of pages and the text of a PDF, its whitespace collapsed to spaces."""
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


@pytest.mark.parametrize("person", ["owner", "manager", "teammate", "viewer"])
def test_it_sends_the_pdf_to_those_who_may_see_the_account(world, person):
    response = world.client_for(getattr(world, person)).get(pdf_url(world))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_it_names_the_download_after_the_account_and_the_day(world):
    world.account.name = "Северный Ветер & Co"
    world.account.save()
    response = world.client_for(world.manager).get(pdf_url(world))
    today = timezone.localdate().isoformat()
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    # Non-ASCII names are sent in RFC 5987 form: UTF-8, percent-encoded.
    assert "filename*=utf-8''%D1%81%D0%B5%D0%B2%D0%B5%D1%80%D0%BD%D1%8B%D0%B9" in disposition
    assert f"-co-{today}.pdf" in disposition


def test_it_fits_a_rich_account_on_one_page_with_every_section_in_english(rich):
    response = rich.client_for(rich.manager).get(pdf_url(rich, lang="en"))
    pages, text = pdf_text(response.content)
    assert pages == 1
    assert "Northwind" in text
    # The zone: 59 / 52, key, within the default goal.
    assert "Goal: Target → Key" in text
    assert "within the goal" in text
    for heading in HEADINGS_EN:
        assert heading.upper() in text.upper(), heading
    assert "Ingrid Halvorsen" in text


def test_it_shows_the_points_still_to_gain_to_the_minimum(world):
    assess(world.account, client=42, our=61.25, on=timezone.localdate())
    response = world.client_for(world.manager).get(pdf_url(world, lang="en"))
    _, text = pdf_text(response.content)
    assert "Goal: Target → Key Minimum: +8.0 client to go" in text


def test_it_writes_the_brief_in_russian(rich):
    response = rich.client_for(rich.manager).get(pdf_url(rich, lang="ru"))
    pages, text = pdf_text(response.content)
    assert pages == 1
    assert "Northwind" in text
    assert "Ключевой" in text  # the zone
    assert "Позиция клиента" in text
    for heading in HEADINGS_RU:
        assert heading.upper() in text.upper(), heading


@pytest.mark.parametrize(("language", "label"), [("en", "Target"), ("ru", "Целевой")])
def test_it_names_the_zone_of_the_account(world, language, label):
    assess(world.account, client=70, our=20, on=timezone.localdate())
    _, text = pdf_text(brief_pdf(world.account, language=language, today=timezone.localdate()))
    assert label in text


@pytest.mark.parametrize("size", [2, 12])
def test_it_runs_a_constant_number_of_queries(world, django_assert_num_queries, size):
    rich_dossier(world.account, today=timezone.localdate(), people=[world.manager], size=size)
    client = world.client_for(world.manager)
    # session, user, membership, account, and the brief's 23.
    with django_assert_num_queries(27):
        response = client.get(pdf_url(world))
    assert response.status_code == 200


@pytest.fixture
def layouts(monkeypatch):
    """Record each layout the PDF is tried in (pdf.Layout)."""
    tried = []
    render = pdf._render

    def recording(sheet_context, layout):
        tried.append(layout)
        return render(sheet_context, layout)

    monkeypatch.setattr(pdf, "_render", recording)
    return tried


def test_it_sets_a_rich_account_in_normal_type_with_every_answer(rich, layouts):
    data = brief_pdf(rich.account, language="en", today=timezone.localdate())
    pages, text = pdf_text(data)
    assert pages == 1 and not any(layout.compact for layout in layouts)
    for question in PlanQuestion.objects.filter(workspace=rich.workspace, active=True):
        assert question.text_en in text, question.key
    # Its twelve open opportunities: the three worth most on average, a line of figures each.
    assert "Top open opportunities" in text
    assert "360,000 EUR · 75%" in text and "340,000 EUR · 65%" in text


def test_it_gives_up_the_top_opportunities_before_the_normal_type(monkeypatch):
    """Answers as short as they go do not fit: the sheet without the opportunities does."""
    tried = []

    def render(sheet_context, layout):
        tried.append(layout)
        fits = layout.compact or not layout.opportunities
        return SimpleNamespace(pages=[1] if fits else [1, 2], layout=layout)

    monkeypatch.setattr(pdf, "_render", render)
    brief = SimpleNamespace(top_opportunities=["a deal"])
    chosen = pdf._one_page({"brief": brief}).layout
    assert chosen == pdf.Layout(pdf.ANSWER_CHARS[-1], opportunities=False)
    assert not any(layout.compact for layout in tried)


@pytest.mark.parametrize("fits_up_to", [*pdf.ANSWER_CHARS, 0])
def test_it_takes_the_longest_answers_that_fit_trying_few_layouts(monkeypatch, fits_up_to):
    """A sheet that fits with answers of up to `fits_up_to` characters (0: none fits)."""
    tried = []

    def render(sheet_context, layout):
        tried.append(layout)
        fits = layout.compact or layout.answer_chars <= fits_up_to
        return SimpleNamespace(pages=[1] if fits else [1, 2], layout=layout)

    monkeypatch.setattr(pdf, "_render", render)
    chosen = pdf._one_page({"brief": SimpleNamespace(top_opportunities=[])}).layout
    last = pdf.Layout(pdf.ANSWER_CHARS[-1], compact=True)
    assert chosen == (pdf.Layout(fits_up_to) if fits_up_to else last)
    # The first, then halving the rest, then compact type.
    assert len(tried) <= 1 + math.ceil(math.log2(len(pdf.ANSWER_CHARS))) + 1


def test_it_shortens_long_texts_to_keep_to_one_page(world):
    people = [world.manager, world.teammate]
    rich_dossier(world.account, today=timezone.localdate(), people=people, size=12, stretch=4)
    # As long as the field allows (200 characters; PostgreSQL enforces it).
    world.account.name = ("Northwind " + "Very Long Name " * 20)[:200]
    world.account.full_clean(exclude=["current_assessment", "previous_assessment"])
    world.account.save()
    world.account.team.add(world.director, world.admin, world.owner, world.outsider)
    pages, text = pdf_text(brief_pdf(world.account, language="en", today=timezone.localdate()))
    assert pages == 1
    for heading in HEADINGS_EN:
        assert heading.upper() in text.upper(), heading
    assert "…" in text


def test_it_sets_what_would_not_fit_in_smaller_type_and_keeps_one_page(world, layouts, monkeypatch):
    monkeypatch.setattr(selectors, "MAX_STAKEHOLDERS", 60)
    for n in range(60):
        Contact.objects.create(workspace=world.workspace, account=world.account, name=f"C{n}")
    pages, text = pdf_text(brief_pdf(world.account, language="en", today=timezone.localdate()))
    assert layouts[-1] == pdf.Layout(pdf.ANSWER_CHARS[-1], compact=True)
    assert not any(layout.compact for layout in layouts[:-1])
    assert pages == 1
    assert "Northwind" in text


def test_the_full_brief_shows_the_answers_whole_on_at_most_two_pages(world, layouts):
    people = [world.manager, world.teammate]
    rich_dossier(world.account, today=timezone.localdate(), people=people, size=12, stretch=2)
    data = brief_pdf(world.account, language="en", today=timezone.localdate(), full=True)
    pages, text = pdf_text(data)
    assert pages <= 2 and layouts[0] == pdf.Layout(None)
    # Each answer's last words are there: nothing was shortened.
    assert text.count("mentioned in the minutes.") >= 11


@pytest.fixture
def richest_demo_account(db):
    """The demo portfolio's account with the most to say: the most written plan answers,
    then the longest."""
    demo_load()
    written = Q(plans__status=PlanStatus.ACTIVE, plans__answers__text__gt="")
    return (
        Account.objects.annotate(
            answers=Count("plans__answers", filter=written),
            length=Sum(Length("plans__answers__text"), filter=written),
        )
        .order_by("-answers", "-length")
        .first()
    )


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_richest_demo_account_fits_one_page_in_normal_type_with_every_question(
    richest_demo_account, layouts, language
):
    account = richest_demo_account
    # Its client has spoken too, at length: the comment is shortened to one line.
    answered_survey(account, nps=9, csat=5, comment=LONG_COMMENT, days_ago=2)
    data = brief_pdf(account, language=language, today=timezone.localdate())
    pages, text = pdf_text(data)
    assert pages == 1 and not any(layout.compact for layout in layouts)
    assert "The service team is excellent" in text and "nobody here enjoys" not in text
    plan = current_plan(account)
    answered = PlanQuestion.objects.filter(answers__plan=plan, active=True).exclude(
        answers__text=""
    )
    assert answered.count() >= 10
    for question in answered:
        shown = question.text_ru if language == "ru" else question.text_en
        assert " ".join(shown.split()) in text, question.key


def test_the_full_brief_of_the_richest_demo_account_takes_at_most_two_pages(
    richest_demo_account, layouts
):
    data = brief_pdf(richest_demo_account, language="en", today=timezone.localdate(), full=True)
    pages, text = pdf_text(data)
    assert pages <= 2 and layouts == [pdf.Layout(None)]
    for answer in current_plan(richest_demo_account).answers.exclude(text=""):
        last_words = " ".join(blocks(answer.text)[-1].items[-1].split()[-3:])
        assert last_words in text, answer.question.key  # whole, to its last words
