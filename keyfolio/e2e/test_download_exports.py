"""A manager filters the square and downloads what it shows, then downloads an account's
revenue from its tab: real browser downloads, with their filenames and contents."""

import csv
import io
from datetime import date

import openpyxl
import pytest

from keyfolio.accounts.models import Account
from keyfolio.conftest import PASSWORD
from keyfolio.e2e.conftest import log_in, screenshot
from keyfolio.portfolio.tests.test_square import assess
from keyfolio.revenue.tests.factories import record

pytestmark = pytest.mark.django_db(transaction=True)


def download(page, menu, item: str):
    menu.get_by_role("button", name="Download").click()
    with page.expect_download() as info:
        menu.get_by_role("link", name=item).nth(0).click()
    return info.value


def test_it_downloads_the_square_and_an_accounts_revenue(page, world):
    assess(world.account, client=80, our=70)
    contoso = Account.objects.create(
        workspace=world.workspace, name="Contoso", owner=world.manager, segment="Energy"
    )
    assess(contoso, client=20, our=20)
    record(world.account, date(2024, 1, 1), "12500.50")
    log_in(page, world.manager.email, PASSWORD)

    page.goto(f"{page.base_url}/w/{world.slug}/")
    page.select_option("#id_segment", "Energy")
    page.wait_for_selector("tr:has-text('Contoso')")
    page.wait_for_selector("tr:has-text('Northwind')", state="detached")
    header = page.locator("#square-page")
    portfolio = download(page, header, "Download CSV")
    assert portfolio.suggested_filename.startswith("acme-portfolio-")
    rows = list(csv.reader(io.StringIO(portfolio.path().read_text(encoding="utf-8-sig"))))
    assert [row[0] for row in rows] == ["account", "Contoso"]  # The filter holds.
    header.get_by_role("button", name="Download").click()
    screenshot(page, "square-downloads")

    page.goto(f"{page.base_url}/w/{world.slug}/accounts/{world.account.pk}/revenue/")
    revenue = download(page, page.locator("#entries"), "Download XLSX")
    assert revenue.suggested_filename.startswith("northwind-revenue-")
    sheet = openpyxl.load_workbook(io.BytesIO(revenue.path().read_bytes())).worksheets[0]
    assert sheet["C2"].value == 12500.5
    page.locator("#entries").get_by_role("button", name="Download").click()
    screenshot(page, "revenue-downloads")
