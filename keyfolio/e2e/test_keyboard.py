"""Keyboard users: the first Tab reaches a skip link that takes them past the navigation,
and a card whose whole surface is a link shows a focus ring around the card."""

import pytest

from keyfolio.conftest import PASSWORD
from keyfolio.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_first_tab_offers_to_skip_to_the_content(page, world):
    log_in(page, world.manager.email, PASSWORD)
    page.goto(f"{page.base_url}/w/{world.slug}/accounts/{world.account.pk}/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to the content"
    assert skip.is_visible()  # Hidden until focused, then on screen.
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # The next stop is inside the page, not the navigation.
    assert page.evaluate("!!document.activeElement.closest('main')")


def test_a_card_link_draws_its_ring_around_the_card(page, world):
    log_in(page, world.manager.email, PASSWORD)
    page.goto(f"{page.base_url}/w/{world.slug}/accounts/{world.account.pk}/")
    link = page.locator("a.stretched-link").first
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # Focus from the keyboard, so that :focus-visible applies.
    ring = link.evaluate("(a) => getComputedStyle(a, '::after').outlineStyle")
    assert ring == "solid"
