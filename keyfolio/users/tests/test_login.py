import re

import pytest
from django.urls import reverse

from keyfolio.conftest import PASSWORD

LOGIN = "/login/"


def test_it_logs_in_with_any_case_of_the_email(world, client):
    response = client.post(LOGIN, {"username": "  OLGA@Acme.TEST ", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("workspaces:home")
    assert client.session["_auth_user_id"] == str(world.owner.pk)


def test_it_follows_a_safe_next_url(world, client):
    response = client.post(
        LOGIN, {"username": "olga@acme.test", "password": PASSWORD, "next": "/profile/"}
    )
    assert response.url == "/profile/"


def test_it_ignores_a_foreign_next_url(world, client):
    response = client.post(
        LOGIN,
        {"username": "olga@acme.test", "password": PASSWORD, "next": "https://evil.test/"},
    )
    assert response.url == reverse("workspaces:home")


def test_it_says_clearly_that_the_password_is_wrong(world, client):
    response = client.post(LOGIN, {"username": "olga@acme.test", "password": "nope"})
    assert response.status_code == 200
    assert "Wrong e-mail or password." in response.content.decode()
    assert "case-sensitive" not in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_shows_the_error_of_a_malformed_email(world, client):
    response = client.post(LOGIN, {"username": "olga", "password": PASSWORD})
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_refuses_an_inactive_person(world, client):
    world.owner.is_active = False
    world.owner.save()
    client.post(LOGIN, {"username": "olga@acme.test", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_it_sends_a_logged_in_person_on(world, client):
    client.force_login(world.owner)
    assert client.get(LOGIN).status_code == 302


@pytest.fixture
def axes_on(settings):
    # The conftest turns django-axes off; these tests are about it.
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def fail(client, username="olga@acme.test"):
    return client.post(LOGIN, {"username": username, "password": "wrong"})


def test_it_locks_out_after_too_many_failures(world, client, axes_on):
    for _attempt in range(2):
        assert fail(client).status_code == 200
    response = fail(client)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Log-in temporarily locked" in html
    assert "There were 3 failed attempts" in html
    assert "locked for 1\xa0hour" in html

    # Even the right password does not get in now.
    response = client.post(LOGIN, {"username": "olga@acme.test", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_counts_failures_whatever_the_case_of_the_email(world, client, axes_on):
    fail(client, "olga@acme.test")
    fail(client, "OLGA@acme.test")
    assert fail(client, "Olga@Acme.Test").status_code == 429


def test_it_does_not_lock_out_a_different_person(world, client, axes_on):
    for _attempt in range(3):
        fail(client)
    response = client.post(LOGIN, {"username": "adam@acme.test", "password": PASSWORD})
    assert response.status_code == 302


def test_it_says_locked_out_in_russian(world, client, axes_on):
    client.cookies["django_language"] = "ru"
    for _attempt in range(3):
        response = fail(client)
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="ru"' in html
    # Django's own catalog translates the duration.
    assert "1\xa0час" in html


def test_it_answers_an_unknown_email_as_a_wrong_password(world, client):
    known = client.post(LOGIN, {"username": "olga@acme.test", "password": "wrong"})
    unknown = client.post(LOGIN, {"username": "nobody@acme.test", "password": "wrong"})
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors
    assert known.context["form"].errors == {
        "__all__": ["Wrong e-mail or password. Please try again."]
    }


def test_it_locks_out_an_unknown_email_as_a_known_one(world, client, axes_on):
    pages = []
    for username in ("olga@acme.test", "nobody@acme.test"):
        for _attempt in range(2):
            assert fail(client, username).status_code == 200
        pages.append(fail(client, username))
    assert [page.status_code for page in pages] == [429, 429]
    known, unknown = (re.sub(r'"X-CSRFToken": "\w+"', "", page.content.decode()) for page in pages)
    assert known == unknown


@pytest.fixture
def production_limits(settings):
    """The limits settings.py has by default: 10 per e-mail and address, 50 per address."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 10
    settings.AXES_IP_FAILURE_LIMIT = 50


def test_it_locks_one_email_from_one_address_after_10_failures(world, client, production_limits):
    for _attempt in range(9):
        assert fail(client).status_code == 200
    assert fail(client).status_code == 429
    response = client.post(LOGIN, {"username": "olga@acme.test", "password": PASSWORD})
    assert response.status_code == 429
    # Another person from the same address is not locked out by Olga's lock.
    response = client.post(LOGIN, {"username": "adam@acme.test", "password": PASSWORD})
    assert response.status_code == 302


def test_it_locks_an_address_after_50_failures_whatever_the_emails(
    world, client, production_limits
):
    for number in range(1, 50):
        assert fail(client, f"guess{number}@acme.test").status_code == 200
    response = fail(client, "guess50@acme.test")
    assert response.status_code == 429
    assert "There were 50 failed attempts to log in from your address." in response.content.decode()

    # The 51st attempt, with the right password of a real person, is refused too...
    response = client.post(LOGIN, {"username": "adam@acme.test", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # ...but not from another address.
    response = client.post(
        LOGIN, {"username": "adam@acme.test", "password": PASSWORD}, REMOTE_ADDR="192.0.2.9"
    )
    assert response.status_code == 302


def test_it_counts_by_the_address_the_proxy_gives(world, client, settings, axes_on):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.AXES_IP_FAILURE_LIMIT = 5
    # A visitor may send the header; the proxy appends the address it saw.
    behind_proxy = {"HTTP_X_FORWARDED_FOR": "10.9.9.9, 198.51.100.7"}
    for number in range(4):
        response = client.post(
            LOGIN, {"username": f"guess{number}@acme.test", "password": "x"}, **behind_proxy
        )
        assert response.status_code == 200
    response = client.post(LOGIN, {"username": "guess4@acme.test", "password": "x"}, **behind_proxy)
    assert response.status_code == 429

    # Another visitor through the same proxy (the same REMOTE_ADDR) still gets in.
    response = client.post(
        LOGIN,
        {"username": "olga@acme.test", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.8",
    )
    assert response.status_code == 302
