"""Theme sessions as iCalendar (RFC 5545): one session for an e-mail or a download, and the feed
of every session. Times are written in UTC, so no VTIMEZONE is needed."""

import datetime
from collections.abc import Iterable
from email.utils import parseaddr

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress

from events.models import ThemeSession
from wwidw.text import single_line, visible_text

PRODUCT_ID = "-//Wat Werkt in de Wijk//Themabijeenkomsten//NL"


def session_uid(session: ThemeSession) -> str:
    """The same for every message about the session, so calendars update one event."""
    return f"themabijeenkomst-{session.pk}@watwerktindewijk"


def _sequence(session: ThemeSession) -> int:
    # Grows with every change of the session, as RFC 5546 asks of updates.
    return int(session.updated_at.timestamp()) if session.updated_at else 0


def _message_sequence(method: str) -> int:
    # A participant's messages replace each other in the order they are sent (registered,
    # cancelled, registered again), whatever happened to the session in between.
    now = int(datetime.datetime.now(datetime.UTC).timestamp())
    return now + 1 if method == "CANCEL" else now


def _location(session: ThemeSession) -> str:
    parts = [session.venue, session.address] if session.venue or session.address else []
    return ", ".join(part for part in parts if part) or session.online_url or _("Online")


def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    return calendar


def _event(session: ThemeSession) -> Event:
    url = settings.SITE_URL + session.get_absolute_url()
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", datetime.datetime.now(datetime.UTC))
    event.add("dtstart", session.starts_at.astimezone(datetime.UTC))
    event.add("dtend", session.ends_at.astimezone(datetime.UTC))
    # Calendar text may not hold control characters, which old titles may have.
    event.add("summary", single_line(session.title))
    event.add("location", single_line(_location(session)))
    event.add("url", url)
    description = "\n\n".join(part for part in (session.description, url) if part)
    event.add("description", visible_text(description))
    event.add("sequence", _sequence(session))
    if session.status == ThemeSession.Status.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    return event


def _organizer() -> vCalAddress:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = name or address
    return organizer


def session_ics(session: ThemeSession, *, method: str = "PUBLISH", attendee=None) -> bytes:
    """One session as an .ics file.

    `method` is PUBLISH for a download or a notice (the waiting list), REQUEST for an invitation
    to `attendee` (confirmation, promotion, reminder) and CANCEL when that person's place is
    cancelled: the event is off in their calendar.
    """
    calendar = _calendar(method)
    event = _event(session)
    if method != "PUBLISH":
        event.pop("sequence")
        event.add("sequence", _message_sequence(method))
        event.add("organizer", _organizer())
        if attendee is not None:
            address = vCalAddress(f"mailto:{attendee.email}")
            address.params["cn"] = attendee.get_full_name()
            address.params["role"] = "REQ-PARTICIPANT"
            address.params["partstat"] = "DECLINED" if method == "CANCEL" else "ACCEPTED"
            event.add("attendee", address)
    if method == "CANCEL":
        event.pop("status")
        event.add("status", "CANCELLED")
    calendar.add_component(event)
    return calendar.to_ical()


def feed_ics(sessions: Iterable[ThemeSession]) -> bytes:
    """The iCal feed: every given session as one event, to subscribe to."""
    calendar = _calendar("PUBLISH")
    calendar.add("x-wr-calname", _("Theme sessions Wat Werkt in de Wijk"))
    for session in sessions:
        calendar.add_component(_event(session))
    return calendar.to_ical()
