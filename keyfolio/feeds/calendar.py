"""A member's feed as iCalendar (RFC 5545): one all-day event per dated item."""

from datetime import datetime, timedelta

from icalendar import Calendar, Event, vDuration

from keyfolio.feeds.selectors import FeedItem
from keyfolio.workspaces.models import Workspace

PRODID = "-//Keyfolio//Calendar feed//EN"
# How often a calendar should fetch the feed again (RFC 7986 and Outlook's own name).
REFRESH = timedelta(hours=1)


def calendar_ics(workspace: Workspace, items: list[FeedItem], *, now: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Keyfolio: {workspace.name}")
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    # An X- property is text to the library: the duration is written out by hand.
    calendar.add("x-published-ttl", vDuration(REFRESH).to_ical().decode())
    for item in items:
        calendar.add_component(_event(item, now=now))
    return calendar.to_ical()


def _event(item: FeedItem, *, now: datetime) -> Event:
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", now)
    event.add("dtstart", item.day)
    event.add("dtend", item.day + timedelta(days=1))
    event.add("summary", f"{item.account_name}: {item.title}")
    event.add("description", f"{item.title}\n\n{item.url}")
    event.add("url", item.url)
    event.add("transp", "TRANSPARENT")  # a task's day, not a busy meeting
    if item.last_modified is not None:
        event.add("last-modified", item.last_modified)
    return event
