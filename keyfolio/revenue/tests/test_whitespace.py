"""The whitespace grid's cells and the account's buying centres."""

from decimal import Decimal

import pytest
from django.urls import reverse

from keyfolio.revenue.models import BuyingCentre, Offering, WhitespaceCell
from keyfolio.revenue.services import buying_centre_create, offering_create
from keyfolio.testing import HTMX, is_page


@pytest.fixture
def lyon(world) -> BuyingCentre:
    return buying_centre_create(account=world.account, name="Lyon plant")


@pytest.fixture
def parts(world) -> Offering:
    return offering_create(workspace=world.workspace, name="Spare parts")


def cell_url(world, centre, offering, account=None) -> str:
    account = account or world.account
    return reverse("revenue:cell", args=[world.slug, account.pk, centre.pk, offering.pk])


def add_url(world, account=None) -> str:
    return reverse("revenue:centre_add", args=[world.slug, (account or world.account).pk])


def edit_url(world, centre) -> str:
    return reverse("revenue:centre_edit", args=[world.slug, world.account.pk, centre.pk])


def delete_url(world, centre) -> str:
    return reverse("revenue:centre_delete", args=[world.slug, world.account.pk, centre.pk])


GOOD = {"status": "potential", "value": "45 000", "note": "Tender in May"}


# The cells ---------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["owner", "director", "manager", "teammate"])
def test_it_lets_editors_fill_a_cell(world, lyon, parts, person):
    response = world.client_for(getattr(world, person)).post(
        cell_url(world, lyon, parts), GOOD, headers=HTMX
    )
    assert response.status_code == 200
    cell = WhitespaceCell.objects.get()
    assert (cell.status, cell.value, cell.note) == ("potential", Decimal(45000), "Tender in May")
    # The answer is the fresh grid, swapped for the old one; the dialog closes.
    assert response["HX-Retarget"] == "#whitespace"
    assert response["HX-Trigger"] == "kf-dialog-close"
    assert "€45,000" in response.content.decode()


def test_it_shows_the_cell_form_in_a_dialog_or_a_page(world, lyon, parts):
    WhitespaceCell.objects.create(buying_centre=lyon, offering=parts, status="won", value=1500)
    client = world.client_for(world.manager)
    response = client.get(cell_url(world, lyon, parts), headers=HTMX)
    assert not is_page(response)
    fragment = response.content.decode()
    assert 'value="1\u00a0500"' in fragment
    assert 'value="won" checked' in fragment
    page = client.get(cell_url(world, lyon, parts))
    assert is_page(page)
    assert page.context["tab"] == "revenue"


def test_it_clears_a_cell_without_status(world, lyon, parts):
    WhitespaceCell.objects.create(buying_centre=lyon, offering=parts, status="won")
    response = world.client_for(world.manager).post(cell_url(world, lyon, parts), {"status": ""})
    assert response.status_code == 302
    assert response.url.endswith("#whitespace")
    assert not WhitespaceCell.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"status": "lost"},
        {"status": "won", "value": "12,500"},
        {"status": "won", "value": "-5"},
        {"status": "won", "note": "x" * 201},
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(world, lyon, parts, data):
    response = world.client_for(world.manager).post(
        cell_url(world, lyon, parts), data, headers=HTMX
    )
    assert response.status_code == 200
    assert "HX-Retarget" not in response
    assert response.context["form"].errors
    assert not WhitespaceCell.objects.exists()


def test_it_is_404_for_a_centre_or_offering_from_elsewhere(world, lyon, parts):
    foreign_centre = buying_centre_create(account=world.foreign_account, name="Lyon plant")
    foreign_offering = offering_create(workspace=world.other_workspace, name="Spare parts")
    parts_retired = offering_create(workspace=world.workspace, name="Old")
    parts_retired.active = False
    parts_retired.save()
    client = world.client_for(world.owner)
    assert client.post(cell_url(world, foreign_centre, parts), GOOD).status_code == 404
    assert client.post(cell_url(world, lyon, foreign_offering), GOOD).status_code == 404
    assert client.post(cell_url(world, lyon, parts_retired), GOOD).status_code == 404
    url = cell_url(world, foreign_centre, foreign_offering, account=world.foreign_account)
    assert client.post(url, GOOD).status_code == 404
    assert not WhitespaceCell.objects.exists()


# The buying centres --------------------------------------------------------------------


def test_it_adds_a_buying_centre(world, parts):
    response = world.client_for(world.teammate).post(
        add_url(world), {"name": "Hamburg plant"}, headers=HTMX
    )
    assert response["HX-Retarget"] == "#whitespace"
    assert "Hamburg plant" in response.content.decode()
    assert list(BuyingCentre.objects.values_list("name", flat=True)) == ["Hamburg plant"]


def test_it_refuses_a_second_centre_of_the_same_name(world, lyon):
    response = world.client_for(world.manager).post(
        add_url(world), {"name": "LYON PLANT"}, headers=HTMX
    )
    assert "already has a buying centre" in response.content.decode()
    assert BuyingCentre.objects.count() == 1


def test_it_renames_a_buying_centre(world, lyon):
    client = world.client_for(world.manager)
    form = client.get(edit_url(world, lyon), headers=HTMX).context["form"]
    assert form["name"].value() == "Lyon plant"
    client.post(edit_url(world, lyon), {"name": "Lyon works"})
    lyon.refresh_from_db()
    assert lyon.name == "Lyon works"
    response = client.post(edit_url(world, lyon), {"name": ""}, headers=HTMX)
    assert response.context["form"].errors["name"]


def test_it_removes_a_buying_centre_and_its_cells(world, lyon, parts):
    WhitespaceCell.objects.create(buying_centre=lyon, offering=parts, status="won")
    response = world.client_for(world.manager).post(delete_url(world, lyon), follow=True)
    assert "Lyon plant removed." in response.content.decode()
    assert not BuyingCentre.objects.exists() and not WhitespaceCell.objects.exists()


def test_it_invites_to_set_up_the_grid(world):
    url = reverse("revenue:index", args=[world.slug, world.account.pk])
    body = world.client_for(world.admin).get(url).content.decode()
    assert "No offerings yet" in body
    assert reverse("revenue:offerings", args=[world.slug]) in body
    manager_page = world.client_for(world.manager).get(url).content.decode()
    assert reverse("revenue:offerings", args=[world.slug]) not in manager_page
    offering_create(workspace=world.workspace, name="Spare parts")
    body = world.client_for(world.manager).get(url).content.decode()
    assert "No buying centres yet" in body and add_url(world) in body
