import datetime

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from archetypes import documents
from archetypes.models import ActiveIngredient, Archetype
from demo.events import SESSIONS, seed_sessions, session_day
from events import services
from events.models import Registration, SessionIngredient, ThemeSession


def _counts() -> dict[str, int]:
    return {
        "sessions": ThemeSession.objects.count(),
        "registrations": Registration.objects.count(),
        "candidates": SessionIngredient.objects.count(),
        "archetype ingredients": ActiveIngredient.objects.count(),
    }


def test_seeding_twice_adds_nothing(seeded):
    assert f"{len(SESSIONS)} new demo theme sessions." in seeded
    before = _counts()

    assert seed_sessions() == 0
    assert _counts() == before
    assert before["sessions"] == len(SESSIONS)


def test_past_and_upcoming_sessions_for_four_types(seeded):
    now = timezone.now()
    past = ThemeSession.objects.filter(starts_at__lt=now)
    upcoming = ThemeSession.objects.filter(starts_at__gte=now)
    for sessions in (past, upcoming):
        types = set(sessions.values_list("intervention_type__name", flat=True))
        assert len(types) == 4
        assert set(Archetype.objects.filter(intervention_type__name__in=types)) == set(
            Archetype.objects.all()
        )
    assert not past.filter(outcome_summary="").exists()
    assert not upcoming.exclude(outcome_summary="").exists()
    assert set(upcoming.values_list("kind", flat=True)) >= {
        ThemeSession.Kind.TRAINING,
        ThemeSession.Kind.PEER_REVIEW,
        ThemeSession.Kind.EXCURSION,
    }


def test_registrations_keep_the_rules(seeded):
    sessions = ThemeSession.objects.annotate(
        holding=Count("registrations", filter=Q(registrations__status__in=services.PLACE_HOLDING)),
        waiting=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.WAITING)
        ),
    )
    assert Registration.objects.count() == sum(item.registrations for item in SESSIONS)
    for session in sessions:
        assert 0 < session.holding <= session.capacity, session
        assert session.waiting == 0 or session.holding == session.capacity, session
    full = sessions.get(slug="wat-werkt-in-de-huismeesterij")
    assert (full.holding, full.waiting) == (6, 2)
    waiting = full.registrations.filter(status=Registration.Status.WAITING).order_by("created_at")
    assert [item.waiting_position() for item in waiting] == [1, 2]
    assert not Registration.objects.filter(
        status=Registration.Status.ATTENDED, session__starts_at__gte=timezone.now()
    ).exists()
    assert Registration.objects.filter(status=Registration.Status.ATTENDED).count() > 40
    assert not Registration.objects.filter(
        status=Registration.Status.CANCELLED, cancelled_at__isnull=True
    ).exists()
    for registration in Registration.objects.select_related("user", "organisation"):
        assert registration.user.memberships.filter(organisation=registration.organisation)
    limited = ThemeSession.objects.filter(places_per_organisation__isnull=False)
    for session in limited:
        per_organisation = session.registrations.values("organisation").annotate(n=Count("pk"))
        assert max(row["n"] for row in per_organisation) <= session.places_per_organisation


def test_outcomes_are_in_the_archetypes_with_the_session_as_source(seeded):
    for session in ThemeSession.objects.exclude(outcome_summary=""):
        candidates = session.ingredients.all()
        in_archetype = candidates.filter(archetype_ingredient__isnull=False)
        assert in_archetype.count() == 3, session
        assert candidates.filter(archetype_ingredient__isnull=True).exists()
        notes = {item.archetype_ingredient.session_note for item in in_archetype}
        assert len(notes) == 1
        assert notes.pop().startswith(f"{session.title}, ")
        assert documents.theme_sessions(session.archetype) == [
            in_archetype.first().archetype_ingredient.session_note
        ]
    rejected = SessionIngredient.objects.filter(consensus=SessionIngredient.Consensus.REJECTED)
    assert rejected.exists()
    assert not rejected.filter(archetype_ingredient__isnull=False).exists()


def test_archetype_page_names_the_session(seeded, client):
    archetype = Archetype.objects.get(slug="huismeester-complexbeheerder")
    client.force_login(Registration.objects.filter(session__archetype=archetype).first().user)
    response = client.get(archetype.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "Themabijeenkomst Beheer in het complex, 23 januari 2025" in content
    assert "Spreekuur in het complex" in content


@pytest.mark.parametrize(
    "today",
    [datetime.date(2026, 12, 4), datetime.date(2027, 3, 20), datetime.date(2027, 4, 20)],
)
def test_upcoming_demo_sessions_fall_on_working_thursdays_each_its_own(today):
    days = [session_day(item.days_ahead, today=today) for item in SESSIONS if item.days_ahead]
    assert len(set(days)) == len(days)
    for day in days:
        assert day.weekday() == 3
        assert day > today
        assert (day.month, day.day) not in {(12, 24), (12, 25), (12, 26), (12, 31), (1, 1)}
        assert day not in {datetime.date(2027, 5, 6), datetime.date(2027, 4, 27)}  # Ascension
