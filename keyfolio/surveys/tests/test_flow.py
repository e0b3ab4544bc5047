"""The whole flow through the web: send from the account's tab → the worker e-mails →
the contact opens the link → answers → the figures roll up; in both languages."""

from datetime import timedelta

from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone

from keyfolio.surveys.models import Invitation
from keyfolio.surveys.selectors import account_satisfaction
from keyfolio.surveys.services import invitations_remind
from keyfolio.surveys.tests.conftest import link_in, make_contact, run_queued_tasks
from keyfolio.testing import messages_of


def send(world, *contacts, user=None):
    client = world.client_for(user or world.manager)
    url = reverse("surveys:account_send", args=[world.slug, world.account.pk])
    return client.post(url, {"contacts": [c.pk for c in contacts]}, follow=True)


def answer_values(response, nps=10, csat=5, comment="Faster quotes, please."):
    form = response.context["form"]
    by_kind = {field.question.kind: name for name, field in form.fields.items()}
    return {by_kind["nps"]: nps, by_kind["csat"]: csat, by_kind["text"]: comment}


def test_it_sends_opens_answers_and_rolls_up(world, outbox, anna, client):
    response = send(world, anna)
    assert messages_of(response) == ["The survey goes out to 1 person."]
    assert outbox == []  # the worker sends it
    assert run_queued_tasks() == 1
    [message] = outbox
    assert message.to == ["anna@northwind.test"]
    assert "Max Manager" in message.from_email and "Acme" in message.from_email
    assert message.reply_to == ["max@acme.test"]
    html = message.alternatives[0][0]
    path = link_in(message)
    assert path in html and "Dear Anna Petrova" in message.body

    page = client.get(path)
    assert page.status_code == 200
    assert "How likely are you to recommend" in page.content.decode()
    invitation = Invitation.objects.get()
    assert invitation.opened_at is not None and invitation.answered_at is None

    thanks = client.post(path, answer_values(page))
    assert thanks.status_code == 200 and "Thank you" in thanks.content.decode()
    satisfaction = account_satisfaction(world.account)
    assert (satisfaction.responses, satisfaction.nps, satisfaction.csat) == (1, 100, 100)
    assert satisfaction.response_rate == 100
    assert satisfaction.latest_comment.text == "Faster quotes, please."

    tab = world.client_for(world.viewer).get(
        reverse("surveys:account", args=[world.slug, world.account.pk])
    )
    body = tab.content.decode()
    assert "+100" in body and "Faster quotes, please." in body and "answered" in body


def test_a_russian_contact_gets_russian_mail_and_page(world, outbox, boris, client):
    send(world, boris)
    run_queued_tasks()
    [message] = outbox
    assert message.extra_headers["Content-Language"] == "ru"
    assert "Насколько" not in message.body  # the e-mail links; the page asks
    page = client.get(link_in(message))
    body = page.content.decode()
    assert '<html lang="ru">' in body
    assert "Насколько вероятно, что вы порекомендуете работу с нами коллеге?" in body


def test_a_missing_answer_is_named_and_nothing_is_saved(world, outbox, anna, client):
    send(world, anna)
    run_queued_tasks()
    path = link_in(outbox[0])
    page = client.get(path)
    values = answer_values(page)
    del values[next(iter(values))]  # the NPS
    response = client.post(path, values)
    assert response.status_code == 200
    assert "Please answer the questions marked below." in response.content.decode()
    assert Invitation.objects.get().answered_at is None


def test_the_reminder_goes_once_to_those_who_did_not_answer(world, outbox, anna, client):
    answered = make_contact(world.account, "Olga", "olga@northwind.test")
    send(world, anna, answered)
    run_queued_tasks()
    first = {m.to[0]: link_in(m) for m in outbox}
    page = client.get(first["olga@northwind.test"])
    client.post(first["olga@northwind.test"], answer_values(page))

    later = timezone.now() + timedelta(days=8)
    ids = list(Invitation.objects.values_list("pk", flat=True))
    assert invitations_remind(ids, now=later).sent == 1
    assert invitations_remind(ids, now=later).sent == 0  # once
    reminder = outbox[-1]
    assert reminder.to == ["anna@northwind.test"] and reminder.subject.startswith("Reminder")
    # Both of Anna's links work, until she answers through one.
    second = link_in(reminder)
    assert second != first["anna@northwind.test"]
    assert client.get(first["anna@northwind.test"]).status_code == 200
    page = client.get(second)
    client.post(second, answer_values(page, nps=3))
    assert client.get(first["anna@northwind.test"]).status_code == 404
    assert client.get(second).status_code == 404


def test_the_quiet_period_and_the_opt_out_skip_people_and_say_why(world, outbox, anna, client):
    nobody = make_contact(world.account, "No Mail", "")
    send(world, anna)
    run_queued_tasks()
    response = send(world, anna, nobody)
    assert messages_of(response) == [
        f"Not sent to Anna Petrova: was surveyed on {timezone.localdate().isoformat()}, "
        "within the quiet period.",
        "Not sent to No Mail: has no e-mail address.",
    ]
    stop = link_in(outbox[0]) + "stop/"
    assert client.get(stop).status_code == 200
    anna.refresh_from_db()
    assert anna.surveys_opted_out_at is None  # a GET (a mail scanner) changes nothing
    client.post(stop)
    anna.refresh_from_db()
    assert anna.surveys_opted_out_at is not None
    Invitation.objects.all().delete()  # past the quiet period, she still gets nothing
    response = send(world, anna)
    assert messages_of(response) == ["Not sent to Anna Petrova: asked for no more surveys."]


def test_a_refused_address_shows_as_bounced(world, outbox, anna, settings):
    settings.EMAIL_BACKEND = "keyfolio.surveys.tests.test_flow.Refusing"
    send(world, anna)
    run_queued_tasks()
    invitation = Invitation.objects.get()
    assert invitation.status == "bounced"
    assert "550" in invitation.bounce_reason
    tab = world.client_for(world.manager).get(
        reverse("surveys:account", args=[world.slug, world.account.pk])
    )
    assert "bounced" in tab.content.decode()


class Refusing(EmailBackend):
    def send_messages(self, messages):
        raise OSError("550 mailbox unavailable")
