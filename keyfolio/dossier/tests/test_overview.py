"""The account's overview: the indices, the charts, the assessments and the cards."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from keyfolio.accounts.tests.factories import assess
from keyfolio.method import DEFAULT_CRITERIA, Axis
from keyfolio.surveys.tests.factories import answered_survey, unanswered_survey
from keyfolio.testing import json_block


def overview_url(world, account=None) -> str:
    return reverse("dossier:overview", args=[world.slug, (account or world.account).pk])


def test_it_offers_edit_and_archive_to_editors_only(world):
    edit_url = reverse("accounts:edit", args=[world.slug, world.account.pk])
    assert edit_url in world.client_for(world.teammate).get(overview_url(world)).content.decode()
    viewer_page = world.client_for(world.viewer).get(overview_url(world)).content.decode()
    assert edit_url not in viewer_page
    assert "archive-dialog" not in viewer_page


def test_it_invites_to_assess_an_account_never_assessed(world):
    body = world.client_for(world.manager).get(overview_url(world)).content.decode()
    assert "Not assessed yet" in body
    assert "radar-data" not in body


def test_it_shows_a_restore_banner_on_an_archived_account(world):
    world.account.archive()
    body = world.client_for(world.manager).get(overview_url(world)).content.decode()
    assert "This account was archived" in body
    assert reverse("accounts:restore", args=[world.slug, world.account.pk]) in body


def test_it_shows_the_team_as_initials(world):
    body = world.client_for(world.manager).get(overview_url(world)).content.decode()
    assert 'title="Tom Teammate">TT<' in body
    assert 'title="Max Manager">MM<' in body


@pytest.fixture
def assessed(world):
    """Northwind assessed twice: target (60/30) then target closer to key (64.4/41.6)."""
    today = timezone.localdate()
    assess(world.account, client=60, our=30, on=today - timedelta(days=120), note="First look")
    assess(
        world.account,
        client=64.4,
        our=41.6,
        on=today - timedelta(days=20),
        assessor=world.manager,
        skip=("prices",),
        note="After the spring review",
    )
    return world


def test_it_shows_both_indices_to_one_decimal_with_their_change(assessed):
    response = assessed.client_for(assessed.manager).get(overview_url(assessed))
    body = response.content.decode()
    assert ">64.4<" in body and ">41.6<" in body
    assert "▲ +4" in body and "▲ +12" in body
    assert response.context["client_change"] == pytest.approx(4.4)


def set_goal(account, minimum: str, maximum: str) -> None:
    account.goal_min_zone, account.goal_max_zone = minimum, maximum
    account.save()


def goal_card(body: str) -> str:
    """The goal's lines of the "Zone now" card, its tags and spacing taken out."""
    start = body.index("Goal:</span>")
    card = body[start : body.index("</ul>", start)]
    return " ".join(re.sub(r"<[^>]+>", " ", card).split())


def test_it_shows_the_default_range_with_both_bounds_kept(assessed):
    body = assessed.client_for(assessed.manager).get(overview_url(assessed)).content.decode()
    card = goal_card(body)
    assert card.startswith("Goal: Target → to Key")  # "to" is for screen readers.
    assert "Minimum: reached" in card and "Maximum: not exceeded" in card


def test_a_goal_of_one_zone_names_it_once(assessed):
    set_goal(assessed.account, "key", "key")
    body = assessed.client_for(assessed.manager).get(overview_url(assessed)).content.decode()
    assert goal_card(body).startswith("Goal: Key Minimum:")


def test_it_shows_the_points_still_to_gain_to_the_minimum(assessed):
    set_goal(assessed.account, "key", "key")
    body = assessed.client_for(assessed.manager).get(overview_url(assessed)).content.decode()
    # 50 - 41.6 of our position; the client position is already high enough.
    assert "Minimum: +8.4 our to go" in goal_card(body)
    assert "Maximum: not exceeded" in goal_card(body)


def test_it_shows_the_points_to_shed_above_the_maximum(assessed):
    set_goal(assessed.account, "reconsider", "maintain")
    body = assessed.client_for(assessed.manager).get(overview_url(assessed)).content.decode()
    # Target at 64.4 / 41.6: the nearest zone at most maintain is 14.4 client points down.
    assert "Maximum: above it: −14.4 client" in goal_card(body)
    assert "Minimum: reached" in goal_card(body)


def test_it_says_when_a_point_on_the_threshold_is_above_the_maximum(world):
    assess(world.account, client=50, our=50, on=timezone.localdate())
    set_goal(world.account, "target", "target")
    body = world.client_for(world.manager).get(overview_url(world)).content.decode()
    assert "Maximum: above it, on the threshold" in goal_card(body)


