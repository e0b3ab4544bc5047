"""Answering a question inline: the editor, saving, and who may."""

import pytest

from keyfolio.plans import services
from keyfolio.plans.models import PlanAnswer, PlanQuestion
from keyfolio.plans.tests.conftest import HTMX, body, plans_url, questions_of


def edit_url(world, plan, question) -> str:
    return plans_url(world, "answer_edit", world.account.pk, plan.pk, question.pk)


def test_it_opens_the_editor_with_the_current_answer(world, plan):
    question = questions_of(world)[0]
    services.answer_save(plan=plan, question=question, text="<div>Faster</div>", by=None)
    page = body(
        world.client_for(world.manager).get(edit_url(world, plan, question) + "?n=1", headers=HTMX)
    )
    assert page.lstrip().startswith("<section")
    assert "<trix-editor" in page
    assert ">&lt;div&gt;Faster&lt;/div&gt;</textarea>" in page


def test_it_saves_a_sanitized_answer_and_swaps_the_completeness_too(world, plan):
    question = questions_of(world)[2]
    response = world.client_for(world.teammate).post(
        edit_url(world, plan, question) + "?n=3",
        {"text": "<div>Weak <strong>support</strong><script>alert(1)</script></div>"},
        headers=HTMX,
    )
    assert response.status_code == 200
    page = body(response)
    assert "Weak <strong>support</strong>" in page
    assert "<script>" not in page
    assert "Tom Teammate" in page
    assert 'id="plan-completeness"' in page and 'hx-swap-oob="true"' in page
    assert "1 of 11 questions answered" in page
    answer = PlanAnswer.objects.get()
    assert answer.text == "<div>Weak <strong>support</strong></div>"
    assert answer.updated_by == world.teammate


def test_it_goes_back_to_the_question_without_htmx(world, plan):
    question = questions_of(world)[0]
    response = world.client_for(world.manager).post(
        edit_url(world, plan, question), {"text": "<div>x</div>"}
    )
    assert response.status_code == 302
    assert response.url.endswith(f"?plan={plan.pk}#q-{question.key}")


def test_it_shows_the_editor_on_a_page_without_htmx(world, plan):
    page = body(world.client_for(world.manager).get(edit_url(world, plan, questions_of(world)[0])))
    assert "<html" in page and "<trix-editor" in page
    assert 'class="form-control kf-trix-input"' in page


def test_it_lets_an_answer_be_emptied(world, plan):
    question = questions_of(world)[0]
    services.answer_save(plan=plan, question=question, text="<div>Faster</div>", by=None)
    world.client_for(world.manager).post(
        edit_url(world, plan, question), {"text": "<div><br></div>"}, headers=HTMX
    )
    assert PlanAnswer.objects.get().text == ""


@pytest.mark.parametrize(
    ("person", "status"), [("viewer", 403), ("outsider", 404), ("stranger", 404)]
)
def test_it_refuses_others(world, plan, person, status):
    url = edit_url(world, plan, questions_of(world)[0])
    client = world.client_for(getattr(world, person))
    assert client.get(url).status_code == status
    assert client.post(url, {"text": "<div>x</div>"}).status_code == status
    assert not PlanAnswer.objects.exists()


def test_it_sends_anonymous_visitors_to_log_in(world, plan):
    response = world.client_for(None).post(
        edit_url(world, plan, questions_of(world)[0]), {"text": "x"}
    )
    assert response.status_code == 302 and "/login" in response.url
    assert not PlanAnswer.objects.exists()


def test_it_is_404_for_a_question_of_another_workspace(world, plan):
    foreign = PlanQuestion.objects.filter(workspace=world.other_workspace).first()
    response = world.client_for(world.owner).post(edit_url(world, plan, foreign), {"text": "x"})
    assert response.status_code == 404
    assert not PlanAnswer.objects.exists()


def test_it_is_404_for_a_plan_of_another_account(world, plan):
    other = services.plan_create(account=world.foreign_account, title="Theirs")
    url = plans_url(world, "answer_edit", world.account.pk, other.pk, questions_of(world)[0].pk)
    assert world.client_for(world.owner).post(url, {"text": "x"}).status_code == 404


def test_it_shows_a_single_answer_read_only(world, plan):
    question = questions_of(world)[5]
    url = plans_url(world, "answer", world.account.pk, plan.pk, question.pk) + "?n=6"
    page = body(world.client_for(world.viewer).get(url, headers=HTMX))
    assert 'id="q-access_to_key_people"' in page
    assert "Not answered yet" in page
    assert edit_url(world, plan, question) not in page
    assert world.client_for(world.stranger).get(url).status_code == 404
