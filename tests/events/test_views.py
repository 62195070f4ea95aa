import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from archetypes import choices as archetype_choices
from events import services
from events.models import Registration, ThemeSession
from tests.factories import (
    ArchetypeFactory,
    MembershipFactory,
    OrganisationFactory,
    RegistrationFactory,
    SessionIngredientFactory,
    ThemeSessionFactory,
    UserFactory,
)

CONFIRMED = Registration.Status.CONFIRMED
WAITING = Registration.Status.WAITING
CANCELLED = Registration.Status.CANCELLED


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _past_session(**kwargs) -> ThemeSession:
    starts_at = (timezone.now() - datetime.timedelta(days=7)).replace(microsecond=0)
    return ThemeSessionFactory(
        starts_at=starts_at,
        registration_opens_at=starts_at - datetime.timedelta(days=30),
        registration_closes_at=starts_at - datetime.timedelta(days=1),
        **kwargs,
    )


def _register(client, target, organisation, **data):
    url = reverse("events:register", args=[target.slug])
    return client.post(url, {"organisation": organisation.pk, "remark": "", **data})


# Who may come in


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("events:list", "get"),
        ("events:my_registrations", "get"),
        ("events:detail", "get"),
        ("events:ical", "get"),
        ("events:register", "post"),
        ("events:cancel", "post"),
    ],
)
def test_anonymous_is_sent_to_login(client, db, name, method):
    session = ThemeSessionFactory()
    args = [] if name in {"events:list", "events:my_registrations"} else [session.slug]
    url = reverse(name, args=args)
    response = getattr(client, method)(url)
    assertRedirects(response, f"{reverse('login')}?next={url}", fetch_redirect_response=False)
    assert not Registration.objects.exists()


def test_unknown_session_is_404(client, member_a):
    client.force_login(member_a)
    assert client.get(reverse("events:detail", args=["bestaat-niet"])).status_code == 404


# The programme


def test_list_shows_upcoming_sessions_and_past_ones_in_their_own_tab(client, member_a):
    upcoming = ThemeSessionFactory(title="Wat werkt in buurtbemiddeling", capacity=4)
    past = _past_session(title="Wat werkt in de huismeesterij")
    client.force_login(member_a)
    response = client.get(reverse("events:list"))
    assertContains(response, upcoming.title)
    assertContains(response, "nog 4 plaatsen")
    assertNotContains(response, past.title)
    response = client.get(reverse("events:list"), {"wanneer": "voorbij"})
    assertContains(response, past.title)
    assertNotContains(response, upcoming.title)


def test_list_filters_by_kind_and_intervention_type(client, member_a):
    training = ThemeSessionFactory(title="Training monitoring", kind=ThemeSession.Kind.TRAINING)
    theme = ThemeSessionFactory(title="Wat werkt in buurtbemiddeling")
    typed = ThemeSessionFactory(title="Wat werkt in de huismeesterij")
    typed.intervention_type = ArchetypeFactory().intervention_type
    typed.save(update_fields=["intervention_type"])
    client.force_login(member_a)

    def titles(**query) -> list[str]:
        response = client.get(reverse("events:list"), query)
        return [session.title for session in response.context["page_obj"]]

    assert titles(soort="training") == [training.title]
    assert titles(type=typed.intervention_type.slug) == [typed.title]
    assert set(titles()) == {training.title, theme.title, typed.title}
    response = client.get(reverse("events:list"), {"soort": "excursie"})
    assertContains(response, "Geen bijeenkomst past bij deze filters.")


def test_list_marks_full_and_cancelled_sessions_and_the_users_own_registration(
    client, member_a, partner_a
):
    full = ThemeSessionFactory(title="Volle bijeenkomst", capacity=0)
    ThemeSessionFactory(title="Afgelast", status=ThemeSession.Status.CANCELLED)
    mine = ThemeSessionFactory(title="Mijn bijeenkomst")
    RegistrationFactory(session=mine, user=member_a, organisation=partner_a)
    client.force_login(member_a)
    response = client.get(reverse("events:list"))
    assertContains(response, "Vol: wachtlijst")
    assertContains(response, "Geannuleerd")
    assertContains(response, "Je bent aangemeld")
    assert full.title in response.content.decode()


