"""The playbook panel on the account overview."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from keyfolio.accounts.tests.factories import assess
from keyfolio.activities.tests.factories import log, make_contact
from keyfolio.assessments.services import ScoreInput, assessment_create
from keyfolio.method import DEFAULT_CRITERIA
from keyfolio.method.playbook import Check
from keyfolio.playbook.models import CheckSnooze, Recommendation
from keyfolio.playbook.selectors import playbook_panel
from keyfolio.playbook.tests.factories import busy_portfolio, make_action, make_note, make_plan


def detail_url(world) -> str:
    return reverse("dossier:overview", args=[world.slug, world.account.pk])


def rows_by_check(panel) -> dict:
    return {row.check: row for row in panel.rows}


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def history(world, today):
    """Northwind: an executive meeting 124 days ago, a plan reviewed 100 days ago but not
    agreed, two contacts, intelligence 5 days old, assessed 80 days ago (the limit is 90,
    the warning 14: amber), key then target (moved down)."""
    log(world.account, by=world.manager, on=today - timedelta(days=124), kind="executive_meeting")
    make_plan(world.account, reviewed_on=today - timedelta(days=100), resource_owner=world.manager)
    make_contact(world.account, "Anna")
    make_contact(world.account, "Boris")
    make_note(world.account, on=today - timedelta(days=5))
    assess(world.account, client=70, our=70, on=today - timedelta(days=200))
    assess(world.account, client=70, our=40, on=today - timedelta(days=80))
    return world


def test_it_runs_every_check_with_a_reason_in_english(history, today):
    rows = rows_by_check(playbook_panel(history.workspace, history.account, today=today))
    assert list(rows) == [check.value for check in Check]
    expected = {
        "executive_contact": ("red", "Last executive contact 124 days ago (limit 90)"),
        "joint_strategy": ("amber", "The account plan is not agreed with the client yet"),
        "new_offer": ("red", "No new offer or opportunity since the start of last quarter"),
        "resources": ("amber", "The plan lacks a resource owner or a capacity note"),
        "satisfaction": ("red", "No satisfaction feedback recorded (limit 183 days)"),
        "detractor": ("green", "No decision maker answered the survey as a detractor"),
        "intelligence": ("green", "Intelligence updated 5 days ago"),
        "assessment_fresh": ("amber", "Last assessed 80 days ago: the limit of 90 is near"),
        "multi_threaded": ("amber", "Only 2 active contacts at the client"),
        "zone_held": ("red", "The account moved down a zone since the previous assessment"),
    }
    assert {check: (row.status, row.reason) for check, row in rows.items()} == expected


def test_it_uses_the_workspaces_thresholds(history, today):
    settings = history.workspace.playbook_settings
    settings.executive_contact_days = 200
    settings.save()
    rows = rows_by_check(playbook_panel(history.workspace, history.account, today=today))
    assert rows["executive_contact"].status == "green"
    assert rows["executive_contact"].reason == "Last executive contact 124 days ago"


def test_it_shows_the_panel_on_the_overview(history):
    body = history.client_for(history.manager).get(detail_url(history)).content.decode()
    assert 'id="playbook-card"' in body
    assert "Last executive contact 124 days ago (limit 90)" in body
    assert 'class="kf-status kf-status-red"' in body
    assert "Leadership attention" in body  # The rule's name.
    assert "More than one contact" in body  # A general check's name.


def test_it_offers_the_catalogs_next_step_for_a_failed_check_only(history, today):
    rows = rows_by_check(playbook_panel(history.workspace, history.account, today=today))
    first = Recommendation.objects.get(
        workspace=history.workspace, check_key="executive_contact", position=0
    )
    assert rows["executive_contact"].next_step.recommendation == first
    assert rows["intelligence"].next_step is None  # Green.


def test_it_offers_create_action_to_editors_only(history):
    create_url = reverse("playbook:create_action", args=[history.slug, history.account.pk])
    body = history.client_for(history.teammate).get(detail_url(history)).content.decode()
    assert create_url in body
    viewer_body = history.client_for(history.viewer).get(detail_url(history)).content.decode()
    assert "Last executive contact 124 days ago" in viewer_body
    assert create_url not in viewer_body


def test_it_marks_a_suggestion_already_planned(history, today):
    first = Recommendation.objects.get(
        workspace=history.workspace, check_key="executive_contact", position=0
    )
    make_action(history.account, title=first.text_en)
    rows = rows_by_check(playbook_panel(history.workspace, history.account, today=today))
    assert rows["executive_contact"].next_step.planned is True
    assert rows["satisfaction"].next_step.planned is False


def test_it_leaves_retired_suggestions_out(history, today):
    Recommendation.objects.filter(
        workspace=history.workspace, check_key="executive_contact"
    ).update(active=False)
    rows = rows_by_check(playbook_panel(history.workspace, history.account, today=today))
    assert rows["executive_contact"].status == "red"
    assert rows["executive_contact"].next_step is None


def scores(**values) -> dict:
    return {key: ScoreInput(value) for key, value in values.items()}


def test_it_recommends_actions_for_the_three_weakest_criteria(world, today):
    values = {spec.key: 80.0 for spec in DEFAULT_CRITERIA}
    values |= {"relationship": 35, "prices": 20, "contact_count": 35, "reputation": 50}
    del values["service_quality"]  # Not assessed: says nothing about weakness.
    assessment_create(account=world.account, assessor=None, scores=scores(**values))
    panel = playbook_panel(world.workspace, world.account, today=today)
    weak = panel.weak_criteria
    assert [w.key for w in weak] == ["prices", "relationship", "contact_count"]
    assert weak[0].label == "Our prices (competitiveness)"
    assert weak[0].score == 20
    expected = Recommendation.objects.filter(workspace=world.workspace, criterion_key="prices")
    assert [s.recommendation for s in weak[0].suggestions] == list(expected)
    body = world.client_for(world.manager).get(detail_url(world)).content.decode()
    assert "Recommended actions" in body
    assert escape(expected[0].text_en) in body


def test_it_recommends_the_other_suggestions_of_failed_checks_once(history, today):
    panel = playbook_panel(history.workspace, history.account, today=today)
    more = {group.row.check: group.suggestions for group in panel.more_for_checks}
    assert "intelligence" not in more  # Green.
    executive = Recommendation.objects.filter(
        workspace=history.workspace, check_key="executive_contact"
    )
    assert [s.recommendation for s in more["executive_contact"]] == list(executive[1:])


def test_it_recommends_nothing_for_criteria_of_an_account_never_assessed(world, today):
    assert playbook_panel(world.workspace, world.account, today=today).weak_criteria == []


@pytest.mark.parametrize("size", [5, 40])
def test_the_overview_runs_a_constant_number_of_queries(
    world, django_assert_num_queries, today, size
):
    for n in range(size):
        on = today - timedelta(days=n)
        log(world.account, by=world.manager, on=on, kind="executive_meeting", rules=[1, 3, 5])
        make_contact(world.account, f"Contact {n}")
        make_note(world.account, on=on, title=f"Note {n}")
        make_action(world.account, title=f"Action {n}", owner=world.manager, due=on)
    for n in range(size // 5):
        make_plan(world.account, title=f"Plan {n}", starts_on=date(2000 + n, 1, 1))
        assess(world.account, client=40 + n, our=30 + n, on=today - timedelta(days=10 * n))
    busy_portfolio(world, 3, today=today)  # Other accounts' history changes nothing.
    client = world.client_for(world.manager)
    # The overview's own 21 with a plan, the group card and the client's satisfaction
    # (see keyfolio/dossier/tests/test_overview.py) and the panel's: thresholds, the
    # catalog, the six facts, open actions, running snoozes, the scores.
    with django_assert_num_queries(31):
        response = client.get(detail_url(world))
    assert len(response.context["playbook"].rows) == len(Check)


def test_a_snoozed_check_shows_as_snoozed_with_a_way_back(world):
    today = timezone.localdate()
    CheckSnooze.objects.create(
        workspace=world.workspace,
        account=world.account,
        check_key="executive_contact",
        until=today + timedelta(days=4),
        reason="Board changes",
        by=world.teammate,
    )
    url = reverse("dossier:overview", args=[world.slug, world.account.pk])
    response = world.client_for(world.manager).get(url)
    panel = response.context["playbook"]
    row = next(r for r in panel.rows if r.check == "executive_contact")
    assert row.snooze is not None and panel.counts["snoozed"] == 1
    body = response.content.decode()
    assert "by Tom Teammate: Board changes" in body
    assert (
        reverse("playbook:unsnooze", args=[world.slug, world.account.pk, "executive_contact"])
        in body
    )
