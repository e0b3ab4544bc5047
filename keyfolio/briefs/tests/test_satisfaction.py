"""The client's voice on the brief: the latest survey figures and one comment."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import formats, timezone, translation

from keyfolio.surveys.tests.factories import answered_survey

LONG_COMMENT = (
    "The service team is excellent and answers within the day. Invoicing is another "
    "story: three corrections this quarter, each one a week of back and forth with "
    "our accounts department, which nobody here enjoys."
)


def voice_line(world, lang: str) -> str:
    url = reverse("briefs:brief", args=[world.slug, world.account.pk]) + f"?lang={lang}"
    html = world.client_for(world.manager).get(url).content.decode()
    start = html.index(">", html.index('class="b-gaps b-voice"')) + 1
    block = html[start : html.index("</section>", start)]
    return " ".join(re.sub(r"<[^>]+>", " ", block).split())


def test_it_shows_the_latest_figures_and_the_latest_comment_shortened(world):
    answered_survey(world.account, nps=10, csat=5, comment="Older comment.", days_ago=40)
    answered_survey(world.account, nps=6, csat=4, comment=LONG_COMMENT, days_ago=3,
                    name="Ingrid Halvorsen")  # fmt: skip
    line = voice_line(world, "en")
    day = formats.date_format(timezone.localdate() - timedelta(days=3), "SHORT_DATE_FORMAT")
    assert f"Client satisfaction: NPS 0 · CSAT 100% · last answered {day}" in line
    # One comment, the latest, cut at a word's end within 120 characters.
    assert "Invoicing is another story: three corrections this quarter…”" in line
    assert "each one a week" not in line
    assert f"— Ingrid Halvorsen, {day}" in line
    assert "Older comment" not in line


def test_an_account_never_surveyed_gets_no_line(world):
    url = reverse("briefs:brief", args=[world.slug, world.account.pk])
    html = world.client_for(world.manager).get(url).content.decode()
    assert 'class="kf-brief' in html and "b-voice" not in html


def test_it_shows_the_figures_in_russian(world):
    answered_survey(world.account, nps=9, csat=2, comment="Быстрее отвечайте.", days_ago=3)
    line = voice_line(world, "ru")
    with translation.override("ru"):
        day = formats.date_format(timezone.localdate() - timedelta(days=3), "SHORT_DATE_FORMAT")
    assert "+100" in line and "0%" in line
    assert day in line and "Быстрее отвечайте." in line
