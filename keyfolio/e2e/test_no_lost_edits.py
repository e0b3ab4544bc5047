"""Two people in two browsers edit the same account: the second save is refused with
both versions shown, nothing typed is lost, and the merge saves.

Only browsers prove the whole path: the hidden version the page carries, the refused
save coming back with the person's own values still in the fields, and the choice of
versions posted with the form."""

import pytest

from keyfolio.accounts.models import Account
from keyfolio.conftest import PASSWORD
from keyfolio.e2e.conftest import log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def _open_browser(browser, live_server, person):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.base_url = live_server.url  # type: ignore[attr-defined]
    log_in(page, person.email, PASSWORD)
    return context, page, errors


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_second_save_shows_both_versions_and_saves_the_merge(
    browser, live_server, world, language
):
    Account.objects.filter(pk=world.account.pk).update(currency="EUR", segment="Logistics")
    world.manager.language = language
    world.manager.save(update_fields=["language"])
    overview = f"{live_server.url}/w/{world.slug}/accounts/{world.account.pk}/"
    edit = f"{overview}edit/"
    mine_context, mine, mine_errors = _open_browser(browser, live_server, world.manager)
    theirs_context, theirs, theirs_errors = _open_browser(browser, live_server, world.director)
    try:
        # Both open the form, both edit it.
        mine.goto(edit)
        theirs.goto(edit)
        mine.fill("#id_segment", "Retail")
        mine.fill("#id_country", "Peru")
        theirs.fill("#id_segment", "Wholesale")
        theirs.fill("#id_industry", "Shipping")

        # They save first: a fresh save goes through.
        theirs.click("form.kf-card button.btn-primary")
        theirs.wait_for_url(overview)

        # My save is refused: their version and mine side by side, my typing kept.
        mine.click("form.kf-card button.btn-primary")
        mine.wait_for_selector("[data-conflict]")
        account = Account.objects.get(pk=world.account.pk)
        assert (account.segment, account.industry, account.country) == (
            "Wholesale",
            "Shipping",
            "",
        )
        assert mine.input_value("#id_segment") == "Retail"
        assert mine.input_value("#id_country") == "Peru"
        panel = mine.inner_text("[data-conflict]")
        assert "Wholesale" in panel and "Retail" in panel and "Shipping" in panel
        if language == "en":
            alert = mine.inner_text(".alert-danger")
            assert "Someone else saved this at" in alert
            assert "Your changes are not saved yet." in alert
        screenshot(mine, f"conflict-{language}-1280")
        mine.set_viewport_size({"width": 390, "height": 844})
        screenshot(mine, f"conflict-{language}-390")

        # I keep their segment and industry, my country, and save against their version.
        mine.check("#id_segment-merge-theirs")
        mine.check("#id_industry-merge-theirs")
        mine.click("form.kf-card button.btn-primary")
        mine.wait_for_url(overview)
        account.refresh_from_db()
        assert (account.segment, account.industry, account.country) == (
            "Wholesale",
            "Shipping",
            "Peru",
        )
    finally:
        mine_context.close()
        theirs_context.close()
    assert not mine_errors and not theirs_errors, mine_errors + theirs_errors


def test_an_answer_edited_inline_keeps_the_rule(browser, live_server, world, plan):
    """The plan's answers are edited in place with htmx, one question at a time: the
    refused save comes back in the same place, with both versions, and the merge saves."""
    from keyfolio.plans import services
    from keyfolio.plans.models import PlanAnswer, PlanQuestion

    question = PlanQuestion.objects.get(workspace=world.workspace, key="decision_process")
    services.answer_save(plan=plan, question=question, text="<div>The CFO</div>", by=None)
    tab = f"{live_server.url}/w/{world.slug}/accounts/{world.account.pk}/plan/"
    section = "#q-decision_process"
    mine_context, mine, mine_errors = _open_browser(browser, live_server, world.manager)
    theirs_context, theirs, theirs_errors = _open_browser(browser, live_server, world.director)
    try:
        for page in (mine, theirs):
            page.goto(tab)
            page.click(f"{section} .kf-qedit")
            page.locator(f"{section} trix-editor").click()
        theirs.keyboard.type(" and the board")
        theirs.click(f"{section} button[type=submit]")
        theirs.wait_for_selector(f"{section} .kf-answer")
        mine.keyboard.type(" alone")
        mine.click(f"{section} button[type=submit]")

        mine.wait_for_selector(f"{section} [data-conflict]")
        assert "The CFO and the board" in mine.inner_text(f"{section} [data-theirs]")
        assert "The CFO alone" in mine.inner_text(f"{section} [data-yours]")
        assert PlanAnswer.objects.get(plan=plan).text == "<div>The CFO and the board</div>"
        screenshot(mine, "conflict-answer-en-1280")

        mine.check(f"{section} input[value=theirs]")
        mine.click(f"{section} button[type=submit]")
        mine.wait_for_selector(f"{section} .kf-answer")
        assert PlanAnswer.objects.get(plan=plan).text == "<div>The CFO and the board</div>"
    finally:
        mine_context.close()
        theirs_context.close()
    assert not mine_errors and not theirs_errors, mine_errors + theirs_errors
