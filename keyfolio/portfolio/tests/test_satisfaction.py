"""The portfolio's satisfaction page: NPS, CSAT and response rate of the last year by
zone, manager and segment, over the accounts the member sees, at a constant cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyfolio.portfolio.satisfaction import Group
from keyfolio.portfolio.tests.bulk import bulk_portfolio
from keyfolio.portfolio.tests.test_square import add_account, assess
from keyfolio.surveys.tests.factories import answered_survey, unanswered_survey


def url(world, **query) -> str:
    base = reverse("portfolio:satisfaction", args=(world.slug,))
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def page(world, user, **query):
    response = world.client_for(user).get(url(world, **query))
    assert response.status_code == 200
    return response


def figures(groups) -> dict[str, tuple]:
    """label -> (accounts, answers, NPS, CSAT, response rate), the figures rounded."""

    def whole(value):
        return None if value is None else round(value)

    return {
        group.label: (
            group.tally.accounts,
            group.tally.responses,
            whole(group.tally.nps),
            whole(group.tally.csat),
            whole(group.tally.response_rate),
        )
        for group in groups
    }


@pytest.fixture
def surveyed(world):
    """Northwind (Max's, no segment) in Key, Contoso (Oscar's, Energy) in Maintain,
    Fabrikam (Dina's, Energy) and Globex (Dina's, Retail) not assessed; Globex never
    surveyed; Initech, in the other workspace, answered too."""
    assess(world.account, client=70, our=60)
    for nps, csat in [(10, 5), (9, 4), (5, 2)]:
        answered_survey(world.account, nps=nps, csat=csat)
    unanswered_survey(world.account)
    contoso = add_account(world, "Contoso", owner=world.outsider, segment="Energy")
    assess(contoso, client=30, our=80)
    for nps, csat in [(8, 3), (0, 4)]:
        answered_survey(contoso, nps=nps, csat=csat)
    fabrikam = add_account(world, "Fabrikam", owner=world.director, segment="Energy")
    answered_survey(fabrikam, nps=9, csat=None)
    answered_survey(fabrikam, nps=0, csat=1, days_ago=400)  # Before the last year.
    add_account(world, "Globex", owner=world.director, segment="Retail")
    answered_survey(world.foreign_account, nps=0, csat=1)
    return world


def test_it_breaks_the_figures_down_by_zone_manager_and_segment(surveyed):
    result = page(surveyed, surveyed.director).context["satisfaction"]
    # Key: NPS (2 promoters − 1 detractor) / 3 = +33; CSAT 2 of 3 = 67 %; 3 of 4 sent
    # answered. Maintain: (0 − 1) / 2 = −50; 1 of 2 = 50 %. Not assessed: one promoter,
    # no CSAT answer; the answer of 400 days ago counts for nothing.
    assert figures(result.by_zone) == {
        "Key": (1, 3, 33, 67, 75),
        "Maintain": (1, 2, -50, 50, 100),
        "Not assessed": (2, 1, 100, None, 100),
    }
    assert figures(result.by_manager) == {
        "Dina Director": (2, 1, 100, None, 100),
        "Max Manager": (1, 3, 33, 67, 75),
        "Oscar Outsider": (1, 2, -50, 50, 100),
    }
    assert [group.label for group in result.by_manager] == [
        "Dina Director",
        "Max Manager",
        "Oscar Outsider",
    ]
    # Energy: 8, 0 and 9 → (1 − 1) / 3 = 0; CSAT 3 and 4 → 50 %. Retail: never surveyed.
    assert figures(result.by_segment) == {
        "Energy": (2, 3, 0, 50, 100),
        "Retail": (1, 0, None, None, None),
        "No segment": (1, 3, 33, 67, 75),
    }
    # The whole: (3 promoters − 2 detractors) / 6 = +17; 3 of 5 = 60 %; 6 of 7 = 86 %.
    assert figures([Group("All", result.total)]) == {"All": (4, 6, 17, 60, 86)}
    assert result.total.accounts_answered == 3


def test_it_shows_the_figures_in_tables(surveyed):
    response = page(surveyed, surveyed.director)
    text = response.text
    assert "<caption" in text and 'scope="row"' in text
    assert "\u221250" in text  # Contoso's NPS with a true minus.
    assert "+17" in text and "86%" in text
    assert "Oscar Outsider" in text
    audience = reverse("surveys:audience", args=[surveyed.slug])
    assert f'href="{audience}"' in text


def test_it_narrows_to_the_square_filters(surveyed):
    result = page(surveyed, surveyed.director, segment="Energy").context["satisfaction"]
    assert figures(result.by_zone) == {
        "Maintain": (1, 2, -50, 50, 100),
        "Not assessed": (1, 1, 100, None, 100),
    }
    result = page(surveyed, surveyed.director, zone="key").context["satisfaction"]
    assert [group.label for group in result.by_manager] == ["Max Manager"]


def test_it_keeps_the_filters_in_the_square_link(surveyed):
    response = page(surveyed, surveyed.director, segment="Energy")
    assert f'href="{reverse("portfolio:square", args=[surveyed.slug])}?segment=Energy"' in (
        response.text
    )
    square = surveyed.client_for(surveyed.director).get(
        reverse("portfolio:square", args=[surveyed.slug]) + "?segment=Energy"
    )
    assert f'href="{url(surveyed)}?segment=Energy"' in square.text


def test_it_reads_in_russian(surveyed):
    client = surveyed.client_for(surveyed.director)
    client.cookies["django_language"] = "ru"
    response = client.get(url(surveyed))
    assert response.status_code == 200
    assert 'lang="ru"' in response.text
    assert "\u221250" in response.text


def test_it_says_when_nothing_was_surveyed(world):
    assess(world.account, client=70, our=60)
    response = page(world, world.manager)
    assert not response.context["satisfaction"].surveyed
    assert "No survey was sent or answered in the last 12 months." in response.text
    assert "<table" not in response.text


def test_it_says_when_no_account_matches(world):
    response = page(world, world.director, segment="", owner=world.outsider.pk)
    assert response.context["satisfaction"].total is None
    assert "No account matches these filters." in response.text


def test_it_hides_the_survey_link_from_viewers(surveyed):
    response = page(surveyed, surveyed.viewer)
    assert reverse("surveys:audience", args=[surveyed.slug]) not in response.text


# --- access -----------------------------------------------------------------------------


def test_the_owner_sees_every_account(surveyed):
    result = page(surveyed, surveyed.owner).context["satisfaction"]
    assert result.total.accounts == 4


def test_a_manager_sees_only_the_accounts_they_own_or_are_on_the_team_of(surveyed):
    result = page(surveyed, surveyed.teammate).context["satisfaction"]
    assert figures(result.by_manager) == {"Max Manager": (1, 3, 33, 67, 75)}
    result = page(surveyed, surveyed.outsider).context["satisfaction"]
    assert figures(result.by_zone) == {"Maintain": (1, 2, -50, 50, 100)}


def test_another_workspace_and_the_anonymous_are_turned_away(surveyed):
    assert surveyed.client_for(surveyed.stranger).get(url(surveyed)).status_code == 404
    response = surveyed.client_for(None).get(url(surveyed))
    assert response.status_code == 302 and "login" in response["Location"]


# --- cost -------------------------------------------------------------------------------


def queries_at(world, size: int) -> int:
    for n, account in enumerate(bulk_portfolio(world, size, prefix=f"S{size}")):
        answered_survey(account, nps=n % 11, csat=n % 5 + 1)
        unanswered_survey(account)
    client = world.client_for(world.director)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(world))
    assert response.context["satisfaction"].total.responses >= size
    return len(queries)


def test_it_costs_the_same_queries_whatever_the_size(world):
    small = queries_at(world, 5)
    large = queries_at(world, 40)
    # Session, user, membership, the owner and segment filters' choices, and one
    # GROUP BY for each of the three breakdowns.
    assert small == large == 8
