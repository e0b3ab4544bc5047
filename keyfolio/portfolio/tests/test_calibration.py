"""The calibration page: where assessors disagree, who scores high or low; directors only."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from keyfolio.assessments.services import ScoreInput, assessment_create
from keyfolio.method import DEFAULT_CRITERIA, Axis
from keyfolio.portfolio.tests.test_square import add_account

DAY = date(2025, 3, 1)


def rate(account, who, client, our, *, on=DAY, **single):
    values = {c.key: client if c.axis == Axis.CLIENT else our for c in DEFAULT_CRITERIA}
    values.update(single)
    return assessment_create(
        account=account,
        assessor=who,
        scores={key: ScoreInput(value) for key, value in values.items()},
        assessed_on=on,
    )


def url(world) -> str:
    return reverse("portfolio:calibration", args=(world.slug,))


def calibration(world, user=None):
    response = world.client_for(user or world.director).get(url(world))
    assert response.status_code == 200
    return response.context["calibration"]


@pytest.fixture
def team(world):
    """Max scores Northwind higher than Tom, Tom scores Contoso higher than Dina, and
    prices are where they disagree most; Fabrikam has one assessor only."""
    rate(world.account, world.manager, 70, 60, on=DAY - timedelta(days=3), prices=90)
    rate(world.account, world.teammate, 60, 50, prices=30)
    contoso = add_account(world, "Contoso", owner=world.director)
    rate(contoso, world.teammate, 50, 50, on=DAY - timedelta(days=10), prices=80)
    rate(contoso, world.director, 50, 40, prices=40)
    fabrikam = add_account(world, "Fabrikam", owner=world.director)
    rate(fabrikam, world.manager, 90, 90)
    return world


# --- access -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "admin", "director"])
def test_it_shows_directors_and_above_the_page(team, who):
    assert len(calibration(team, getattr(team, who)).consensuses) == 2


def test_the_square_links_to_it_for_directors_only(team):
    square = reverse("portfolio:square", args=(team.slug,))
    assert url(team).encode() in team.client_for(team.director).get(square).content
    assert url(team).encode() not in team.client_for(team.manager).get(square).content


# --- outcomes -----------------------------------------------------------------------------


def test_it_lists_the_accounts_with_several_assessors(team):
    result = calibration(team)
    assert [c.account.name for c in result.consensuses] == ["Contoso", "Northwind"]


def test_it_ranks_the_criteria_by_their_average_spread(team):
    criteria = calibration(team).criteria
    assert criteria[0].criterion.key == "prices"
    assert criteria[0].average_spread == pytest.approx((60 + 40) / 2)
    assert (criteria[0].accounts, criteria[0].wide) == (2, 2)
    assert [(a.name, s.spread) for a, s in criteria[0].worst] == [
        ("Northwind", 60),
        ("Contoso", 40),
    ]
    by_key = {c.criterion.key: c for c in criteria}
    # Client criteria: 10 apart on Northwind, 0 on Contoso.
    assert by_key["client_growth"].average_spread == pytest.approx(5)
    assert [a.name for a, _ in by_key["client_growth"].worst] == ["Northwind"]
    # Our other criteria: 10 apart on both.
    assert by_key["relationship"].average_spread == pytest.approx(10)
    assert by_key["relationship"].wide == 0


def test_it_tells_who_scores_high_or_low(team):
    assessors = {a.assessor.display_name: a for a in calibration(team).assessors}
    max_, tom, dina = (
        assessors["Max Manager"],
        assessors["Tom Teammate"],
        assessors["Dina Director"],
    )
    # Max: +5 on 14 criteria and +30 on prices, on Northwind.
    assert max_.mean_deviation == pytest.approx((5 * 14 + 30) / 15)
    # Tom: the mirror on Northwind; on Contoso 0 on the client's, +5 on ours, +20 on prices.
    assert tom.mean_deviation == pytest.approx((-100 + 0 * 7 + 5 * 7 + 20) / 30)
    assert dina.mean_deviation == pytest.approx(-(5 * 7 + 20) / 15)
    assert (max_.accounts, tom.accounts, dina.accounts) == (1, 2, 1)
    assert [a.assessor.display_name for a in calibration(team).assessors] == [
        "Max Manager",
        "Tom Teammate",
        "Dina Director",
    ]


def test_it_looks_only_at_each_accounts_latest_window(team):
    # A month-old disagreement is no longer in Northwind's window: one assessor is left.
    rate(team.account, team.manager, 70, 70, on=DAY + timedelta(days=31))
    assert [c.account.name for c in calibration(team).consensuses] == ["Contoso"]


def test_it_leaves_out_archived_accounts_and_other_workspaces(team):
    team.account.archive()
    rate(team.foreign_account, team.stranger, 10, 10)
    rate(team.foreign_account, None, 90, 90)
    assert [c.account.name for c in calibration(team).consensuses] == ["Contoso"]


def test_it_says_so_when_no_account_has_several_assessors(world):
    response = world.client_for(world.director).get(url(world))
    assert b"No account has several assessors yet" in response.content


def test_the_page_names_the_widest_criteria_and_accounts(team):
    html = team.client_for(team.director).get(url(team)).content.decode()
    assert "Our prices (competitiveness)" in html
    assert html.index("Northwind") < html.index("Contoso")  # Widest apart on prices first.


# --- queries ------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_it_makes_the_same_number_of_queries_whatever_the_size(
    world, count, django_assert_num_queries
):
    for n in range(count):
        account = add_account(world, f"Account {n:03d}", owner=world.manager)
        rate(account, world.manager, 40 + n, 60, on=DAY - timedelta(days=n % 20))
        rate(account, world.teammate, 60, 40 + n, on=DAY)
    client = world.client_for(world.director)
    # session, user, membership; the scores in every account's window.
    with django_assert_num_queries(4):
        response = client.get(url(world))
    assert len(response.context["calibration"].consensuses) == count
