"""The workspace's offerings: settings for admins."""

import pytest
from django.urls import reverse

from keyfolio.revenue.models import Offering
from keyfolio.revenue.services import offering_create


def offerings_url(world) -> str:
    return reverse("revenue:offerings", args=[world.slug])


def edit_url(world, offering) -> str:
    return reverse("revenue:offering_edit", args=[world.slug, offering.pk])


def move_url(world, offering) -> str:
    return reverse("revenue:offering_move", args=[world.slug, offering.pk])


def names(world) -> list[str]:
    return list(Offering.objects.filter(workspace=world.workspace).values_list("name", flat=True))


@pytest.mark.parametrize("person", ["owner", "admin"])
def test_it_shows_the_offerings_to_admins(world, person):
    offering_create(workspace=world.workspace, name="Spare parts")
    offering_create(workspace=world.other_workspace, name="Globex only")
    response = world.client_for(getattr(world, person)).get(offerings_url(world))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Spare parts" in body and "Globex only" not in body


def test_it_adds_offerings_in_order(world):
    client = world.client_for(world.admin)
    client.post(offerings_url(world), {"new-name": "Spare parts"})
    response = client.post(offerings_url(world), {"new-name": "Training"}, follow=True)
    assert "Training added." in response.content.decode()
    assert names(world) == ["Spare parts", "Training"]


@pytest.mark.parametrize("name", ["", "   ", "spare PARTS", "x" * 151])
def test_it_refuses_a_bad_name_and_saves_nothing(world, name):
    offering_create(workspace=world.workspace, name="Spare parts")
    response = world.client_for(world.admin).post(offerings_url(world), {"new-name": name})
    assert response.status_code == 400
    assert response.context["new_form"].errors["name"]
    assert names(world) == ["Spare parts"]


def test_it_renames_and_deactivates(world):
    offering = offering_create(workspace=world.workspace, name="Spare parts")
    client = world.client_for(world.admin)
    client.post(edit_url(world, offering), {f"o{offering.pk}-name": "Parts"})  # No "active".
    offering.refresh_from_db()
    assert (offering.name, offering.active) == ("Parts", False)
    client.post(
        edit_url(world, offering), {f"o{offering.pk}-name": "Parts", f"o{offering.pk}-active": "on"}
    )
    offering.refresh_from_db()
    assert offering.active


def test_it_shows_a_refused_rename_on_its_row(world):
    training = offering_create(workspace=world.workspace, name="Training")
    offering = offering_create(workspace=world.workspace, name="Spare parts")
    response = world.client_for(world.admin).post(
        edit_url(world, offering),
        {f"o{offering.pk}-name": "training", f"o{offering.pk}-active": "on"},
    )
    assert response.status_code == 400
    assert "There is already an offering named training." in response.content.decode()
    assert names(world) == ["Training", "Spare parts"]
    assert training.pk


def test_it_moves_offerings_up_and_down(world):
    a, _b, c = (offering_create(workspace=world.workspace, name=n) for n in "ABC")
    client = world.client_for(world.admin)
    client.post(move_url(world, c), {"direction": "up"})
    assert names(world) == ["A", "C", "B"]
    client.post(move_url(world, a), {"direction": "down"})
    assert names(world) == ["C", "A", "B"]


@pytest.mark.parametrize("count", [3, 30])
def test_it_runs_a_constant_number_of_queries(world, django_assert_num_queries, count):
    for n in range(count):
        offering_create(workspace=world.workspace, name=f"Offering {n}")
    client = world.client_for(world.admin)
    # session, user, membership, offerings.
    with django_assert_num_queries(4):
        response = client.get(offerings_url(world))
    assert len(response.context["rows"]) == count


def test_it_is_linked_from_the_settings_menu(world):
    url = reverse("accounts:list", args=[world.slug])
    assert offerings_url(world) in world.client_for(world.admin).get(url).content.decode()
    assert offerings_url(world) not in world.client_for(world.director).get(url).content.decode()
