import pytest
from django.core.exceptions import ValidationError

from keyfolio.accounts.models import Account
from keyfolio.stakeholders.models import Contact, ContactRelationship
from keyfolio.stakeholders.services import (
    contact_deactivate,
    contact_delete,
    contact_update,
    relationship_create,
    relationship_update,
)
from keyfolio.stakeholders.tests.factories import knows, make_contact


def test_it_creates_a_contact_in_the_account_workspace(world):
    contact = make_contact(world.account, "  Anna Petrova ", influence=5, attitude=2)
    assert contact.workspace == world.workspace
    assert contact.name == "Anna Petrova"
    assert (contact.influence, contact.attitude, contact.active) == (5, 2, True)


def test_it_refuses_a_bad_email_and_saves_nothing(world):
    with pytest.raises(ValidationError) as caught:
        make_contact(world.account, "Anna", email="not-an-address")
    assert "email" in caught.value.message_dict
    assert not Contact.objects.exists()


def test_it_refuses_an_influence_beyond_five(world):
    with pytest.raises(ValidationError) as caught:
        make_contact(world.account, "Anna", influence=6)
    assert "influence" in caught.value.message_dict


def test_it_refuses_a_manager_from_another_account(world):
    other = Account.objects.create(workspace=world.workspace, name="Contoso")
    boss = make_contact(other, "Boss")
    with pytest.raises(ValidationError) as caught:
        make_contact(world.account, "Anna", reports_to=boss)
    assert "reports_to" in caught.value.message_dict
    assert not Contact.objects.filter(account=world.account).exists()


def test_it_refuses_that_someone_reports_to_themselves(world):
    anna = make_contact(world.account, "Anna")
    with pytest.raises(ValidationError) as caught:
        contact_update(contact=anna, reports_to=anna)
    assert "themselves" in caught.value.message_dict["reports_to"][0]


def test_it_refuses_a_reporting_loop_and_names_it(world):
    ceo = make_contact(world.account, "Clara")
    cfo = make_contact(world.account, "Boris", reports_to=ceo)
    buyer = make_contact(world.account, "Anna", reports_to=cfo)
    with pytest.raises(ValidationError) as caught:
        contact_update(contact=ceo, reports_to=buyer)
    message = caught.value.message_dict["reports_to"][0]
    assert "Clara cannot report to Anna" in message
    assert "Anna → Boris → Clara" in message
    ceo.refresh_from_db()
    assert ceo.reports_to is None


def test_it_allows_moving_someone_within_the_tree(world):
    ceo = make_contact(world.account, "Clara")
    cfo = make_contact(world.account, "Boris", reports_to=ceo)
    coo = make_contact(world.account, "Dan", reports_to=ceo)
    contact_update(contact=cfo, reports_to=coo)
    cfo.refresh_from_db()
    assert cfo.reports_to == coo


def test_it_deactivates_rather_than_deletes(world):
    anna = make_contact(world.account, "Anna")
    contact_deactivate(contact=anna)
    anna.refresh_from_db()
    assert anna.active is False


def test_it_deletes_a_contact_and_frees_its_reports(world):
    boss = make_contact(world.account, "Boss")
    anna = make_contact(world.account, "Anna", reports_to=boss)
    knows(world.manager, boss)
    contact_delete(contact=boss)
    anna.refresh_from_db()
    assert anna.reports_to is None
    assert not ContactRelationship.objects.exists()


def test_it_records_who_of_ours_knows_a_contact(world):
    anna = make_contact(world.account, "Anna")
    relationship = relationship_create(contact=anna, user=world.manager, strength=5, note="Golf")
    assert (relationship.user, relationship.strength, relationship.note) == (
        world.manager,
        5,
        "Golf",
    )


def test_it_refuses_a_second_relationship_of_the_same_pair(world):
    anna = make_contact(world.account, "Anna")
    knows(world.manager, anna, strength=2)
    with pytest.raises(ValidationError) as caught:
        relationship_create(contact=anna, user=world.manager, strength=5)
    assert "already listed as knowing Anna" in caught.value.message_dict["user"][0]
    assert list(ContactRelationship.objects.values_list("strength", flat=True)) == [2]


def test_it_refuses_someone_of_another_workspace(world):
    anna = make_contact(world.account, "Anna")
    with pytest.raises(ValidationError) as caught:
        relationship_create(contact=anna, user=world.stranger)
    assert "user" in caught.value.message_dict
    assert not ContactRelationship.objects.exists()


def test_it_refuses_a_strength_beyond_five(world):
    anna = make_contact(world.account, "Anna")
    relationship = knows(world.manager, anna, strength=3)
    with pytest.raises(ValidationError):
        relationship_update(relationship=relationship, strength=9)
    relationship.refresh_from_db()
    assert relationship.strength == 3