def test_it_shows_the_distance_as_the_shown_index_reads(world):
    # 49.96 shows as 49.9: the distance to 50 reads 0.1, not 0.0.
    assess(world.account, client=49.96, our=70, on=timezone.localdate())
    body = world.client_for(world.manager).get(overview_url(world)).content.decode()
    assert "Minimum: +0.1 client to go" in goal_card(body)


def test_it_says_the_distance_needs_both_indices(world):
    ours = tuple(spec.key for spec in DEFAULT_CRITERIA if spec.axis == Axis.OUR)
    assess(world.account, client=60, our=0, on=timezone.localdate(), skip=ours)
    body = world.client_for(world.manager).get(overview_url(world)).content.decode()
    assert "The distance needs both indices." in body


def test_it_draws_the_radar_of_current_against_previous(assessed):
    response = assessed.client_for(assessed.manager).get(overview_url(assessed))
    radar = json_block(response, "radar-data")
    names = [indicator["name"] for indicator in radar["indicators"]]
    assert len(names) == 15
    assert names[0] == "Client's growth rate"
    prices = names.index("Our prices (competitiveness)")
    assert radar["current"]["values"][prices] is None
    assert radar["previous"]["values"][prices] == 30
    assert radar["current"]["values"][0] == 64.4
    assert "Our prices (competitiveness)" in response.context["not_assessed"]


def test_it_labels_the_radar_in_the_current_language(assessed):
    client = assessed.client_for(assessed.manager)
    assessed.manager.language = "ru"
    assessed.manager.save()
    with translation.override("ru"):
        response = client.get(overview_url(assessed), headers={"accept-language": "ru"})
    names = [i["name"] for i in json_block(response, "radar-data")["indicators"]]
    assert names[0] == "Темп роста клиента"


def test_it_draws_both_indices_over_time_with_the_thresholds(assessed):
    response = assessed.client_for(assessed.manager).get(overview_url(assessed))
    history = json_block(response, "history-data")
    today = timezone.localdate()
    assert history["client"] == [
        [(today - timedelta(days=120)).isoformat(), 60],
        [(today - timedelta(days=20)).isoformat(), 64.4],
    ]
    assert [value for _, value in history["our"]] == [30, 41.6]
    assert history["thresholds"] == {"client": 50, "our": 50}


def test_it_lists_the_assessments_newest_first(assessed):
    response = assessed.client_for(assessed.manager).get(overview_url(assessed))
    assert [a.note for a in response.context["history"]] == [
        "After the spring review",
        "First look",
    ]
    assert "Max Manager" in response.content.decode()


def test_it_shows_no_change_for_a_first_assessment(world):
    assess(world.account, client=70, our=70, on=date(2025, 1, 5))
    response = world.client_for(world.manager).get(overview_url(world))
    assert response.context["client_change"] is None
    assert json_block(response, "radar-data")["previous"] is None
    assert "first assessment" in response.content.decode()


def test_it_marks_a_stale_assessment(world):
    assess(world.account, client=70, our=70, on=timezone.localdate() - timedelta(days=91))
    response = world.client_for(world.manager).get(overview_url(world))
    assert response.context["is_stale"] is True


def test_an_index_just_under_its_threshold_is_never_shown_on_the_threshold(world):
    assess(world.account, client=49.96, our=70, on=timezone.localdate())
    body = world.client_for(world.manager).get(overview_url(world)).content.decode()
    # The radar's data table lists the criterion scores (each 49.96 here), written as the
    # assessment page writes scores; this test is about the indices around it.
    body = re.sub(r'<details class="kf-chart-data">.*?</details>', "", body, flags=re.S)
    assert ">49.9<" in body and ">70.0<" in body
    assert ">50.0<" not in body


def test_its_charts_are_described_by_tables_of_their_numbers(world):
    assess(world.account, client=60, our=40, on=date(2025, 1, 5), note="First look")
    assess(world.account, client=49.96, our=70, on=date(2025, 4, 5))
    response = world.client_for(world.manager).get(overview_url(world))
    body = response.content.decode()

    assert 'id="radar-chart"' in body and 'aria-describedby="radar-table"' in body
    assert 'aria-describedby="assessments-table"' in body and 'id="assessments-table"' in body
    radar = response.context["radar_table"]
    assert [group["axis"] for group in radar] == ["client", "our"]
    first = radar[0]["rows"][0]
    assert (first["current"], first["previous"]) == (49.96, 60)
    table = body[
        body.index('id="radar-table"') : body.index("</table>", body.index('id="radar-table"'))
    ]
    assert table.count('scope="row"') == len(radar[0]["rows"]) + len(radar[1]["rows"])
    assert table.count('scope="rowgroup"') == 2


