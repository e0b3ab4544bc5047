"""Each person's own session list: recorded at log-in, kept current, ended from the list."""

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from keyfolio.conftest import PASSWORD, make_user
from keyfolio.logins.models import UserSession, describe_user_agent
from keyfolio.logins.sessions import SEEN_KEY
from keyfolio.testing import messages_of

SESSIONS = reverse("logins:sessions")
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def browser(user_agent: str, email: str = "olga@acme.test") -> Client:
    """A browser that logged in with the password, as a person does."""
    client = Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR="203.0.113.7")
    response = client.post(reverse("users:login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_a_log_in_is_recorded_with_its_browser_and_address(world):
    client = browser(FIREFOX)
    row = UserSession.objects.get(user=world.owner)
    assert row.session_key == client.session.session_key
    assert row.browser == "Firefox on Linux"
    assert row.ip_address == "203.0.113.7"


def test_the_list_shows_ones_own_sessions_and_marks_this_one(world):
    firefox, iphone = browser(FIREFOX), browser(IPHONE)
    browser(FIREFOX, email="adam@acme.test")
    response = firefox.get(SESSIONS)
    rows = response.context["rows"]
    assert {row.user_id for row in rows} == {world.owner.pk}
    assert {row.session_key for row in rows} == {
        firefox.session.session_key,
        iphone.session.session_key,
    }
    body = response.content.decode()
    assert "Safari on iOS" in body and "this session" in body
    assert body.count("this session") == 1


def test_the_list_costs_the_same_queries_for_two_or_six_sessions(world, django_assert_num_queries):
    client = browser(FIREFOX)
    browser(IPHONE)
    # The session, the person, their sessions.
    with django_assert_num_queries(3):
        client.get(SESSIONS)
    for _ in range(4):
        browser(IPHONE)
    with django_assert_num_queries(3):
        assert len(client.get(SESSIONS).context["rows"]) == 6


def test_an_expired_session_is_not_listed(world):
    firefox, iphone = browser(FIREFOX), browser(IPHONE)
    Session.objects.filter(session_key=iphone.session.session_key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )
    assert len(firefox.get(SESSIONS).context["rows"]) == 1


def test_ending_a_session_logs_that_browser_out(world):
    firefox, iphone = browser(FIREFOX), browser(IPHONE)
    row = UserSession.objects.get(session_key=iphone.session.session_key)
    response = firefox.post(reverse("logins:session_end", args=[row.pk]), follow=True)
    assert "That session is ended: the browser is logged out." in messages_of(response)
    assert iphone.get(SESSIONS).status_code == 302
    assert firefox.get(SESSIONS).status_code == 200
    assert not UserSession.objects.filter(pk=row.pk).exists()


def test_another_persons_session_cannot_be_ended(world):
    firefox = browser(FIREFOX)
    adam = browser(FIREFOX, email="adam@acme.test")
    row = UserSession.objects.get(user=world.admin)
    assert firefox.post(reverse("logins:session_end", args=[row.pk])).status_code == 404
    assert adam.get(SESSIONS).status_code == 200
    assert UserSession.objects.filter(pk=row.pk).exists()


def test_log_out_everywhere_else_keeps_this_session(world):
    firefox, iphone, other = browser(FIREFOX), browser(IPHONE), browser(IPHONE)
    response = firefox.post(reverse("logins:sessions_end_others"), follow=True)
    assert "You are logged out everywhere else (2 sessions ended)." in messages_of(response)
    assert iphone.get(SESSIONS).status_code == 302
    assert other.get(SESSIONS).status_code == 302
    assert [row.session_key for row in firefox.get(SESSIONS).context["rows"]] == [
        firefox.session.session_key
    ]


def test_changing_the_password_ends_the_other_sessions(world):
    firefox, iphone = browser(FIREFOX), browser(IPHONE)
    new = "a-new-long-passphrase-42"
    firefox.post(
        reverse("users:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert SESSION_KEY in firefox.session
    assert not Session.objects.filter(session_key=iphone.session.session_key).exists()
    rows = firefox.get(SESSIONS).context["rows"]
    # The password change gave this session a new key; the list follows it.
    assert [row.session_key for row in rows] == [firefox.session.session_key]


def test_logging_out_forgets_the_session(world):
    firefox = browser(FIREFOX)
    firefox.post(reverse("users:logout"))
    assert not UserSession.objects.filter(user=world.owner).exists()


def test_last_active_is_noted_every_few_minutes_not_on_every_request(world):
    firefox = browser(FIREFOX)
    row = UserSession.objects.get(user=world.owner)
    firefox.get(SESSIONS)
    assert UserSession.objects.get(pk=row.pk).last_seen == row.last_seen
    session = firefox.session
    key, _ = session[SEEN_KEY]
    session[SEEN_KEY] = [key, (timezone.now() - timedelta(minutes=6)).isoformat()]
    session.save()
    firefox.get(SESSIONS)
    assert UserSession.objects.get(pk=row.pk).last_seen > row.last_seen


def test_a_session_from_before_the_list_is_recorded_when_used(world):
    client = browser(FIREFOX)
    UserSession.objects.all().delete()
    session = client.session
    del session[SEEN_KEY]
    session.save()
    client.get(reverse("users:profile"))
    assert UserSession.objects.get(user=world.owner).session_key == client.session.session_key


def test_the_profile_counts_the_sessions(world):
    client = browser(FIREFOX)
    browser(IPHONE)
    assert "Logged in on 2 browsers" in client.get(reverse("users:profile")).content.decode()


@pytest.mark.parametrize(
    "user_agent,shown",
    [
        (FIREFOX, "Firefox on Linux"),
        (IPHONE, "Safari on iOS"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge on Windows",
        ),
        ("curl/8.5.0", "curl"),
        ("", ""),
    ],
)
def test_it_names_the_browser(user_agent, shown):
    assert describe_user_agent(user_agent) == shown


def test_a_new_person_has_one_session(db):
    make_user("new@acme.test")
    client = browser(FIREFOX, email="new@acme.test")
    assert len(client.get(SESSIONS).context["rows"]) == 1


def test_a_password_set_by_link_ends_every_earlier_session(world):
    firefox = browser(FIREFOX)
    world.owner.refresh_from_db()  # The token depends on the last log-in.
    uid = urlsafe_base64_encode(force_bytes(world.owner.pk))
    token = default_token_generator.make_token(world.owner)
    other = Client()
    form_url = other.get(reverse("users:password_reset_confirm", args=[uid, token])).url
    new = "a-new-long-passphrase-42"
    other.post(form_url, {"new_password1": new, "new_password2": new})
    assert firefox.get(SESSIONS).status_code == 302
    # The link logged this browser in: its session is the one listed.
    assert [row.session_key for row in other.get(SESSIONS).context["rows"]] == [
        other.session.session_key
    ]
