"""The table under the square: its pages, and a page that stays the same size whatever
the size of the portfolio."""

import pytest
from django.urls import reverse

from keyfolio.portfolio.tests.bulk import bulk_portfolio
from keyfolio.portfolio.tests.test_square import get, names, url
from keyfolio.testing import HTMX, is_page


@pytest.fixture
def big(world):
    """Northwind (not assessed) and 120 assessed accounts: three pages of the table."""
    bulk_portfolio(world, 120)
    return world


def test_it_shows_fifty_accounts_a_page(big):
    response = get(big, big.director, sort="name")
    page = response.context["page"]
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (1, 121, 3)
    assert names(response) == [f"Bulk {n:05d}" for n in range(50)]
    assert b"1\xe2\x80\x9350 of 121" in response.content
    assert b'href="?sort=name&amp;page=2"' in response.content


def test_its_pages_follow_the_sort(big):
    assert names(get(big, big.director, sort="name", page=3))[-2:] == ["Bulk 00119", "Northwind"]
    assert names(get(big, big.director, sort="-name", page=1))[0] == "Northwind"


def test_a_page_past_the_end_shows_the_last_and_a_bad_one_the_first(big):
    assert get(big, big.director, page=99).context["page"].number == 3
    assert get(big, big.director, page="last-ish").context["page"].number == 1


def test_its_page_links_keep_the_filters_and_the_sort(big):
    response = get(big, big.director, segment="Bulk", sort="-client", arrows=1)
    assert response.context["page"].paginator.count == 120
    link = b'href="?segment=Bulk&amp;sort=-client&amp;arrows=1&amp;page=2"'
    assert link in response.content
    # htmx swaps the table alone, and a sort starts again at the first page.
    assert b'hx-target="#square-table"' in response.content
    second = get(big, big.director, segment="Bulk", sort="-client", page=2)
    assert b'href="?segment=Bulk&amp;sort=client"' in second.content
    # So does a filter: the summary's zones link to their first page.
    assert b'href="?segment=Bulk&amp;sort=-client&amp;zone=key"' in second.content


def test_htmx_gets_only_the_table_when_it_asks_for_it(big, django_assert_num_queries):
    client = big.client_for(big.director)
    # session, user, membership; members, segments; the summary; the page of rows.
    with django_assert_num_queries(7):
        response = client.get(
            url(big, sort="name", page=2), headers={**HTMX, "HX-Target": "square-table"}
        )
    assert not is_page(response)
    body = response.content.decode()
    assert body.lstrip().startswith('<section class="kf-card" id="square-table"')
    assert "Bulk 00050" in body and "Bulk 00049" not in body
    assert "square-data" not in body
    # The sort travels with the filters' form, which lives outside the table.
    assert '<input type="hidden" name="sort" value="name" form="square-filters">' in body


def test_the_rest_of_htmx_gets_the_whole_square(big):
    response = big.client_for(big.director).get(url(big, zone="key"), headers=HTMX)
    assert 'id="square-page"' in response.content.decode()


@pytest.mark.parametrize("count", [60, 240])
def test_the_page_makes_the_same_number_of_queries_with_density_cells(
    world, settings, count, django_assert_num_queries
):
    settings.SQUARE_MAX_POINTS = 50
    bulk_portfolio(world, count)
    client = world.client_for(world.director)
    # session, user, membership; members, segments; the summary (which counts the cells
    # too), the table's page, thresholds, the latest zone changes.
    with django_assert_num_queries(9):
        response = client.get(url(world, arrows=1))
    assert response.context["chart"]["mode"] == "cells"


def _page_size(world, count: int) -> int:
    bulk_portfolio(world, count, prefix=f"Size{count}")
    response = world.client_for(world.director).get(reverse("portfolio:square", args=(world.slug,)))
    assert response.context["chart"]["mode"] == "cells"
    return len(response.content)


def test_the_page_stays_the_same_size_whatever_the_portfolio(world, settings):
    settings.SQUARE_MAX_POINTS = 50
    small = _page_size(world, 100)
    large = _page_size(world, 300)  # 400 accounts in all: four times as many.
    # One page of the table, eight zone changes and at most 20 × 20 density cells: only
    # the cells (filling up) and the counts' digits may grow.
    assert large < 100_000
    assert large - small < 4_000
