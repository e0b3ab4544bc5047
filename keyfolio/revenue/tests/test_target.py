from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from keyfolio.revenue.models import RevenueTarget
from keyfolio.revenue.tests.factories import set_target
from keyfolio.testing import HTMX


def target_url(world, account=None) -> str:
    return reverse("revenue:target", args=[world.slug, (account or world.account).pk])


def targets(account) -> dict[int, Decimal]:
    return dict(RevenueTarget.objects.filter(account=account).values_list("year", "amount"))


@pytest.mark.parametrize("person", ["owner", "director", "manager", "teammate"])
def test_it_lets_editors_set_a_target(world, person):
    year = timezone.localdate().year
    response = world.client_for(getattr(world, person)).post(
        target_url(world), {"year": year, "amount": "1 200 000"}, headers=HTMX
    )
    assert response.status_code == 200
    assert targets(world.account) == {year: Decimal(1200000)}
    body = response.content.decode()
    assert f'id="rev-target-{year}"' in body
    assert f'id="rev-reached-{year}" hx-swap-oob="true"' in body


def test_it_sets_next_years_target_from_the_plain_form(world):
    year = timezone.localdate().year + 1
    response = world.client_for(world.manager).post(
        target_url(world), {"year": year, "amount": "500000"}, follow=True
    )
    assert f"Target for {year} saved." in response.content.decode()
    assert targets(world.account) == {year: Decimal(500000)}


def test_it_removes_a_target_left_blank(world):
    set_target(world.account, 2025, 1000)
    world.client_for(world.manager).post(
        target_url(world), {"year": 2025, "amount": ""}, headers=HTMX
    )
    assert not RevenueTarget.objects.exists()


@pytest.mark.parametrize(
    ("year", "amount", "message"),
    [
        (2025, "12,500", "is not an amount"),
        (2025, "-5", "above zero"),
        (1500, "5", "Choose a year"),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(world, year, amount, message):
    set_target(world.account, 2025, 1000)
    response = world.client_for(world.manager).post(
        target_url(world), {"year": year, "amount": amount}, follow=True
    )
    assert message in response.content.decode()
    assert targets(world.account) == {2025: Decimal(1000)}


def test_it_keeps_a_refused_target_in_its_box(world):
    response = world.client_for(world.manager).post(
        target_url(world), {"year": 2025, "amount": "abc"}, headers=HTMX
    )
    body = response.content.decode()
    assert 'value="abc"' in body and "is-invalid" in body
    assert "revenue-kpis" not in body
