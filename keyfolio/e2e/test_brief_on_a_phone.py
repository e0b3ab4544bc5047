"""The meeting brief of a busy account on a phone (390 px) and on a desktop, in English
and Russian: the page never scrolls sideways and no two pieces of the sheet's text
overlap."""

import pytest
from django.utils import timezone

from keyfolio.briefs.tests.factories import rich_dossier
from keyfolio.conftest import PASSWORD
from keyfolio.e2e.conftest import log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

# The sheet's texts, each line of each one, that overlap another's (inline boxes are
# measured line by line, so that a phrase wrapped onto two lines is not a box around both).
OVERLAPS = """
() => {
  const sheet = document.querySelector('.kf-brief');
  const leaves = [...sheet.querySelectorAll('*')].filter(
    (e) => e.children.length === 0 && e.textContent.trim() && e.getClientRects().length);
  const boxes = leaves.flatMap((e) => [...e.getClientRects()].map((r) => [e, r]));
  const found = [];
  boxes.forEach(([a, r], i) => boxes.slice(i + 1).forEach(([b, s]) => {
    if (a === b || a.contains(b) || b.contains(a)) return;
    const width = Math.min(r.right, s.right) - Math.max(r.left, s.left);
    const height = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
    if (width > 1 && height > 1) found.push(`${a.textContent.trim()} / ${b.textContent.trim()}`);
  }));
  return found;
}
"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_brief_neither_scrolls_sideways_nor_overlaps(page, world, width, language):
    people = [world.manager, world.teammate, world.director]
    rich_dossier(world.account, today=timezone.localdate(), people=people, size=12)
    log_in(page, world.manager.email, PASSWORD)
    page.set_viewport_size({"width": width, "height": 844})
    base = f"{page.base_url}/w/{world.slug}/accounts/{world.account.pk}/brief"
    for url in (f"{base}/?lang={language}", f"{base}/?lang={language}&full=1",
                f"{base}/print/?lang={language}"):  # fmt: skip
        page.goto(url)
        scroll = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert scroll[0] <= scroll[1], f"{url} scrolls sideways: {scroll}"
        assert page.evaluate(OVERLAPS) == [], url
    screenshot(page, f"brief-print-{language}-{width}")
