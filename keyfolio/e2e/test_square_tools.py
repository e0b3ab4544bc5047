"""A director works the square of thirty accounts: names beside the points, a search
that highlights what it finds and says when it finds nothing, bubbles sized by revenue
with their legend, a partly scored account drawn hollow, and the square downloaded as
PNG and SVG."""

from datetime import date
from xml.etree import ElementTree

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from keyfolio.accounts.models import Account
from keyfolio.assessments.services import ScoreInput, assessment_create
from keyfolio.conftest import PASSWORD
from keyfolio.e2e.conftest import log_in, screenshot
from keyfolio.portfolio.tests.test_square import assess
from keyfolio.revenue.selectors import month_start
from keyfolio.revenue.tests.factories import record

pytestmark = pytest.mark.django_db(transaction=True)

# The chart's point items, from ECharts' own options: name, opacity, label shown, size.
POINTS = """() => {
  const chart = echarts.getInstanceByDom(document.getElementById('kf-square-chart'));
  return chart.getOption().series
    .filter((s) => String(s.id).startsWith('points-'))
    .flatMap((s) => s.data.map((d) => ({
      name: d.name,
      opacity: d.itemStyle.opacity,
      labelled: Boolean(d.label && d.label.show),
      size: d.symbolSize,
      hollow: d.itemStyle.color === '#fff',
    })));
}"""


def by_name(page) -> dict[str, dict]:
    return {item["name"]: item for item in page.evaluate(POINTS)}


@pytest.fixture
def thirty(world):
    """Thirty accounts spread over the square (more than the 24 that used to get names),
    two with revenue, one scored on 3 criteria only."""
    for n in range(30):
        account = Account.objects.create(
            workspace=world.workspace, name=f"Client {n:02}", owner=world.director
        )
        assess(account, client=5 + (n * 37) % 90, our=5 + (n * 53) % 90)
    month = month_start(timezone.localdate())
    record(Account.objects.get(name="Client 03"), month, "1000")
    record(Account.objects.get(name="Client 04"), month, "50000")
    partly = Account.objects.create(workspace=world.workspace, name="Halfway", owner=world.director)
    scores = {key: ScoreInput(60) for key in ("client_growth", "need_for_us", "prices")}
    assessment_create(account=partly, assessor=None, scores=scores, assessed_on=date(2025, 5, 1))
    return world


def test_it_finds_sizes_and_downloads_the_square(page, thirty):
    log_in(page, thirty.director.email, PASSWORD)
    page.goto(f"{page.base_url}/w/{thirty.slug}/")
    page.wait_for_selector("#kf-square-chart canvas")
    page.wait_for_timeout(600)  # The first drawing, then the names' places.

    points = by_name(page)
    assert len(points) == 31
    assert sum(p["labelled"] for p in points.values()) >= 10  # Names wherever they fit.
    assert points["Halfway"]["hollow"] and not points["Client 00"]["hollow"]
    assert page.locator("#kf-square-partial").is_visible()

    # A search by part of a name highlights the account and shows its tooltip.
    search = page.get_by_label("Find an account")
    search.fill("halfw")
    status = page.locator("#kf-square-find-status")
    status.filter(has_text="Found: Halfway").wait_for()
    tooltip = page.locator("#kf-square-chart div", has_text="Scored 3 of 15 criteria").last
    tooltip.wait_for()
    points = by_name(page)
    assert points["Halfway"]["labelled"] and points["Halfway"]["opacity"] == 1
    assert points["Client 00"]["opacity"] < 0.5  # The others fade.
    screenshot(page, "square-search")

    search.fill("Client 1")
    status.filter(has_text="Matches found: 10").wait_for()
    search.fill("Umbrella")
    status.filter(has_text="No account on the square matches “Umbrella”.").wait_for()
    assert search.get_attribute("aria-invalid") == "true"
    search.fill("")
    expect(status).to_have_text("")
    assert by_name(page)["Client 00"]["opacity"] > 0.5

    # Bubbles by revenue: the account with the most revenue is the biggest; the legend
    # says what the smallest and the largest bubble stand for.
    page.get_by_text("Revenue", exact=True).click()
    legend = page.locator("#kf-square-size-legend")
    legend.wait_for()
    assert "Largest: €50K" in legend.inner_text()
    assert "Smallest: €1K" in legend.inner_text()
    points = by_name(page)
    assert points["Client 04"]["size"] > points["Client 03"]["size"] > points["Client 00"]["size"]
    screenshot(page, "square-revenue")
    page.get_by_text("Same size", exact=True).click()
    legend.wait_for(state="hidden")
    assert len({p["size"] for p in by_name(page).values()}) == 1

    today = timezone.localdate().isoformat()
    with page.expect_download() as png:
        page.get_by_role("button", name="PNG").click()
    assert png.value.suggested_filename == f"square-{thirty.slug}-{today}.png"
    assert png.value.path().read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    with page.expect_download() as svg:
        page.get_by_role("button", name="SVG").click()
    assert svg.value.suggested_filename == f"square-{thirty.slug}-{today}.svg"
    drawing = svg.value.path().read_text(encoding="utf-8")
    assert drawing.startswith("<svg") and "Client 00" in drawing
    ElementTree.fromstring(drawing)  # Well-formed: an SVG viewer opens it.


def test_the_chart_points_to_its_data_table(page, thirty):
    log_in(page, thirty.director.email, PASSWORD)
    page.goto(f"{page.base_url}/w/{thirty.slug}/")
    chart = page.locator("#kf-square-chart")
    about = page.locator(f"#{chart.get_attribute('aria-describedby')}")
    assert "Accounts on the square" in about.text_content()
    page.get_by_role("link", name="Data table").click()
    page.wait_for_url("**#square-table")
    assert page.locator("#square-table").is_visible()
