import pytest
from django.urls import reverse


def print_url(world, account=None, lang: str = "") -> str:
    url = reverse("briefs:print", args=[world.slug, (account or world.account).pk])
    return f"{url}?lang={lang}" if lang else url


@pytest.mark.parametrize("person", ["owner", "director", "manager", "teammate", "viewer"])
def test_it_shows_the_print_view_to_those_who_may_see_the_account(world, person):
    response = world.client_for(getattr(world, person)).get(print_url(world))
    assert response.status_code == 200


@pytest.mark.parametrize("person", ["outsider", "stranger"])
def test_it_is_404_for_those_who_may_not_see_the_account(world, person):
    assert world.client_for(getattr(world, person)).get(print_url(world)).status_code == 404


def test_it_is_404_for_an_account_of_another_workspace(world):
    response = world.client_for(world.owner).get(print_url(world, world.foreign_account))
    assert response.status_code == 404


def test_it_sends_anonymous_visitors_to_log_in(world):
    response = world.client_for(None).get(print_url(world))
    assert response.status_code == 302


def test_it_is_a_standalone_page_with_the_print_styles_and_no_navigation(rich):
    body = rich.client_for(rich.manager).get(print_url(rich)).content.decode()
    assert "keyfolio/css/brief.css" in body
    assert "kf-navbar" not in body and "kf-tabs" not in body
    assert 'id="brief-print"' in body
    assert "Key stakeholders" in body


def test_it_prints_in_the_chosen_language(rich):
    body = rich.client_for(rich.manager).get(print_url(rich, lang="ru")).content.decode()
    assert '<html lang="ru">' in body
    assert "Позиция клиента" in body
