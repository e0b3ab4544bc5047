"""The square above settings.SQUARE_MAX_POINTS: density cells, and the window that the
chart asks for as one zooms in (portfolio:square_data)."""

import json

import pytest
from django.urls import reverse

from keyfolio.accounts.models import Account
from keyfolio.portfolio.selectors import cell_size
from keyfolio.portfolio.tests.bulk import bulk_portfolio
from keyfolio.portfolio.tests.test_square import add_account, assess, get, point_dicts
from keyfolio.testing import json_block


@pytest.fixture
def few_points(settings):
    settings.SQUARE_MAX_POINTS = 3


@pytest.fixture
def crowd(world, few_points):
    """Five placed accounts (two in one cell of Key), one not placed: more than three."""
    assess(world.account, client=81, our=71)  # Northwind, the manager's.
    for name, client, our, owner, segment in [
        ("Contoso", 82, 72, world.director, "Energy"),
        ("Fabrikam", 75, 20, world.director, "Energy"),
        ("Globex Retail", 30, 65, world.outsider, "Retail"),
        ("Hooli", 10, 100, world.director, "Retail"),
    ]:
        assess(add_account(world, name, owner=owner, segment=segment), client=client, our=our)
    add_account(world, "Umbrella", owner=world.director)
    return world


def data_url(world, **query) -> str:
    base = reverse("portfolio:square_data", args=(world.slug,))
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def window(world, user=None, **query):
    response = world.client_for(user or world.director).get(data_url(world, **query))
    assert response.status_code == 200, response.content
    return response.json()


# --- the page ---------------------------------------------------------------------------


def test_it_draws_every_account_as_a_point_up_to_the_setting(world, few_points):
    for n, (client, our) in enumerate([(80, 70), (20, 30), (60, 10)]):
        assess(add_account(world, f"Point {n}", owner=world.director), client=client, our=our)
    chart = get(world, world.director).context["chart"]
    assert chart["mode"] == "points"
    assert chart["count"] == 3
    assert set(point_dicts(chart)) == {"Point 0", "Point 1", "Point 2"}


def test_it_draws_density_cells_above_the_setting(crowd):
    response = get(crowd, crowd.director)
    chart = json_block(response, "square-data")
    assert chart["mode"] == "cells"
    assert chart["count"] == 5
    assert "points" not in chart
    assert chart["cells"]["size"] == [5.0, 5.0]
    # [column, row, count, zone]: column × 5 is the left edge on our index, row × 5 the
    # bottom edge on the client index; our index 100 lies in the last column.
    assert sorted(chart["cells"]["rows"]) == [
        [4, 15, 1, "target"],
        [13, 6, 1, "maintain"],
        [14, 16, 2, "key"],
        [19, 2, 1, "maintain"],
    ]
    # The accounts are no longer on the chart, one by one: only counted.
    assert "Contoso" not in json.dumps(chart)
    assert b"More than 3 accounts: each cell says how many lie there." in response.content


def test_its_cells_take_the_zone_most_of_their_accounts_are_in(crowd):
    # Stored zones follow the thresholds of their day: one cell may hold two of them.
    contoso = Account.objects.get(name="Contoso").current_assessment
    contoso.zone = "target"
    contoso.save()
    assess(add_account(crowd, "Initrode", owner=crowd.director), client=83, our=73)
    rows = json_block(get(crowd, crowd.director), "square-data")["cells"]["rows"]
    assert [14, 16, 3, "key"] in rows


def test_the_filters_apply_before_the_setting_is_reached(crowd):
    chart = get(crowd, crowd.director, segment="Energy").context["chart"]
    assert chart["mode"] == "points"
    assert set(point_dicts(chart)) == {"Contoso", "Fabrikam"}


def test_a_manager_counts_only_the_accounts_they_see(crowd):
    chart = get(crowd, crowd.manager).context["chart"]
    assert (chart["mode"], list(point_dicts(chart))) == ("points", ["Northwind"])


def test_the_page_tells_the_chart_where_to_ask_for_a_window_with_its_filters(crowd):
    chart = get(crowd, crowd.director, segment="Energy", zone="key", arrows=1).context["chart"]
    assert chart["data_url"] == data_url(crowd, zone="key", segment="Energy", arrows=1)


# --- the window the chart asks for ------------------------------------------------------


def test_a_window_with_few_enough_accounts_answers_their_points(crowd):
    answer = window(crowd, our_min=60, our_max=80, client_min=70, client_max=90)
    assert answer["mode"] == "points"
    assert answer["count"] == 2
    assert answer["bounds"] == {"our": [60, 80], "client": [70, 90]}
    points = {row[1]: dict(zip(answer["points"]["fields"], row, strict=True)) for row in
              answer["points"]["rows"]}  # fmt: skip
    assert set(points) == {"Northwind", "Contoso"}
    assert (points["Contoso"]["client"], points["Contoso"]["our"]) == (82, 72)
    assert answer["points"]["owners"][str(points["Contoso"]["owner"])] == "Dina Director"


