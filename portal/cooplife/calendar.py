"""An event as a calendar file (iCalendar, RFC 5545): times in the event's time zone with its VTIMEZONE,
a UID that stays the same for the event (so a calendar updates the entry instead of adding one), and the
event's revision as SEQUENCE."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from portal.cooplife.models import CoopEvent

PRODUCT_ID = "-//Smart Portal//Cooperative life//EN"


def event_uid(event: CoopEvent) -> str:
    host = urlsplit(settings.PORTAL_BASE_URL).hostname or "localhost"
    return f"event-{event.uid}@{host}"


def event_calendar(event: CoopEvent, *, with_link: bool) -> bytes:
    """The .ics file of ``event``; ``with_link``: whether the reader may see the online link."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = CalendarEvent()
    entry.add("uid", event_uid(event))
    entry.add("dtstamp", timezone.now())
    entry.add("sequence", event.sequence)
    entry.add("dtstart", event.local_start)
    entry.add("dtend", event.local_end)
    entry.add("summary", event.title)
    entry.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    page = settings.PORTAL_BASE_URL + reverse("cooplife:event_detail", args=[event.pk])
    entry.add("url", page)
    description = event.description
    place = event.place
    if with_link and event.online_url:
        description = f"{description}\n\n{event.online_url}".strip()
        place = place or event.online_url
    if description:
        entry.add("description", description)
    if place:
        entry.add("location", place)
    calendar.add_component(entry)
    # The time zone's rules for the year around the event only (the default spans 1970 to 2038).
    start = event.local_start.date()
    calendar.add_missing_timezones(first_date=start - timedelta(days=366), last_date=start + timedelta(days=366))
    return calendar.to_ical()
