"""The forecast point on the account form: both positions or neither, each 0..100."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from keyfolio.accounts.services import account_create, account_update
from keyfolio.accounts.tests.test_edit import edit_url, form_data


def post(world, **fields):
    return world.client_for(world.manager).post(edit_url(world), form_data(world, **fields))


def test_it_saves_a_forecast_point(world):
    response = post(world, forecast_client_index="72.5", forecast_our_index="64")
    assert response.status_code == 302
    world.account.refresh_from_db()
    assert (world.account.forecast_client_index, world.account.forecast_our_index) == (72.5, 64)


def test_it_clears_the_forecast_when_both_are_emptied(world):
    world.account.forecast_client_index, world.account.forecast_our_index = 70, 70
    world.account.save()
    assert post(world, forecast_client_index="", forecast_our_index="").status_code == 302
    world.account.refresh_from_db()
    assert world.account.forecast_client_index is None and world.account.forecast_our_index is None


@pytest.mark.parametrize(
    ("client", "our", "field"),
    [("70", "", "forecast_our_index"), ("", "40", "forecast_client_index")],
)
def test_it_refuses_one_position_without_the_other(world, client, our, field):
    response = post(world, forecast_client_index=client, forecast_our_index=our, name="Changed")
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [
        "Give both forecast positions, or leave both empty."
    ]
    assert "is-invalid" in response.content.decode()
    world.account.refresh_from_db()
    assert world.account.name == "Northwind" and world.account.forecast_client_index is None


@pytest.mark.parametrize("value", ["-1", "100.5", "lots"])
def test_it_refuses_a_position_outside_0_to_100(world, value):
    response = post(world, forecast_client_index=value, forecast_our_index="50")
    assert response.status_code == 200
    assert len(response.context["form"].errors["forecast_client_index"]) == 1
    world.account.refresh_from_db()
    assert world.account.forecast_our_index is None


def test_the_form_explains_the_forecast(world):
    html = world.client_for(world.manager).get(edit_url(world)).content.decode()
    assert "Client position in 3 years" in html and "Our position in 3 years" in html
    assert "Give both or neither" in html


def test_the_new_account_form_takes_a_forecast_too(world):
    data = form_data(world, name="Contoso", forecast_client_index="30", forecast_our_index="80")
    response = world.client_for(world.manager).post(
        reverse("accounts:create", args=[world.slug]), data
    )
    assert response.status_code == 302
    contoso = world.workspace.accounts.get(name="Contoso")
    assert (contoso.forecast_client_index, contoso.forecast_our_index) == (30, 80)


def test_the_services_refuse_half_a_forecast_whatever_calls_them(world):
    with pytest.raises(ValidationError) as error:
        account_update(account=world.account, forecast_client_index=50)
    assert "forecast_our_index" in error.value.message_dict
    with pytest.raises(ValidationError):
        account_create(workspace=world.workspace, name="Half", owner=None, forecast_our_index=120)
    assert not world.workspace.accounts.filter(name="Half").exists()
