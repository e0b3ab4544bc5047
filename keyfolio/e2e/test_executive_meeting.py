"""Rule 1 of the playbook in a real browser: logging an executive meeting turns the
"leadership attention" check from red to green on the account's overview."""

import pytest

from keyfolio.activities.models import Activity
from keyfolio.conftest import PASSWORD
from keyfolio.e2e.conftest import log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_logging_an_executive_meeting_turns_rule_1_green(page, world):
    base = f"{page.base_url}/w/{world.slug}/accounts/{world.account.pk}"
    rule_1 = "#playbook-card tr[data-check=executive_contact]"
    log_in(page, world.manager.email, PASSWORD)

    page.goto(f"{base}/")
    assert "is-red" in page.get_attribute(rule_1, "class")

    page.goto(f"{base}/activities/new/?kind=executive_meeting")
    page.fill("textarea[name=summary]", "Dinner with their CEO after the steering committee.")
    page.locator("button[type=submit]", has_text="Log activity").click()
    page.wait_for_load_state("networkidle")
    activity = Activity.objects.get(account=world.account)
    assert activity.kind == "executive_meeting"
    # The kind suggested the rule it serves: leadership attention.
    assert list(activity.rules.values_list("rule", flat=True)) == [1]

    page.goto(f"{base}/")
    assert "is-green" in page.get_attribute(rule_1, "class")
    screenshot(page, "overview-playbook")
