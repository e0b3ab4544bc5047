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
