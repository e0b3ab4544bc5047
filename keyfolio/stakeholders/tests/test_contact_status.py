"""Marking a contact as having left, back again, and deleting one entered by mistake."""

import pytest

from keyfolio.stakeholders.models import Contact, ContactRelationship
from keyfolio.stakeholders.tests.factories import contact_url, knows, make_contact


@pytest.fixture
def anna(world):
    return make_contact(world.account, "Anna Petrova")


def test_it_marks_a_contact_as_having_left_and_keeps_the_filters(world, anna):
    back = contact_url("map", world) + "?role=user"
    response = world.client_for(world.teammate).post(
        contact_url("contact_deactivate", world, anna), {"next": back}
    )
    assert response.status_code == 302
    assert response.url == back
    anna.refresh_from_db()
    assert anna.active is False


def test_it_never_sends_anyone_elsewhere_after_deactivating(world, anna):
    response = world.client_for(world.manager).post(
        contact_url("contact_deactivate", world, anna), {"next": "https://evil.test/"}
    )
    assert response.url == contact_url("map", world)


def test_it_brings_a_contact_back(world, anna):
    anna.active = False
    anna.save()
    response = world.client_for(world.manager).post(contact_url("contact_reactivate", world, anna))
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.active is True


def test_it_asks_before_deleting(world, anna):
    make_contact(world.account, "Boris", reports_to=anna)
    response = world.client_for(world.manager).get(contact_url("contact_delete", world, anna))
    assert response.status_code == 200
    assert "One person reports to them" in response.content.decode()
    assert Contact.objects.filter(pk=anna.pk).exists()


def test_it_deletes_on_confirmation(world, anna):
    knows(world.manager, anna)
    response = world.client_for(world.manager).post(contact_url("contact_delete", world, anna))
    assert response.url == contact_url("map", world)
    assert not Contact.objects.filter(pk=anna.pk).exists()
    assert not ContactRelationship.objects.exists()
