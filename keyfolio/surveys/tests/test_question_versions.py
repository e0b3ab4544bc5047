"""No lost edits in the questionnaire builder: saving a survey keeps its questions' ids
(a page about one stays valid), answers already given keep their questions, a question
saved over someone else's change is refused with both versions to choose from, and a
question someone else removed says so and keeps what was typed."""

import pytest
from django.urls import reverse

from keyfolio.surveys.models import Answer, Question, QuestionKind, SurveyTemplate
from keyfolio.surveys.services import (
    QuestionDraft,
    survey_questions_revise,
    survey_template_revise,
    template_drafts,
)
from keyfolio.surveys.tests.factories import answered_survey
from keyfolio.testing import conflict_of, form_as_posted, messages_of


def current(world) -> SurveyTemplate:
    return SurveyTemplate.objects.current_for(world.workspace)


def url(world, name: str, *args) -> str:
    return reverse(f"surveys:{name}", args=[world.slug, *args])


def ids(template: SurveyTemplate) -> list[int]:
    return [q.pk for q in template.questions.all()]


def text_question(world) -> Question:
    return current(world).questions.get(kind=QuestionKind.TEXT)


@pytest.fixture
def admin(world):
    return world.client_for(world.admin)


def test_editing_a_survey_never_sent_keeps_its_questions_ids(world, admin):
    before = ids(current(world))
    text = text_question(world)
    edit = admin.get(url(world, "question_edit", text.pk)).context["question_form"]
    admin.post(url(world, "question_edit", text.pk), {**form_as_posted(edit), "text_en": "Ideas?"})
    admin.post(url(world, "question_move", before[0]), {"direction": "down"})
    admin.post(url(world, "template_edit"), {"name_en": "Survey", "name_ru": "Опрос"})
    template = current(world)
    assert template.version == 1
    assert sorted(ids(template)) == sorted(before)
    assert Question.objects.get(pk=text.pk).text_en == "Ideas?"
    assert ids(template)[:2] == [before[1], before[0]]


def test_only_a_removed_question_is_deleted_and_an_added_one_is_new(world, admin):
    first, second, third = ids(current(world))
    admin.post(url(world, "question_remove", second))
    drafts = template_drafts(current(world))
    survey_questions_revise(
        template=current(world),
        user=world.admin,
        questions=[*drafts, QuestionDraft(kind=QuestionKind.RATING, text_en="Speed?", text_ru="")],
    )
    kept = ids(current(world))
    assert kept[:2] == [first, third]
    assert len(kept) == 3 and kept[2] not in (first, second, third)
    assert not Question.objects.filter(pk=second).exists()


def test_a_sent_survey_keeps_its_questions_and_their_answers(world, admin):
    invitation = answered_survey(world.account)
    sent = current(world)
    question = sent.questions.first()
    Answer.objects.create(invitation=invitation, question=question, number=9)
    admin.post(url(world, "question_remove", question.pk))
    revised = current(world)
    assert revised.version == 2
    assert ids(sent) == [question.pk, *ids(sent)[1:]]  # Version 1 as it was sent.
    assert Answer.objects.get(invitation=invitation).question == question
    # Each question of the new version knows the one it carries on.
    assert [q.origin_id for q in revised.questions.all()] == ids(sent)[1:]


@pytest.mark.parametrize("extra", [0, 10])
def test_saving_costs_the_same_at_two_sizes(world, extra, django_assert_num_queries):
    template = current(world)
    rating = QuestionDraft(kind=QuestionKind.RATING, text_en="Rate", text_ru="")
    survey_questions_revise(
        template=template,
        user=world.admin,
        questions=[
            *template_drafts(template),
            *[rating] * extra,
        ],
    )
    drafts = template_drafts(template)
    changed = [QuestionDraft(**{**d.__dict__, "text_en": d.text_en + "!"}) for d in drafts[1:]]
    new = QuestionDraft(kind=QuestionKind.TEXT, text_en="More?", text_ru="")
    # A savepoint, invitations, the texts (saved, and their line in the audit trail), the
    # questions; deleting the one removed (its answers checked, its copies let go, deleted,
    # its line); updating the changed ones and their lines, adding the new one and its
    # line; the savepoint released.
    with django_assert_num_queries(14):
        survey_template_revise(
            template=template,
            user=world.admin,
            name_en="Survey",
            name_ru="",
            questions=[*changed, new],
        )
    assert len(ids(current(world))) == 3 + extra


