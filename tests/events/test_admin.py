import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from archetypes import choices
from events.models import Registration, SessionIngredient, ThemeSession
from tests.factories import (
    ActiveIngredientFactory,
    ArchetypeFactory,
    RegistrationFactory,
    SessionIngredientFactory,
    ThemeSessionFactory,
    UserFactory,
)

CHANGELIST = "admin:events_themesession_changelist"
REGISTRATIONS = "admin:events_registration_changelist"
INGREDIENTS = "admin:events_sessioningredient_changelist"
Status = Registration.Status


def _change_url(session):
    return reverse("admin:events_themesession_change", args=[session.pk])


def _attendees_url(session):
    return reverse("admin:events_themesession_attendees", args=[session.pk])


def _signin_sheet_url(session):
    return reverse("admin:events_themesession_signin_sheet", args=[session.pk])


def _act(client, url_name, action, objects, **kwargs):
    return client.post(
        reverse(url_name),
        {"action": action, "_selected_action": [item.pk for item in objects]},
        **kwargs,
    )


def _register(session, name, organisation, status=Status.CONFIRMED, **kwargs):
    return RegistrationFactory(
        session=session,
        user=UserFactory(full_name=name),
        organisation=organisation,
        status=status,
        **kwargs,
    )


@pytest.fixture
def staff_without_group(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def office(client, programme_staff):
    client.force_login(programme_staff)
    return programme_staff


@pytest.fixture
def session(partner_a, partner_b):
    """A session with two confirmed participants, one present, one on the waiting list and
    one cancelled."""
    session = ThemeSessionFactory(title="Wat werkt in de huismeesterij", capacity=3)
    _register(session, "Youssef El Amrani", partner_a)
    _register(session, "Rachid Bouzian", partner_b, status=Status.ATTENDED)
    _register(session, "Lotte Verbeek", partner_b)
    _register(session, "Fatma Yildiz", partner_a, status=Status.WAITING)
    _register(session, "Sven Hoekstra", partner_a, status=Status.CANCELLED)
    return session


# Who may run sessions


ADMIN_URLS = [
    lambda session: reverse(CHANGELIST),
    _change_url,
    _attendees_url,
    _signin_sheet_url,
    lambda session: reverse(REGISTRATIONS),
    lambda session: reverse(INGREDIENTS),
]
ADMIN_URL_IDS = ["changelist", "change", "csv", "pdf", "registrations", "ingredients"]


@pytest.mark.parametrize("url", ADMIN_URLS, ids=ADMIN_URL_IDS)
def test_non_staff_are_sent_to_the_admin_login(client, manager_a, url):
    client.force_login(manager_a)
    target = url(ThemeSessionFactory())
    response = client.get(target)
    assertRedirects(response, f"{reverse('admin:login')}?next={target}")


@pytest.mark.parametrize("url", ADMIN_URLS, ids=ADMIN_URL_IDS)
def test_staff_outside_the_programme_office_get_403(client, staff_without_group, url):
    client.force_login(staff_without_group)
    response = client.get(url(ThemeSessionFactory()))
    assert response.status_code == 403


def test_staff_outside_the_programme_office_cannot_mark_attendance(
    client, staff_without_group, session
):
    client.force_login(staff_without_group)
    confirmed = session.registrations.get(user__full_name="Youssef El Amrani")
    response = _act(client, REGISTRATIONS, "mark_attended", [confirmed])
    assert response.status_code == 403
    confirmed.refresh_from_db()
    assert confirmed.status == Status.CONFIRMED


# The list


def test_changelist_shows_kind_start_places_and_waiting_list(client, office, session):
    response = client.get(reverse(CHANGELIST))
    assertContains(response, "Wat werkt in de huismeesterij")
    assertContains(response, "Themabijeenkomst")
    assertContains(response, '<td class="field-places">3 / 3</td>', html=True)
    assertContains(response, '<td class="field-waiting">1</td>', html=True)
    assertContains(response, "Aanwezigheidslijst (CSV)")
    assertContains(response, "Tekenlijst (PDF)")


def test_changelist_filters_upcoming_and_past_kind_and_searches(client, office):
    ThemeSessionFactory(title="Intervisie verkoop")
    starts_at = timezone.now() - datetime.timedelta(days=30)
    ThemeSessionFactory(
        title="Training de monitormodule",
        kind=ThemeSession.Kind.TRAINING,
        starts_at=starts_at,
        registration_opens_at=starts_at - datetime.timedelta(days=30),
        registration_closes_at=starts_at - datetime.timedelta(days=1),
    )
    url = reverse(CHANGELIST)
    response = client.get(url, {"wanneer": "komend"})
    assertContains(response, "Intervisie verkoop")
    assertNotContains(response, "Training de monitormodule")
    response = client.get(url, {"wanneer": "voorbij"})
    assertContains(response, "Training de monitormodule")
    assertNotContains(response, "Intervisie verkoop")
    response = client.get(url, {"kind__exact": ThemeSession.Kind.TRAINING})
    assertContains(response, "Training de monitormodule")
    assertNotContains(response, "Intervisie verkoop")
    response = client.get(url, {"q": "intervisie"})
    assertContains(response, "Intervisie verkoop")
    assertNotContains(response, "Training de monitormodule")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_changelist_queries_do_not_grow_with_the_rows(client, office):
    RegistrationFactory()
    with_one = _queries(client, reverse(CHANGELIST))
    RegistrationFactory.create_batch(9)
    assert _queries(client, reverse(CHANGELIST)) == with_one


def test_registration_changelist_queries_do_not_grow_with_the_rows(client, office):
    RegistrationFactory()
    with_one = _queries(client, reverse(REGISTRATIONS))
    RegistrationFactory.create_batch(9)
    assert _queries(client, reverse(REGISTRATIONS)) == with_one


# The change form with its inlines


def test_change_form_shows_registrations_and_candidate_ingredients(client, office, session):
    SessionIngredientFactory(session=session, name="Vast gezicht")
    response = client.get(_change_url(session))
    for name in ("Youssef El Amrani", "Rachid Bouzian", "Fatma Yildiz", "Vast gezicht"):
        assertContains(response, name)
    assertContains(response, "Voorgestelde werkzame bestanddelen")
    assertContains(response, f'href="{_attendees_url(session)}"')
    assertContains(response, f'href="{_signin_sheet_url(session)}"')
    formsets = {
        formset.formset.prefix: formset.formset
        for formset in response.context["inline_admin_formsets"]
    }
    existing = formsets["registrations"]
    assert len(existing.forms) == 5
    # Who registered, for which organisation, cannot be changed; the status can.
    assert set(existing.forms[0].fields) >= {"status", "remark"}
    assert not {"user", "organisation"} & set(existing.forms[0].fields)
    assert set(formsets["registrations-2"].form.base_fields) >= {"user", "organisation"}


def test_change_form_queries_do_not_grow_with_the_registrations(client, office):
    session = ThemeSessionFactory()
    RegistrationFactory(session=session)
    SessionIngredientFactory(session=session)
    # The first view of a change form looks up its content type, which this process keeps
    # after; whether an earlier test did so must not matter.
    client.get(_change_url(session))
    with_one = _queries(client, _change_url(session))
    RegistrationFactory.create_batch(9, session=session)
    SessionIngredientFactory.create_batch(9, session=session)
    assert _queries(client, _change_url(session)) == with_one


def _split(name: str, moment: datetime.datetime) -> dict:
    local = timezone.localtime(moment)
    return {f"{name}_0": local.strftime("%d-%m-%Y"), f"{name}_1": local.strftime("%H:%M:%S")}


def _management_form(prefix: str, total: int, initial: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def _session_data(session: ThemeSession, **changes) -> dict:
    """The change form as it comes, with `changes` on top: the session, its registrations in
    the order of the inline, no new registrations and its candidate ingredients."""
    registrations = list(session.registrations.order_by("created_at", "pk"))
    ingredients = list(session.ingredients.order_by("pk"))
    data = {
        "title": session.title,
        "slug": session.slug,
        "kind": session.kind,
        "status": session.status,
        "intervention_type": session.intervention_type_id or "",
        "archetype": session.archetype_id or "",
        "description": session.description,
        "programme": session.programme,
        "venue": session.venue,
        "address": session.address,
        "online_url": session.online_url,
        "capacity": session.capacity,
        "places_per_organisation": session.places_per_organisation or "",
        "outcome_summary": session.outcome_summary,
        **_split("starts_at", session.starts_at),
        **_split("ends_at", session.ends_at),
        **_split("registration_opens_at", session.registration_opens_at),
        **_split("registration_closes_at", session.registration_closes_at),
        **_management_form("registrations", len(registrations), len(registrations)),
        **_management_form("registrations-2", 0, 0),
        **_management_form("ingredients", len(ingredients), len(ingredients)),
    }
    for index, registration in enumerate(registrations):
        prefix = f"registrations-{index}"
        data[f"{prefix}-id"] = registration.pk
        data[f"{prefix}-session"] = session.pk
        data[f"{prefix}-status"] = registration.status
        data[f"{prefix}-remark"] = registration.remark
    for index, ingredient in enumerate(ingredients):
        prefix = f"ingredients-{index}"
        data[f"{prefix}-id"] = ingredient.pk
        data[f"{prefix}-session"] = session.pk
        data[f"{prefix}-name"] = ingredient.name
        data[f"{prefix}-description"] = ingredient.description
        data[f"{prefix}-consensus"] = ingredient.consensus
        data[f"{prefix}-supporting_cases"] = ingredient.supporting_cases
    data.update(changes)
    return data


def test_unchanged_change_form_saves(client, office, session):
    response = client.post(_change_url(session), _session_data(session))
    assertRedirects(response, reverse(CHANGELIST))
    statuses = sorted(session.registrations.values_list("status", flat=True))
    assert statuses == sorted(
        [Status.CONFIRMED, Status.ATTENDED, Status.CONFIRMED, Status.WAITING, Status.CANCELLED]
    )


def test_session_ending_before_it_starts_is_a_clear_form_error(client, office, session):
    data = _session_data(session, **_split("ends_at", session.starts_at))
    response = client.post(_change_url(session), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["ends_at"] == [
        "De bijeenkomst eindigt voordat ze begint. Kies een einde na het begin."
    ]
    assert "__all__" not in errors
    session.refresh_from_db()
    assert session.ends_at > session.starts_at


def test_registration_closing_before_opening_or_after_the_end_is_a_clear_error(
    client, office, session
):
    data = _session_data(
        session, **_split("registration_closes_at", session.registration_opens_at)
    )
    response = client.post(_change_url(session), data)
    assertContains(response, "De aanmelding sluit voordat ze opent.")
    late = session.ends_at + datetime.timedelta(hours=1)
    response = client.post(
        _change_url(session), _session_data(session, **_split("registration_closes_at", late))
    )
    assertContains(response, "De aanmelding sluit pas na afloop van de bijeenkomst.")


def test_add_form_creates_a_session(client, office):
    starts_at = (timezone.now() + datetime.timedelta(days=20)).replace(microsecond=0)
    data = {
        "title": "Intervisie verkoop",
        "slug": "intervisie-verkoop",
        "kind": ThemeSession.Kind.PEER_REVIEW,
        "status": ThemeSession.Status.PLANNED,
        "capacity": 12,
        "places_per_organisation": 2,
        **_split("starts_at", starts_at),
        **_split("ends_at", starts_at + datetime.timedelta(hours=3)),
        **_split("registration_opens_at", starts_at - datetime.timedelta(days=20)),
        **_split("registration_closes_at", starts_at - datetime.timedelta(days=2)),
        **_management_form("registrations", 0, 0),
        **_management_form("registrations-2", 0, 0),
        **_management_form("ingredients", 0, 0),
    }
    response = client.post(reverse("admin:events_themesession_add"), data)
    assertRedirects(response, reverse(CHANGELIST))
    session = ThemeSession.objects.get(slug="intervisie-verkoop")
    assert (session.capacity, session.places_per_organisation) == (12, 2)
    assert session.starts_at == starts_at


def test_marking_attendance_in_the_inline(client, office, session):
    youssef = session.registrations.get(user__full_name="Youssef El Amrani")
    index = list(session.registrations.order_by("created_at", "pk")).index(youssef)
    data = _session_data(session, **{f"registrations-{index}-status": Status.ATTENDED})
    response = client.post(_change_url(session), data)
    assertRedirects(response, reverse(CHANGELIST))
    youssef.refresh_from_db()
    assert youssef.status == Status.ATTENDED


def test_cancelling_in_the_inline_moves_the_waiting_list_up(
    client, office, session, mailoutbox, django_capture_on_commit_callbacks
):
    lotte = session.registrations.get(user__full_name="Lotte Verbeek")
    index = list(session.registrations.order_by("created_at", "pk")).index(lotte)
    data = _session_data(
        session,
        **{
            f"registrations-{index}-status": Status.CANCELLED,
            f"registrations-{index}-remark": "Ziek",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_change_url(session), data)
    assertRedirects(response, reverse(CHANGELIST))
    lotte.refresh_from_db()
    assert (lotte.status, lotte.remark) == (Status.CANCELLED, "Ziek")
    assert lotte.cancelled_at is not None
    fatma = session.registrations.get(user__full_name="Fatma Yildiz")
    assert fatma.status == Status.CONFIRMED
    assert {message.to[0] for message in mailoutbox} == {lotte.user.email, fatma.user.email}


def test_a_present_participant_cannot_be_cancelled_in_the_inline(client, office, session):
    rachid = session.registrations.get(user__full_name="Rachid Bouzian")
    index = list(session.registrations.order_by("created_at", "pk")).index(rachid)
    data = _session_data(session, **{f"registrations-{index}-status": Status.CANCELLED})
    response = client.post(_change_url(session), data)
    assert response.status_code == 200
    assertContains(response, "Deze deelnemer was aanwezig en kan niet worden geannuleerd")
    rachid.refresh_from_db()
    assert rachid.status == Status.ATTENDED


def test_adding_a_registration_in_the_inline(client, office, session, partner_a, member_a):
    data = _session_data(
        session,
        **_management_form("registrations-2", 1, 0),
        **{
            "registrations-2-0-user": member_a.pk,
            "registrations-2-0-organisation": partner_a.pk,
            "registrations-2-0-status": Status.CONFIRMED,
            "registrations-2-0-remark": "Op verzoek van het programmabureau",
        },
    )
    response = client.post(_change_url(session), data)
    assertRedirects(response, reverse(CHANGELIST))
    registration = session.registrations.get(user=member_a)
    assert (registration.organisation, registration.status) == (partner_a, Status.CONFIRMED)


def test_adding_a_registration_for_another_organisation_is_refused(
    client, office, session, partner_b, member_a
):
    data = _session_data(
        session,
        **_management_form("registrations-2", 1, 0),
        **{
            "registrations-2-0-user": member_a.pk,
            "registrations-2-0-organisation": partner_b.pk,
            "registrations-2-0-status": Status.CONFIRMED,
        },
    )
    response = client.post(_change_url(session), data)
    assert response.status_code == 200
    assertContains(response, "hoort niet bij Hofstad Woonkracht")
    assert not session.registrations.filter(user=member_a).exists()


def test_adding_a_second_active_registration_is_refused(client, office, session):
    youssef = session.registrations.get(user__full_name="Youssef El Amrani")
    data = _session_data(
        session,
        **_management_form("registrations-2", 1, 0),
        **{
            "registrations-2-0-user": youssef.user_id,
            "registrations-2-0-organisation": youssef.organisation_id,
            "registrations-2-0-status": Status.WAITING,
        },
    )
    response = client.post(_change_url(session), data)
    assert response.status_code == 200
    assert session.registrations.filter(user=youssef.user).count() == 1


# The attendee list


def _csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content.removeprefix("\ufeff")), delimiter=";"))


def test_attendee_list_as_csv(client, office, session):
    response = client.get(_attendees_url(session))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="aanwezigheidslijst-{session.slug}.csv"'
    )
    rows = _csv(response)
    assert rows[0] == [
        "Bijeenkomst",
        "Naam",
        "E-mail",
        "Organisatie",
        "Status",
        "Aangemeld op",
    ]
    # The people who come by name, then the waiting list; no cancelled registrations.
    assert [row[1] for row in rows[1:]] == [
        "Lotte Verbeek",
        "Rachid Bouzian",
        "Youssef El Amrani",
        "Fatma Yildiz",
    ]
    lotte = session.registrations.select_related("user").get(user__full_name="Lotte Verbeek")
    registered_at = timezone.localtime(lotte.created_at).replace(microsecond=0, tzinfo=None)
    assert rows[1] == [
        "Wat werkt in de huismeesterij",
        "Lotte Verbeek",
        lotte.user.email,
        "Hofstad Woonkracht",
        "Bevestigd",
        registered_at.isoformat(sep=" "),
    ]
    assert [row[4] for row in rows[1:]] == ["Bevestigd", "Aanwezig", "Bevestigd", "Wachtlijst"]


