from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from keyfolio.revenue.models import RevenueEntry
from keyfolio.revenue.selectors import month_start
from keyfolio.revenue.tests.factories import record
from keyfolio.testing import HTMX


def month_url(world, month: date, account=None) -> str:
    account = account or world.account
    return reverse("revenue:month", args=[world.slug, account.pk, month.year, month.month])


def last_month() -> date:
    return month_start(timezone.localdate(), 1)


def amounts(account) -> dict[date, Decimal]:
    return dict(RevenueEntry.objects.filter(account=account).values_list("month", "amount"))


@pytest.mark.parametrize("person", ["owner", "director", "manager", "teammate"])
def test_it_lets_editors_record_a_month(world, person):
    response = world.client_for(getattr(world, person)).post(
        month_url(world, last_month()), {"amount": "12 500,50"}, headers=HTMX
    )
    assert response.status_code == 200
    assert amounts(world.account) == {last_month(): Decimal("12500.50")}


def test_it_is_404_for_a_month_that_does_not_exist(world):
    url = reverse("revenue:month", args=[world.slug, world.account.pk, 2025, 13])
    assert world.client_for(world.manager).post(url, {"amount": "5"}).status_code == 404


def test_it_answers_htmx_with_the_cell_and_the_figures_it_moved(world):
    month = last_month()
    response = world.client_for(world.manager).post(
        month_url(world, month), {"amount": "-800"}, headers=HTMX
    )
    body = response.content.decode()
    assert body.lstrip().startswith(f'<td class="rev-cell" id="rev-{month:%Y-%m}">')
    assert 'value="-800"' in body
    assert f'id="rev-total-{month.year}" hx-swap-oob="true"' in body
    assert 'id="revenue-kpis"' in body and 'id="rev-chart-data"' in body
    # The chart's data table comes with its data, all 24 months of it.
    chart_table = body[body.index('id="rev-chart-table"') :]
    assert chart_table.count('<th scope="row"') == 24
    assert amounts(world.account) == {month: Decimal("-800")}


def test_it_updates_and_deletes_a_month(world):
    month = last_month()
    record(world.account, month, 100, note="Invoice 7")
    client = world.client_for(world.manager)
    client.post(month_url(world, month), {"amount": "250"}, headers=HTMX)
    entry = RevenueEntry.objects.get()
    assert (entry.amount, entry.note) == (250, "Invoice 7")
    client.post(month_url(world, month), {"amount": " "}, headers=HTMX)
    assert not RevenueEntry.objects.exists()


@pytest.mark.parametrize("typed", ["12,500", "12 50", "abc", "1 000 000 000 000"])
def test_it_keeps_a_bad_amount_in_the_box_and_saves_nothing(world, typed):
    month = last_month()
    record(world.account, month, 100)
    response = world.client_for(world.manager).post(
        month_url(world, month), {"amount": typed}, headers=HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200  # htmx swaps only successful answers.
    assert "is-invalid" in body
    assert f'value="{typed}"' in body
    assert 'id="rev-message"' in body and "text-danger" in body
    assert "revenue-kpis" not in body  # Nothing moved.
    assert amounts(world.account) == {month: Decimal(100)}


def test_it_refuses_a_month_still_to_come(world):
    today = timezone.localdate()
    next_month = date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    response = world.client_for(world.manager).post(
        month_url(world, next_month), {"amount": "5"}, headers=HTMX
    )
    assert "has not begun" in response.content.decode()
    assert not RevenueEntry.objects.exists()


def test_it_works_without_javascript(world):
    client = world.client_for(world.manager)
    response = client.post(month_url(world, last_month()), {"amount": "5"})
    index = reverse("revenue:index", args=[world.slug, world.account.pk])
    assert response.status_code == 302 and response.url == index + "#entries"
    response = client.post(month_url(world, last_month()), {"amount": "5,000"}, follow=True)
    assert "is not an amount" in response.content.decode()
    assert amounts(world.account) == {last_month(): Decimal(5)}