def test_a_question_saved_over_someone_elses_change_is_refused_and_merged(world):
    question = text_question(world)
    edit_url = url(world, "question_edit", question.pk)
    mine, theirs = world.client_for(world.owner), world.client_for(world.admin)
    mine_read = form_as_posted(mine.get(edit_url).context["question_form"])
    theirs_read = form_as_posted(theirs.get(edit_url).context["question_form"])
    theirs.post(edit_url, {**theirs_read, "text_en": "Their words?", "required": "on"})

    refused = mine.post(edit_url, {**mine_read, "text_en": "My words?", "text_ru": "Мои?"})

    assert refused.status_code == 200
    assert "Someone else saved this since you opened it." in refused.content.decode()
    assert conflict_of(refused, "question_form") == {
        "text_en": ("Their words?", "My words?"),
        "text_ru": ("Что нам стоит делать лучше?", "Мои?"),
        "required": ("yes", "no"),
    }
    assert 'value="My words?"' in refused.content.decode()  # The typing is kept.
    saved = Question.objects.get(pk=question.pk)
    assert (saved.text_en, saved.required) == ("Their words?", True)  # Nothing changed.

    form = refused.context["question_form"]
    merged = {**form_as_posted(form), "merge-text_en": "theirs", "merge-required": "theirs"}
    response = mine.post(edit_url, merged)
    assert response.status_code == 302
    saved = Question.objects.get(pk=question.pk)
    assert (saved.text_en, saved.text_ru, saved.required) == ("Their words?", "Мои?", True)


def test_a_question_left_open_across_a_new_version_saves_into_it(world, admin):
    question = text_question(world)
    read = form_as_posted(
        admin.get(url(world, "question_edit", question.pk)).context["question_form"]
    )
    answered_survey(world.account)
    survey_template_revise(
        template=current(world),
        user=world.owner,
        name_en="Relationship survey, 2",
        name_ru="",
        questions=template_drafts(current(world)),
    )
    response = admin.post(url(world, "question_edit", question.pk), {**read, "text_en": "Ideas?"})
    assert response.status_code == 302
    assert current(world).version == 2
    assert current(world).questions.get(kind=QuestionKind.TEXT).text_en == "Ideas?"
    assert Question.objects.get(pk=question.pk).text_en != "Ideas?"  # Sent: kept.


def test_a_question_removed_meanwhile_says_so_and_keeps_the_typing(world, admin):
    question = text_question(world)
    edit_url = url(world, "question_edit", question.pk)
    read = form_as_posted(admin.get(edit_url).context["question_form"])
    world.client_for(world.owner).post(url(world, "question_remove", question.pk))
    before = ids(current(world))

    response = admin.post(edit_url, {**read, "text_en": "What should we stop doing?"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else removed this question from the survey" in body
    assert 'value="What should we stop doing?"' in body
    assert f'action="{url(world, "question_add")}"' in body
    assert ids(current(world)) == before

    readded = admin.post(
        url(world, "question_add"), form_as_posted(response.context["question_form"])
    )
    assert readded.status_code == 302
    assert texts_of(current(world))[-1] == "What should we stop doing?"


def texts_of(template: SurveyTemplate) -> list[str]:
    return [q.text_en for q in template.questions.all()]


def test_a_removed_questions_page_and_buttons_say_so(world, admin):
    question = text_question(world)
    world.client_for(world.owner).post(url(world, "question_remove", question.pk))
    before = ids(current(world))
    page = admin.get(url(world, "question_edit", question.pk), follow=True)
    assert messages_of(page) == ["This question is no longer in the survey."]
    for action in ("question_move", "question_remove"):
        response = admin.post(url(world, action, question.pk), {"direction": "up"}, follow=True)
        assert messages_of(response) == [
            "Someone else removed this question from the survey; nothing changed."
        ]
    assert ids(current(world)) == before


def test_another_workspaces_question_is_still_not_found(world, admin):
    foreign = SurveyTemplate.objects.current_for(world.other_workspace).questions.first()
    assert admin.get(url(world, "question_edit", foreign.pk)).status_code == 404
    assert admin.post(url(world, "question_edit", foreign.pk), {}).status_code == 404
    assert admin.post(url(world, "question_move", foreign.pk)).status_code == 404