def test_attendee_list_action_exports_the_chosen_sessions(client, office, session, partner_a):
    other = ThemeSessionFactory(title="=Intervisie verkoop")
    _register(other, "Jeroen Bakker", partner_a)
    ThemeSessionFactory(title="Niet gekozen")
    response = _act(client, CHANGELIST, "attendee_list", [session, other])
    assert response["Content-Disposition"] == 'attachment; filename="aanwezigheidslijst.csv"'
    rows = _csv(response)
    assert {row[0] for row in rows[1:]} == {
        "Wat werkt in de huismeesterij",
        "'=Intervisie verkoop",
    }
    assert len(rows) == 1 + 4 + 1


# The sign-in sheet


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_signin_sheet_lists_the_participants_with_their_organisations(client, office, session):
    response = client.get(_signin_sheet_url(session))
    assert (
        response["Content-Disposition"] == f'attachment; filename="tekenlijst-{session.slug}.pdf"'
    )
    text = _pdf_text(response)
    assert "Tekenlijst" in text
    assert "Wat werkt in de huismeesterij" in text
    assert "Handtekening" in text
    for name in ("Youssef El Amrani", "Rachid Bouzian", "Lotte Verbeek"):
        assert name in text
    assert "Woonstichting De Maasoever" in text
    assert "Hofstad Woonkracht" in text
    # Not expected: the waiting list and the cancelled.
    assert "Fatma Yildiz" not in text
    assert "Sven Hoekstra" not in text
    assert "3 aangemelde deelnemers" in text


