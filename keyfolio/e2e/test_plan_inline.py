"""In a real browser: answer a question in the rich-text editor and tick off an action.

Only a browser proves that Trix fills the field htmx posts, and that the swapped-in
fragments work; the view tests cannot see either."""

import pytest

from keyfolio.conftest import PASSWORD
from keyfolio.e2e.conftest import log_in, screenshot
from keyfolio.plans import services
from keyfolio.plans.models import PlanAnswer

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_answers_a_question_and_completes_an_action_inline(page, world, plan):
    action = services.action_create(account=world.account, plan=plan, title="Call the new CFO")
    log_in(page, world.manager.email, PASSWORD)
    page.goto(f"{page.base_url}/w/{world.slug}/accounts/{world.account.pk}/plan/")

    page.click("#q-decision_process .kf-answer-empty")
    editor = page.locator("#q-decision_process trix-editor")
    editor.click()
    page.keyboard.type("The CFO decides above 250k. ")
    page.click("#q-decision_process .trix-button--icon-bold")
    page.keyboard.type("Board")
    page.keyboard.press("Control+Enter")  # Saves at once, before Trix's next frame.
    page.wait_for_selector("#q-decision_process .kf-answer strong")
    assert "1 of 11 questions answered" in page.inner_text("#plan-completeness")
    answer = PlanAnswer.objects.get(plan=plan)
    assert answer.text.startswith("<div>The CFO decides above 250k.")
    assert answer.text.endswith("<strong>Board</strong></div>")

    page.click(f"#action-{action.pk} button.kf-check")
    page.wait_for_selector(f"#action-{action.pk}.kf-done")
    action.refresh_from_db()
    assert action.done
    screenshot(page, "plan-tab")


def test_a_form_on_a_page_of_its_own_saves_back_to_the_plan(page, world, plan):
    """The key figures' edit page (the no-JavaScript frame of the inline card, reached by
    an opened-in-a-new-tab link) posts as a plain form: saving comes back to the plan
    tab with the figures, rather than stranding the card alone on the edit page."""
    log_in(page, world.manager.email, PASSWORD)
    page.goto(
        f"{page.base_url}/w/{world.slug}/accounts/{world.account.pk}/plan/{plan.pk}/figures/edit/"
    )
    page.fill("#plan-figures input[name=planned_revenue]", "125000")
    page.click("#plan-figures button[type=submit]")
    page.wait_for_url(f"**/w/{world.slug}/accounts/{world.account.pk}/plan/**")
    assert "/figures/edit/" not in page.url
    assert "125,000" in page.inner_text("#plan-figures")
    plan.refresh_from_db()
    assert plan.planned_revenue == 125000
