"""What the square's points carry besides their place: how complete the assessment is,
the revenue and share of wallet that size the bubbles, the change since the previous
assessment and the forecast as the pages show indices; and the search over density
cells (portfolio:square_data?find=)."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from keyfolio.accounts.models import Account
from keyfolio.assessments.services import ScoreInput, assessment_create
from keyfolio.plans.models import AccountPlan, PlanStatus
from keyfolio.portfolio.selectors import FOUND_SHOWN
from keyfolio.portfolio.tests.bulk import bulk_portfolio
from keyfolio.portfolio.tests.test_square import add_account, assess, get, points
from keyfolio.portfolio.tests.test_square_density import data_url, window
from keyfolio.revenue.models import RevenueEntry
from keyfolio.revenue.selectors import month_start
from keyfolio.surveys.tests.factories import answered_survey, unanswered_survey


def revenue(account, *amounts_by_months_back: tuple[int, str]) -> None:
    today = timezone.localdate()
    for back, amount in amounts_by_months_back:
        RevenueEntry.objects.create(
            workspace=account.workspace,
            account=account,
            month=month_start(today, back),
            amount=Decimal(amount),
        )


def plan(account, *, spend: str | None, status=PlanStatus.ACTIVE, starts_on=date(2026, 1, 1)):
    return AccountPlan.objects.create(
        workspace=account.workspace,
        account=account,
        title=str(starts_on.year),
        starts_on=starts_on,
        status=status,
        client_total_spend=None if spend is None else Decimal(spend),
    )


# --- completeness ---------------------------------------------------------------------


def test_a_point_says_how_many_criteria_its_assessment_scored(world):
    assess(world.account, client=70, our=60)
    partly = add_account(world, "Contoso", owner=world.director)
    scores = {key: ScoreInput(80) for key in ("client_growth", "need_for_us", "prices")}
    assessment_create(account=partly, assessor=None, scores=scores)
    by_name = points(get(world, world.director))
    assert (by_name["Northwind"]["scored"], by_name["Northwind"]["criteria"]) == (15, 15)
    assert (by_name["Contoso"]["scored"], by_name["Contoso"]["criteria"]) == (3, 15)


def test_the_chart_labels_the_completeness_and_the_figures(world):
    assess(world.account, client=70, our=60)
    labels = get(world, world.director).context["chart"]["labels"]
    assert labels["scored"] == "Scored %(scored)s of %(total)s criteria"
    assert labels["revenue"] == "Revenue, last 12 months"
    assert labels["wallet"] == "Share of wallet"
    assert labels["nps"] == "NPS (client satisfaction)"


# --- the client's voice -----------------------------------------------------------------


def test_a_point_carries_the_clients_nps_over_the_last_year(world):
    assess(world.account, client=70, our=60)
    for score in (10, 9, 8, 3):  # two promoters, one passive, one detractor: +25
        answered_survey(world.account, nps=score, days_ago=30)
    answered_survey(world.account, nps=0, days_ago=400)  # the year before: not counted
    answered_survey(world.account, nps=None, days_ago=5)  # the question left blank
    unanswered_survey(world.account, days_ago=3)
    silent = add_account(world, "Contoso", owner=world.director)
    assess(silent, client=40, our=40)
    by_name = points(get(world, world.director))
    assert by_name["Northwind"]["nps"] == 25
    assert by_name["Contoso"]["nps"] is None


def test_the_points_nps_is_the_surveys_tabs(world):
    from keyfolio.surveys.selectors import account_satisfaction

    assess(world.account, client=70, our=60)
    for score, days_ago in ((6, 2), (9, 100), (7, 200), (2, 364)):
        answered_survey(world.account, nps=score, days_ago=days_ago)
    nps = account_satisfaction(world.account).nps
    assert points(get(world, world.director))["Northwind"]["nps"] == round(nps) == -25


# --- the figures that size the bubbles --------------------------------------------------


def test_a_point_carries_its_revenue_over_the_last_twelve_months(world):
    assess(world.account, client=70, our=60)
    world.account.currency = "SEK"
    world.account.save()
    # This month and eleven back count; twelve back is a month too old.
    revenue(world.account, (0, "100.50"), (11, "200"), (12, "5000"))
    point = points(get(world, world.director))["Northwind"]
    assert point["revenue"] == 300.5
    assert point["currency"] == "SEK"


def test_a_point_without_revenue_has_none_and_the_workspaces_currency(world):
    assess(world.account, client=70, our=60)
    chart = get(world, world.director).context["chart"]
    point = points(get(world, world.director))["Northwind"]
    assert (point["revenue"], point["wallet"], point["currency"]) == (None, None, "")
    assert chart["currency"] == world.workspace.default_currency


def test_the_share_of_wallet_is_the_revenue_over_the_current_plans_spend(world):
    assess(world.account, client=70, our=60)
    revenue(world.account, (1, "250"))
    plan(world.account, spend="1000")  # The active plan rules,
    plan(world.account, spend="10", status=PlanStatus.DRAFT, starts_on=date(2027, 1, 1))
    plan(world.account, spend="1", status=PlanStatus.ARCHIVED, starts_on=date(2028, 1, 1))
    assert points(get(world, world.director))["Northwind"]["wallet"] == 0.25


def test_without_the_clients_spend_there_is_no_share_of_wallet(world):
    assess(world.account, client=70, our=60)
    revenue(world.account, (1, "250"))
    plan(world.account, spend=None)
    assert points(get(world, world.director))["Northwind"]["wallet"] is None


def test_the_bubble_size_switch_and_its_legend_are_on_the_page(world):
    assess(world.account, client=70, our=60)
    response = get(world, world.director)
    content = response.content.decode()
    for value in ("same", "revenue", "wallet"):
        assert f'name="kf-square-size" id="kf-square-size-{value}" value="{value}"' in content
    assert 'id="kf-square-size-legend"' in content
    assert response.context["chart"]["export_name"] == (
        f"square-{world.slug}-{timezone.localdate().isoformat()}"
    )


# --- indices as every page shows them ----------------------------------------------------


def test_the_change_since_the_previous_assessment_is_the_tables(world):
    assess(world.account, client=40.04, our=20, on=date(2025, 1, 1))
    assess(world.account, client=49.96, our=20.06, on=date(2025, 4, 1))
    response = get(world, world.director, arrows=1)
    point = points(response)["Northwind"]
    move = response.context["page"].object_list[0].movement
    # 9.92 and 0.06 index points: the table shows +9.9 and +0.1.
    assert (point["change_client"], point["change_our"]) == (9.9, 0.1)
    assert (round(move.client, 1), round(move.our, 1)) == (9.9, 0.1)
    assert point["client"] == 49.9  # Under the threshold, as its zone says.


def test_the_forecast_shows_on_the_side_of_the_threshold_its_zone_is(world):
    assess(world.account, client=70, our=60)
    world.account.forecast_client_index, world.account.forecast_our_index = 49.96, 50.04
    world.account.save()
    point = points(get(world, world.director, forecast=1))["Northwind"]
    assert point["forecast_zone"] == "maintain"
    assert (point["forecast_client"], point["forecast_our"]) == (49.9, 50.0)


# --- the search over density cells -----------------------------------------------------


@pytest.fixture
def found(world, settings):
    settings.SQUARE_MAX_POINTS = 3
    assess(world.account, client=81, our=71)  # Northwind, the manager's.
    for name in ("North Star", "Northrop", "Contoso"):
        assess(add_account(world, name, owner=world.director), client=30, our=60)
    add_account(world, "Northern Unplaced", owner=world.director)  # Not on the square.
    return world


def test_the_search_finds_the_placed_accounts_by_part_of_their_name(found):
    answer = window(found, find="nOrTh")
    assert answer["mode"] == "found"
    names = [row[1] for row in answer["points"]["rows"]]
    assert names == ["North Star", "Northrop", "Northwind"]  # By name.
    assert answer["more"] is False
    assert "scored" in answer["points"]["fields"]


def test_the_search_says_when_it_found_nothing(found):
    answer = window(found, find="Umbrella")
    assert (answer["points"]["rows"], answer["more"]) == ([], False)


def test_the_search_keeps_the_filters_and_what_the_member_sees(found):
    assert [row[1] for row in window(found, found.manager, find="north")["points"]["rows"]] == [
        "Northwind"
    ]
    assert window(found, found.outsider, find="north")["points"]["rows"] == []
    owner = found.director.pk
    names = [row[1] for row in window(found, find="north", owner=owner)["points"]["rows"]]
    assert names == ["North Star", "Northrop"]


def test_the_search_answers_the_first_few_and_says_there_are_more(world, settings):
    settings.SQUARE_MAX_POINTS = 3
    bulk_portfolio(world, FOUND_SHOWN + 5)
    answer = window(world, find="bulk")
    assert len(answer["points"]["rows"]) == FOUND_SHOWN
    assert answer["more"] is True


def test_the_search_never_finds_another_workspaces_accounts(found):
    Account.objects.filter(pk=found.foreign_account.pk).update(name="Northern Lights")
    response = found.client_for(found.stranger).get(data_url(found, find="north"))
    assert response.status_code == 404


@pytest.mark.parametrize("count", [10, 40])
def test_the_search_makes_the_same_number_of_queries_whatever_the_size(
    world, count, django_assert_num_queries
):
    bulk_portfolio(world, count)
    client = world.client_for(world.director)
    # session, user, membership; members, segments; thresholds; the accounts found.
    with django_assert_num_queries(7):
        answer = client.get(data_url(world, find="bulk", arrows=1, forecast=1)).json()
    assert len(answer["points"]["rows"]) == min(count, FOUND_SHOWN)


@pytest.mark.parametrize("count", [10, 40])
def test_the_points_read_their_figures_in_the_same_query(world, count, django_assert_num_queries):
    accounts = bulk_portfolio(world, count)
    for account in accounts:
        revenue(account, (1, "100"))
        plan(account, spend="400")
        answered_survey(account, nps=10)
    client = world.client_for(world.director)
    # As test_square's count: the figures add no query.
    with django_assert_num_queries(10):
        response = client.get(data_url(world).replace("square.json", "") + "?arrows=1&forecast=1")
    rows = points(response)
    assert len(rows) == count
    assert {(p["revenue"], p["wallet"], p["nps"]) for p in rows.values()} == {(100.0, 0.25, 100)}