@pytest.mark.parametrize("rows", [1, 10])
def test_list_queries_do_not_grow_with_sessions(
    client, member_a, partner_a, django_assert_num_queries, rows
):
    for _ in range(rows):
        session = ThemeSessionFactory()
        RegistrationFactory(session=session, user=member_a, organisation=partner_a)
        RegistrationFactory(session=session)
    client.force_login(member_a)
    client.get(reverse("events:list"))
    caches["pages"].clear()  # the page built, not its cached part
    # Session, the user with the data version and the memberships (wwidw.auth.SiteBackend),
    # count, rows, and the intervention types of the filter form.
    with django_assert_num_queries(5):
        response = client.get(reverse("events:list"))
    assert len(response.context["page_obj"]) == rows
    with django_assert_num_queries(2):  # from the cache: session, user with the version
        assert client.get(reverse("events:list")).status_code == 200


# The session page


def test_detail_shows_places_left_and_the_form(client, member_a):
    session = ThemeSessionFactory(
        capacity=5, programme="13.00 Ontvangst", online_url="https://meet.example/wat-werkt"
    )
    RegistrationFactory(session=session)
    client.force_login(member_a)
    response = client.get(session.get_absolute_url())
    assertContains(response, "nog 4 plaatsen")
    assertContains(response, "13.00 Ontvangst")
    assertContains(response, "https://meet.example/wat-werkt")
    assertContains(response, reverse("events:ical", args=[session.slug]))
    assertContains(response, 'action="{}"'.format(reverse("events:register", args=[session.slug])))


def test_detail_offers_only_the_users_organisations(client, member_a, partner_a, partner_b):
    second = OrganisationFactory(name="Woonbron Delfshaven")
    MembershipFactory(user=member_a, organisation=second)
    session = ThemeSessionFactory()
    client.force_login(member_a)
    response = client.get(session.get_absolute_url())
    offered = list(response.context["form"].fields["organisation"].queryset)
    assert offered == [second, partner_a]
    assertContains(response, "Namens")
    assertNotContains(response, partner_b.name)


def test_full_session_says_the_waiting_list(client, member_a):
    session = ThemeSessionFactory(capacity=1)
    RegistrationFactory(session=session)
    client.force_login(member_a)
    assertContains(client.get(session.get_absolute_url()), "Vol: je komt op de wachtlijst")


@pytest.mark.parametrize(
    ("make", "text"),
    [
        (
            lambda: ThemeSessionFactory(status=ThemeSession.Status.CANCELLED),
            "Deze bijeenkomst is geannuleerd; je kunt je niet meer aanmelden.",
        ),
        (_past_session, "Deze bijeenkomst heeft al plaatsgevonden"),
        (
            lambda: ThemeSessionFactory(
                registration_closes_at=timezone.now() - datetime.timedelta(hours=1)
            ),
            "De aanmelding voor deze bijeenkomst is gesloten",
        ),
        (
            lambda: ThemeSessionFactory(
                registration_opens_at=timezone.now() + datetime.timedelta(days=1)
            ),
            "De aanmelding opent op",
        ),
    ],
)
def test_detail_says_why_there_is_no_form(client, member_a, make, text):
    session = make()
    client.force_login(member_a)
    response = client.get(session.get_absolute_url())
    assertContains(response, text)
    assert response.context["form"] is None
    assertNotContains(response, reverse("events:register", args=[session.slug]))


