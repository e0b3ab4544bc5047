"""Every page, in a real browser, on the demo portfolio, in English and in Russian:

- axe-core (from npm, the WCAG 2.1 A and AA rules) finds no critical or serious
  violation;
- on a phone (390 px wide) no page scrolls sideways.

The pages are the ones a workspace owner opens; each is named by its URL so that a
failure says where to look."""

import json
from pathlib import Path

import pytest
from django.urls import reverse

from keyfolio.accounts.models import Account
from keyfolio.demo.services import DEMO_EMAIL, DEMO_PASSWORD, demo_load
from keyfolio.e2e.conftest import log_in
from keyfolio.plans.selectors import current_plan

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"critical", "serious"}
PHONE = {"width": 390, "height": 844}


def every_page(slug: str, account: Account) -> list[str]:
    """The pages of the workspace and of one account, as their paths."""
    assessment = account.current_assessment
    plan = current_plan(account)
    assert assessment is not None and plan is not None
    workspace_pages = [
        reverse("workspaces:home"),
        reverse("users:profile"),
        reverse("workspaces:members", args=[slug]),
        reverse("accounts:list", args=[slug]),
        reverse("accounts:create", args=[slug]),
        reverse("portfolio:square", args=[slug]),
        reverse("portfolio:movement", args=[slug]),
        reverse("portfolio:calibration", args=[slug]),
        reverse("playbook:attention", args=[slug]),
        reverse("playbook:settings", args=[slug]),
        reverse("playbook:recommendations", args=[slug]),
        reverse("assessments:methodology", args=[slug]),
        reverse("plans:questions", args=[slug]),
        reverse("intel:competitors", args=[slug]),
        reverse("revenue:offerings", args=[slug]),
        reverse("surveys:settings", args=[slug]),
        reverse("surveys:audience", args=[slug]) + "?zone=key",
    ]
    pk = account.pk
    account_pages = [
        reverse("dossier:overview", args=[slug, pk]),
        reverse("accounts:edit", args=[slug, pk]),
        reverse("accounts:stage_change", args=[slug, pk]),
        reverse("assessments:create", args=[slug, pk]),
        reverse("assessments:detail", args=[slug, assessment.pk]),
        reverse("activities:timeline", args=[slug, pk]),
        reverse("activities:create", args=[slug, pk]),
        reverse("plans:plan", args=[slug, pk]),
        reverse("plans:edit", args=[slug, pk, plan.pk]),
        reverse("stakeholders:map", args=[slug, pk]),
        reverse("intel:index", args=[slug, pk]),
        reverse("revenue:index", args=[slug, pk]),
        reverse("revenue:import", args=[slug, pk]),
        reverse("briefs:brief", args=[slug, pk]),
        reverse("surveys:account", args=[slug, pk]),
    ]
    return workspace_pages + account_pages


@pytest.fixture
def demo_pages(live_server) -> list[str]:
    summary = demo_load(accounts=8)
    account = (
        Account.objects.filter(workspace=summary.workspace, current_assessment__isnull=False)
        .order_by("pk")
        .first()
    )
    assert account is not None
    return every_page(summary.workspace.slug, account)


def set_language(page, language: str) -> None:
    token = page.evaluate(
        "document.cookie.split('; ').find(c => c.startsWith('csrftoken=')).split('=')[1]"
    )
    page.request.post(
        f"{page.base_url}/language/",
        form={"language": language, "next": "/"},
        headers={"X-CSRFToken": token},
    )


def axe_violations(page) -> list[str]:
    """The critical and serious violations axe finds on the page, one line each."""
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": AXE_RULES}, "resultTypes": ["violations"]},
    )
    return [
        f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])}×, e.g. "
        f"{json.dumps(v['nodes'][0]['target'])}: {v['nodes'][0]['failureSummary'][:160]!r})"
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.fixture
def open_page(browser, live_server):
    # CSP stays strict for the pages themselves; the test's own script (axe) is
    # injected through the DevTools protocol, which a CSP cannot see, but Chromium
    # still checks eval-like calls inside it, hence the bypass for this context only.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-US", bypass_csp=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_axe_finds_no_serious_violation_on_any_page(open_page, demo_pages, language):
    page = open_page
    log_in(page, DEMO_EMAIL, DEMO_PASSWORD)
    set_language(page, language)
    found = {}
    for path in demo_pages:
        response = page.goto(f"{page.base_url}{path}")
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    report = "\n".join(f"{path}\n  " + "\n  ".join(lines) for path, lines in found.items())
    assert not found, f"axe ({language}):\n{report}"


@pytest.mark.parametrize("language", ["en", "ru"])
def test_no_page_scrolls_sideways_on_a_phone(open_page, demo_pages, language):
    page = open_page
    page.set_viewport_size(PHONE)
    log_in(page, DEMO_EMAIL, DEMO_PASSWORD)
    set_language(page, language)
    too_wide = {}
    for path in demo_pages:
        page.goto(f"{page.base_url}{path}")
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = width
    assert not too_wide, f"Pages wider than {PHONE['width']} px ({language}): {too_wide}"
