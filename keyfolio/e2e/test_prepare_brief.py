"""A manager prepares for a meeting: adds a contact, answers a plan question, and
downloads the one-page brief, which carries both."""

import pytest
from pypdf import PdfReader

from keyfolio.conftest import PASSWORD
from keyfolio.e2e.conftest import log_in, screenshot
from keyfolio.stakeholders.models import Contact

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_adds_a_contact_and_an_answer_and_downloads_the_brief(page, world):
    base = f"{page.base_url}/w/{world.slug}/accounts/{world.account.pk}"
    log_in(page, world.manager.email, PASSWORD)

    page.goto(f"{base}/stakeholders/")
    page.get_by_role("link", name="Add the first contact").click()
    page.fill("#id_name", "Helen Wright")
    page.fill("#id_title", "Chief Executive Officer")
    page.select_option("#id_decision_role", "decision_maker")
    page.locator("button.btn-primary[type=submit]", has_text="Add contact").click()
    page.wait_for_selector("text=Helen Wright")
    assert Contact.objects.get(account=world.account).title == "Chief Executive Officer"
    # A decision maker nobody of ours knows is a coverage gap, and so is one contact.
    assert "Helen Wright" in page.inner_text("#coverage-panel")
    screenshot(page, "stakeholders-tab")

    page.goto(f"{base}/plan/")
    page.get_by_role("link", name="New plan").first.click()
    page.fill("#id_title", "2027")
    page.locator("button[type=submit]", has_text="Create plan").click()
    page.click("#q-how_we_differ .kf-answer-empty")
    page.locator("#q-how_we_differ trix-editor").click()
    page.keyboard.type("Engineers on site within 24 hours.")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#q-how_we_differ .kf-answer >> text=Engineers on site")
    screenshot(page, "plan-tab-answered")

    page.goto(f"{base}/brief/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    pdf = download_info.value
    assert pdf.suggested_filename.endswith(".pdf")
    reader = PdfReader(pdf.path())
    text = reader.pages[0].extract_text()
    assert len(reader.pages) == 1
    for expected in ("Northwind", "Helen Wright", "Engineers on site within 24 hours"):
        assert expected in text