def test_detail_shows_the_users_waiting_position_and_cancel_button(client, member_a, partner_a):
    session = ThemeSessionFactory(capacity=1)
    RegistrationFactory(session=session)
    RegistrationFactory(session=session, status=WAITING)
    RegistrationFactory(session=session, user=member_a, organisation=partner_a, status=WAITING)
    client.force_login(member_a)
    response = client.get(session.get_absolute_url())
    assertContains(response, "Je staat op de wachtlijst, op plaats 2.")
    assertContains(response, reverse("events:cancel", args=[session.slug]))
    assertContains(response, "Afmelden")


def test_past_session_shows_the_outcome_linked_to_the_archetype(client, member_a):
    archetype = ArchetypeFactory(
        status=archetype_choices.Status.PUBLISHED, published_at=timezone.now()
    )
    session = _past_session(archetype=archetype, outcome_summary="Vaste gezichten werken.")
    SessionIngredientFactory(
        session=session, name="Vast gezicht", consensus="verdeeld", supporting_cases="Delft"
    )
    client.force_login(member_a)
    response = client.get(session.get_absolute_url())
    assertContains(response, "Vaste gezichten werken.")
    assertContains(response, "Vast gezicht")
    assertContains(response, "verdeeld")
    assertContains(response, archetype.get_absolute_url())


def test_draft_archetype_is_not_linked(client, member_a):
    archetype = ArchetypeFactory()
    session = _past_session(archetype=archetype)
    client.force_login(member_a)
    assertNotContains(client.get(session.get_absolute_url()), archetype.get_absolute_url())


@pytest.mark.parametrize("rows", [1, 10])
def test_detail_queries_do_not_grow_with_registrations(
    client, member_a, partner_a, django_assert_num_queries, rows
):
    session = ThemeSessionFactory(capacity=5)
    for _ in range(rows):
        RegistrationFactory(session=session, status=WAITING if _ >= 5 else CONFIRMED)
        SessionIngredientFactory(session=session)
    RegistrationFactory(session=session, user=member_a, organisation=partner_a, status=WAITING)
    client.force_login(member_a)
    client.get(session.get_absolute_url())
    # Session, user, the session, own registration, its position, places left, ingredients.
    with django_assert_num_queries(7):
        response = client.get(session.get_absolute_url())
    assert response.context["position"] == max(rows - 5, 0) + 1


# Registering


def test_member_registers_and_is_confirmed(client, member_a, partner_a, mailoutbox):
    session = ThemeSessionFactory(capacity=2)
    client.force_login(member_a)
    response = _register(client, session, partner_a, remark="Vegetarisch")
    assertRedirects(response, session.get_absolute_url())
    registration = Registration.objects.get(session=session)
    assert (registration.user, registration.organisation) == (member_a, partner_a)
    assert (registration.status, registration.remark) == (CONFIRMED, "Vegetarisch")
    assert _messages(response) == [
        "Je bent aangemeld. We hebben je een bevestiging per e-mail gestuurd."
    ]
    assertContains(client.get(session.get_absolute_url()), "nog 1 plaats")


def test_full_session_puts_the_member_on_the_waiting_list(client, member_a, partner_a):
    session = ThemeSessionFactory(capacity=1)
    RegistrationFactory(session=session)
    client.force_login(member_a)
    response = _register(client, session, partner_a)
    assert Registration.objects.get(user=member_a).status == WAITING
    assert _messages(response) == [
        "De bijeenkomst is vol: je staat op de wachtlijst, op plaats 1. Komt er een plaats "
        "vrij, dan schuif je door en laten we het je per e-mail weten."
    ]


def test_capacity_zero_goes_straight_to_the_waiting_list(client, member_a, partner_a):
    session = ThemeSessionFactory(capacity=0)
    client.force_login(member_a)
    response = _register(client, session, partner_a)
    assert response.status_code == 302
    assert Registration.objects.get(user=member_a).status == WAITING


