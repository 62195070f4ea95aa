"""Registrations at the same moment from separate database connections, against the real
PostgreSQL: the row lock on the session keeps the confirmed count at the capacity."""

import threading

import pytest
from django.db import connection
from icalendar import Calendar

from events import calendar, services
from events.models import Registration
from tests.factories import MembershipFactory, OrganisationFactory, ThemeSessionFactory

THREADS = 12
CAPACITY = 3


def _register_all_at_once(session, memberships) -> list[Exception]:
    barrier = threading.Barrier(len(memberships))
    errors = []

    def register(membership):
        try:
            barrier.wait()
            services.register(
                session=session, user=membership.user, organisation=membership.organisation
            )
        except Exception as error:  # every failure is collected and asserted
            errors.append(error)
        finally:
            # Each thread has its own connection; close it so the test database can be dropped.
            connection.close()

    threads = [threading.Thread(target=register, args=(item,)) for item in memberships]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_simultaneous_registrations_never_exceed_the_capacity(reference_data, mailoutbox):
    organisation = OrganisationFactory()
    session = ThemeSessionFactory(capacity=CAPACITY, title="Wat werkt in de buurtbemiddeling")
    memberships = MembershipFactory.create_batch(THREADS, organisation=organisation)

    errors = _register_all_at_once(session, memberships)

    assert errors == []
    registrations = list(session.registrations.all())
    assert len(registrations) == THREADS
    confirmed = [r for r in registrations if r.status == Registration.Status.CONFIRMED]
    waiting = [r for r in registrations if r.status == Registration.Status.WAITING]
    assert len(confirmed) == CAPACITY
    positions = sorted(r.waiting_position() for r in waiting)
    assert positions == list(range(1, THREADS - CAPACITY + 1))
    assert session.places_left() == 0

    # Every registration was mailed after its commit, with the session as .ics attachment.
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        membership.user.email for membership in memberships
    )
    methods = []
    for message in mailoutbox:
        [(_, content, _)] = message.attachments
        parsed = Calendar.from_ical(content)
        [event] = parsed.walk("VEVENT")
        assert str(event["summary"]) == "Wat werkt in de buurtbemiddeling"
        assert event.decoded("dtstart") == session.starts_at
        assert str(event["uid"]) == calendar.session_uid(session)
        methods.append(str(parsed["method"]))
    assert methods.count("REQUEST") == CAPACITY
    assert methods.count("PUBLISH") == THREADS - CAPACITY


@pytest.mark.django_db(transaction=True)
def test_a_double_click_at_the_same_moment_registers_once(reference_data):
    session = ThemeSessionFactory(capacity=CAPACITY)
    membership = MembershipFactory()

    errors = _register_all_at_once(session, [membership] * 4)

    assert len(errors) == 3
    assert all(isinstance(error, services.AlreadyRegisteredError) for error in errors)
    assert session.registrations.count() == 1
