import pytest
from django.urls import reverse
from django.utils import timezone
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