@pytest.mark.parametrize(
    ("make", "text"),
    [
        (
            lambda: ThemeSessionFactory(
                registration_closes_at=timezone.now() - datetime.timedelta(hours=1)
            ),
            "aanmelding",
        ),
        (lambda: ThemeSessionFactory(status=ThemeSession.Status.CANCELLED), "geannuleerd"),
        (_past_session, "plaatsgevonden"),
        (
            lambda: ThemeSessionFactory(
                registration_opens_at=timezone.now() + datetime.timedelta(days=1)
            ),
            "De aanmelding opent op",
        ),
    ],
)
def test_registering_when_it_cannot_gives_a_dutch_message(client, member_a, partner_a, make, text):
    session = make()
    client.force_login(member_a)
    response = _register(client, session, partner_a)
    assertRedirects(response, session.get_absolute_url())
    assert not Registration.objects.exists()
    (message,) = _messages(response)
    assert text.lower() in message.lower(), message


def test_registering_twice_creates_no_second_registration(client, member_a, partner_a):
    session = ThemeSessionFactory()
    client.force_login(member_a)
    _register(client, session, partner_a)
    response = _register(client, session, partner_a)
    assertRedirects(response, session.get_absolute_url())
    assert Registration.objects.filter(user=member_a).count() == 1
    assert _messages(response)[-1] == "Je bent al aangemeld voor deze bijeenkomst."


def test_organisation_limit_gives_a_dutch_message(client, member_a, partner_a):
    session = ThemeSessionFactory(places_per_organisation=1)
    RegistrationFactory(session=session, organisation=partner_a)
    client.force_login(member_a)
    response = _register(client, session, partner_a)
    assert not Registration.objects.filter(user=member_a).exists()
    (message,) = _messages(response)
    assert partner_a.name in message


def test_another_organisation_by_tampering_is_a_form_error(client, member_a, partner_b):
    session = ThemeSessionFactory()
    client.force_login(member_a)
    response = _register(client, session, partner_b)
    assert response.status_code == 400
    assertContains(
        response,
        "Je kunt je alleen aanmelden namens een organisatie waar je bij hoort.",
        status_code=400,
    )
    assert not Registration.objects.exists()


def test_another_user_by_tampering_registers_only_oneself(
    client, member_a, partner_a, member_b, partner_b
):
    session = ThemeSessionFactory()
    client.force_login(member_a)
    _register(client, session, partner_a, user=member_b.pk, session=ThemeSessionFactory().pk)
    registration = Registration.objects.get()
    assert (registration.user, registration.session) == (member_a, session)


def test_user_without_organisation_cannot_register(client, partner_a):
    outsider = UserFactory()
    session = ThemeSessionFactory()
    client.force_login(outsider)
    assertContains(client.get(session.get_absolute_url()), "zodra je bij een organisatie hoort")
    response = _register(client, session, partner_a)
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_register_only_accepts_post(client, member_a):
    session = ThemeSessionFactory()
    client.force_login(member_a)
    assert client.get(reverse("events:register", args=[session.slug])).status_code == 405


# Cancelling


def test_member_cancels_and_the_waiting_list_moves(client, member_a, partner_a, mailoutbox):
    session = ThemeSessionFactory(capacity=1)
    own = RegistrationFactory(session=session, user=member_a, organisation=partner_a)
    waiting = RegistrationFactory(session=session, status=WAITING)
    client.force_login(member_a)
    response = client.post(reverse("events:cancel", args=[session.slug]))
    assertRedirects(response, session.get_absolute_url())
    own.refresh_from_db()
    waiting.refresh_from_db()
    assert (own.status, waiting.status) == (CANCELLED, CONFIRMED)
    assert own.cancelled_at is not None
    assert _messages(response) == [
        "Je bent afgemeld. Zolang de aanmelding open is, kun je je opnieuw aanmelden."
    ]
    client.force_login(waiting.user)
    assertContains(client.get(session.get_absolute_url()), "je plaats is bevestigd")


def test_cancelling_without_registration_says_so(client, member_a):
    session = ThemeSessionFactory()
    client.force_login(member_a)
    response = client.post(reverse("events:cancel", args=[session.slug]))
    assertRedirects(response, session.get_absolute_url())
    assert _messages(response) == [
        "Je hebt geen aanmelding voor deze bijeenkomst om af te melden."
    ]


