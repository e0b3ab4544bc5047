"""Answering a question inline: the editor, saving, and who may."""

from keyfolio.plans import services
from keyfolio.plans.models import PlanAnswer
from keyfolio.plans.tests.conftest import body, plans_url, questions_of
from keyfolio.testing import HTMX, is_page


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
    response = world.client_for(world.manager).get(edit_url(world, plan, questions_of(world)[0]))
    page = body(response)
    assert is_page(response) and "<trix-editor" in page
    assert 'class="form-control kf-trix-input"' in page


def test_it_lets_an_answer_be_emptied(world, plan):
    question = questions_of(world)[0]
    services.answer_save(plan=plan, question=question, text="<div>Faster</div>", by=None)
    world.client_for(world.manager).post(
        edit_url(world, plan, question), {"text": "<div><br></div>"}, headers=HTMX
    )
    assert PlanAnswer.objects.get().text == ""


def test_it_shows_a_single_answer_read_only(world, plan):
    question = questions_of(world)[5]
    url = plans_url(world, "answer", world.account.pk, plan.pk, question.pk) + "?n=6"
    page = body(world.client_for(world.viewer).get(url, headers=HTMX))
    assert 'id="q-access_to_key_people"' in page
    assert "Not answered yet" in page
    assert edit_url(world, plan, question) not in page
    assert world.client_for(world.stranger).get(url).status_code == 404
