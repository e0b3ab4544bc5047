"""No lost edits on the revenue tab: a save over a newer version of an opportunity, a
whitespace cell or a buying centre is refused, changes nothing, and the merge saves."""

import html as html_text
import re
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from keyfolio.revenue.models import (
    BuyingCentre,
    Opportunity,
    RevenueEntry,
    RevenueTarget,
    WhitespaceCell,
)
from keyfolio.revenue.selectors import month_start
from keyfolio.revenue.services import (
    buying_centre_create,
    offering_create,
    opportunity_create,
    whitespace_cell_set,
)
from keyfolio.revenue.tests.factories import record
from keyfolio.testing import HTMX, conflict_of, form_as_posted, two_edit


def url(world, name, *args) -> str:
    return reverse(f"revenue:{name}", args=[world.slug, world.account.pk, *args])


def _people(world) -> dict:
    return {"mine": world.client_for(world.manager), "theirs": world.client_for(world.teammate)}


def test_an_opportunity(world):
    opportunity = opportunity_create(
        account=world.account,
        name="Retrofit",
        amount=Decimal(1000),
        currency="EUR",
        probability=50,
        expected_close=timezone.localdate(),
    )

    def stored():
        return Opportunity.objects.values_list("stage", "amount").get(pk=opportunity.pk)

    after_theirs, merged = two_edit(
        **_people(world),
        url=url(world, "opportunity_edit", opportunity.pk),
        stored=stored,
        their_change={"stage": "Negotiation"},
        my_change={"stage": "Proposal", "amount": "2 000"},
    )
    assert after_theirs == ("Negotiation", Decimal(1000))
    assert merged == ("Negotiation", Decimal(2000))


def test_an_unchanged_amount_typed_otherwise_is_no_difference(world):
    opportunity = opportunity_create(
        account=world.account,
        name="Retrofit",
        amount=Decimal(1000),
        currency="EUR",
        probability=50,
        expected_close=timezone.localdate(),
    )
    edit = url(world, "opportunity_edit", opportunity.pk)
    mine, theirs = world.client_for(world.manager), world.client_for(world.teammate)
    opened = form_as_posted(mine.get(edit).context["form"])
    theirs.post(edit, {**form_as_posted(theirs.get(edit).context["form"]), "stage": "Won over"})
    response = mine.post(edit, {**opened, "stage": "Lost", "amount": "1000.00"})
    assert set(conflict_of(response)) == {"stage"}


def test_a_whitespace_cell(world):
    centre = buying_centre_create(account=world.account, name="Lyon plant")
    parts = offering_create(workspace=world.workspace, name="Spare parts")
    whitespace_cell_set(centre=centre, offering=parts, status="potential", note="Asked")

    def stored():
        return WhitespaceCell.objects.values_list("status", "note").get()

    after_theirs, merged = two_edit(
        **_people(world),
        url=url(world, "cell", centre.pk, parts.pk),
        stored=stored,
        their_change={"status": "current"},
        my_change={"status": "won", "note": "Signed"},
    )
    assert after_theirs == ("current", "Asked")
    assert merged == ("current", "Signed")


def test_a_buying_centre(world):
    centre = buying_centre_create(account=world.account, name="Lyon plant")
    after_theirs, merged = two_edit(
        **_people(world),
        url=url(world, "centre_edit", centre.pk),
        stored=lambda: BuyingCentre.objects.get(pk=centre.pk).name,
        their_change={"name": "Lyon works"},
        my_change={"name": "Lyon factory"},
    )
    assert (after_theirs, merged) == ("Lyon works", "Lyon works")


def _cell_version(html: str, cell_id: str) -> str:
    """The version the entries table's cell `cell_id` carries."""
    cell = html[html.index(f'id="{cell_id}"') :]
    found = re.search(r'name="version" value="([^"]*)"', cell)
    return html_text.unescape(found.group(1))  # type: ignore[union-attr]


def test_a_month_of_the_entries_table(world):
    month = month_start(timezone.localdate(), 1)
    record(world.account, month, 1000)
    cell_id = f"rev-{month:%Y-%m}"
    month_url = reverse(
        "revenue:month", args=[world.slug, world.account.pk, month.year, month.month]
    )
    mine, theirs = world.client_for(world.manager), world.client_for(world.teammate)
    opened = _cell_version(mine.get(url(world, "index")).content.decode(), cell_id)
    theirs_read = _cell_version(theirs.get(url(world, "index")).content.decode(), cell_id)
    theirs.post(month_url, {"amount": "1 200", "version": theirs_read}, headers=HTMX)

    refused = mine.post(month_url, {"amount": "1 500", "version": opened}, headers=HTMX)

    page = refused.content.decode()
    assert (
        "Your changes are not saved yet. The cell shows their amount, 1\xa0200; yours was "
        "1 500: type it again to save it."
    ) in page
    assert 'value="1\xa0200"' in page  # Leaving the box keeps theirs.
    assert RevenueEntry.objects.get(month=month).amount == Decimal(1200)
    again = {"amount": "1 500", "version": _cell_version(page, cell_id)}
    assert "their amount" not in mine.post(month_url, again, headers=HTMX).content.decode()
    assert RevenueEntry.objects.get(month=month).amount == Decimal(1500)


def test_a_target_of_the_entries_table(world):
    year = timezone.localdate().year
    cell_id = f"rev-target-{year}"
    mine, theirs = world.client_for(world.manager), world.client_for(world.teammate)
    opened = _cell_version(mine.get(url(world, "index")).content.decode(), cell_id)
    theirs_read = _cell_version(theirs.get(url(world, "index")).content.decode(), cell_id)
    target = url(world, "target")
    theirs.post(target, {"year": year, "amount": "50 000", "version": theirs_read}, headers=HTMX)

    refused = mine.post(target, {"year": year, "amount": "60 000", "version": opened}, headers=HTMX)

    assert "The cell shows their amount, 50\xa0000; yours was 60 000" in refused.content.decode()
    assert RevenueTarget.objects.get(year=year).amount == Decimal(50000)
