"""A manager logs in, assesses an account, and finds it in the right zone on the square."""

import json

import pytest

from keyfolio.accounts.models import Account
from keyfolio.conftest import PASSWORD
from keyfolio.e2e.conftest import log_in, screenshot
from keyfolio.method import DEFAULT_CRITERIA

pytestmark = pytest.mark.django_db(transaction=True)


def fill_scores(page, client: int, our: int) -> None:
    for criterion in DEFAULT_CRITERIA:
        value = client if criterion.axis == "client" else our
        page.fill(f"input[name=score_{criterion.key}]", str(value))


def test_it_assesses_an_account_and_shows_it_in_its_zone(page, world):
    log_in(page, world.manager.email, PASSWORD)
    page.goto(f"{page.base_url}/w/{world.slug}/accounts/{world.account.pk}/")
    page.get_by_role("link", name="Assess this account").click()

    fill_scores(page, client=80, our=30)
    # The live panel shows the zone before anything is saved.
    page.wait_for_selector("#kf-preview [data-zone=target]")
    assert page.locator("#kf-preview [data-index=client]").inner_text() == "80.0"
    assert not Account.objects.get(pk=world.account.pk).current_assessment
    screenshot(page, "assessment-form")

    page.get_by_role("button", name="Save assessment").click()
    page.wait_for_url(f"**/accounts/{world.account.pk}/")
    assert "Target" in page.locator(".zone-badge").first.inner_text()
    page.wait_for_selector("canvas")  # The radar and the history are drawn.
    screenshot(page, "account-page")

    page.get_by_role("link", name="Square").click()
    row = page.locator("tr", has_text="Northwind")
    assert "Target" in row.locator(".zone-badge").inner_text()
    points = json.loads(page.locator("#square-data").text_content())["points"]
    northwind = next(
        dict(zip(points["fields"], row, strict=True))
        for row in points["rows"]
        if "Northwind" in row
    )
    assert (northwind["zone"], northwind["client"], northwind["our"]) == ("target", 80, 30)
    page.wait_for_selector("canvas")
    screenshot(page, "square")
