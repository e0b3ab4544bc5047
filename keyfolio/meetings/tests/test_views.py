"""The meetings tab, planning a meeting, the call plan page, the outcome form, the meeting
brief and the invitation."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from keyfolio.meetings.brief import LIST_LINES, meeting_brief_layout
from keyfolio.meetings.models import CallPlan
from keyfolio.meetings.tests.factories import build_dossier, plan_meeting
from keyfolio.plans.models import Action
from keyfolio.stakeholders.models import Attitude, Contact, ContactRelationship
from keyfolio.testing import HTMX, two_edit

TODAY = timezone.localdate()


def url(world, name: str, plan: CallPlan | None = None, account=None) -> str:
    account = account or world.account
    args = [world.slug, account.pk] + ([plan.pk] if plan else [])
    return reverse(f"meetings:{name}", args=args)


@pytest.fixture
def meeting(world) -> CallPlan:
    dossier = build_dossier(world.account, by=world.manager, today=TODAY)
    return plan_meeting(
        world.account,
        by=world.manager,
        on=TODAY,
        today=TODAY,
        theirs=[dossier["supporter"], dossier["skeptic"]],
        purpose="Renewal",
        primary_objective="Sign the renewal",
        client_win="A price fixed for two years",
    )


def posted_plan(world, **changes) -> dict:
    data = {
        "on": str(TODAY + timedelta(days=3)),
        "place": "https://meet.example/northwind",
        "our_people": [world.manager.pk],
        "their_people": [],
        "purpose": "Renewal",
        "primary_objective": "Sign the renewal",
        "fallback_objective": "Agree on a pilot",
        "client_win": "A price fixed for two years",
        "offer": "",
        "concessions": "",
        "questions": "Who signs?",
        "objections": "",
    }
    data.update(changes)
    return data


# --- access -----------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["owner", "manager", "teammate", "viewer"])
def test_those_who_see_the_account_see_its_meetings(world, meeting, person):
    client = world.client_for(getattr(world, person))
    for name in ("detail", "pdf", "ics"):
        assert client.get(url(world, name, meeting)).status_code == 200
    assert client.get(url(world, "index")).status_code == 200


@pytest.mark.parametrize("person", ["outsider", "stranger"])
def test_others_do_not_know_the_meetings_exist(world, meeting, person):
    client = world.client_for(getattr(world, person))
    for name in ("detail", "edit", "outcome", "pdf", "ics"):
        assert client.get(url(world, name, meeting)).status_code == 404
    assert client.post(url(world, "create"), posted_plan(world)).status_code == 404
    assert CallPlan.objects.count() == 1


def test_a_viewer_reads_but_does_not_write(world, meeting):
    client = world.client_for(world.viewer)
    page = client.get(url(world, "detail", meeting)).content.decode()
    assert 'id="outcome-form"' not in page
    assert client.post(url(world, "create"), posted_plan(world)).status_code == 403
    assert client.post(url(world, "edit", meeting), posted_plan(world)).status_code == 403
    assert (
        client.post(url(world, "outcome", meeting), {"primary_outcome": "met"}).status_code == 403
    )
    meeting.refresh_from_db()
    assert not meeting.has_outcome


def test_a_meeting_of_another_account_is_not_found_here(world, meeting):
    other = plan_meeting(
        world.foreign_account, by=world.stranger, on=TODAY, today=TODAY, purpose="x"
    )
    client = world.client_for(world.manager)
    assert client.get(url(world, "detail", other)).status_code == 404


# --- planning ---------------------------------------------------------------------------


def test_the_new_form_is_prefilled_from_the_dossier(world):
    build_dossier(world.account, by=world.manager, today=TODAY)
    page = world.client_for(world.manager).get(url(world, "create") + "?date=2027-01-20")
    text = page.content.decode()
    assert page.status_code == 200
    assert 'value="2027-01-20"' in text
    assert "Our prices (competitiveness)" in text
    assert "Boris Kern (skeptic) will object" in text


@pytest.mark.parametrize("person", ["owner", "manager", "teammate"])
def test_editors_plan_a_meeting(world, person):
    response = world.client_for(getattr(world, person)).post(
        url(world, "create"), posted_plan(world)
    )
    plan = CallPlan.objects.get()
    assert response.status_code == 302
    assert response.url == url(world, "detail", plan)
    assert (plan.place, plan.questions, plan.ready) == (
        "https://meet.example/northwind",
        "Who signs?",
        True,
    )


def test_a_plan_without_the_clients_win_is_saved_but_not_ready(world):
    client = world.client_for(world.manager)
    client.post(url(world, "create"), posted_plan(world, client_win=""))
    plan = CallPlan.objects.get()
    page = client.get(url(world, "detail", plan)).content.decode()
    assert "Call plan not ready" in page
    assert "what the client wins from this meeting" in page


def test_it_shows_the_form_again_with_the_errors(world):
    response = world.client_for(world.manager).post(
        url(world, "create"), posted_plan(world, our_people=[], on="")
    )
    assert response.status_code == 200
    assert CallPlan.objects.count() == 0
    assert response.context["form"].errors.keys() == {"our_people", "on"}


def test_editing_changes_the_plan_and_the_meeting(world, meeting):
    response = world.client_for(world.teammate).post(
        url(world, "edit", meeting), posted_plan(world, purpose="Renewal and pilot")
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    meeting.activity.refresh_from_db()
    assert meeting.purpose == "Renewal and pilot"
    assert meeting.activity.occurred_on == TODAY + timedelta(days=3)


# --- the outcome ------------------------------------------------------------------------


def test_the_outcome_form_records_everything_in_one_go(world, meeting):
    skeptic = meeting.activity.their_people.get(name="Boris Kern")
    response = world.client_for(world.manager).post(
        url(world, "outcome", meeting),
        {
            "primary_outcome": "met",
            "fallback_outcome": "",
            "client_said": "Yes to two years.",
            "next_steps": "Send the contract 2027-01-10\nBook the kick-off",
            f"attitude_{skeptic.pk}": str(Attitude.NEUTRAL),
            f"attitude_{meeting.activity.their_people.get(name='Anna Berg').pk}": "1",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    skeptic.refresh_from_db()
    assert (meeting.primary_outcome, meeting.client_said) == ("met", "Yes to two years.")
    assert skeptic.attitude == Attitude.NEUTRAL
    new = Action.objects.filter(title__in=["Send the contract", "Book the kick-off"])
    assert sorted((a.title, str(a.due_on)) for a in new) == [
        ("Book the kick-off", "None"),
        ("Send the contract", "2027-01-10"),
    ]
    page = world.client_for(world.manager).get(url(world, "detail", meeting)).content.decode()
    assert "Outcome recorded" in page and "Yes to two years." in page


def test_the_outcome_form_shows_its_errors(world, meeting):
    response = world.client_for(world.manager).post(url(world, "outcome", meeting), {})
    assert response.status_code == 200
    assert "primary_outcome" in response.context["outcome_form"].errors


# --- the brief and the invitation -------------------------------------------------------


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), " ".join(" ".join(p.extract_text() for p in reader.pages).split())


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["MEETING BRIEF", "Client position"]),
        ("ru", ["СПРАВКА К ВСТРЕЧЕ", "Позиция клиента"]),
    ],
)
def test_the_meeting_brief_is_one_page_in_both_languages(world, meeting, lang, words):
    response = world.client_for(world.manager).get(url(world, "pdf", meeting) + f"?lang={lang}")
    pages, text = pdf_text(response.content)
    assert response["Content-Type"] == "application/pdf"
    assert pages == 1
    for word in [*words, "A price fixed for two years", "Boris Kern"]:
        assert word in text


def test_a_long_call_plan_still_fits_one_page(world, meeting):
    words = " ".join(f"plant {n}, line {n * 7}, shift {n * 3};" for n in range(8))
    meeting.questions = "\n".join(f"Question {n}: what about {words}?" for n in range(40))
    meeting.objections = "\n".join(f"Objection {n}: {words} — answer {n}" for n in range(40))
    meeting.client_win = " ".join(f"Gain {n} for line {n * 13}." for n in range(80))
    meeting.save()
    rendered, fit = meeting_brief_layout(meeting, language="ru", today=TODAY)
    # The lists were cut down until the page held them, rather than cut off at its foot.
    assert (len(rendered.pages), fit.lines < LIST_LINES[0]) == (1, True)


def test_the_invitation_links_to_the_brief(world, meeting):
    meeting.place = "Lyon plant"
    meeting.save()
    response = world.client_for(world.manager).get(url(world, "ics", meeting))
    body = response.content.decode().replace("\r\n ", "")
    assert response["Content-Type"] == "text/calendar"
    assert f"DTSTART;VALUE=DATE:{TODAY:%Y%m%d}" in body
    assert "LOCATION:Lyon plant" in body
    assert "http://testserver" + url(world, "pdf", meeting) in body
    assert "SUMMARY:Northwind: Renewal" in body


def test_the_outcome_posted_with_htmx_reloads_the_plan_page(world, meeting):
    response = world.client_for(world.manager).post(
        url(world, "outcome", meeting), {"primary_outcome": "met"}, headers=HTMX
    )
    assert response["HX-Redirect"] == url(world, "detail", meeting)


# --- what the pages cost ----------------------------------------------------------------


def detail_queries(world, meeting) -> int:
    client = world.client_for(world.manager)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(world, "detail", meeting)).status_code == 200
    return len(queries)


def test_the_plan_page_reads_as_many_queries_however_many_people_and_actions(world, meeting):
    small = detail_queries(world, meeting)
    for n in range(6):
        contact = Contact.objects.create(
            workspace=world.workspace, account=world.account, name=f"Person {n}"
        )
        ContactRelationship.objects.create(contact=contact, user=world.teammate)
        meeting.activity.their_people.add(contact)
        Action.objects.create(workspace=world.workspace, account=world.account, title=f"Do {n}")
    assert detail_queries(world, meeting) == small


def test_the_edit_form_keeps_someone_who_has_left_the_client(world, meeting):
    skeptic = meeting.activity.their_people.get(name="Boris Kern")
    skeptic.active = False
    skeptic.save()
    chosen = [c.pk for c in meeting.activity.their_people.all()]
    response = world.client_for(world.manager).post(
        url(world, "edit", meeting), posted_plan(world, their_people=chosen)
    )
    assert response.status_code == 302
    assert skeptic in meeting.activity.their_people.all()


def test_the_plan_page_speaks_russian(world, meeting):
    client = world.client_for(world.manager)
    client.post(reverse("users:language"), {"language": "ru"})
    page = client.get(url(world, "detail", meeting))
    text = page.content.decode()
    assert 'lang="ru"' in text
    assert "Справка к встрече" in text


# --- two people at once -----------------------------------------------------------------


def test_a_call_plan_saved_meanwhile_is_not_overwritten(world, meeting):
    def stored():
        plan = CallPlan.objects.get(pk=meeting.pk)
        return plan.purpose, plan.primary_objective

    after_theirs, merged = two_edit(
        mine=world.client_for(world.manager),
        theirs=world.client_for(world.teammate),
        url=url(world, "edit", meeting),
        stored=stored,
        their_change={"purpose": "Renewal and pilot"},
        my_change={"primary_objective": "Sign for three years"},
    )
    assert after_theirs == ("Renewal and pilot", "Sign the renewal")
    assert merged == ("Renewal and pilot", "Sign for three years")


def test_an_outcome_recorded_meanwhile_is_shown_beside_mine(world, meeting):
    def stored():
        plan = CallPlan.objects.get(pk=meeting.pk)
        return plan.primary_outcome, plan.client_said

    after_theirs, merged = two_edit(
        mine=world.client_for(world.manager),
        theirs=world.client_for(world.teammate),
        url=url(world, "outcome", meeting),
        stored=stored,
        their_change={"primary_outcome": "met", "client_said": "Yes to two years."},
        my_change={"primary_outcome": "partly", "next_steps": "Send the contract"},
        form_key="outcome_form",
    )
    assert after_theirs == ("met", "Yes to two years.")
    assert merged == after_theirs
    # My next steps were kept through the conflict and became an action once.
    assert Action.objects.filter(title="Send the contract").count() == 1
