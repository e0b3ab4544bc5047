import pytest
from django.urls import reverse

from keyfolio.users.models import User

LANGUAGE = "/language/"


def test_it_switches_the_ui_language_and_remembers_it_on_the_person(world):
    client = world.client_for(world.manager)
    response = client.post(LANGUAGE, {"language": "ru", "next": "/profile/"})
    assert response.status_code == 302
    assert response.url == "/profile/"
    assert User.objects.get(pk=world.manager.pk).language == "ru"
    assert '<html lang="ru"' in client.get("/profile/").content.decode()


def test_the_remembered_language_follows_the_person_to_a_new_browser(world):
    world.client_for(world.manager).post(LANGUAGE, {"language": "ru"})
    fresh = world.client_for(world.manager)  # no language cookie
    assert '<html lang="ru"' in fresh.get("/profile/").content.decode()


def test_it_switches_the_language_of_an_anonymous_visitor_by_cookie(client, db):
    response = client.post(LANGUAGE, {"language": "ru", "next": "/login/"})
    assert response.cookies["django_language"].value == "ru"
    assert '<html lang="ru"' in client.get("/login/").content.decode()


def test_it_ignores_an_unknown_language(world):
    client = world.client_for(world.manager)
    response = client.post(LANGUAGE, {"language": "xx", "next": "/profile/"})
    assert response.url == "/profile/"
    assert User.objects.get(pk=world.manager.pk).language == "en"
    assert "django_language" not in response.cookies


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.test/", "//evil.test/", "http://evil.test/profile/", "javascript:alert(1)"],
)
def test_it_refuses_to_redirect_to_another_site(world, next_url):
    response = world.client_for(world.manager).post(LANGUAGE, {"language": "ru", "next": next_url})
    assert response.status_code == 302
    assert response.url == "/"


def test_the_navbar_offers_the_switch(world):
    html = world.client_for(world.manager).get(reverse("users:profile")).content.decode()
    assert f'action="{LANGUAGE}"' in html
    assert 'value="ru"' in html
