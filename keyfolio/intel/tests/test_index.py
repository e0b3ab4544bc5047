"""The intelligence tab: who sees it, notes by kind, staleness, the bar of shares."""

import pytest
from django.urls import reverse

from keyfolio.intel.models import CompetitorPresence, IntelNote, NoteKind
from keyfolio.intel.tests.factories import age, note, plan_with_share, presence


def index_url(world, account=None) -> str:
    return reverse("intel:index", args=[world.slug, (account or world.account).pk])


# --- access -----------------------------------------------------------------------------


def test_it_offers_editing_to_editors_only(world):
    n = note(world.account, "Budget cuts")
    edit_url = reverse("intel:note_edit", args=[world.slug, world.account.pk, n.pk])
    new_url = reverse("intel:presence_create", args=[world.slug, world.account.pk])
    editor_page = world.client_for(world.teammate).get(index_url(world)).content.decode()
    assert edit_url in editor_page and new_url in editor_page
    viewer_page = world.client_for(world.viewer).get(index_url(world)).content.decode()
    assert "Budget cuts" in viewer_page
    assert edit_url not in viewer_page and new_url not in viewer_page


# --- the notes ----------------------------------------------------------------------------


def test_it_groups_the_notes_by_kind_in_the_order_of_the_kinds(world):
    note(world.account, "Mergers in retail", kind=NoteKind.SEGMENT)
    note(world.account, "Cut costs by 8 %", kind=NoteKind.GOALS)
    note(world.account, "Open 20 stores", kind=NoteKind.GOALS)
    note(world.account, "Elsewhere", kind=NoteKind.OTHER)
    note(world.foreign_account, "Not ours", kind=NoteKind.GOALS)
    response = world.client_for(world.manager).get(index_url(world))
    groups = response.context["intel"].groups
    assert [g.kind for g in groups] == ["segment", "goals", "client_competitor", "other"]
    titles = {g.kind: [row.note.title for row in g.rows] for g in groups}
    assert titles == {
        "segment": ["Mergers in retail"],
        "goals": ["Open 20 stores", "Cut costs by 8 %"],  # The newest first.
        "client_competitor": [],
        "other": ["Elsewhere"],
    }
    body = response.content.decode()
    assert "The client&#x27;s own competitors" in body
    assert "Not ours" not in body


def test_it_keeps_the_line_breaks_of_a_note_and_escapes_it(world):
    note(
        world.account,
        "Plans",
        body="Line one\nLine <two>",
        source="Board meeting",
        by=world.teammate,
    )
    body = world.client_for(world.manager).get(index_url(world)).content.decode()
    assert "Line one<br>Line &lt;two&gt;" in body
    assert "Board meeting" in body
    assert "Tom Teammate" in body


# --- staleness ----------------------------------------------------------------------------


def test_it_marks_a_note_older_than_six_months_as_stale(world):
    note(world.account, "Fresh")
    old = note(world.account, "Old")
    age(IntelNote.objects.filter(pk=old.pk), days=220)  # Seven months and a week.
    response = world.client_for(world.manager).get(index_url(world))
    rows = {row.note.title: row.stale for row in response.context["intel"].groups[1].rows}
    assert rows == {"Fresh": False, "Old": True}
    assert "updated 7\xa0months ago — stale" in response.content.decode()
    # The tab as a whole is as fresh as its newest entry.
    assert response.context["intel"].stale is False


def test_it_marks_the_whole_tab_stale_when_everything_is_old(world):
    note(world.account, "Old")
    presence(world.account, "Globex", 30)
    age(IntelNote.objects.all(), days=220)
    age(CompetitorPresence.objects.all(), days=250)
    response = world.client_for(world.manager).get(index_url(world))
    intel = response.context["intel"]
    assert intel.stale is True
    assert [row.stale for row in intel.presences] == [True]
    assert response.content.decode().count("— stale") == 3  # The tab, the note, the competitor.


def test_it_is_fresh_with_a_recent_note_and_says_when(world):
    note(world.account, "New")
    body = world.client_for(world.manager).get(index_url(world)).content.decode()
    assert "updated just now" in body
    assert "— stale" not in body


def test_it_says_when_nothing_is_recorded_yet(world):
    response = world.client_for(world.manager).get(index_url(world))
    assert response.context["intel"].stale is True
    assert "nothing recorded yet" in response.content.decode()


# --- our competitors and the shares --------------------------------------------------------


def test_it_lists_our_competitors_by_share_with_the_unestimated_last(world):
    presence(world.account, "Umbrella")
    presence(world.account, "Initech", 15, strengths="Own fleet", weaknesses="Narrow range")
    presence(world.account, "Globex", 35)
    response = world.client_for(world.manager).get(index_url(world))
    rows = response.context["intel"].presences
    assert [row.presence.competitor.name for row in rows] == ["Globex", "Initech", "Umbrella"]
    assert [row.tone for row in rows] == ["c1", "c2", ""]
    body = response.content.decode()
    assert "Own fleet" in body and "Narrow range" in body
    assert "1 competitor has no estimate and is not on the bar." in body


def test_it_puts_our_share_from_the_current_plan_on_the_bar(world):
    plan_with_share(world.account, volume="420000", spend="1500000")
    presence(world.account, "Globex", 35)
    response = world.client_for(world.manager).get(index_url(world))
    intel = response.context["intel"]
    assert intel.ours.share == pytest.approx(28)
    assert [(s.tone, round(s.share, 6)) for s in intel.shares.slices] == [
        ("ours", 28),
        ("c1", 35),
        ("unknown", 37),
    ]
    body = response.content.decode()
    assert "63 % accounted for" in body
    assert "more than the client’s whole spend" not in body


def test_it_says_our_share_is_unknown_without_a_plan(world):
    presence(world.account, "Globex", 35)
    response = world.client_for(world.manager).get(index_url(world))
    assert response.context["intel"].ours.share is None
    assert "Our share is unknown" in response.content.decode()


def test_it_warns_when_the_shares_add_up_to_more_than_the_whole(world):
    plan_with_share(world.account, volume="40", spend="100")
    presence(world.account, "Globex", 50)
    presence(world.account, "Initech", 20)
    response = world.client_for(world.manager).get(index_url(world))
    assert response.context["intel"].shares.exceeds_whole
    assert "The shares add up to 110 %, more than the client’s whole spend" in (
        response.content.decode()
    )


def test_it_does_not_warn_at_exactly_the_whole(world):
    presence(world.account, "Globex", 60)
    presence(world.account, "Initech", 40)
    response = world.client_for(world.manager).get(index_url(world))
    assert not response.context["intel"].shares.exceeds_whole
    assert "more than the client’s whole spend" not in response.content.decode()


# --- queries ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [3, 20])
def test_it_runs_a_constant_number_of_queries(world, django_assert_num_queries, size):
    plan_with_share(world.account, volume="100", spend="1000")
    for n in range(size):
        note(world.account, f"Note {n}", kind=NoteKind.values[n % 4], by=world.teammate)
        presence(world.account, f"Rival {n:02d}", n % 5 or None, updated_by=world.teammate)
    client = world.client_for(world.manager)
    # session, user, membership, account, team, notes, presences, plan, the date of
    # intel_last_updated, the account's owner (in the header).
    with django_assert_num_queries(10):
        response = client.get(index_url(world))
    assert response.context["intel"].note_count == size
    assert len(response.context["intel"].presences) == size
