"""The forecast point on the square: its data, its zone and the switch that shows it."""

import pytest

from keyfolio.assessments.models import Methodology
from keyfolio.assessments.services import criterion_draft_of, methodology_revise
from keyfolio.portfolio.tests.test_square import add_account, assess, get, point_dicts, points


@pytest.fixture
def forecasts(world):
    world.account.forecast_client_index, world.account.forecast_our_index = 80, 45
    world.account.save()
    assess(world.account, client=60, our=30)
    plain = add_account(world, "Contoso", owner=world.manager)
    assess(plain, client=20, our=20)
    return world


def test_it_gives_each_point_its_forecast_and_the_forecasts_zone(forecasts):
    chart = get(forecasts, forecasts.manager, forecast=1).context["chart"]
    assert chart["forecast"] is True
    northwind = point_dicts(chart)["Northwind"]
    assert forecast_of(northwind) == {"client": 80, "our": 45, "zone": "target"}
    assert forecast_of(point_dicts(chart)["Contoso"]) is None


def test_the_forecast_is_off_unless_asked_for(forecasts):
    response = get(forecasts, forecasts.manager)
    assert response.context["chart"]["forecast"] is False
    assert response.context["form"]["forecast"].value() is False
    assert get(forecasts, forecasts.manager, forecast=1).context["form"].show_forecast


def test_the_forecast_zone_follows_the_current_thresholds(forecasts):
    current = Methodology.objects.current_for(forecasts.workspace)
    methodology_revise(
        workspace=forecasts.workspace,
        user=forecasts.owner,
        criteria=[criterion_draft_of(c) for c in current.criteria.all()],
        threshold_client=50,
        threshold_our=40,
    )
    northwind = points(get(forecasts, forecasts.manager, forecast=1))["Northwind"]
    assert forecast_of(northwind)["zone"] == "key"


def test_an_account_with_half_a_forecast_has_none(forecasts):
    forecasts.account.forecast_our_index = None
    forecasts.account.save()
    northwind = points(get(forecasts, forecasts.manager, forecast=1))["Northwind"]
    assert forecast_of(northwind) is None


def test_the_page_offers_the_switch_and_labels_the_tooltip(forecasts):
    response = get(forecasts, forecasts.manager, forecast=1)
    html = response.content.decode()
    assert "Show forecast" in html
    assert 'name="forecast"' in html and "checked" in html
    label = response.context["chart"]["labels"]["forecast"]
    assert label == "Forecast in 3 years: client %(client)s, our %(our)s, zone %(zone)s"


def forecast_of(point: dict) -> dict | None:
    if point["forecast_zone"] is None:
        return None
    return {key: point[f"forecast_{key}"] for key in ("client", "our", "zone")}
