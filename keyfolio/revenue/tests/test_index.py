from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from keyfolio.plans.models import AccountPlan, PlanStatus
from keyfolio.revenue.tests.factories import (
    make_grid,
    make_opportunity,
    record,
    record_months,
    set_target,
)
from keyfolio.testing import json_block


def index_url(world, account=None, **query) -> str:
    url = reverse("revenue:index", args=[world.slug, (account or world.account).pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def plan_with_spend(account, spend) -> AccountPlan:
    return AccountPlan.objects.create(
        workspace=account.workspace,
        account=account,
        title="This year",
        status=PlanStatus.ACTIVE,
        client_total_spend=Decimal(spend),
    )


def test_it_gives_viewers_no_inputs(world):
    record_months(world.account, 2, 1234)
    body = world.client_for(world.viewer).get(index_url(world)).content.decode()
    assert 'name="amount"' not in body
    assert "rev-import-dialog" not in body
    assert "€1,234.00" in body
    editor = world.client_for(world.teammate).get(index_url(world)).content.decode()
    assert 'name="amount"' in editor and "rev-import-dialog" in editor


def test_it_shows_the_figures_in_the_accounts_currency(world):
    world.account.currency = "GBP"
    world.account.save()
    today = timezone.localdate()
    record(world.account, date(today.year, 1, 1), 30000)
    set_target(world.account, today.year, 120000)
    response = world.client_for(world.manager).get(index_url(world))
    overview = response.context["overview"]
    assert overview.year_to_date == 30000
    assert overview.target_reached == pytest.approx(0.25)
    body = response.content.decode()
    assert "£30,000" in body and "£120,000" in body
    assert response.context["currency"] == "GBP"


def test_it_falls_back_on_the_workspace_currency(world):
    world.account.currency = ""
    world.account.save()
    world.workspace.default_currency = "SEK"
    world.workspace.save()
    response = world.client_for(world.manager).get(index_url(world))
    assert response.context["currency"] == "SEK"


def test_it_says_how_to_know_the_share_of_wallet(world):
    record_months(world.account, 12, 1000)
    body = world.client_for(world.manager).get(index_url(world)).content.decode()
    assert "Set the client's spend in the plan" in body
    assert reverse("dossier:plan", args=[world.slug, world.account.pk]) in body
    plan_with_spend(world.account, 48000)
    response = world.client_for(world.manager).get(index_url(world))
    assert response.context["overview"].share_of_wallet == pytest.approx(0.25)
    assert "Set the client's spend" not in response.content.decode()


def test_it_passes_the_chart_24_months(world):
    record_months(world.account, 3, 500)
    data = json_block(world.client_for(world.manager).get(index_url(world)), "rev-chart-data")
    assert len(data["amounts"]) == len(data["months"]) == len(data["ytd"]) == 24
    assert data["amounts"][-3:] == [500.0, 500.0, 500.0]
    assert data["labels"]["target"] == "Annual target"


def test_its_chart_is_described_by_a_table_of_the_same_months(world):
    world.account.currency = "GBP"
    world.account.save()
    record(world.account, date(timezone.localdate().year - 1, 1, 1), 1234)
    response = world.client_for(world.manager).get(index_url(world))
    body = response.content.decode()

    assert 'aria-describedby="rev-chart-table"' in body
    table = body[body.index('id="rev-chart-table"') : body.index("</table>")]
    data = json_block(response, "rev-chart-data")
    assert table.count('<th scope="row"') == len(data["months"]) == 24
    # January of last year (always among the 24 months) and its year to date to December.
    assert table.count("£1,234") == 1 + 12


def test_it_offers_earlier_years_only_when_there_are_some(world):
    today = timezone.localdate()
    response = world.client_for(world.manager).get(index_url(world))
    assert [y.year for y in response.context["years"]] == [
        today.year - 2,
        today.year - 1,
        today.year,
    ]
    assert not response.context["has_earlier_years"]
    record(world.account, date(today.year - 6, 5, 1), 10)
    response = world.client_for(world.manager).get(index_url(world))
    assert response.context["has_earlier_years"]
    response = world.client_for(world.manager).get(index_url(world, years="all"))
    assert response.context["years"][0].year == today.year - 6


def test_it_marks_the_months_still_to_come(world):
    today = timezone.localdate()
    response = world.client_for(world.manager).get(index_url(world))
    cells = response.context["years"][-1].months
    assert sum(cell.editable for cell in cells) == today.month


@pytest.mark.parametrize(
    ("months", "offerings", "centres", "deals"), [(6, 2, 2, 1), (36, 5, 6, 12)]
)
def test_it_runs_a_constant_number_of_queries(
    world, django_assert_num_queries, months, offerings, centres, deals
):
    record_months(world.account, months, 1000)
    for number in range(deals):
        make_opportunity(world.account, owner=world.manager if number % 2 else None)
    for year in range(2020, 2028):
        set_target(world.account, year, 10000)
    make_grid(world.account, offerings, centres)
    plan_with_spend(world.account, 100000)
    world.account.team.add(world.director)
    client = world.client_for(world.manager)
    # session, user, membership, account, team, entries, targets, current plan, months
    # with revenue, opportunities, offerings, buying centres, cells, the header's account
    # manager.
    with django_assert_num_queries(14):
        response = client.get(index_url(world, years="all"))
    assert len(response.context["grid"].rows) == offerings
    assert len(response.context["pipeline"].opportunities) == deals
    assert response.context["overview"].trailing_12 == Decimal(1000 * min(months, 12))
