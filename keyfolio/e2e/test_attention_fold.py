"""In a real browser: an account's folded items on the attention list arrive when its
row is opened, and their buttons work like the headline's."""

import pytest
from django.utils import timezone

from keyfolio.conftest import PASSWORD
from keyfolio.e2e.conftest import log_in, screenshot
from keyfolio.playbook.tests.factories import busy_portfolio

pytestmark = pytest.mark.django_db(transaction=True)


def test_opening_a_row_fetches_its_other_items(page, world):
    account = busy_portfolio(world, 2, today=timezone.localdate())[0]
    log_in(page, world.manager.email, PASSWORD)
    page.goto(f"{page.base_url}/w/{world.slug}/attention/")

    folded = page.locator(f"#account-{account.pk} details.kf-q-more")
    assert folded.locator(".kf-q-item").count() == 0  # Not on the page until opened.
    summary = folded.locator("summary")
    assert "more items" in summary.inner_text()
    summary.click()
    folded.locator(".kf-q-more-items .kf-q-item").first.wait_for()
    assert folded.locator(".kf-q-more-items .kf-q-item").count() > 1
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    screenshot(page, "attention-opened")

    # A folded item's snooze button brings its form into the row, as the headline's does.
    folded.locator(".kf-q-more-items .kf-q-actions a[hx-get*='/snooze/']").first.click()
    page.wait_for_selector(f"#account-{account.pk} .kf-snooze-form")

    # Closed and opened again, the items are still there.
    summary.click()
    summary.click()
    assert folded.locator(".kf-q-more-items .kf-q-item").count() > 1
