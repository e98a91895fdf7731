"""A person's sessions as an iCalendar feed (RFC 5545) that calendar apps can subscribe to."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import icalendar
from django.conf import settings

from steadfast.cohorts.models import CohortSession

UID_DOMAIN = "steadfast.sessions"


def session_uid(session: CohortSession) -> str:
    return f"session-{session.pk}@{UID_DOMAIN}"


def feed_ics(sessions: Iterable[CohortSession], *, now: datetime) -> bytes:
    """Events carry DTSTART/DTEND with a TZID in the cohort's zone (and the VTIMEZONE for
    it), a stable UID, DTSTAMP and a SEQUENCE that rises when a session moves or is
    cancelled, so apps update their copy instead of adding another."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Steadfast//Cohort sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Steadfast sessions")
    for session in sessions:
        zone = session.cohort.zone
        start = session.starts_at.astimezone(zone)
        event = icalendar.Event()
        event.add("uid", session_uid(session))
        event.add("dtstamp", now)
        event.add("dtstart", start)
        event.add("dtend", session.ends_at.astimezone(zone))
        event.add("summary", f"{session.cohort.title}: {session.title}")
        event.add("sequence", session.sequence)
        event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
        cohort = session.cohort
        if cohort.format == "online":
            event.add("location", "Online")
            event.add("url", cohort.video_link)
        else:
            event.add("location", cohort.place)
        event.add("description", f"Your sessions: {settings.SITE_URL}/cohorts/")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    ics: bytes = calendar.to_ical()
    return ics
