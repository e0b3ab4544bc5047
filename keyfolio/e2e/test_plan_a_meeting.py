"""Meeting preparation in a real browser: plan a meeting from the account's Meetings tab
(the call plan prefilled from the dossier), print its brief, record its outcome."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from keyfolio.conftest import PASSWORD
from keyfolio.e2e.conftest import log_in, screenshot
from keyfolio.meetings.models import CallPlan
from keyfolio.meetings.tests.factories import build_dossier
from keyfolio.plans.models import Action

pytestmark = pytest.mark.django_db(transaction=True)


def test_plan_a_meeting_print_its_brief_and_record_the_outcome(page, world):
    today = timezone.localdate()
    dossier = build_dossier(world.account, by=world.manager, today=today)
    base = f"{page.base_url}/w/{world.slug}/accounts/{world.account.pk}"
    log_in(page, world.manager.email, PASSWORD)

    page.goto(f"{base}/")
    page.locator(".kf-tabs a", has_text="Meetings").click()
    page.get_by_role("link", name="Plan a meeting").click()
    # The dossier's suggestions are in the form already.
    assert "Our prices" in page.input_value("textarea[name=questions]")
    assert "Boris Kern (skeptic) will object" in page.input_value("textarea[name=objections]")
    page.fill("input[name=on]", today.isoformat())
    page.fill("input[name=place]", "Lyon plant")
    page.fill("input[name=purpose]", "Renewal for 2027")
    page.fill("input[name=primary_objective]", "Sign the renewal")
    page.get_by_role("button", name="Save the call plan").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("status").filter(has_text="Not ready").is_visible()

    plan = CallPlan.objects.get()
    page.click(f"a[href$='/meetings/{plan.pk}/edit/']")
    page.fill("textarea[name=client_win]", "A price fixed for two years")
    page.get_by_role("button", name="Save the call plan").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Held, no outcome yet").is_visible()
    screenshot(page, "meeting-call-plan")

    with page.expect_download() as download:
        page.get_by_role("link", name="Meeting brief (EN)").click()
    data = download.value.path().read_bytes()
    assert len(PdfReader(io.BytesIO(data)).pages) == 1

    page.check("input[name=primary_outcome][value=partly]")
    page.fill("textarea[name=client_said]", "They want the price fixed first.")
    due = (today + timedelta(days=10)).isoformat()
    page.fill("textarea[name=next_steps]", f"Send the two-year offer {due}")
    page.select_option(f"select[name=attitude_{dossier['skeptic'].pk}]", "0")
    page.get_by_role("button", name="Save the outcome").click()
    # Posted with htmx, which then reloads the plan's page with its outcome.
    page.get_by_text("Outcome recorded").wait_for()
    screenshot(page, "meeting-outcome")

    plan.refresh_from_db()
    dossier["skeptic"].refresh_from_db()
    assert (plan.primary_outcome, dossier["skeptic"].attitude) == ("partly", 0)
    assert Action.objects.filter(title="Send the two-year offer", due_on=due).exists()
