"""Writes for the revenue tab: monthly entries, annual targets, buying centres, the
whitespace grid, and the workspace's offerings.

Every interface (the tab, the import, the CLI) goes through these functions, so a
rule such as "no revenue for a month still to come" holds everywhere. They raise
ValidationError with a message a person can act on, and change nothing then.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from keyfolio.accounts.models import Account
from keyfolio.revenue.amounts import AMOUNT_LIMIT
from keyfolio.revenue.models import (
    BuyingCentre,
    Offering,
    RevenueEntry,
    RevenueTarget,
    WhitespaceCell,
    WhitespaceStatus,
)
from keyfolio.revenue.selectors import month_start
from keyfolio.workspaces.models import Workspace

FIRST_YEAR = 1900
# Targets may be set ahead for the coming years, not for a distant future.
TARGET_YEARS_AHEAD = 10


def check_month(month: date, *, today: date | None = None) -> None:
    """Revenue is recorded for a month that has begun, by the month's first day."""
    if month.day != 1:
        raise ValidationError(_("A month is given by its first day."), code="not_first_day")
    if month > month_start(today or timezone.localdate()):
        raise ValidationError(
            _("%(month)s has not begun yet: revenue is recorded for past and current months.")
            % {"month": month.strftime("%Y-%m")},
            code="future_month",
        )
    if month.year < FIRST_YEAR:
        raise ValidationError(_("The year is too far in the past."), code="year_range")


def check_amount(amount: Decimal) -> None:
    if abs(amount) >= AMOUNT_LIMIT:
        raise ValidationError(_("The amount is too large."), code="too_large")


# Monthly entries and targets -------------------------------------------------------


def revenue_entry_set(
    *,
    account: Account,
    month: date,
    amount: Decimal | None,
    user=None,
    note: str | None = None,
) -> RevenueEntry | None:
    """Record the account's revenue for `month`: create or update its entry, or delete
    it when `amount` is None. A negative amount (credit notes) is allowed. The note is
    kept unless one is given."""
    check_month(month)
    if amount is None:
        RevenueEntry.objects.filter(account=account, month=month).delete()
        return None
    check_amount(amount)
    entry = RevenueEntry.objects.filter(account=account, month=month).first()
    if entry is None:
        entry = RevenueEntry(
            workspace_id=account.workspace_id, account=account, month=month, created_by=user
        )
    entry.amount = amount
    if note is not None:
        entry.note = note
    entry.save()
    return entry


def revenue_target_set(
    *, account: Account, year: int, amount: Decimal | None
) -> RevenueTarget | None:
    """Set the account's revenue target for `year`, or remove it when `amount` is None."""
    last_year = timezone.localdate().year + TARGET_YEARS_AHEAD
    if not FIRST_YEAR <= year <= last_year:
        raise ValidationError(
            _("Choose a year from %(first)d to %(last)d.")
            % {"first": FIRST_YEAR, "last": last_year},
            code="year_range",
        )
    if amount is None:
        RevenueTarget.objects.filter(account=account, year=year).delete()
        return None
    if amount <= 0:
        raise ValidationError(_("A target is an amount above zero."), code="not_positive")
    check_amount(amount)
    target, _created = RevenueTarget.objects.update_or_create(
        account=account, year=year, defaults={"amount": amount}
    )
    return target


# Buying centres and the whitespace grid -------------------------------------------


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Enter a name."), code="blank")
    return name


def _check_unique(items: QuerySet, name: str, message: str) -> None:
    """Names differ by more than their case: "Plant A" and "plant a" are the same plant."""
    if items.annotate(lower=Lower("name")).filter(lower=name.lower()).exists():
        raise ValidationError(message % {"name": name}, code="duplicate")


def _next_position(items: QuerySet) -> int:
    return (items.aggregate(last=Max("position"))["last"] or 0) + 1


def buying_centre_create(*, account: Account, name: str) -> BuyingCentre:
    """A new buying centre of the account, after its existing ones."""
    name = _clean_name(name)
    centres = BuyingCentre.objects.filter(account=account)
    _check_unique(centres, name, _("This account already has a buying centre named %(name)s."))
    return BuyingCentre.objects.create(account=account, name=name, position=_next_position(centres))


def buying_centre_rename(*, centre: BuyingCentre, name: str) -> BuyingCentre:
    name = _clean_name(name)
    others = BuyingCentre.objects.filter(account_id=centre.account_id).exclude(pk=centre.pk)
    _check_unique(others, name, _("This account already has a buying centre named %(name)s."))
    centre.name = name
    centre.save(update_fields=["name"])
    return centre


def buying_centre_delete(*, centre: BuyingCentre) -> None:
    """Remove the buying centre and its column of the whitespace grid."""
    centre.delete()


def whitespace_cell_set(
    *,
    centre: BuyingCentre,
    offering: Offering,
    status: str,
    value: Decimal | None = None,
    note: str = "",
) -> WhitespaceCell | None:
    """Say what we sell, or could sell, of `offering` to `centre`; an empty status
    clears the cell. The value is what the business is worth in a year."""
    if offering.workspace_id != centre.account.workspace_id:
        raise ValidationError(_("This offering belongs to another workspace."), code="workspace")
    if not status:
        WhitespaceCell.objects.filter(buying_centre=centre, offering=offering).delete()
        return None
    if status not in WhitespaceStatus.values:
        raise ValidationError(_("Choose a status from the list."), code="status")
    if value is not None:
        if value < 0:
            raise ValidationError(_("A value is not negative."), code="negative")
        check_amount(value)
    cell, _created = WhitespaceCell.objects.update_or_create(
        buying_centre=centre,
        offering=offering,
        defaults={"status": status, "value": value, "note": note.strip()},
    )
    return cell


# The workspace's offerings ---------------------------------------------------------


def offering_create(*, workspace: Workspace, name: str) -> Offering:
    """A new active offering, after the existing ones."""
    name = _clean_name(name)
    offerings = Offering.objects.filter(workspace=workspace)
    _check_unique(offerings, name, _("There is already an offering named %(name)s."))
    return Offering.objects.create(
        workspace=workspace, name=name, position=_next_position(offerings)
    )


def offering_update(*, offering: Offering, name: str, active: bool) -> Offering:
    """Rename an offering or (de)activate it. An inactive offering leaves the grids but
    keeps its cells, which come back with it."""
    name = _clean_name(name)
    others = Offering.objects.filter(workspace_id=offering.workspace_id).exclude(pk=offering.pk)
    _check_unique(others, name, _("There is already an offering named %(name)s."))
    offering.name = name
    offering.active = active
    offering.save(update_fields=["name", "active"])
    return offering


@transaction.atomic
def offering_move(*, offering: Offering, step: int) -> None:
    """Move the offering `step` places up (negative) or down (positive) in its
    workspace's order, and number every offering 1, 2, 3... again."""
    offerings = list(Offering.objects.filter(workspace_id=offering.workspace_id))
    index = next(i for i, o in enumerate(offerings) if o.pk == offering.pk)
    new_index = max(0, min(len(offerings) - 1, index + step))
    offerings.insert(new_index, offerings.pop(index))
    for position, item in enumerate(offerings, start=1):
        item.position = position
    Offering.objects.bulk_update(offerings, ["position"])