def test_signin_sheet_action_prints_a_sheet_per_session(client, office, session, partner_a):
    other = ThemeSessionFactory(title="Intervisie verkoop")
    _register(other, "Jeroen Bakker", partner_a)
    response = _act(client, CHANGELIST, "signin_sheet", [session, other])
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2
    first, second = (" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Youssef El Amrani" in first
    assert "Jeroen Bakker" in second


def test_signin_sheet_html_in_debug(client, office, session, settings):
    settings.DEBUG = True
    response = client.get(_signin_sheet_url(session), {"html": 1})
    assertContains(response, "Youssef El Amrani")
    assertContains(response, 'class="signin-table"')


def test_exports_of_an_unknown_session_go_back_to_the_admin(client, office):
    for name in ("attendees", "signin_sheet"):
        response = client.get(reverse(f"admin:events_themesession_{name}", args=[999999]))
        assert response.status_code == 302


# Registrations


def test_mark_as_present_action(client, office, session):
    chosen = list(session.registrations.exclude(user__full_name="Sven Hoekstra"))
    response = _act(client, REGISTRATIONS, "mark_attended", chosen, follow=True)
    assertContains(response, "3 deelnemers als aanwezig gemarkeerd.")
    assertContains(response, "1 aanmelding is niet gemarkeerd")
    statuses = dict(session.registrations.values_list("user__full_name", "status"))
    assert statuses == {
        "Youssef El Amrani": Status.ATTENDED,
        "Rachid Bouzian": Status.ATTENDED,
        "Lotte Verbeek": Status.ATTENDED,
        "Fatma Yildiz": Status.WAITING,
        "Sven Hoekstra": Status.CANCELLED,
    }


def test_cancel_action_moves_the_waiting_list_up(client, office, session):
    youssef = session.registrations.get(user__full_name="Youssef El Amrani")
    rachid = session.registrations.get(user__full_name="Rachid Bouzian")
    response = _act(client, REGISTRATIONS, "cancel", [youssef, rachid], follow=True)
    assertContains(response, "1 aanmelding geannuleerd")
    assertContains(response, "1 aanmelding is niet geannuleerd: de deelnemer was aanwezig.")
    youssef.refresh_from_db()
    assert youssef.status == Status.CANCELLED
    assert session.registrations.get(user__full_name="Fatma Yildiz").status == Status.CONFIRMED


def test_registration_change_form_marks_attendance_and_keeps_the_person(client, office, session):
    youssef = session.registrations.get(user__full_name="Youssef El Amrani")
    url = reverse("admin:events_registration_change", args=[youssef.pk])
    response = client.get(url)
    assert set(response.context["adminform"].form.fields) == {"status", "remark"}
    response = client.post(url, {"status": Status.ATTENDED, "remark": "Kwam later"})
    assertRedirects(response, reverse(REGISTRATIONS))
    youssef.refresh_from_db()
    assert (youssef.status, youssef.remark) == (Status.ATTENDED, "Kwam later")


def test_registrations_cannot_be_deleted(client, office, session):
    registration = session.registrations.first()
    response = client.get(reverse("admin:events_registration_delete", args=[registration.pk]))
    assert response.status_code == 403


# Promoting the outcome into the archetype


@pytest.fixture
def outcome(session):
    session.archetype = ArchetypeFactory(title="Huismeester in het complex")
    session.save()
    ActiveIngredientFactory(archetype=session.archetype, position=4, name="Vast gezicht")
    return [
        SessionIngredientFactory(session=session, name="Spreekuur in het complex"),
        SessionIngredientFactory(
            session=session,
            name="Boetes voor overlast",
            consensus=SessionIngredient.Consensus.REJECTED,
        ),
    ]


def test_to_the_archetype_action_promotes_the_chosen_ingredients(client, office, session, outcome):
    response = _act(client, INGREDIENTS, "promote", outcome, follow=True)
    assertContains(response, "1 bestanddeel staat nu in het archetype")
    assertContains(response, "Boetes voor overlast: ")
    promoted = session.archetype.active_ingredients.get(name="Spreekuur in het complex")
    assert promoted.support == choices.Support.PRACTICE
    assert promoted.position == 5
    assert promoted.session_note.startswith("Wat werkt in de huismeesterij, ")
    outcome[0].refresh_from_db()
    assert outcome[0].archetype_ingredient == promoted
    assert not session.archetype.active_ingredients.filter(name="Boetes voor overlast").exists()
    response = client.get(reverse(INGREDIENTS))
    assertContains(response, "Huismeester in het complex: Spreekuur in het complex")


def test_to_the_archetype_without_archetype_says_what_to_do(client, office):
    ingredient = SessionIngredientFactory(name="Spreekuur in het complex")
    response = _act(client, INGREDIENTS, "promote", [ingredient], follow=True)
    assertContains(response, "Spreekuur in het complex: ")
    assertNotContains(response, "staat nu in het archetype")
    ingredient.refresh_from_db()
    assert ingredient.archetype_ingredient is None


def test_promoting_in_the_inline(client, office, session, outcome):
    data = _session_data(session, **{"ingredients-0-promote": "on"})
    response = client.post(_change_url(session), data, follow=True)
    assertContains(response, "1 bestanddeel staat nu in het archetype")
    outcome[0].refresh_from_db()
    assert outcome[0].archetype_ingredient.archetype == session.archetype
    response = client.get(session.archetype.get_absolute_url())
    assertContains(response, "Spreekuur in het complex")
    assertContains(response, "Wat werkt in de huismeesterij, ")


def test_staff_outside_the_programme_office_cannot_promote(client, staff_without_group, outcome):
    client.force_login(staff_without_group)
    response = _act(client, INGREDIENTS, "promote", outcome)
    assert response.status_code == 403
    assert not SessionIngredient.objects.filter(archetype_ingredient__isnull=False).exists()


def test_registration_add_form_checks_the_organisation(
    client, office, session, member_a, partner_a, partner_b
):
    url = reverse("admin:events_registration_add")
    data = {"session": session.pk, "user": member_a.pk, "status": Status.WAITING}
    response = client.post(url, {**data, "organisation": partner_b.pk})
    assertContains(response, "hoort niet bij Hofstad Woonkracht")
    response = client.post(url, {**data, "organisation": partner_a.pk})
    assertRedirects(response, reverse(REGISTRATIONS))
    assert session.registrations.get(user=member_a).status == Status.WAITING


def test_undoing_a_cancellation_of_someone_registered_again_is_refused(client, office, session):
    sven = session.registrations.get(user__full_name="Sven Hoekstra")
    RegistrationFactory(session=session, user=sven.user, organisation=sven.organisation)
    url = reverse("admin:events_registration_change", args=[sven.pk])
    response = client.post(url, {"status": Status.CONFIRMED, "remark": ""})
    assertContains(response, "Deze persoon heeft zich opnieuw aangemeld")
    sven.refresh_from_db()
    assert sven.status == Status.CANCELLED


def test_undoing_a_cancellation_gives_the_place_back(client, office, session):
    sven = session.registrations.get(user__full_name="Sven Hoekstra")
    url = reverse("admin:events_registration_change", args=[sven.pk])
    response = client.post(url, {"status": Status.CONFIRMED, "remark": "Toch wel"})
    assertRedirects(response, reverse(REGISTRATIONS))
    sven.refresh_from_db()
    assert (sven.status, sven.remark) == (Status.CONFIRMED, "Toch wel")
