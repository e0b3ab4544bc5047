"""The calibration page: where assessors disagree, who scores high or low; directors only."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from keyfolio.assessments.services import ScoreInput, assessment_create
from keyfolio.conftest import add_member, make_user
from keyfolio.method import DEFAULT_CRITERIA, Axis
from keyfolio.portfolio.tests.test_square import add_account
from keyfolio.workspaces.models import Role

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
    # session, user, membership; each assessor's latest assessment in the accounts'
    # windows, their scores, their criteria.
    with django_assert_num_queries(6):
        response = client.get(url(world))
    assert len(response.context["calibration"].consensuses) == count


def test_it_lists_fifty_accounts_a_page_and_counts_them_all(world):
    for n in range(55):
        account = add_account(world, f"Account {n:03d}", owner=world.manager)
        rate(account, world.manager, 60, 60, on=DAY - timedelta(days=1))
        rate(account, world.teammate, 50, 50)
    first = calibration(world)
    assert first.accounts == 55
    assert [c.account.name for c in first.consensuses][:2] == ["Account 000", "Account 001"]
    assert len(first.consensuses) == 50
    # The criteria and the assessors are compared over every account, not the page's.
    assert first.criteria[0].accounts == 55
    assert {a.assessor.display_name: a.accounts for a in first.assessors} == {
        "Max Manager": 55,
        "Tom Teammate": 55,
    }
    response = world.client_for(world.director).get(url(world) + "?page=2")
    second = response.context["calibration"]
    assert [c.account.name for c in second.consensuses] == [
        f"Account {n:03d}" for n in range(50, 55)
    ]
    assert b'href="?page=1"' in response.content


def test_each_account_shows_its_consensus(team):
    northwind = next(c for c in calibration(team).consensuses if c.account.name == "Northwind")
    assert [r.assessor.display_name for r in northwind.ratings] == ["Max Manager", "Tom Teammate"]
    # The mean of 70 and 60 on the client's criteria, of 60 and 50 on ours.
    assert northwind.result.client_index == pytest.approx(65)
    assert northwind.result.our_index == pytest.approx((55 * 7 + 60) / 8)
    assert (northwind.zone, northwind.widest, northwind.wide_criteria) == ("key", 60, 1)


def test_a_big_team_shows_its_highest_and_lowest_scorers(world):
    team = [make_user(f"assessor{n}@acme.test", f"Assessor {n:02}") for n in range(23)]
    for person in team:
        add_member(world.workspace, person, Role.MANAGER)
    account = add_account(world, "Contoso", owner=world.director)
    # Assessor n scores n points above the first one: 00 lowest, 22 highest.
    for n, person in enumerate(team):
        rate(account, person, 40 + n, 40 + n, on=DAY - timedelta(days=n % 5))
    response = world.client_for(world.director).get(url(world))
    result = response.context["calibration"]
    assert len(result.assessors) == 23
    shown = [a.assessor.display_name for a in result.highest_assessors + result.lowest_assessors]
    assert shown == [f"Assessor {n:02}" for n in [*range(22, 12, -1), *range(9, -1, -1)]]
    html = response.content.decode()
    table = html[html.index('id="assessors-title"') :]
    table = table[: table.index("</section>")]
    assert "… and 3 more assessors, nearer the consensus …" in table
    assert "Assessor 22" in table and "Assessor 00" in table and "Assessor 11" not in table
