import pytest
from django.urls import reverse

from keyfolio.stakeholders.models import Contact
from keyfolio.stakeholders.tests.factories import contact_data, contact_url, make_contact


def create_url(world, account=None) -> str:
    return reverse("stakeholders:contact_create", args=[world.slug, (account or world.account).pk])


@pytest.mark.parametrize("person", ["owner", "director", "manager", "teammate"])
def test_it_adds_a_contact_for_those_who_may_edit(world, person):
    response = world.client_for(getattr(world, person)).post(create_url(world), contact_data())
    assert response.status_code == 302
    assert response.url == contact_url("map", world)
    anna = Contact.objects.get()
    assert (anna.account, anna.workspace) == (world.account, world.workspace)
    assert (anna.name, anna.decision_role, anna.influence, anna.attitude) == (
        "Anna Petrova",
        "economic_buyer",
        4,
        1,
    )


def test_it_comes_back_to_add_another(world):
    data = contact_data(another="1")
    response = world.client_for(world.manager).post(create_url(world), data)
    assert response.url == create_url(world)


def test_it_offers_the_account_contacts_as_managers_and_preselects_one(world):
    boss = make_contact(world.account, "Clara Boss")
    make_contact(world.foreign_account, "Foreign Boss")
    response = world.client_for(world.manager).get(create_url(world) + f"?reports_to={boss.pk}")
    managers = list(response.context["form"].fields["reports_to"].queryset)
    assert managers == [boss]
    assert f'<option value="{boss.pk}" selected>' in response.content.decode()


def test_it_refuses_a_manager_of_another_account_and_saves_nothing(world):
    foreign = make_contact(world.foreign_account, "Foreign Boss")
    response = world.client_for(world.manager).post(
        create_url(world), contact_data(reports_to=foreign.pk)
    )
    assert response.status_code == 200
    assert "reports_to" in response.context["form"].errors
    assert not Contact.objects.filter(account=world.account).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("email", "not-an-address"), ("name", ""), ("influence", "9"), ("attitude", "7")],
)
def test_it_shows_field_errors_and_saves_nothing(world, field, value):
    response = world.client_for(world.manager).post(
        create_url(world), contact_data(**{field: value})
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Contact.objects.exists()
