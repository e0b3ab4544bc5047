"""No lost edits on the intelligence tab: a save over a newer version of a note or of a
competitor's presence is refused, changes nothing, and the person's merge saves."""

from django.urls import reverse

from keyfolio.intel.models import CompetitorPresence, IntelNote
from keyfolio.intel.tests.factories import note, presence
from keyfolio.testing import two_edit


def test_a_note(world):
    n = note(world.account, "Budget", body="Flat", source="CFO")

    def stored():
        return IntelNote.objects.values_list("title", "body", "source").get(pk=n.pk)

    after_theirs, merged = two_edit(
        mine=world.client_for(world.manager),
        theirs=world.client_for(world.teammate),
        url=reverse("intel:note_edit", args=[world.slug, world.account.pk, n.pk]),
        stored=stored,
        their_change={"body": "Cut by 10%"},
        my_change={"body": "Up 5%", "source": "CEO"},
    )
    assert after_theirs == ("Budget", "Cut by 10%", "CFO")
    assert merged == ("Budget", "Cut by 10%", "CEO")


def test_a_competitor_at_the_account(world):
    p = presence(world.account, "Globex Logistics", 30.0, strengths="Price")

    def stored():
        return CompetitorPresence.objects.values_list("estimated_share", "strengths").get(pk=p.pk)

    after_theirs, merged = two_edit(
        mine=world.client_for(world.manager),
        theirs=world.client_for(world.teammate),
        url=reverse("intel:presence_edit", args=[world.slug, world.account.pk, p.pk]),
        stored=stored,
        their_change={"estimated_share": "40"},
        my_change={"estimated_share": "25", "strengths": "Price, speed"},
    )
    assert after_theirs == (40.0, "Price")
    assert merged == (40.0, "Price, speed")
