"""Writes for the revenue tab: monthly entries, annual targets, buying centres, the
whitespace grid, and the workspace's offerings.

Every interface (the tab, the import, the CLI) goes through these functions, so a
rule such as "no revenue for a month still to come" holds everywhere. They raise
ValidationError with a message a person can act on, and change nothing then.
"""

from datetime import date
from decimal import Decimal
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from keyfolio.accounts.forms import CURRENCY_CODE
from keyfolio.accounts.models import Account
from keyfolio.audit.recording import record_updates
from keyfolio.method.pipeline import DealStatus, settled_probability
from keyfolio.revenue.amounts import AMOUNT_LIMIT
from keyfolio.revenue.models import (
    BuyingCentre,
    Offering,
    Opportunity,
    OpportunityStatus,
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


# Opportunities ---------------------------------------------------------------------

# An expected close date this far back or ahead is a typing error, not a plan.
CLOSE_YEARS_BACK = 20
CLOSE_YEARS_AHEAD = 10
# The fields a person (or an import) sets on an opportunity.
OPPORTUNITY_FIELDS = (
    "name",
    "amount",
    "currency",
    "stage",
    "probability",
    "expected_close",
    "status",
    "owner",
    "external_id",
    "source",
)


def account_currency(account: Account) -> str:
    """The currency of the account's revenue and targets."""
    return (account.currency or account.workspace.default_currency).upper()


def _check_opportunity(opportunity: Opportunity) -> None:
    """Every rule an opportunity keeps, as field errors (all of them at once)."""
    errors: dict[str, str] = {}
    if not opportunity.name:
        errors["name"] = _("Enter a name.")
    if opportunity.amount is None or opportunity.amount < 0:
        errors["amount"] = _("An amount is zero or more.")
    elif opportunity.amount >= AMOUNT_LIMIT:
        errors["amount"] = _("The amount is too large.")
    if opportunity.probability is None:
        errors["probability"] = _("Enter the probability of winning, 0 to 100 %.")
    elif not 0 <= opportunity.probability <= 100:
        errors["probability"] = _("A probability lies within 0 and 100 %.")
    if not CURRENCY_CODE.fullmatch(opportunity.currency):
        errors["currency"] = _("Enter a three-letter currency code, e.g. EUR.")
    if opportunity.status not in OpportunityStatus.values:
        errors["status"] = _("Choose a status from the list.")
    today = timezone.localdate()
    close = opportunity.expected_close
    if close is None:
        errors["expected_close"] = _("Enter the expected close date.")
    elif not today.year - CLOSE_YEARS_BACK <= close.year <= today.year + CLOSE_YEARS_AHEAD:
        errors["expected_close"] = _("Choose a close date from %(first)d to %(last)d.") % {
            "first": today.year - CLOSE_YEARS_BACK,
            "last": today.year + CLOSE_YEARS_AHEAD,
        }
    owner = opportunity.owner
    if (
        owner is not None
        and not owner.memberships.filter(workspace_id=opportunity.workspace_id).exists()
    ):
        errors["owner"] = _("Choose a member of this workspace.")
    if errors:
        raise ValidationError(errors, code="invalid")


def _opportunity_save(opportunity: Opportunity) -> Opportunity:
    opportunity.name = " ".join(opportunity.name.split())
    opportunity.currency = opportunity.currency.strip().upper()
    _check_opportunity(opportunity)
    if opportunity.external_id:
        twin = Opportunity.objects.filter(
            workspace_id=opportunity.workspace_id,
            source=opportunity.source,
            external_id=opportunity.external_id,
        ).exclude(pk=opportunity.pk)
        if twin.exists():
            raise ValidationError(
                {"external_id": _("Another opportunity already has this external id.")},
                code="duplicate",
            )
    opportunity.save()
    return opportunity


def opportunity_create(
    *, account: Account, probability: int | None = None, **fields
) -> Opportunity:
    """A new opportunity of the account (fields: any of OPPORTUNITY_FIELDS). Without a
    currency it is in the account's; without a probability, a won one is certain and
    a lost one hopeless."""
    fields.setdefault("currency", account_currency(account))
    status = fields.setdefault("status", OpportunityStatus.OPEN)
    opportunity = Opportunity(
        workspace_id=account.workspace_id,
        account=account,
        # None (an open deal without one) is refused by _check_opportunity with a message.
        probability=cast(int, settled_probability(DealStatus(status), probability)),
        **fields,
    )
    return _opportunity_save(opportunity)


def opportunity_update(*, opportunity: Opportunity, **changes) -> Opportunity:
    """Change the given fields (any of OPPORTUNITY_FIELDS). A change of status without
    a probability given sets the one the status implies (100 % won, 0 % lost)."""
    unknown = sorted(set(changes) - set(OPPORTUNITY_FIELDS))
    if unknown:
        raise TypeError(f"opportunity_update() cannot change {', '.join(unknown)}.")
    probability = changes.pop("probability", None)
    status = changes.get("status", opportunity.status)
    if probability is None and status != opportunity.status:
        probability = settled_probability(DealStatus(status), None)
    for field, value in changes.items():
        setattr(opportunity, field, value)
    if probability is not None:
        opportunity.probability = probability
    return _opportunity_save(opportunity)


def opportunity_delete(*, opportunity: Opportunity) -> None:
    """Remove the opportunity. Revenue it was added to stays: it was earned."""
    opportunity.delete()


@transaction.atomic
def opportunity_book(*, opportunity: Opportunity, user=None) -> tuple[RevenueEntry, bool]:
    """Mark the opportunity won (if it is not) and add its amount to the revenue of
    its close month, once: returns the entry and whether it was added now (False when
    it had been before). A lost opportunity is refused, as is one in another currency
    than the account's revenue (there are no exchange rates)."""
    opportunity = (
        # Only the opportunity's row is locked: PostgreSQL cannot lock the nullable side
        # of the outer join to its revenue entry.
        Opportunity.objects.select_for_update(of=("self",))
        .select_related("account__workspace", "revenue_entry")
        .get(pk=opportunity.pk)
    )
    if opportunity.revenue_entry is not None:
        return opportunity.revenue_entry, False
    if opportunity.status == OpportunityStatus.LOST:
        raise ValidationError(_("A lost opportunity brings no revenue."), code="lost")
    account = opportunity.account
    currency = account_currency(account)
    if opportunity.currency != currency:
        raise ValidationError(
            _(
                "This opportunity is in %(theirs)s and the account's revenue in %(ours)s: "
                "record its revenue by hand (there are no exchange rates)."
            )
            % {"theirs": opportunity.currency, "ours": currency},
            code="currency",
        )
    month = month_start(opportunity.expected_close)
    try:
        check_month(month)
    except ValidationError:
        raise ValidationError(
            _("Its close date, %(date)s, is still to come: set the date it was won first.")
            % {"date": date_format(opportunity.expected_close)},
            code="future_month",
        ) from None
    entry = RevenueEntry.objects.select_for_update().filter(account=account, month=month).first()
    won = _("Won: %(name)s") % {"name": opportunity.name}
    if entry is None:
        entry = RevenueEntry(
            workspace_id=account.workspace_id,
            account=account,
            month=month,
            amount=opportunity.amount,
            note=won[:200],
            created_by=user,
        )
    else:
        entry.amount += opportunity.amount
        entry.note = "; ".join(filter(None, [entry.note, won]))[:200]
    check_amount(entry.amount)
    entry.save()
    if opportunity.status != OpportunityStatus.WON:
        opportunity.status = OpportunityStatus.WON
        opportunity.probability = 100
    opportunity.revenue_entry = entry
    opportunity.save(update_fields=["status", "probability", "revenue_entry", "updated_at"])
    return entry, True


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
    # Through the centre's manager, the cell knows its centre (and the centre its
    # account): the audit trail reads the workspace without a query. The caller holds
    # the centre's lock, which guards its cells.
    cell = centre.cells.filter(offering=offering).first()
    if cell is not None:
        cell.offering = offering
    if not status:
        if cell is not None:
            cell.delete()
        return None
    if status not in WhitespaceStatus.values:
        raise ValidationError(_("Choose a status from the list."), code="status")
    if value is not None:
        if value < 0:
            raise ValidationError(_("A value is not negative."), code="negative")
        check_amount(value)
    cell = cell or WhitespaceCell(buying_centre=centre, offering=offering)
    cell.status, cell.value, cell.note = status, value, note.strip()
    cell.save()
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
    record_updates(offerings)  # bulk_update sends no signal.
