"""The group of companies on a parent's overview: its children with their zone and
the sums of their revenue and pipeline, per currency."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from keyfolio.accounts.models import Account
from keyfolio.accounts.tests.factories import assess
from keyfolio.revenue.tests.factories import make_opportunity, record_months


def overview_url(world, account) -> str:
    return reverse("dossier:overview", args=[world.slug, account.pk])


def child_of(world, parent, name, currency="EUR", owner=None) -> Account:
    return Account.objects.create(
        workspace=world.workspace,
        name=name,
        parent=parent,
        currency=currency,
        owner=owner or world.manager,
    )


def test_the_parent_lists_its_children_and_sums_their_figures(world):
    lyon = child_of(world, world.account, "Lyon SA")
    oslo = child_of(world, world.account, "Oslo AS", currency="NOK")
    assess(lyon, client=80, our=80, on=timezone.localdate(), assessor=world.manager)
    today = timezone.localdate()
    record_months(lyon, 14, 1000, today=today)  # twelve in the last twelve months
    record_months(oslo, 2, 500, today=today)
    make_opportunity(lyon, 10000, 50)
    make_opportunity(oslo, 2000, 25, currency="NOK")
    response = world.client_for(world.manager).get(overview_url(world, world.account))
    group = response.context["group"]
    assert [c.account.name for c in group.children] == ["Lyon SA", "Oslo AS"]
    sums = {s.currency: (s.revenue, s.open, s.weighted) for s in group.sums}
    assert sums == {
        "EUR": (Decimal(12000), Decimal(10000), Decimal(5000)),
        "NOK": (Decimal(1000), Decimal(2000), Decimal(500)),
    }
    body = response.content.decode()
    assert "Group of companies" in body
    assert "zone-key" in body  # Lyon SA, assessed 80 × 80


def test_a_child_links_to_its_parent(world):
    child = child_of(world, world.account, "Lyon SA")
    response = world.client_for(world.manager).get(overview_url(world, child))
    assert response.context["group"].parent == world.account
    assert overview_url(world, world.account) in response.content.decode()


def test_only_the_children_the_member_sees_are_listed_and_summed(world):
    child_of(world, world.account, "Mine")
    hidden = child_of(world, world.account, "Not mine", owner=world.outsider)
    record_months(hidden, 3, 1000)
    response = world.client_for(world.manager).get(overview_url(world, world.account))
    group = response.context["group"]
    assert [c.account.name for c in group.children] == ["Mine"]
    assert all(s.revenue == 0 for s in group.sums)
    director = world.client_for(world.director).get(overview_url(world, world.account))
    assert len(director.context["group"].children) == 2


@pytest.mark.parametrize("size", [2, 12])
def test_the_group_costs_the_same_queries_whatever_its_size(world, size, django_assert_num_queries):
    for n in range(size):
        child = child_of(world, world.account, f"Child {n}")
        record_months(child, 2, 100)
        make_opportunity(child, 100, 50)
        assess(child, client=50 + n, our=40, on=timezone.localdate(), assessor=world.manager)
    client = world.client_for(world.manager)
    # The overview of an account not assessed (no history, scores or consensus), the
    # group's members with the parent, and the children's revenue and pipeline (the
    # playbook panel reads running snoozes and six facts; the satisfaction card, its own).
    with django_assert_num_queries(28):
        response = client.get(overview_url(world, world.account))
    assert len(response.context["group"].children) == size
