from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from keyfolio.revenue.models import (
    BuyingCentre,
    Offering,
    RevenueEntry,
    RevenueTarget,
    WhitespaceCell,
)
from keyfolio.revenue.selectors import month_start
from keyfolio.revenue.services import (
    buying_centre_create,
    buying_centre_delete,
    buying_centre_rename,
    offering_create,
    offering_move,
    offering_update,
    revenue_entry_set,
    revenue_target_set,
    whitespace_cell_set,
)
from keyfolio.revenue.tests.factories import record


def this_month() -> date:
    return month_start(timezone.localdate())


def test_it_creates_updates_and_deletes_a_month(world):
    month = month_start(timezone.localdate(), 2)
    entry = revenue_entry_set(
        account=world.account, month=month, amount=Decimal("10"), user=world.manager
    )
    assert (entry.amount, entry.created_by, entry.workspace) == (10, world.manager, world.workspace)
    revenue_entry_set(account=world.account, month=month, amount=Decimal("-5.5"), user=world.owner)
    entry.refresh_from_db()
    assert entry.amount == Decimal("-5.50")
    assert entry.created_by == world.manager  # Who first recorded it.
    assert revenue_entry_set(account=world.account, month=month, amount=None) is None
    assert not RevenueEntry.objects.exists()


def test_it_keeps_the_note_unless_given_one(world):
    entry = record(world.account, this_month(), 10, note="Invoice 42")
    revenue_entry_set(account=world.account, month=this_month(), amount=Decimal(12))
    entry.refresh_from_db()
    assert (entry.amount, entry.note) == (12, "Invoice 42")


def test_it_refuses_a_month_still_to_come(world):
    next_month = month_start(date.fromordinal(this_month().toordinal() + 40))
    with pytest.raises(ValidationError, match="has not begun"):
        revenue_entry_set(account=world.account, month=next_month, amount=Decimal(1))
    assert not RevenueEntry.objects.exists()


def test_it_refuses_a_day_that_is_not_the_first(world):
    with pytest.raises(ValidationError):
        revenue_entry_set(account=world.account, month=date(2024, 3, 2), amount=Decimal(1))


def test_it_sets_and_removes_a_target(world):
    year = timezone.localdate().year + 1  # Next year's may be set ahead.
    revenue_target_set(account=world.account, year=year, amount=Decimal(1000))
    revenue_target_set(account=world.account, year=year, amount=Decimal(2000))
    assert RevenueTarget.objects.get().amount == 2000
    revenue_target_set(account=world.account, year=year, amount=None)
    assert not RevenueTarget.objects.exists()


@pytest.mark.parametrize(("year", "amount"), [(2025, 0), (2025, -5), (1800, 5), (2999, 5)])
def test_it_refuses_a_target_that_makes_no_sense(world, year, amount):
    with pytest.raises(ValidationError):
        revenue_target_set(account=world.account, year=year, amount=Decimal(amount))
    assert not RevenueTarget.objects.exists()


def test_it_keeps_buying_centre_names_unique_whatever_their_case(world):
    lyon = buying_centre_create(account=world.account, name="  Lyon   plant ")
    hamburg = buying_centre_create(account=world.account, name="Hamburg plant")
    assert (lyon.name, lyon.position, hamburg.position) == ("Lyon plant", 1, 2)
    with pytest.raises(ValidationError, match="already has"):
        buying_centre_create(account=world.account, name="lyon PLANT")
    with pytest.raises(ValidationError, match="already has"):
        buying_centre_rename(centre=hamburg, name="Lyon plant")
    buying_centre_rename(centre=lyon, name="LYON plant")  # Its own name in another case.
    # Another account may have its own Lyon plant.
    buying_centre_create(account=world.foreign_account, name="Lyon plant")
    assert BuyingCentre.objects.filter(account=world.account).count() == 2


def test_it_sets_clears_and_refuses_whitespace_cells(world):
    centre = buying_centre_create(account=world.account, name="Lyon")
    offering = offering_create(workspace=world.workspace, name="Spare parts")
    cell = whitespace_cell_set(
        centre=centre, offering=offering, status="potential", value=Decimal(5000)
    )
    assert (cell.status, cell.value) == ("potential", 5000)
    whitespace_cell_set(centre=centre, offering=offering, status="current", note=" Since 2021 ")
    cell.refresh_from_db()
    assert (cell.status, cell.value, cell.note) == ("current", None, "Since 2021")
    with pytest.raises(ValidationError):
        whitespace_cell_set(centre=centre, offering=offering, status="lost")
    with pytest.raises(ValidationError):
        whitespace_cell_set(centre=centre, offering=offering, status="won", value=Decimal(-1))
    foreign = offering_create(workspace=world.other_workspace, name="Spare parts")
    with pytest.raises(ValidationError):
        whitespace_cell_set(centre=centre, offering=foreign, status="won")
    whitespace_cell_set(centre=centre, offering=offering, status="")
    assert not WhitespaceCell.objects.exists()


def test_it_removes_a_buying_centre_with_its_cells(world):
    centre = buying_centre_create(account=world.account, name="Lyon")
    offering = offering_create(workspace=world.workspace, name="Spare parts")
    whitespace_cell_set(centre=centre, offering=offering, status="won")
    buying_centre_delete(centre=centre)
    assert not WhitespaceCell.objects.exists()
    assert Offering.objects.filter(pk=offering.pk).exists()


def test_it_orders_renames_and_retires_offerings(world):
    a, b, c = (offering_create(workspace=world.workspace, name=n) for n in "ABC")
    offering_move(offering=c, step=-1)
    assert list(
        Offering.objects.filter(workspace=world.workspace).values_list("name", flat=True)
    ) == ["A", "C", "B"]
    offering_move(offering=a, step=-1)  # Already first: stays.
    assert Offering.objects.get(pk=a.pk).position == 1
    offering_update(offering=b, name="Bee", active=False)
    b.refresh_from_db()
    assert (b.name, b.active) == ("Bee", False)
    with pytest.raises(ValidationError, match="already an offering"):
        offering_update(offering=a, name="bee", active=True)
    with pytest.raises(ValidationError):
        offering_create(workspace=world.workspace, name="   ")
