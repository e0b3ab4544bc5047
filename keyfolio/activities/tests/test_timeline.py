"""The activities tab: who sees it, what each activity shows, filters, more pages."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from keyfolio.activities.selectors import PAGE_SIZE
from keyfolio.activities.tests.factories import log, make_contact
from keyfolio.conftest import add_member, mark_executive
from keyfolio.plans.services import action_complete
from keyfolio.testing import HTMX, is_page
from keyfolio.workspaces.models import Role


def timeline_url(world, account=None, **params) -> str:
    url = reverse("activities:timeline", args=[world.slug, (account or world.account).pk])
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def ids_on(response) -> list[int]:
    return [a.pk for month in response.context["page"].months for a in month.activities]


# --- access -----------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["owner", "admin", "director", "manager", "teammate", "viewer"])
def test_it_shows_the_tab_to_those_who_see_the_account(world, person):
    log(world.account, by=world.manager, on=date(2026, 3, 2), summary="Quarterly catch-up")
    response = world.client_for(getattr(world, person)).get(timeline_url(world))
    assert response.status_code == 200
    assert "Quarterly catch-up" in response.content.decode()


def test_it_offers_the_form_and_the_edit_menu_to_editors_only(world):
    activity = log(world.account, by=world.manager, on=date(2026, 3, 2))
    create_url = reverse("activities:create", args=[world.slug, world.account.pk])
    edit_url = reverse("activities:edit", args=[world.slug, world.account.pk, activity.pk])
    editor_page = world.client_for(world.teammate).get(timeline_url(world)).content.decode()
    assert create_url in editor_page
    assert edit_url in editor_page
    viewer_page = world.client_for(world.viewer).get(timeline_url(world)).content.decode()
    assert create_url not in viewer_page
    assert edit_url not in viewer_page


# --- what it shows ----------------------------------------------------------------------


def test_it_lists_the_newest_first_grouped_by_month(world):
    feb = log(world.account, by=world.manager, on=date(2026, 2, 20))
    mar_early = log(world.account, by=world.manager, on=date(2026, 3, 2))
    mar_late = log(world.account, by=world.manager, on=date(2026, 3, 25))
    response = world.client_for(world.manager).get(timeline_url(world))
    months = response.context["page"].months
    assert [m.first_day for m in months] == [date(2026, 3, 1), date(2026, 2, 1)]
    assert [[a.pk for a in m.activities] for m in months] == [[mar_late.pk, mar_early.pk], [feb.pk]]
    body = response.content.decode()
    assert body.index("March 2026") < body.index("February 2026")


def test_it_shows_the_people_rules_and_next_step(world):
    mark_executive(world.workspace, world.director)
    anna = make_contact(world.account, "Anna Berg", "Chief Financial Officer")
    log(
        world.account,
        by=world.manager,
        on=date(2026, 3, 2),
        kind="executive_meeting",
        ours=[world.manager, world.director],
        theirs=[anna],
        summary="Three-year partnership discussed.",
        next_step="Draft the joint plan",
        due=date(2026, 4, 1),
    )
    body = world.client_for(world.manager).get(timeline_url(world)).content.decode()
    assert "Executive meeting" in body
    assert "Max Manager" in body and "Dina Director" in body
    assert body.count('<i class="bi bi-star-fill"></i> executive') == 1
    assert "Anna Berg" in body and "Chief Financial Officer" in body
    stakeholders = reverse("stakeholders:map", args=[world.slug, world.account.pk])
    assert f'href="{stakeholders}#contact-{anna.pk}"' in body
    assert "R1</span> Leadership attention" in body
    assert "Draft the joint plan" in body


def test_it_marks_the_executives_among_our_people(world):
    mark_executive(world.workspace, world.director)
    log(world.account, by=world.manager, on=date(2026, 3, 2), ours=[world.director])
    log(world.account, by=world.manager, on=date(2026, 3, 1), ours=[world.manager])
    body = world.client_for(world.viewer).get(timeline_url(world)).content.decode()
    assert body.count("bi-star-fill") == 1  # the viewer has no form listing our people


def test_it_marks_those_who_are_executives_in_this_workspace_only(world):
    """Max is one of Globex's executives, not Acme's: no star on Acme's timeline."""
    add_member(world.other_workspace, world.manager, Role.MANAGER)
    mark_executive(world.other_workspace, world.manager)
    log(world.account, by=world.manager, on=date(2026, 3, 2), ours=[world.manager])
    body = world.client_for(world.viewer).get(timeline_url(world)).content.decode()
    assert "bi-star-fill" not in body
    mark_executive(world.workspace, world.manager)
    body = world.client_for(world.viewer).get(timeline_url(world)).content.decode()
    assert body.count("bi-star-fill") == 1


def test_it_labels_a_future_activity_planned(world):
    today = timezone.localdate()
    log(world.account, by=world.manager, on=today + timedelta(days=3), summary="Upcoming")
    log(world.account, by=world.manager, on=today, summary="Today")
    response = world.client_for(world.manager).get(timeline_url(world))
    planned = [a.planned for m in response.context["page"].months for a in m.activities]
    assert planned == [True, False]
    assert response.content.decode().count('bi-calendar-plus"></i> planned') == 1


