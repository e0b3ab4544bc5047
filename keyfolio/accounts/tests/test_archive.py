from datetime import date

import pytest
from django.urls import reverse

from keyfolio.accounts.models import Account
from keyfolio.accounts.tests.factories import assess


def archive_url(world, account=None) -> str:
    return reverse("accounts:archive", args=[world.slug, (account or world.account).pk])


def restore_url(world, account=None) -> str:
    return reverse("accounts:restore", args=[world.slug, (account or world.account).pk])


def is_archived(account: Account) -> bool:
    account.refresh_from_db()
    return account.is_archived


@pytest.mark.parametrize("person", ["owner", "director", "manager", "teammate"])
def test_it_archives_for_those_who_may_edit(world, person):
    response = world.client_for(getattr(world, person)).post(archive_url(world), follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:list", args=[world.slug])
    assert "archived" in response.content.decode()
    assert is_archived(world.account)


def test_it_hides_the_archived_account_from_the_list(world):
    client = world.client_for(world.manager)
    client.post(archive_url(world))
    listed = client.get(reverse("accounts:list", args=[world.slug])).context["page"].object_list
    assert world.account not in listed


def test_it_restores(world):
    world.account.archive()
    client = world.client_for(world.manager)
    response = client.post(restore_url(world))
    assert response.url == reverse("accounts:detail", args=[world.slug, world.account.pk])
    assert not is_archived(world.account)


def test_it_keeps_the_assessments_of_an_archived_account(world):
    assess(world.account, client=60, our=60, on=date(2025, 3, 1))
    world.client_for(world.manager).post(archive_url(world))
    assert world.account.assessments.count() == 1


@pytest.mark.parametrize("url", [archive_url, restore_url])
def test_it_is_403_for_a_viewer(world, url):
    if url is restore_url:
        world.account.archive()
    was_archived = world.account.is_archived
    response = world.client_for(world.viewer).post(url(world))
    assert response.status_code == 403
    assert is_archived(world.account) == was_archived


@pytest.mark.parametrize("url", [archive_url, restore_url])
@pytest.mark.parametrize("person", ["outsider", "stranger"])
def test_it_is_404_for_those_who_cannot_see_the_account(world, url, person):
    response = world.client_for(getattr(world, person)).post(url(world))
    assert response.status_code == 404
    assert not is_archived(world.account)


def test_it_is_404_for_an_account_of_another_workspace(world):
    response = world.client_for(world.owner).post(archive_url(world, world.foreign_account))
    assert response.status_code == 404
    assert not is_archived(world.foreign_account)


def test_it_sends_anonymous_visitors_to_log_in(world):
    response = world.client_for(None).post(archive_url(world))
    assert response.status_code == 302
    assert response.url.startswith(reverse("users:login"))
    assert not is_archived(world.account)


@pytest.mark.parametrize("url", [archive_url, restore_url])
def test_it_refuses_get(world, url):
    assert world.client_for(world.manager).get(url(world)).status_code == 405
    assert not is_archived(world.account)
