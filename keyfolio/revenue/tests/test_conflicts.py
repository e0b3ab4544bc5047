"""No lost edits on the revenue tab: a save over a newer version of an opportunity, a
whitespace cell or a buying centre is refused, changes nothing, and the merge saves."""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from keyfolio.revenue.models import BuyingCentre, Opportunity, WhitespaceCell
from keyfolio.revenue.services import (
    buying_centre_create,
    offering_create,
    opportunity_create,
    whitespace_cell_set,
)
from keyfolio.testing import conflict_of, form_as_posted, two_edit


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
