"""Settings: the workspace's plan questions (admins only)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyfolio.plans import services
from keyfolio.plans.models import PlanAnswer, PlanQuestion
from keyfolio.plans.tests.conftest import body, plans_url, questions_of
from keyfolio.testing import HTMX

NEW = {
    "key": "budget_cycle",
    "text_en": "When does the client set its budget?",
    "text_ru": "Когда клиент утверждает бюджет?",
}


def url(world) -> str:
    return plans_url(world, "questions")


@pytest.mark.parametrize("person", ["owner", "admin"])
def test_it_lists_the_questions_to_admins(world, person):
    response = world.client_for(getattr(world, person)).get(url(world))
    assert response.status_code == 200
    assert len(response.context["questions"]) == 11
    assert "How do we differ from other suppliers" in body(response)


def test_it_is_linked_from_the_settings_menu_for_admins(world):
    page = body(world.client_for(world.admin).get(reverse("accounts:list", args=[world.slug])))
    assert url(world) in page


def test_it_adds_a_question_at_the_end(world):
    response = world.client_for(world.admin).post(url(world), NEW)
    assert response.status_code == 302
    question = PlanQuestion.objects.get(workspace=world.workspace, key="budget_cycle")
    assert question.position == 11 and question.active


@pytest.mark.parametrize(
    ("field", "value"),
    [("key", "how_we_differ"), ("key", "not a slug!"), ("key", ""), ("text_en", "")],
)
def test_it_shows_field_errors_and_adds_nothing(world, field, value):
    response = world.client_for(world.admin).post(url(world), {**NEW, field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert PlanQuestion.objects.filter(workspace=world.workspace).count() == 11


def test_it_edits_a_question_inline(world):
    question = questions_of(world)[3]
    edit = plans_url(world, "question_edit", question.pk)
    data = {
        "text_en": "Price, value, or both?",
        "text_ru": "Цена или ценность?",
        "position": "20",
        "active": "on",
    }
    response = world.client_for(world.admin).post(edit, data, headers=HTMX)
    assert response.status_code == 200
    assert body(response).lstrip().startswith(f'<tr id="question-{question.pk}"')
    question.refresh_from_db()
    assert (question.text_en, question.position) == ("Price, value, or both?", 20)


def test_it_retires_a_question_and_keeps_its_answers(world, plan):
    question = questions_of(world)[0]
    services.answer_save(plan=plan, question=question, text="<div>Kept</div>", by=None)
    edit = plans_url(world, "question_edit", question.pk)
    data = {"text_en": question.text_en, "text_ru": question.text_ru, "position": "0"}
    response = world.client_for(world.admin).post(edit, data, headers=HTMX)
    assert "retired" in body(response)
    question.refresh_from_db()
    assert not question.active
    assert PlanAnswer.objects.get(question=question).text == "<div>Kept</div>"
    assert len(questions_of(world)) == 10


def test_it_shows_how_many_plans_answer_each_question(world, plan):
    question = questions_of(world)[0]
    services.answer_save(plan=plan, question=question, text="<div>Yes</div>", by=None)
    response = world.client_for(world.admin).get(url(world))
    counts = {q.key: q.answer_count for q in response.context["questions"]}
    assert counts["how_we_differ"] == 1 and counts["risk"] == 0


def test_it_makes_as_many_queries_for_few_questions_as_for_many(world, django_assert_num_queries):
    client = world.client_for(world.admin)
    client.get(url(world))
    with CaptureQueriesContext(connection) as few:
        client.get(url(world))
    for n in range(10):
        services.question_create(workspace=world.workspace, key=f"q{n}", text_en="Q?", text_ru="В?")
    with django_assert_num_queries(len(few)):
        response = client.get(url(world))
    assert len(response.context["questions"]) == 21
