"""The movement report: which accounts moved over a period, for whom, and at what cost."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from keyfolio.accounts.models import Account
from keyfolio.assessments.services import ScoreInput, assessment_create
from keyfolio.method.movement import MoveSummary, months_before
from keyfolio.portfolio.tests.bulk import bulk_portfolio
from keyfolio.portfolio.tests.test_square import add_account, assess

BEFORE, START, DURING, END, AFTER = (
    date(2025, 1, 10),
    date(2025, 2, 1),
    date(2025, 3, 1),
    date(2025, 4, 1),
    date(2025, 4, 20),
)
PERIOD = {"start": START.isoformat(), "end": END.isoformat()}


def url(world, **query) -> str:
    base = reverse("portfolio:movement", args=(world.slug,))
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def report(world, user, **query):
    response = world.client_for(user).get(url(world, **query))
    assert response.status_code == 200
    return response.context["report"]


def names(report) -> list[str]:
    return [row.name for row in report.rows]


@pytest.fixture
def moves(world):
    """Northwind (the manager's) moved up, Contoso down, Fabrikam far within Key, Globex
    a little, Umbrella was first assessed during the period."""
    assess(world.account, client=70, our=30, on=BEFORE)  # target
    assess(world.account, client=70, our=60, on=DURING)  # key: up, 30 points
    contoso = add_account(world, "Contoso", owner=world.outsider, segment="Energy")
    assess(contoso, client=80, our=80, on=BEFORE)
    assess(contoso, client=30, our=80, on=DURING)  # maintain: down, 50 points
    fabrikam = add_account(world, "Fabrikam", owner=world.director, segment="Energy")
    assess(fabrikam, client=80, our=80, on=BEFORE)
    assess(fabrikam, client=95, our=80, on=DURING)  # key still: +15
    globex = add_account(world, "Globex", owner=world.director, segment="Retail")
    assess(globex, client=80, our=80, on=BEFORE)
    assess(globex, client=85, our=80, on=DURING)  # +5: not a move
    umbrella = add_account(world, "Umbrella", owner=world.director)
    assess(umbrella, client=10, our=10, on=DURING)
    return world


# --- outcomes ---------------------------------------------------------------------------


def test_it_lists_the_zone_changes_and_big_moves_longest_first(moves):
    result = report(moves, moves.director, **PERIOD)
    assert names(result) == ["Contoso", "Northwind", "Fabrikam"]
    contoso, northwind, fabrikam = result.rows
    assert contoso.move.distance == pytest.approx(50)
    assert (contoso.move.start.zone, contoso.move.end.zone) == ("key", "maintain")
    assert contoso.move.direction == -1
    assert (northwind.move.client_change, northwind.move.our_change) == (0, 30)
    assert northwind.move.direction == 1
    assert fabrikam.move.client_change == 15 and not fabrikam.move.zone_changed
    assert (northwind.start_on, northwind.end_on) == (BEFORE, DURING)
    assert result.summary == MoveSummary(moved_up=1, moved_down=1, big_within_zone=1)
    assert (result.compared, result.accounts) == (4, 5)


def test_the_smallest_move_that_counts_is_configurable(moves):
    assert names(report(moves, moves.director, min_points=20, **PERIOD)) == [
        "Contoso",
        "Northwind",
    ]
    assert "Globex" in names(report(moves, moves.director, min_points=4, **PERIOD))


def test_it_compares_the_latest_assessment_on_or_before_each_date(moves):
    globex = Account.objects.get(name="Globex")
    assess(globex, client=20, our=80, on=START)  # On the first day: the start position.
    assess(globex, client=20, our=20, on=AFTER)  # After the end: not seen.
    result = report(moves, moves.director, **PERIOD)
    row = next(r for r in result.rows if r.name == "Globex")
    assert (row.move.start.zone, row.move.end.zone) == ("maintain", "key")
    assert row.start_on == START and row.end_on == DURING


def test_an_assessment_that_does_not_place_the_account_is_passed_over(moves):
    assessment_create(
        account=moves.account,
        assessor=None,
        scores={"client_growth": ScoreInput(10)},  # No index of ours: not placed.
        assessed_on=DURING + timedelta(days=1),
    )
    row = report(moves, moves.director, **PERIOD).rows[1]
    assert row.id == moves.account.pk and row.move.end.zone == "key"


def test_it_leaves_out_archived_accounts(moves):
    Account.objects.get(name="Contoso").archive()
    assert "Contoso" not in names(report(moves, moves.director, **PERIOD))


def test_it_says_so_when_nothing_moved(moves):
    response = moves.client_for(moves.director).get(
        url(moves, start="2024-01-01", end="2024-06-01")
    )
    assert response.context["report"].rows == []
    assert b"No account changed zone or moved far in this period." in response.content


def test_the_page_shows_the_moves_with_their_direction(moves):
    response = moves.client_for(moves.director).get(url(moves, **PERIOD))
    html = response.content.decode()
    assert html.index("Contoso") < html.index("Northwind") < html.index("Fabrikam")
    assert "bi-arrow-down-right text-danger" in html and "bi-arrow-up-right text-success" in html
    assert "+30.0" in html and "\u221250.0" in html


# --- the period ---------------------------------------------------------------------------


def test_the_default_period_is_the_last_quarter(moves):
    today = timezone.localdate()
    response = moves.client_for(moves.director).get(url(moves))
    result = response.context["report"]
    assert (result.start, result.end) == (months_before(today, 3), today)
    assert response.context["period"] == "quarter"


@pytest.mark.parametrize(("period", "days"), [("30d", 30), ("year", 365)])
def test_a_preset_period_ends_today(moves, period, days):
    today = timezone.localdate()
    result = report(moves, moves.director, period=period)
    assert result.end == today
    assert abs((today - result.start).days - days) <= 1


def test_a_period_ending_before_it_starts_is_refused(moves):
    response = moves.client_for(moves.director).get(
        url(moves, start="2025-04-01", end="2025-02-01")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end"] == [
        "The end of the period must not be before its start."
    ]
    assert response.context["report"].end == timezone.localdate()


def test_one_date_alone_is_refused(moves):
    response = moves.client_for(moves.director).get(url(moves, start="2025-04-01"))
    assert "Give both dates, or choose a period above." in response.context["form"].errors["end"]


@pytest.mark.parametrize("points", ["0", "101", "many"])
def test_a_bad_number_of_points_is_refused_and_the_default_used(moves, points):
    response = moves.client_for(moves.director).get(url(moves, min_points=points, **PERIOD))
    assert "min_points" in response.context["form"].errors
    assert response.context["report"].min_points == 10


# --- who sees what ------------------------------------------------------------------------


def test_a_manager_sees_only_their_accounts(moves):
    assert names(report(moves, moves.manager, **PERIOD)) == ["Northwind"]
    assert names(report(moves, moves.teammate, **PERIOD)) == ["Northwind"]


def test_an_outsider_does_not_see_the_account(moves):
    response = moves.client_for(moves.outsider).get(url(moves, **PERIOD))
    assert names(response.context["report"]) == ["Contoso"]
    assert b"Northwind" not in response.content


def test_it_filters_by_owner_and_segment_as_the_square_does(moves):
    assert names(report(moves, moves.director, owner=moves.outsider.pk, **PERIOD)) == ["Contoso"]
    assert names(report(moves, moves.director, segment="Energy", **PERIOD)) == [
        "Contoso",
        "Fabrikam",
    ]


def test_the_square_links_to_the_report_with_its_filters(moves):
    square = reverse("portfolio:square", args=(moves.slug,))
    response = moves.client_for(moves.director).get(f"{square}?segment=Energy&zone=key")
    assert response.context["movement_url"] == url(moves, segment="Energy")
    assert b"Movement report" in response.content


# --- queries ------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_it_makes_the_same_number_of_queries_whatever_the_size(
    world, count, django_assert_num_queries
):
    for n in range(count):
        account = add_account(world, f"Account {n:03d}", owner=world.manager, segment="S1")
        assess(account, client=20 + n, our=70, on=BEFORE)
        assess(account, client=80, our=70 - n, on=DURING)
    client = world.client_for(world.manager)
    # session, user, membership; members, segments; the page of moves with the totals.
    with django_assert_num_queries(6):
        response = client.get(url(world, segment="S1", **PERIOD))
    assert len(response.context["report"].rows) == count


# --- pages ----------------------------------------------------------------------------------


def test_it_shows_fifty_moves_a_page_the_longest_first(world):
    bulk_portfolio(world, 300)  # A hundred of them assessed twice, in March and June.
    period = {"start": "2025-04-01", "end": "2025-06-30"}
    first = report(world, world.director, **period)
    assert (first.compared, first.accounts) == (100, 301)
    assert first.page.paginator.count == first.summary.total > 50
    assert len(first.rows) == 50
    second = report(world, world.director, page=2, **period)
    assert len(second.rows) == first.summary.total - 50
    distances = [row.move.distance for row in first.rows + second.rows]
    assert distances == sorted(distances, reverse=True)
    # Every page draws its bars against the longest move of all.
    assert second.longest == first.longest == pytest.approx(distances[0])
    html = world.client_for(world.director).get(url(world, **period)).content
    assert b'href="?start=2025-04-01&amp;end=2025-06-30&amp;page=2"' in html
    # A page past the end shows the last one, with the same totals; a bad one the first.
    past = report(world, world.director, page=9, **period)
    assert (past.page.number, past.rows, past.summary) == (2, second.rows, first.summary)
    assert report(world, world.director, page="two", **period).page.number == 1


def test_it_shows_the_totals_on_a_page_past_the_end_of_an_empty_report(world):
    result = report(world, world.director, page=3, start="2025-04-01", end="2025-06-30")
    assert (result.page.number, result.rows, result.accounts) == (1, [], 1)


def test_the_page_stays_the_same_size_whatever_the_portfolio(world):
    period = {"start": "2025-04-01", "end": "2025-06-30"}
    client = world.client_for(world.director)
    bulk_portfolio(world, 300, prefix="Small")  # A hundred moves: two pages.
    small = client.get(url(world, **period))
    bulk_portfolio(world, 900, prefix="Large")  # Four times as many.
    large = client.get(url(world, **period))
    assert large.context["report"].compared == 4 * small.context["report"].compared
    assert len(large.context["report"].rows) == len(small.context["report"].rows) == 50
    # One page of moves: only the totals' digits and the pager grow.
    assert len(large.content) < 100_000
    assert abs(len(large.content) - len(small.content)) < 2_000
