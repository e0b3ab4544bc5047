"""The meeting as an iCalendar invitation (RFC 5545) that links to its brief."""

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from keyfolio.meetings.models import CallPlan

PRODID = "-//Keyfolio//Meeting//EN"


def meeting_ics(plan: CallPlan, *, brief_url: str) -> bytes:
    """One all-day event on the meeting's day (the plan holds a date, not an hour), with
    the purpose, the place and the link to the meeting brief."""
    activity = plan.activity
    event = Event()
    event.add("uid", f"meeting-{plan.pk}@keyfolio")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", activity.occurred_on)
    event.add("dtend", activity.occurred_on + timedelta(days=1))
    event.add(
        "summary", f"{plan.account.name}: {plan.purpose}" if plan.purpose else plan.account.name
    )
    if plan.place:
        event.add("location", plan.place)
    event.add(
        "description", "\n\n".join(filter(None, [plan.purpose, plan.primary_objective, brief_url]))
    )
    event.add("url", brief_url)
    event.add("last-modified", plan.updated_at)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    return calendar.to_ical()