def intel_card(world, response) -> str:
    """The text of the overview's intelligence card: from its body to its link."""
    html = response.content.decode()
    url = reverse("intel:index", args=[world.slug, world.account.pk])
    link = html.index(f'class="stretched-link" href="{url}"')
    card = html[html.rindex('class="kf-card-body"', 0, link) : link]
    return " ".join(re.sub(r"<[^>]+>", " ", card).split())


def test_an_empty_intelligence_card_asks_to_start_rather_than_calling_it_stale(world):
    card = intel_card(world, world.client_for(world.manager).get(overview_url(world)))
    assert "Nothing recorded yet" in card
    assert "stale" not in card


def test_intelligence_not_updated_for_long_is_stale(world):
    from keyfolio.intel.models import IntelNote, NoteKind

    note = IntelNote.objects.create(
        workspace=world.workspace, account=world.account, kind=NoteKind.GOALS, title="Expansion"
    )
    IntelNote.objects.filter(pk=note.pk).update(updated_at=timezone.now() - timedelta(days=400))
    card = intel_card(world, world.client_for(world.manager).get(overview_url(world)))
    assert "stale" in card
    assert "Nothing recorded yet" not in card


def satisfaction_card(world, response) -> str:
    """The text of the overview's satisfaction card: from its body to its link."""
    html = response.content.decode()
    url = reverse("surveys:account", args=[world.slug, world.account.pk])
    link = html.index(f'class="stretched-link" href="{url}')
    card = html[html.rindex('class="kf-card-body"', 0, link) : link]
    return " ".join(re.sub(r"<[^>]+>", " ", card).split())


def test_the_satisfaction_card_shows_the_figures_and_opens_the_surveys(world):
    answered_survey(world.account, nps=6, csat=3, days_ago=400)  # the year before: NPS −100
    answered_survey(world.account, nps=10, csat=5, days_ago=20)
    answered_survey(world.account, nps=9, csat=4, days_ago=5)
    unanswered_survey(world.account, days_ago=30)
    response = world.client_for(world.viewer).get(overview_url(world))
    card = satisfaction_card(world, response)
    last = formats.date_format(timezone.localdate() - timedelta(days=5), "DATE_FORMAT")
    # NPS +100 (two promoters), 200 points up; 2 of the 3 sent this year answered.
    assert "Client satisfaction +100 NPS +200 since the year before" in card
    assert "CSAT 100% · response rate 67%" in card
    assert f"Last answered on {last}" in card
    url = reverse("surveys:account", args=[world.slug, world.account.pk])
    assert f'href="{url}" aria-label="Open the surveys"' in response.content.decode()


def test_an_account_never_surveyed_asks_an_editor_to_send_the_survey(world):
    card = satisfaction_card(world, world.client_for(world.manager).get(overview_url(world)))
    assert "No survey answered yet" in card
    assert "NPS" not in card
    body = world.client_for(world.manager).get(overview_url(world)).content.decode()
    url = reverse("surveys:account", args=[world.slug, world.account.pk])
    assert f'href="{url}#send-survey" aria-label="Send the survey"' in body
    viewer = world.client_for(world.viewer).get(overview_url(world)).content.decode()
    assert f'href="{url}" aria-label="Open the surveys"' in viewer


def test_the_satisfaction_card_reads_in_russian(world):
    answered_survey(world.account, nps=9, csat=4, days_ago=5)
    world.manager.language = "ru"
    world.manager.save()
    client = world.client_for(world.manager)
    with translation.override("ru"):
        response = client.get(overview_url(world), headers={"accept-language": "ru"})
        last = formats.date_format(timezone.localdate() - timedelta(days=5), "DATE_FORMAT")
    card = satisfaction_card(world, response)
    assert "+100" in card and "100%" in card
    assert last in card  # the date as Russian writes it


@pytest.mark.parametrize("size", [3, 30])
def test_it_runs_a_constant_number_of_queries(world, django_assert_num_queries, size):
    start = date(2023, 1, 1)
    for n in range(size):
        on = start + timedelta(days=30 * n)
        assess(world.account, client=40 + n, our=30 + n, on=on, assessor=world.teammate)
    client = world.client_for(world.manager)
    # session, user, membership, account, team, assessments, methodology, scores, owner,
    # the consensus window's scores (several assessors), stage changes; the dossier's
    # summary cards: current plan, coverage, intelligence, revenue (2), open actions;
    # satisfaction; the playbook panel: thresholds, catalog, six facts, open actions,
    # running snoozes, current scores; the group (parent and children).
    with django_assert_num_queries(29):
        response = client.get(overview_url(world))
    assert len(response.context["history"]) == size
