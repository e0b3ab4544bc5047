"""A client answers the relationship survey on a phone (390×844), from the link in the
e-mail, in their language; the page passes axe and never scrolls sideways."""

import pytest
from django.core import mail

from keyfolio.e2e.conftest import screenshot
from keyfolio.e2e.test_every_page import PHONE, axe_violations
from keyfolio.stakeholders.models import Contact
from keyfolio.surveys.models import Invitation
from keyfolio.surveys.services import survey_send
from keyfolio.surveys.tests.conftest import LINK

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_client_answers_from_the_email_on_a_phone(
    browser, live_server, world, settings, language
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://kam.example.com"
    mail.outbox = []
    anna = Contact.objects.create(
        workspace=world.workspace,
        account=world.account,
        name="Anna Petrova",
        email="anna@northwind.test",
        language=language,
    )
    survey_send(workspace=world.workspace, contacts=[anna], by=world.manager, queue=False)
    path = LINK.search(mail.outbox[0].body).group(1)

    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}{path}")
    assert page.evaluate("document.documentElement.lang") == language
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
    page.get_by_text("9", exact=True).click()
    page.locator(".sv-scale").nth(1).get_by_text("4", exact=True).click()
    page.fill("textarea", "Faster quotes, please." if language == "en" else "Быстрее, пожалуйста.")
    screenshot(page, f"survey-answer-phone-{language}")
    page.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, f"survey-thanks-phone-{language}")
    # The thanks, in the contact's language (the Russian words come with the catalogue).
    assert page.evaluate("document.documentElement.lang") == language
    assert page.locator("form").count() == 0
    invitation = Invitation.objects.get()
    assert (invitation.nps, invitation.csat) == (9, 4)
    response = page.goto(f"{live_server.url}{path}")  # the link is used up
    assert response.status == 404 and page.locator("form").count() == 0
    context.close()
