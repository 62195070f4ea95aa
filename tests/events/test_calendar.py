import datetime

from django.conf import settings
from icalendar import Calendar

from events import calendar
from events.models import ThemeSession
from tests.factories import ThemeSessionFactory, UserFactory


def _events(ics: bytes):
    parsed = Calendar.from_ical(ics)
    return parsed, list(parsed.walk("VEVENT"))


def test_session_ics_describes_the_session(db):
    session = ThemeSessionFactory(
        title="Wat werkt in de huismeesterij",
        starts_at=datetime.datetime(2030, 3, 14, 13, 30, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2030, 3, 14, 16, 30, tzinfo=datetime.UTC),
        venue="Buurthuis De Schakel",
        address="Hoogstraat 1, Rotterdam",
    )

    parsed, [event] = _events(calendar.session_ics(session))

    assert str(parsed["method"]) == "PUBLISH"
    assert str(event["summary"]) == "Wat werkt in de huismeesterij"
    assert event.decoded("dtstart") == session.starts_at
    assert event.decoded("dtend") == session.ends_at
    assert str(event["location"]) == "Buurthuis De Schakel, Hoogstraat 1, Rotterdam"
    assert str(event["url"]) == settings.SITE_URL + session.get_absolute_url()
    assert str(event["uid"]) == calendar.session_uid(session)


def test_uid_is_stable_and_cancel_supersedes_the_request(db):
    session = ThemeSessionFactory()
    user = UserFactory(email="deelnemer@partner.example")

    _, [request] = _events(calendar.session_ics(session, method="REQUEST", attendee=user))
    parsed, [cancel] = _events(calendar.session_ics(session, method="CANCEL", attendee=user))

    assert request["uid"] == cancel["uid"]
    assert str(parsed["method"]) == "CANCEL"
    assert str(cancel["status"]) == "CANCELLED"
    assert cancel["sequence"] > request["sequence"]
    assert str(request["attendee"]) == "mailto:deelnemer@partner.example"
    assert str(request["organizer"]).startswith("mailto:")


def test_feed_has_every_session_with_its_own_uid(db):
    sessions = ThemeSessionFactory.create_batch(3)
    cancelled = ThemeSessionFactory(
        status=ThemeSession.Status.CANCELLED, online_url="https://x.example/m"
    )

    parsed, events = _events(calendar.feed_ics([*sessions, cancelled]))

    assert str(parsed["method"]) == "PUBLISH"
    assert {str(event["uid"]) for event in events} == {
        calendar.session_uid(session) for session in [*sessions, cancelled]
    }
    assert [str(event["status"]) for event in events] == ["CONFIRMED"] * 3 + ["CANCELLED"]


def test_control_characters_of_old_titles_stay_out_of_the_calendar(db):
    session = ThemeSessionFactory(
        title="Wat werkt\nin de\x0bhuismeesterij\x01",
        venue="Buurthuis\x1b De Schakel",
        description="Eerste regel\x0btweede regel\x08",
    )
    ics = calendar.session_ics(session)
    assert not any(byte < 0x20 and byte not in b"\t\r\n" for byte in ics)
    _parsed, [event] = _events(ics)
    assert str(event["summary"]) == "Wat werkt in de huismeesterij"
    assert str(event["location"]).startswith("Buurthuis De Schakel")
    assert str(event["description"]).startswith("Eerste regel\ntweede regel\n\n")
