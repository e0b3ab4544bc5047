import pytest

from keyfolio.stakeholders.tests.factories import contact_data, contact_url, knows, make_contact
from keyfolio.testing import two_edit


@pytest.fixture
def anna(world):
    return make_contact(world.account, "Anna Petrova", email="anna@northwind.test")


@pytest.mark.parametrize("person", ["owner", "director", "manager", "teammate"])
def test_it_saves_changes_for_those_who_may_edit(world, anna, person):
    client = world.client_for(getattr(world, person))
    response = client.post(contact_url("contact_edit", world, anna), contact_data(title="CEO"))
    assert response.status_code == 302
    assert response.url == contact_url("map", world)
    anna.refresh_from_db()
    assert (anna.title, anna.language) == ("CEO", "ru")


def test_it_shows_the_form_filled_in_with_who_of_ours_knows_them(world, anna):
    knows(world.teammate, anna, strength=4, note="Met in Riga")
    response = world.client_for(world.manager).get(contact_url("contact_edit", world, anna))
    body = response.content.decode()
    assert response.context["form"]["name"].value() == "Anna Petrova"
    assert "Tom Teammate" in body and "Met in Riga" in body


def test_it_never_offers_the_contact_as_their_own_manager(world, anna):
    other = make_contact(world.account, "Boris")
    response = world.client_for(world.manager).get(contact_url("contact_edit", world, anna))
    assert list(response.context["form"].fields["reports_to"].queryset) == [other]


def test_it_refuses_a_reporting_loop_with_a_clear_error_and_saves_nothing(world, anna):
    boris = make_contact(world.account, "Boris", reports_to=anna)
    clara = make_contact(world.account, "Clara", reports_to=boris)
    client = world.client_for(world.manager)
    response = client.post(
        contact_url("contact_edit", world, anna),
        contact_data(name="Anna P.", reports_to=clara.pk),
    )
    assert response.status_code == 200
    error = response.context["form"].errors["reports_to"][0]
    assert "Anna P. cannot report to Clara" in error
    assert "Clara → Boris → Anna" in error
    assert 'class="form-select is-invalid"' in response.content.decode()
    anna.refresh_from_db()
    assert (anna.name, anna.reports_to) == ("Anna Petrova", None)
    # The page still shows the contact as stored.
    assert response.context["contact"].name == "Anna Petrova"


def test_it_refuses_a_bad_email_and_saves_nothing(world, anna):
    client = world.client_for(world.manager)
    response = client.post(
        contact_url("contact_edit", world, anna), contact_data(email="nope", title="CEO")
    )
    assert "email" in response.context["form"].errors
    anna.refresh_from_db()
    assert (anna.email, anna.title) == ("anna@northwind.test", "")


def test_a_save_over_a_newer_version_is_refused_and_the_merge_saved(world, anna):
    def stored():
        anna.refresh_from_db()
        return anna.title, anna.phone, anna.influence

    after_theirs, merged = two_edit(
        mine=world.client_for(world.manager),
        theirs=world.client_for(world.teammate),
        url=contact_url("contact_edit", world, anna),
        stored=stored,
        their_change={"title": "CFO", "influence": "5"},
        my_change={"title": "CEO", "phone": "+7 495 000"},
    )
    assert after_theirs == ("CFO", "", 5)
    assert merged == ("CFO", "+7 495 000", 5)