def test_it_shows_the_state_of_each_next_step(world):
    today = timezone.localdate()
    log(world.account, by=world.manager, on=today, next_step="Open one", due=today)
    late = log(world.account, by=world.manager, on=today, next_step="Late one", due=today)
    late.next_action.due_on = today - timedelta(days=1)
    late.next_action.save()
    done = log(world.account, by=world.manager, on=today, next_step="Done one", due=today)
    action_complete(action=done.next_action)
    body = world.client_for(world.manager).get(timeline_url(world)).content.decode()
    assert body.count("bi-hourglass-split") == 1
    assert body.count("bi-exclamation-circle-fill") == 1
    assert body.count("bi-check-circle-fill") == 1


def test_it_invites_to_log_the_first_activity(world):
    body = world.client_for(world.manager).get(timeline_url(world)).content.decode()
    assert "No activity logged yet" in body


def test_it_leaves_out_the_activities_of_other_accounts(world):
    log(world.foreign_account, by=world.stranger, on=date(2026, 3, 2), summary="Globex secret")
    body = world.client_for(world.owner).get(timeline_url(world)).content.decode()
    assert "Globex secret" not in body


# --- filters ----------------------------------------------------------------------------


def test_it_filters_by_kind_rule_and_person(world):
    call = log(world.account, by=world.manager, on=date(2026, 3, 1), kind="call")
    seminar = log(world.account, by=world.manager, on=date(2026, 3, 2), kind="seminar")
    review = log(
        world.account,
        by=world.teammate,
        on=date(2026, 3, 3),
        kind="business_review",
        ours=[world.teammate],
    )
    client = world.client_for(world.manager)
    assert ids_on(client.get(timeline_url(world, kind="call"))) == [call.pk]
    assert ids_on(client.get(timeline_url(world, rule=3))) == [seminar.pk]
    assert ids_on(client.get(timeline_url(world, person=world.teammate.pk))) == [review.pk]
    assert ids_on(client.get(timeline_url(world, rule=2, person=world.manager.pk))) == []


def test_it_ignores_a_filter_value_that_makes_no_sense(world):
    activity = log(world.account, by=world.manager, on=date(2026, 3, 1))
    response = world.client_for(world.manager).get(timeline_url(world, rule="x", kind="nope"))
    assert ids_on(response) == [activity.pk]


def test_it_says_when_nothing_matches_the_filters(world):
    log(world.account, by=world.manager, on=date(2026, 3, 1), kind="call")
    body = world.client_for(world.manager).get(timeline_url(world, kind="proposal")).content
    assert "No activity matches these filters." in body.decode()


def test_it_answers_htmx_filters_with_the_list_only(world):
    log(world.account, by=world.manager, on=date(2026, 3, 1), summary="Lunch with the CFO")
    response = world.client_for(world.manager).get(
        timeline_url(world, kind="meeting"), headers=HTMX
    )
    body = response.content.decode()
    assert not is_page(response)
    assert "Lunch with the CFO" in body


# --- more than a page --------------------------------------------------------------------


def _log_many(world, count: int, start: date = date(2026, 3, 31)) -> list[int]:
    """`count` activities a day apart, newest first; returns their ids newest first."""
    return [
        log(world.account, by=world.manager, on=start - timedelta(days=n)).pk for n in range(count)
    ]


def test_it_loads_older_activities_a_page_at_a_time(world):
    ids = _log_many(world, PAGE_SIZE + 5)
    client = world.client_for(world.manager)
    first = client.get(timeline_url(world))
    assert ids_on(first) == ids[:PAGE_SIZE]
    assert "Load older activities" in first.content.decode()
    more = client.get(timeline_url(world, page=2), headers=HTMX)
    assert ids_on(more) == ids[PAGE_SIZE:]
    body = more.content.decode()
    assert not is_page(more)
    assert 'id="activity-list"' not in body
    assert "Load older activities" not in body


def test_the_next_page_does_not_repeat_the_heading_of_a_month_it_continues(world):
    # 55 days back from 31 March: page 1 ends in early February, page 2 continues it.
    _log_many(world, PAGE_SIZE + 5)
    client = world.client_for(world.manager)
    more = client.get(timeline_url(world, page=2), headers=HTMX)
    months = more.context["page"].months
    assert months[0].first_day == date(2026, 2, 1) and months[0].continued
    assert "February 2026" not in more.content.decode()
    # Without htmx the page stands alone, so it names the month.
    assert "February 2026" in client.get(timeline_url(world, page=2)).content.decode()


@pytest.mark.parametrize("size", [3, 40])
def test_it_runs_a_constant_number_of_queries(world, django_assert_num_queries, size):
    contacts = [make_contact(world.account, f"Person {n}", "Director") for n in range(3)]
    for n in range(size):
        log(
            world.account,
            by=world.manager,
            on=date(2026, 3, 31) - timedelta(days=n),
            kind="business_review",
            ours=[world.manager, world.teammate],
            theirs=contacts[: 1 + n % 3],
            next_step=f"Follow-up {n}",
            due=date(2026, 4, 30),
        )
    mark_executive(world.workspace, world.manager)
    client = world.client_for(world.teammate)
    # session, user, membership, account, filter person (validation), the header's
    # account manager and team, activities, our people, their people, rules, next
    # actions, filter person options, the form's our people and their people.
    with django_assert_num_queries(15):
        response = client.get(timeline_url(world, person=world.manager.pk))
    assert len(ids_on(response)) == size
    # Max is an executive: a badge on each activity, a star by his name in the form.
    body = response.content.decode()
    assert body.count('<i class="bi bi-star-fill"></i> executive') == size
