from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape

from keyfolio.accounts.models import Account
from keyfolio.briefs.tests.factories import rich_dossier
from keyfolio.plans.models import PlanQuestion
from keyfolio.revenue.tests.factories import make_opportunity


def brief_url(world, account=None, lang: str = "") -> str:
    url = reverse("briefs:brief", args=[world.slug, (account or world.account).pk])
    return f"{url}?lang={lang}" if lang else url


@pytest.mark.parametrize("person", ["owner", "director", "manager", "teammate", "viewer"])
def test_it_shows_the_brief_to_those_who_may_see_the_account(world, person):
    response = world.client_for(getattr(world, person)).get(brief_url(world))
    assert response.status_code == 200
    assert response.context["tab"] == "brief"
    assert 'class="kf-brief' in response.content.decode()


def test_it_shows_the_brief_with_its_sections_and_links(rich):
    body = rich.client_for(rich.manager).get(brief_url(rich)).content.decode()
    for heading in ("Meeting brief", "Key stakeholders", "Account plan", "Open actions",
                    "Top risks", "Competitors", "Recent events"):  # fmt: skip
        assert heading in body
    assert "Ingrid Halvorsen" in body and "Northwind" in body
    assert 'src="data:image/svg+xml;base64,' in body
    assert reverse("briefs:print", args=[rich.slug, rich.account.pk]) + "?lang=en" in body
    assert reverse("briefs:pdf", args=[rich.slug, rich.account.pk]) + "?lang=en" in body


def test_it_renders_the_brief_in_the_chosen_language_and_the_frame_in_the_readers(rich):
    body = rich.client_for(rich.manager).get(brief_url(rich, lang="ru")).content.decode()
    assert "Позиция клиента" in body  # the sheet is in Russian
    assert "Ключевой" in body
    assert "Account manager" in body.split('class="kf-brief')[0]  # the header is not
    assert reverse("briefs:pdf", args=[rich.slug, rich.account.pk]) + "?lang=ru" in body


def test_it_defaults_to_the_readers_language_and_ignores_an_unknown_one(world):
    world.manager.language = "ru"
    world.manager.save()
    response = world.client_for(world.manager).get(brief_url(world, lang="xx"))
    assert response.context["language"] == "ru"
    assert "Позиция клиента" in response.content.decode()


@pytest.mark.parametrize("size", [2, 12])
def test_it_runs_a_constant_number_of_queries(world, django_assert_num_queries, size):
    rich_dossier(world.account, today=timezone.localdate(), people=[world.manager], size=size)
    client = world.client_for(world.manager)
    # session, user, membership, account, team (the frame), and the brief's 23.
    with django_assert_num_queries(28):
        response = client.get(brief_url(world))
    assert len(response.context["sheet"]) > 0
    assert len(response.context["brief"].pipeline.open) == size


def test_it_shows_every_answered_question_with_its_lists_shortened(rich):
    response = rich.client_for(rich.manager).get(brief_url(rich))
    body = response.content.decode()
    for question in PlanQuestion.objects.filter(workspace=rich.workspace, active=True):
        assert escape(question.text_en) in body, question.key
    answers = response.context["sheet"].count('class="b-answer"')
    assert answers == 11
    assert "mentioned in the minutes." not in body  # each answer's end is left out…
    assert "…" in body  # …and says so


def test_the_full_brief_shows_the_answers_whole_with_their_lists(rich):
    response = rich.client_for(rich.manager).get(brief_url(rich) + "?full=1")
    body = response.content.decode()
    assert body.count("mentioned in the minutes.") == 11
    assert "<ul><li>Two plants rely on our same-day service;</li>" in body
    assert "<strong>" not in body.split('class="b-answers"')[1].split("</section>")[0].replace(
        '<strong class="b-q">', ""
    )  # the answers' own markup is not passed through, only their text and lists
    # The links keep the full brief: the other language, print and PDF.
    assert "?lang=ru&amp;full=1" in body
    query = "?lang=en&amp;full=1"
    assert reverse("briefs:print", args=[rich.slug, rich.account.pk]) + query in body
    assert reverse("briefs:pdf", args=[rich.slug, rich.account.pk]) + query in body
    assert reverse("briefs:brief", args=[rich.slug, rich.account.pk]) + "?lang=en" not in body


def test_the_print_view_of_the_full_brief_links_back_to_it(rich):
    url = reverse("briefs:print", args=[rich.slug, rich.account.pk]) + "?lang=en&full=1"
    body = rich.client_for(rich.manager).get(url).content.decode()
    assert body.count("mentioned in the minutes.") == 11
    back = reverse("briefs:brief", args=[rich.slug, rich.account.pk]) + "?lang=en&amp;full=1"
    assert back in body


def test_it_shows_the_weighted_pipeline_and_the_plan_gap(rich):
    Account.objects.filter(pk=rich.account.pk).update(currency="EUR")  # the deals' currency
    make_opportunity(rich.account, 10000, 50, expected_close=timezone.localdate())
    response = rich.client_for(rich.manager).get(brief_url(rich))
    gap = response.context["brief"].pipeline.plan_gap
    assert gap.weighted >= 5000  # this one, and any of the others closing this year
    assert gap.gap == gap.target - gap.booked - gap.weighted
    body = response.content.decode()
    assert "Weighted, closing this year" in body and "Plan gap" in body


def test_it_lists_the_top_three_open_opportunities_by_weighted_amount(world):
    today = timezone.localdate()
    later = today + timedelta(days=60)
    make_opportunity(world.account, 100000, 10, name="Small odds", currency="EUR")  # 10,000
    make_opportunity(world.account, 40000, 90, name="Nearly there", currency="EUR")  # 36,000
    make_opportunity(world.account, 80000, 50, name="Even odds", currency="EUR")  # 40,000
    make_opportunity(world.account, 20000, 60, name="Small one", expected_close=later)  # 12,000
    make_opportunity(world.account, 900000, 90, name="Lost big", status="lost")
    make_opportunity(world.account, 900000, 100, name="Won big", status="won")
    make_opportunity(world.account, 30000, 40, name="Sooner", expected_close=today)  # 12,000
    response = world.client_for(world.manager).get(brief_url(world))
    top = response.context["brief"].top_opportunities
    assert [o.name for o in top] == ["Even odds", "Nearly there", "Sooner"]
    sheet = response.context["sheet"]
    assert "Top open opportunities" in sheet
    for shown in ("Even odds", "80,000 EUR", "50%", "Nearly there", "40,000 EUR", "90%"):
        assert shown in sheet
    for left_out in ("Small odds", "Small one", "Lost big", "Won big"):
        assert left_out not in sheet


def test_it_shows_the_stage_and_the_expected_close(world):
    close = timezone.localdate() + timedelta(days=40)
    opportunity = make_opportunity(world.account, 5000, 30, name="Pilot", expected_close=close)
    opportunity.stage = "Negotiation/Review"
    opportunity.save(update_fields=["stage"])
    sheet = world.client_for(world.manager).get(brief_url(world)).context["sheet"]
    assert "Negotiation/Review" in sheet
    assert date_format(close, "SHORT_DATE_FORMAT") in sheet


def test_a_brief_without_open_opportunities_has_no_list_of_them(world):
    make_opportunity(world.account, 5000, 100, status="won")
    sheet = world.client_for(world.manager).get(brief_url(world)).context["sheet"]
    assert "Top open opportunities" not in sheet
