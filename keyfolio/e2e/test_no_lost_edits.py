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


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_methodology_shows_both_versions_per_criterion_and_saves_the_merge(
    browser, live_server, world, language
):
    """The methodology page is many forms in one (thresholds, one row per criterion): a
    refused save lists each field that differs with the criterion it belongs to."""
    from keyfolio.assessments.models import Methodology

    world.admin.language = language
    world.admin.save(update_fields=["language"])
    page_url = f"{live_server.url}/w/{world.slug}/settings/methodology/"
    submit = "#kf-methodology-form button[type=submit]"
    mine_context, mine, mine_errors = _open_browser(browser, live_server, world.admin)
    theirs_context, theirs, theirs_errors = _open_browser(browser, live_server, world.owner)
    try:
        mine.goto(page_url)
        theirs.goto(page_url)
        theirs.fill("#id_c-prices-weight", "2")
        theirs.fill("#id_threshold_client", "70")
        theirs.click(submit)
        theirs.wait_for_selector(".alert-success")

        mine.fill("#id_c-prices-weight", "3")
        mine.fill("#id_threshold_client", "60")
        mine.fill("#id_c-service_quality-label_en", "Quality of services")
        mine.click(submit)
        mine.wait_for_selector("[data-conflict]")
        current = Methodology.objects.current_for(world.workspace)
        assert current.version == 2 and current.threshold_client == 70
        assert mine.input_value("#id_c-prices-weight") == "3"
        assert mine.input_value("#id_threshold_client") == "60"
        panel = mine.inner_text("[data-conflict]")
        assert "70" in panel and "60" in panel
        assert ("Цены" if language == "ru" else "Our prices (competitiveness)") in panel
        screenshot(mine, f"conflict-methodology-{language}-1280")
        mine.set_viewport_size({"width": 390, "height": 844})
        screenshot(mine, f"conflict-methodology-{language}-390")

        mine.check("#id_threshold_client-merge-theirs")
        mine.click(submit)
        mine.wait_for_selector(".alert-success")
        current = Methodology.objects.current_for(world.workspace)
        assert current.version == 3 and current.threshold_client == 70
        assert current.criteria.get(key="prices").weight == 3
        assert current.criteria.get(key="service_quality").label_en == "Quality of services"
    finally:
        mine_context.close()
        theirs_context.close()
    assert not mine_errors and not theirs_errors, mine_errors + theirs_errors


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_survey_question_keeps_the_rule_and_its_page_outlives_a_removal(
    browser, live_server, world, language
):
    """Two admins edit one question of the survey: the second save is refused with both
    versions and the merge saves. Then one removes it while the other still types: the
    page says so and adds what was typed as a new question."""
    from keyfolio.surveys.models import QuestionKind, SurveyTemplate

    def survey():
        return SurveyTemplate.objects.current_for(world.workspace)

    world.admin.language = language
    world.admin.save(update_fields=["language"])
    question = survey().questions.get(kind=QuestionKind.TEXT)
    edit = f"{live_server.url}/w/{world.slug}/surveys/settings/questions/{question.pk}/"
    submit = "form.kf-card-body button.btn-primary"
    mine_context, mine, mine_errors = _open_browser(browser, live_server, world.admin)
    theirs_context, theirs, theirs_errors = _open_browser(browser, live_server, world.owner)
    try:
        mine.goto(edit)
        theirs.goto(edit)
        theirs.fill("#id_text_en", "What should we do differently?")
        theirs.click(submit)
        theirs.wait_for_selector(".alert-success")
        mine.fill("#id_text_en", "What could we do better?")
        mine.fill("#id_text_ru", "Что улучшить?")
        mine.click(submit)
        mine.wait_for_selector("[data-conflict]")
        assert survey().questions.get(pk=question.pk).text_en == "What should we do differently?"
        assert mine.input_value("#id_text_en") == "What could we do better?"
        screenshot(mine, f"conflict-survey-question-{language}-1280")
        mine.set_viewport_size({"width": 390, "height": 844})
        screenshot(mine, f"conflict-survey-question-{language}-390")
        mine.check("#id_text_en-merge-theirs")
        mine.click(submit)
        mine.wait_for_selector(".alert-success")
        saved = survey().questions.get(pk=question.pk)  # The same question, its id kept.
        assert (saved.text_en, saved.text_ru) == ("What should we do differently?", "Что улучшить?")

        # They remove it while I edit it again.
        mine.set_viewport_size({"width": 1280, "height": 900})
        mine.goto(edit)
        theirs.goto(f"{live_server.url}/w/{world.slug}/surveys/settings/")
        theirs.once("dialog", lambda dialog: dialog.accept())
        theirs.locator(f"form[action$='/questions/{question.pk}/remove/'] button").click()
        theirs.wait_for_selector(".alert-success")
        mine.fill("#id_text_en", "Anything else?")
        mine.click(submit)
        mine.wait_for_selector("[data-gone]")
        assert mine.input_value("#id_text_en") == "Anything else?"
        screenshot(mine, f"gone-survey-question-{language}-1280")
        mine.set_viewport_size({"width": 390, "height": 844})
        screenshot(mine, f"gone-survey-question-{language}-390")
        mine.click(submit)
        mine.wait_for_selector(".alert-success")
        assert survey().questions.last().text_en == "Anything else?"
    finally:
        mine_context.close()
        theirs_context.close()
    assert not mine_errors and not theirs_errors, mine_errors + theirs_errors
