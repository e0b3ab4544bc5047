"""The key figures card: the plan's structured answers."""

from decimal import Decimal

import pytest
from django.utils import translation

from keyfolio.plans.tests.conftest import body, plan_tab_url, plans_url
from keyfolio.testing import HTMX, is_page

FIGURES = {
    "current_volume": "900000",
    "planned_revenue": "1500000",
    "client_total_spend": "6000000",
    "planned_share_of_wallet": "30",
    "price_or_value": "value",
    "loyalty": "4",
    "resource_owner": "",
    "capacity_note": "Two field engineers from March.",
}


def edit_url(world, plan) -> str:
    return plans_url(world, "figures_edit", world.account.pk, plan.pk)


def test_it_saves_the_figures_and_answers_htmx_with_the_card(world, plan):
    data = {**FIGURES, "resource_owner": world.teammate.pk}
    response = world.client_for(world.manager).post(edit_url(world, plan), data, headers=HTMX)
    assert response.status_code == 200
    page = body(response)
    assert 'id="plan-figures"' in page
    assert "1,500,000\u00a0EUR" in page
    assert "Planned revenue implies 25% of the client's spend." in page
    plan.refresh_from_db()
    assert plan.planned_revenue == Decimal("1500000")
    assert plan.loyalty == 4
    assert plan.resource_owner == world.teammate


def test_it_goes_back_to_the_plan_without_htmx(world, plan):
    response = world.client_for(world.manager).post(edit_url(world, plan), FIGURES)
    assert response.status_code == 302
    assert response.url.endswith(f"?plan={plan.pk}#plan-figures")


def test_it_shows_the_edit_form_as_a_fragment_or_a_page(world, plan):
    client = world.client_for(world.manager)
    fragment = client.get(edit_url(world, plan), headers=HTMX)
    assert not is_page(fragment)
    assert "planned_revenue" in fragment.context["form"].fields
    page = client.get(edit_url(world, plan))
    assert is_page(page)
    assert "planned_revenue" in page.context["form"].fields


def test_it_formats_money_in_the_accounts_currency(world, plan):
    world.account.currency = "USD"
    world.account.save()
    plan.planned_revenue = Decimal("1234567.50")
    plan.save()
    page = body(world.client_for(world.manager).get(plan_tab_url(world, world.account.pk)))
    assert "1,234,567.50\u00a0USD" in page


def test_it_formats_money_in_russian_with_russian_grouping(world, plan):
    from keyfolio.plans.templatetags.plan_tags import money

    with translation.override("ru"):
        assert money(Decimal("1500000"), "RUB") == "1\u00a0500\u00a0000\u00a0RUB"


def test_it_warns_when_planned_revenue_exceeds_the_clients_spend(world, plan):
    data = {**FIGURES, "planned_revenue": "8000000"}
    page = body(world.client_for(world.manager).post(edit_url(world, plan), data, headers=HTMX))
    assert "More than the client spends" in page


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("loyalty", "7"),
        ("planned_share_of_wallet", "140"),
        ("planned_revenue", "-5"),
        ("planned_revenue", "lots"),
        ("price_or_value", "cheap"),
    ],
)
def test_it_shows_field_errors_and_saves_nothing(world, plan, field, value):
    data = {**FIGURES, field: value}
    response = world.client_for(world.manager).post(edit_url(world, plan), data, headers=HTMX)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    plan.refresh_from_db()
    assert plan.planned_revenue is None and plan.loyalty is None


def test_it_refuses_a_resource_owner_from_another_workspace(world, plan):
    data = {**FIGURES, "resource_owner": world.stranger.pk}
    response = world.client_for(world.manager).post(edit_url(world, plan), data, headers=HTMX)
    assert "resource_owner" in response.context["form"].errors
    plan.refresh_from_db()
    assert plan.resource_owner is None


def test_it_shows_the_card_read_only_to_a_viewer(world, plan):
    url = plans_url(world, "figures", world.account.pk, plan.pk)
    page = body(world.client_for(world.viewer).get(url, headers=HTMX))
    assert 'id="plan-figures"' in page
    assert edit_url(world, plan) not in page
    assert world.client_for(world.outsider).get(url).status_code == 404
