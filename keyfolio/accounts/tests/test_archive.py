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
    assert response.url == reverse("dossier:overview", args=[world.slug, world.account.pk])
    assert not is_archived(world.account)


def test_it_keeps_the_assessments_of_an_archived_account(world):
    assess(world.account, client=60, our=60, on=date(2025, 3, 1))
    world.client_for(world.manager).post(archive_url(world))
    assert world.account.assessments.count() == 1