def test_cancelling_never_touches_another_users_registration(client, member_a, member_b):
    session = ThemeSessionFactory()
    other = RegistrationFactory(session=session, user=member_b)
    client.force_login(member_a)
    client.post(reverse("events:cancel", args=[session.slug]), {"registration": other.pk})
    other.refresh_from_db()
    assert other.status == CONFIRMED


def test_cancelling_a_past_session_gives_a_dutch_message(client, member_a, partner_a):
    session = _past_session()
    own = RegistrationFactory(session=session, user=member_a, organisation=partner_a)
    client.force_login(member_a)
    response = client.post(reverse("events:cancel", args=[session.slug]))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == CONFIRMED
    (message,) = _messages(response)
    assert "afmelden" in message.lower() or "begonnen" in message.lower(), message


def test_registering_again_after_cancelling(client, member_a, partner_a):
    session = ThemeSessionFactory()
    own = RegistrationFactory(session=session, user=member_a, organisation=partner_a)
    services.cancel_registration(registration=own, by=member_a)
    client.force_login(member_a)
    _register(client, session, partner_a)
    assert Registration.objects.filter(user=member_a, status=CONFIRMED).count() == 1


# My registrations and the calendar


def test_my_registrations_lists_upcoming_first_with_status_and_position(
    client, member_a, partner_a, member_b
):
    later = ThemeSessionFactory(
        title="Later", starts_at=timezone.now() + datetime.timedelta(days=20)
    )
    sooner = ThemeSessionFactory(capacity=0, title="Eerder")
    past = _past_session(title="Voorbij")
    RegistrationFactory(session=sooner, status=WAITING)
    RegistrationFactory(session=later, user=member_a, organisation=partner_a)
    RegistrationFactory(session=sooner, user=member_a, organisation=partner_a, status=WAITING)
    RegistrationFactory(session=past, user=member_a, organisation=partner_a)
    RegistrationFactory(session=later, user=member_b)
    client.force_login(member_a)
    response = client.get(reverse("events:my_registrations"))
    assert [r.session.title for r in response.context["upcoming"]] == ["Eerder", "Later"]
    assert [r.session.title for r in response.context["past"]] == ["Voorbij"]
    assertContains(response, "wachtlijst, plaats 2")
    assertContains(response, "bevestigd")


@pytest.mark.parametrize("rows", [1, 10])
def test_my_registrations_queries_do_not_grow(
    client, member_a, partner_a, django_assert_num_queries, rows
):
    for index in range(rows):
        session = ThemeSessionFactory(capacity=0 if index % 2 else 5)
        RegistrationFactory(
            session=session,
            user=member_a,
            organisation=partner_a,
            status=WAITING if index % 2 else CONFIRMED,
        )
    client.force_login(member_a)
    client.get(reverse("events:my_registrations"))
    # Session, user, upcoming, past.
    with django_assert_num_queries(4):
        response = client.get(reverse("events:my_registrations"))
    assert len(response.context["upcoming"]) == rows


def test_ical_is_one_event_for_the_session(client, member_a):
    session = ThemeSessionFactory(title="Wat werkt in buurtbemiddeling")
    client.force_login(member_a)
    response = client.get(reverse("events:ical", args=[session.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == session.title
    assert event.decoded("DTSTART") == session.starts_at


def test_the_next_page_keeps_the_filters_and_the_tab(client, member_a):
    for number in range(21):
        ThemeSessionFactory(kind=ThemeSession.Kind.TRAINING, title=f"Training {number}")
    client.force_login(member_a)
    response = client.get(reverse("events:list"), {"soort": "training", "wanneer": "komend"})
    assertContains(response, 'href="?soort=training&amp;wanneer=komend&amp;page=2"')
    second = client.get(reverse("events:list"), {"soort": "training", "page": "2"})
    assert len(second.context["page_obj"].object_list) == 1