def test_a_window_includes_the_accounts_on_its_edges(crowd):
    answer = window(crowd, our_min=72, our_max=100, client_min=10, client_max=82)
    assert {row[1] for row in answer["points"]["rows"]} == {"Contoso", "Hooli"}


def test_a_window_with_more_accounts_answers_finer_cells(crowd, settings):
    settings.SQUARE_MAX_POINTS = 2
    answer = window(crowd, our_min=22, our_max=72, client_min=0, client_max=100)
    assert answer["mode"] == "cells"
    assert answer["count"] == 3
    assert answer["cells"]["size"] == [cell_size(50), cell_size(100)] == [2.5, 5.0]
    assert sorted(answer["cells"]["rows"]) == [[26, 6, 1, "maintain"], [28, 16, 2, "key"]]


@pytest.mark.parametrize(
    ("span", "size"), [(100, 5.0), (99, 5.0), (50, 2.5), (40, 2.0), (10, 0.5), (1, 0.1), (0.5, 0.1)]
)
def test_a_window_has_at_most_twenty_cells_a_side_of_a_round_size(span, size):
    assert cell_size(span) == size
    assert span / size <= 20


def test_the_window_keeps_the_filters(crowd):
    answer = window(crowd, segment="Energy", our_min=10, our_max=90)
    assert {row[1] for row in answer["points"]["rows"]} == {"Contoso", "Fabrikam"}
    answer = window(crowd, owner=crowd.outsider.pk, zone="maintain")
    assert {row[1] for row in answer["points"]["rows"]} == {"Globex Retail"}


def test_without_edges_the_window_is_the_whole_square(crowd):
    answer = window(crowd)
    assert (answer["mode"], answer["count"]) == ("cells", 5)
    assert answer["bounds"] == {"our": [0, 100], "client": [0, 100]}


def test_a_window_gives_the_arrows_and_forecasts_when_the_page_shows_them(crowd):
    contoso = Account.objects.get(name="Contoso")
    contoso.forecast_client_index, contoso.forecast_our_index = 90, 40
    contoso.save()
    assess(contoso, client=84, our=74, on=contoso.current_assessment.assessed_on.replace(day=2))
    answer = window(crowd, arrows=1, forecast=1, our_min=70, our_max=80)
    fields = answer["points"]["fields"]
    rows = [dict(zip(fields, row, strict=True)) for row in answer["points"]["rows"]]
    contoso_row = next(row for row in rows if row["name"] == "Contoso")
    assert (contoso_row["previous_client"], contoso_row["previous_zone"]) == (82, "key")
    assert (contoso_row["forecast_client"], contoso_row["forecast_zone"]) == (90, "target")
    plain = window(crowd, our_min=70, our_max=80)["points"]["fields"]
    assert "previous_zone" not in plain and "forecast_zone" not in plain


def test_a_manager_gets_only_their_accounts_in_a_window(crowd):
    for user in (crowd.manager, crowd.teammate):
        assert {row[1] for row in window(crowd, user)["points"]["rows"]} == {"Northwind"}
    outsider = window(crowd, crowd.outsider)["points"]["rows"]
    assert {row[1] for row in outsider} == {"Globex Retail"}


ABOVE = "The window must end above where it starts."
AT_MOST, AT_LEAST = (
    "Ensure this value is less than or equal to",
    "Ensure this value is greater than or equal to",
)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"our_min": "abc"}, "Our position from: Enter a number."),
        ({"our_min": "nan"}, "Our position from: Enter a number."),
        ({"client_max": "101"}, f"Client position to: {AT_MOST} 100."),
        ({"client_min": "-1"}, f"Client position from: {AT_LEAST} 0."),
        ({"our_min": "60", "our_max": "40"}, f"Our position to: {ABOVE}"),
        ({"client_min": "50", "client_max": "50"}, f"Client position to: {ABOVE}"),
    ],
)
def test_a_window_that_is_not_one_is_refused_with_a_message(crowd, query, message):
    response = crowd.client_for(crowd.director).get(data_url(crowd, **query))
    assert response.status_code == 400
    assert response.json() == {"error": message}


@pytest.mark.parametrize("count", [10, 40])
def test_a_window_makes_the_same_number_of_queries_whatever_the_size(
    world, few_points, count, django_assert_num_queries
):
    bulk_portfolio(world, count)
    client = world.client_for(world.director)
    # session, user, membership; members, segments; thresholds; the count in the window,
    # then its cells (or its points).
    with django_assert_num_queries(8):
        answer = client.get(data_url(world, our_min=0, our_max=60, arrows=1)).json()
    assert answer["mode"] == "cells"


@pytest.mark.parametrize("count", [100, 400])
def test_a_window_stays_small_whatever_the_size(world, settings, count):
    settings.SQUARE_MAX_POINTS = 50
    bulk_portfolio(world, count)
    response = world.client_for(world.director).get(data_url(world, our_min=10, our_max=90))
    assert response.json()["mode"] == "cells"
    # At most 20 × 20 cells of about 18 bytes each, however many accounts they count.
    assert len(response.content) < 8_000
