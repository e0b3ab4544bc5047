import pytest
from django.urls import reverse

from keyfolio.stakeholders.tests.factories import knows, make_contact
from keyfolio.testing import json_block


def map_url(world, account=None, query: str = "") -> str:
    url = reverse("stakeholders:map", args=[world.slug, (account or world.account).pk])
    return url + query


@pytest.mark.parametrize("person", ["owner", "admin", "director", "manager", "teammate", "viewer"])
def test_it_shows_the_map_to_those_who_may_see_the_account(world, person):
    make_contact(world.account, "Anna Petrova")
    response = world.client_for(getattr(world, person)).get(map_url(world))
    assert response.status_code == 200
    assert "Anna Petrova" in response.content.decode()


def test_it_offers_editing_to_editors_only(world):
    anna = make_contact(world.account, "Anna")
    edit_url = reverse("stakeholders:contact_edit", args=[world.slug, world.account.pk, anna.pk])
    add_url = reverse("stakeholders:contact_create", args=[world.slug, world.account.pk])
    editor_page = world.client_for(world.teammate).get(map_url(world)).content.decode()
    viewer_page = world.client_for(world.viewer).get(map_url(world)).content.decode()
    assert edit_url in editor_page and add_url in editor_page
    assert edit_url not in viewer_page and add_url not in viewer_page


def test_it_lists_the_most_influential_first(world):
    make_contact(world.account, "Low", influence=1)
    make_contact(world.account, "High", influence=5)
    make_contact(world.account, "Mid", influence=3)
    response = world.client_for(world.manager).get(map_url(world))
    assert [c.name for c in response.context["contacts"]] == ["High", "Mid", "Low"]


def test_it_filters_by_status(world):
    make_contact(world.account, "Stays")
    make_contact(world.account, "Gone", active=False)
    client = world.client_for(world.manager)

    def listed(query):
        return [c.name for c in client.get(map_url(world, query=query)).context["contacts"]]

    assert listed("") == ["Stays"]
    assert listed("?status=inactive") == ["Gone"]
    assert sorted(listed("?status=all")) == ["Gone", "Stays"]
    assert listed("?status=nonsense") == ["Stays"]


def test_its_org_chart_is_described_by_the_contacts_table_when_it_lists_the_same_people(world):
    make_contact(world.account, "Stays")
    make_contact(world.account, "Gone", active=False)
    client = world.client_for(world.manager)

    same_people = client.get(map_url(world)).content.decode()
    assert 'aria-describedby="contacts"' in same_people and 'id="contacts"' in same_people
    assert '<a href="#contacts">' in same_people

    # Listing those who left, the table no longer holds the chart's people: the link goes
    # to the active contacts instead.
    others = client.get(map_url(world, query="?status=inactive")).content.decode()
    assert 'aria-describedby="contacts"' not in others
    assert f'<a href="{map_url(world)}#contacts">' in others


def test_it_filters_by_role_in_decisions(world):
    make_contact(world.account, "Decides", decision_role="decision_maker")
    make_contact(world.account, "Uses", decision_role="user")
    response = world.client_for(world.manager).get(map_url(world, query="?role=decision_maker"))
    assert [c.name for c in response.context["contacts"]] == ["Decides"]


def test_it_flags_by_name_a_decider_nobody_of_ours_knows_well(world):
    boss = make_contact(world.account, "Clara Boss", decision_role="decision_maker")
    buyer = make_contact(world.account, "Boris Buyer", decision_role="economic_buyer")
    knows(world.manager, boss, strength=2)
    knows(world.teammate, buyer, strength=5)
    response = world.client_for(world.manager).get(map_url(world))
    assert [c.name for c in response.context["uncovered"]] == ["Clara Boss"]
    assert response.context["coverage"].deciders == 2
    assert "Deciders nobody of ours knows well" in response.content.decode()


def test_it_says_when_every_decider_is_known_well(world):
    boss = make_contact(world.account, "Clara", decision_role="decision_maker")
    make_contact(world.account, "Dan")
    knows(world.manager, boss, strength=4)
    body = world.client_for(world.manager).get(map_url(world)).content.decode()
    assert "Every decider is known well" in body
    assert "Deciders nobody of ours knows well" not in body


def test_it_warns_when_single_threaded(world):
    make_contact(world.account, "Only One")
    make_contact(world.account, "Gone", active=False)
    response = world.client_for(world.manager).get(map_url(world))
    assert response.context["coverage"].single_threaded
    assert "Single-threaded" in response.content.decode()


def test_it_does_not_warn_with_two_active_contacts(world):
    make_contact(world.account, "One")
    make_contact(world.account, "Two")
    body = world.client_for(world.manager).get(map_url(world)).content.decode()
    assert "Single-threaded" not in body


def test_it_counts_the_attitude_mix_of_active_contacts(world):
    make_contact(world.account, "Foe", attitude=-2)
    make_contact(world.account, "Fan", attitude=2)
    make_contact(world.account, "Fan 2", attitude=2)
    make_contact(world.account, "Gone fan", attitude=2, active=False)
    response = world.client_for(world.manager).get(map_url(world))
    mix = {item.attitude.label: item.count for item in response.context["attitude_mix"]}
    assert mix == {"Opponent": 1, "Skeptic": 0, "Neutral": 0, "Supporter": 0, "Mentor": 2}


def test_it_passes_the_org_chart_of_active_contacts(world):
    ceo = make_contact(world.account, "Clara", title="CEO")
    make_contact(world.account, "Boris", reports_to=ceo)
    make_contact(world.account, "Gone", reports_to=ceo, active=False)
    chart = json_block(world.client_for(world.manager).get(map_url(world)), "org-chart-data")
    assert chart["layout"] == "tree"
    assert chart["root"]["name"] == "Clara"
    assert [child["name"] for child in chart["root"]["children"]] == ["Boris"]


def test_it_invites_to_add_the_first_contact(world):
    body = world.client_for(world.manager).get(map_url(world)).content.decode()
    assert "No contacts yet" in body
    assert "Single-threaded" in body


@pytest.mark.parametrize("size", [3, 25])
def test_it_runs_a_constant_number_of_queries(world, django_assert_num_queries, size):
    boss = make_contact(world.account, "Boss", decision_role="decision_maker")
    for n in range(size - 1):
        contact = make_contact(
            world.account, f"Contact {n:02d}", reports_to=boss, influence=n % 5 + 1
        )
        knows(world.manager, contact, strength=n % 5 + 1)
        knows(world.teammate, contact, strength=2)
    client = world.client_for(world.manager)
    # session, user, membership, account, team, active contacts, coverage, contacts,
    # their relationships with our people, counts, the account's owner (in the header).
    with django_assert_num_queries(11):
        response = client.get(map_url(world, query="?status=all"))
    assert len(response.context["contacts"]) == size
