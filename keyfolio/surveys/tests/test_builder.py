"""The questionnaire builder on the settings page (admins): add, edit, remove and move
questions, the name and introduction; a version already sent makes the next one and
the answers keep theirs; errors keep what was typed and save nothing; the preview."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyfolio.surveys.models import Answer, Question, QuestionKind, SurveyTemplate
from keyfolio.surveys.tests.factories import answered_survey
from keyfolio.testing import form_as_posted, messages_of, unnamed_fields


def current(world) -> SurveyTemplate:
    return SurveyTemplate.objects.current_for(world.workspace)


def texts(template: SurveyTemplate) -> list[str]:
    return [q.text_en for q in template.questions.all()]


def url(world, name: str, *args) -> str:
    return reverse(f"surveys:{name}", args=[world.slug, *args])


def question_data(**fields) -> dict:
    data = {
        "kind": QuestionKind.SINGLE,
        "text_en": "Which office do you deal with?",
        "text_ru": "С каким офисом вы работаете?",
        "choices_en": "Paris\nLyon",
        "choices_ru": "Париж\nЛион",
        "required": "on",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def admin(world):
    return world.client_for(world.admin)


def test_an_admin_adds_a_question_at_the_end(world, admin):
    response = admin.post(url(world, "question_add"), question_data(), follow=True)
    assert messages_of(response) == ["Survey saved."]
    template = current(world)
    assert template.version == 1  # never sent: edited in place
    added = template.questions.last()
    assert (added.kind, added.required, added.position) == ("single", True, 3)
    assert added.choices_in("ru") == ["Париж", "Лион"]
    assert "Which office do you deal with?" in response.content.decode()


def test_an_admin_edits_a_question(world, admin):
    text = current(world).questions.get(kind=QuestionKind.TEXT)
    page = admin.get(url(world, "question_edit", text.pk))
    assert 'value="What should we do better?"' in page.content.decode()
    assert unnamed_fields(page) == []
    admin.post(
        url(world, "question_edit", text.pk),
        question_data(kind="text", text_en="Anything else?", text_ru="Что-то ещё?", required=None),
    )
    assert texts(current(world))[2] == "Anything else?"
    edited = current(world).questions.get(kind=QuestionKind.TEXT)
    assert edited.choices_en == "" and not edited.required  # a text question has no choices


def test_an_admin_removes_and_moves_questions(world, admin):
    nps, csat, text = current(world).questions.all()
    admin.post(url(world, "question_move", text.pk), {"direction": "up"}, follow=True)
    assert texts(current(world)) == [nps.text_en, text.text_en, csat.text_en]
    moved = current(world).questions.get(kind=QuestionKind.TEXT)
    admin.post(url(world, "question_move", moved.pk), {"direction": "up"}, follow=True)
    first = current(world).questions.first()
    assert first.kind == "text"
    assert [q.position for q in current(world).questions.all()] == [0, 1, 2]
    response = admin.post(url(world, "question_move", first.pk), {"direction": "up"}, follow=True)
    assert messages_of(response) == []  # the first cannot go higher: nothing saved
    response = admin.post(url(world, "question_remove", first.pk), follow=True)
    assert "Removed: What should we do better?" in messages_of(response)
    assert [q.kind for q in current(world).questions.all()] == ["nps", "csat"]


def test_the_last_question_cannot_be_removed(world, admin):
    for _ in range(2):
        admin.post(url(world, "question_remove", current(world).questions.first().pk), follow=True)
    last = current(world).questions.get()
    response = admin.post(url(world, "question_remove", last.pk), follow=True)
    assert messages_of(response) == ["A survey needs at least one question."]
    assert current(world).questions.count() == 1


def test_an_edit_after_a_send_makes_the_next_version_and_answers_keep_theirs(world, admin):
    sent = answered_survey(world.account)
    first = current(world)
    Answer.objects.create(invitation=sent, question=first.questions.get(kind="nps"), number=9)
    settings_page = admin.get(url(world, "settings")).content.decode()
    assert "Version 1 has been sent once: a change makes version 2" in settings_page

    response = admin.post(url(world, "question_add"), question_data(), follow=True)
    assert messages_of(response) == ["Saved as version 2: answers already given keep version 1."]
    second = current(world)
    assert second.version == 2 and len(texts(second)) == 4
    assert texts(first) == texts(second)[:3]  # version 1 unchanged
    sent.refresh_from_db()
    assert sent.template == first
    assert Answer.objects.get().question.template == first

    # Version 2 has not been sent: further edits change it in place.
    admin.post(
        url(world, "template_edit"),
        {
            "name_en": "Our partnership",
            "name_ru": "Наше партнёрство",
            "intro_en": "",
            "intro_ru": "",
        },
    )
    assert current(world).pk == second.pk
    assert current(world).name_in("ru") == "Наше партнёрство"
    assert SurveyTemplate.objects.get(pk=first.pk).name_en == "Relationship survey"


def test_errors_keep_what_was_typed_and_save_nothing(world, admin):
    before = (current(world).pk, texts(current(world)))
    one_choice = admin.post(
        url(world, "question_add"), question_data(choices_en="Paris", choices_ru="")
    )
    body = one_choice.content.decode()
    assert "Give at least two choices, one a line." in body
    assert "Which office do you deal with?" in body and "С каким офисом" in body
    mismatched = admin.post(
        url(world, "question_add"), question_data(choices_ru="Париж\nЛион\nНицца")
    )
    assert "Give as many Russian choices as English ones (2), or none." in (
        mismatched.content.decode()
    )
    no_text = admin.post(url(world, "question_add"), question_data(text_en=""))
    assert no_text.context["question_form"].errors["text_en"] == ["This field is required."]
    second_nps = admin.post(url(world, "question_add"), question_data(kind="nps", choices_en=""))
    assert second_nps.context["question_form"].errors["kind"] == [
        "A survey may have one “Recommendation 0–10 (NPS)” question at most."
    ]
    assert "Which office do you deal with?" in second_nps.content.decode()
    no_name = admin.post(
        url(world, "template_edit"), {"name_en": "", "name_ru": "Опрос", "intro_en": "Hi"}
    )
    assert no_name.status_code == 200
    assert no_name.context["template_form"].errors["name_en"] == ["This field is required."]
    assert "Hi</textarea>" in no_name.content.decode()
    assert (current(world).pk, texts(current(world))) == before
    assert current(world).name_en == "Relationship survey"


def test_a_question_of_an_older_version_is_found_by_its_copy(world, admin):
    answered_survey(world.account)
    old = current(world).questions.first()
    admin.post(url(world, "question_add"), question_data())
    page = admin.get(url(world, "question_edit", old.pk))
    assert page.status_code == 200
    assert page.context["question"] == current(world).questions.first() != old
    foreign = SurveyTemplate.objects.current_for(world.other_workspace).questions.first()
    assert admin.post(url(world, "question_remove", foreign.pk)).status_code == 404
    assert SurveyTemplate.objects.current_for(world.other_workspace).questions.count() == 3


@pytest.mark.parametrize("person", ["director", "manager", "viewer"])
def test_only_admins_edit(world, person):
    client = world.client_for(getattr(world, person))
    question = current(world).questions.first()
    assert client.get(url(world, "settings")).status_code == 403
    assert client.post(url(world, "question_add"), question_data()).status_code == 403
    assert client.post(url(world, "question_remove", question.pk)).status_code == 403
    assert client.post(url(world, "question_move", question.pk), {}).status_code == 403
    assert client.get(url(world, "preview")).status_code == 403
    stranger = world.client_for(world.stranger)
    assert stranger.post(url(world, "question_remove", question.pk)).status_code == 404
    assert stranger.get(url(world, "preview")).status_code == 404
    assert current(world).questions.count() == 3 and current(world).version == 1


def test_the_settings_page_names_every_field_and_costs_the_same_at_two_sizes(world, admin):
    page = admin.get(url(world, "settings"))
    assert unnamed_fields(page) == []
    assert unnamed_fields(admin.get(url(world, "question_add"))) == []
    with CaptureQueriesContext(connection) as few:
        admin.get(url(world, "settings"))
    for n in range(10):
        admin.post(url(world, "question_add"), question_data(text_en=f"Office {n}?"))
    with CaptureQueriesContext(connection) as many:
        response = admin.get(url(world, "settings"))
    assert len(response.context["questions"]) == 13
    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("language", "question", "required"),
    [
        ("en", "How likely are you to recommend", "This field is required."),
        ("ru", "Насколько вероятно, что вы порекомендуете", "Обязательное поле."),
    ],
)
def test_the_preview_shows_the_clients_page_and_saves_nothing(
    world, admin, language, question, required
):
    preview = url(world, "preview") + f"?language={language}"
    page = admin.get(preview)
    body = page.content.decode()
    assert f'<html lang="{language}">' in body
    assert question in body and "Acme" in body
    assert unnamed_fields(page) == []
    form = page.context["form"]
    comment = next(name for name, field in form.fields.items() if field.question.kind == "text")
    checked = admin.post(preview, {comment: "Quicker quotes"})
    assert checked.content.decode().count(required) == 2  # NPS and CSAT
    assert "Quicker quotes" in checked.content.decode()
    by_kind = {field.question.kind: name for name, field in form.fields.items()}
    accepted = admin.post(preview, {by_kind["nps"]: 9, by_kind["csat"]: 4})
    assert accepted.context["preview"]["accepted"]
    assert not Answer.objects.exists() and not Question.objects.filter(answers__isnull=False)


def test_a_texts_save_over_a_newer_version_is_refused_and_the_merge_saved(world):
    settings = url(world, "settings")
    mine, theirs = world.client_for(world.owner), world.client_for(world.admin)
    mine_read = form_as_posted(mine.get(settings).context["template_form"])
    theirs_read = form_as_posted(theirs.get(settings).context["template_form"])
    theirs.post(url(world, "template_edit"), {**theirs_read, "name_en": "Their survey"})

    refused = mine.post(
        url(world, "template_edit"), {**mine_read, "name_en": "My survey", "intro_en": "Hello"}
    )

    assert [c["name"] for c in refused.context["template_form"].conflict] == [
        "name_en",
        "intro_en",
    ]
    assert current(world).name_en == "Their survey"
    merged = {**form_as_posted(refused.context["template_form"]), "merge-name_en": "theirs"}
    mine.post(url(world, "template_edit"), merged)
    assert (current(world).name_en, current(world).intro_en) == ("Their survey", "Hello")
