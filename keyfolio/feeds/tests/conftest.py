"""Fixtures of the calendar feed's tests: a fixed site address, and helpers to give a
member a feed and to read one as a calendar would."""

from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from keyfolio.feeds.services import feed_token_create
from keyfolio.workspaces.models import Membership


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://kam.example.com/"
    cache.clear()  # the feed's rate limit counts there


@pytest.fixture
def today() -> date:
    return timezone.localdate()


def feed_for(user, workspace) -> str:
    """A new feed link's path for `user` in `workspace`."""
    membership = Membership.objects.get(user=user, workspace=workspace)
    return reverse("feeds_public:calendar", args=[feed_token_create(membership=membership)])


def fetch(path: str) -> Calendar:
    response = Client().get(path)
    assert response.status_code == 200, response.status_code
    return Calendar.from_ical(response.content)


def summaries(calendar: Calendar) -> list[str]:
    return [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
