"""The public page tells nothing to a wrong link, changes nothing for it, is
rate-limited, and keeps the strict CSP."""

import secrets
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from keyfolio.surveys import public
from keyfolio.surveys.models import Answer, Invitation, SurveyTemplate
from keyfolio.surveys.services import QuestionDraft, survey_send, survey_template_revise
from keyfolio.surveys.tests.conftest import link_in, make_contact, run_queued_tasks
from keyfolio.surveys.tests.test_flow import answer_values


@pytest.fixture
def link(world, outbox, anna) -> str:
    survey_send(workspace=world.workspace, contacts=[anna], by=world.manager)
    run_queued_tasks()
    return link_in(outbox[-1])


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]


def fetch(client: Client, path: str, method: str = "get"):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(path)
    return response, writes(queries)


def test_expired_used_malformed_and_unknown_links_look_the_same(world, link, client):
    reference, wrote = fetch(client, reverse("surveys_public:answer", args=["x" * 43]))
    assert reference.status_code == 404 and not wrote
    assert "This survey link cannot be used" in reference.content.decode()
    assert "Northwind" not in reference.content.decode()

    malformed = ["short", "%00" * 3, "a" * 44, "ä" * 43, "a" * 42 + "!", "a" * 42 + "%2F"]
    for token in malformed:
        response, wrote = fetch(client, f"/s/{token}/")
        assert (response.status_code, response.content, wrote) == (404, reference.content, [])

    page = client.get(link)
    client.post(link, answer_values(page))  # used
    for method in ("get", "post"):
        response, wrote = fetch(client, link, method)
        assert (response.status_code, response.content, wrote) == (404, reference.content, [])

    Invitation.objects.update(answered_at=None, expires_at=timezone.now() - timedelta(seconds=1))
    response, wrote = fetch(client, link)  # expired
    assert (response.status_code, response.content, wrote) == (404, reference.content, [])


def test_ten_thousand_random_tokens_reveal_and_change_nothing(world, link):
    factory = RequestFactory()
    reference = None
    written: list[str] = []

    def record_writes(execute, sql, params, many, context):
        if sql.startswith(("INSERT", "UPDATE", "DELETE")):
            written.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record_writes):
        for _ in range(10_000):
            request = factory.get("/s/x/")
            response = public.answer(request, secrets.token_urlsafe(32))
            assert response.status_code == 404
            reference = reference or response.content
            assert response.content == reference
    assert written == []
    assert Invitation.objects.get().opened_at is None


def test_answers_are_rate_limited_per_link_and_per_address(world, link, settings, client):
    settings.SURVEY_POSTS_PER_TOKEN_HOUR = 3
    settings.SURVEY_POSTS_PER_IP_HOUR = 5
    statuses = [client.post(link, {}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]  # a form with errors, three times, then no more
    other = reverse("surveys_public:answer", args=["y" * 43])
    assert [client.post(other).status_code for _ in range(2)] == [404, 429]  # 6th post here
    assert Invitation.objects.get().answered_at is None


def test_the_page_is_light_and_keeps_the_strict_csp(world, link, client):
    response = client.get(link)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp
    body = response.content.decode()
    assert "<script" not in body and "echarts" not in body and "bootstrap" not in body
    assert "http://" not in body and "https://" not in body
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_a_contact_of_another_workspace_never_gets_our_survey(world, outbox, client):
    theirs = make_contact(world.foreign_account, "Ian", "ian@initech.test")
    url = reverse("surveys:account_send", args=[world.slug, world.account.pk])
    response = world.client_for(world.owner).post(url, {"contacts": [theirs.pk]})
    assert response.status_code == 200
    assert "is not one of the available choices" in response.content.decode()
    with pytest.raises(Exception, match="another workspace"):
        survey_send(workspace=world.workspace, contacts=[theirs], by=world.owner)
    run_queued_tasks()
    assert outbox == [] and not Invitation.objects.exists()


def test_the_opt_out_page_is_the_same_for_any_link(world, link, client):
    answered_stop = client.post(link + "stop/")
    unknown_stop = client.post(reverse("surveys_public:opt_out", args=["z" * 43]))
    assert answered_stop.status_code == unknown_stop.status_code == 200
    assert answered_stop.content == unknown_stop.content


EVERY_KIND = [
    QuestionDraft("nps", "Recommend us?", "Порекомендуете нас?", required=True),
    QuestionDraft("csat", "Satisfied?", "Довольны?"),
    QuestionDraft("rating", "Our quotes?", "Наши предложения?", required=True),
    QuestionDraft("single", "Office?", "Офис?", "Paris\nLyon", "Париж\nЛион", required=True),
    QuestionDraft("multiple", "Channels?", "Каналы?", "Mail\nPhone\nVisits", "Почта\nТелефон"),
    QuestionDraft("text", "Anything else?", "Что-то ещё?", required=True),
]


@pytest.mark.parametrize(
    ("language", "shown", "required"),
    [
        (
            "en",
            ["Recommend us?", "Lyon", "Visits", "Poor", "Tick all that apply."],
            "This field is required.",
        ),
        ("ru", ["Порекомендуете нас?", "Лион", "Телефон", "Visits"], "Обязательное поле."),
    ],
)
def test_the_page_asks_every_kind_and_keeps_the_answers_given_on_an_error(
    world, outbox, client, language, shown, required
):
    template = SurveyTemplate.objects.current_for(world.workspace)
    survey_template_revise(
        template=template, user=world.admin, name_en="Q", name_ru="О", questions=EVERY_KIND
    )
    contact = make_contact(world.account, language=language)
    survey_send(workspace=world.workspace, contacts=[contact], by=world.manager)
    run_queued_tasks()
    path = link_in(outbox[-1])
    page = client.get(path)
    body = page.content.decode()
    for text in shown:
        assert text in body
    names = {field.question.kind: name for name, field in page.context["form"].fields.items()}
    assert body.count('type="radio"') == 11 + 5 + 5 + 2
    assert body.count('type="checkbox"') == 3 and body.count("<textarea") == 1

    # The optional CSAT and several channels answered; the required rating, office, text not.
    typed = {names["nps"]: 7, names["csat"]: 4, names["multiple"]: ["0", "2"]}
    refused = client.post(path, typed)
    body = refused.content.decode()
    assert body.count(required) == 3
    errors = refused.context["form"].errors
    assert set(errors) == {names["rating"], names["single"], names["text"]}
    assert refused.context["form"][names["nps"]].value() == "7"
    assert body.count("checked") == 4  # NPS 7, CSAT 4, channels 0 and 2
    assert Invitation.objects.get().answered_at is None

    typed.update({names["rating"]: 5, names["single"]: 1, names["text"]: "Fine"})
    thanks = client.post(path, typed)
    assert thanks.status_code == 200 and "form" not in thanks.context
    answers = {a.question.kind: a for a in Answer.objects.select_related("question")}
    assert answers["multiple"].choices == [0, 2] and answers["single"].choices == [1]
    assert answers["rating"].number == 5 and answers["text"].text == "Fine"
    assert all(a.question.template.version == 1 for a in answers.values())
