import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from archetypes import choices as archetype_choices
from events import services
from events.models import Registration, SessionIngredient, ThemeSession
from tests.factories import (
    ActiveIngredientFactory,
    ArchetypeFactory,
    MembershipFactory,
    RegistrationFactory,
    SessionIngredientFactory,
    ThemeSessionFactory,
    UserFactory,
)


def _member(organisation):
    return MembershipFactory(organisation=organisation).user


def _register(session, user, organisation):
    return services.register(session=session, user=user, organisation=organisation)


def _error_code(excinfo) -> str:
    return excinfo.value.code


def test_register_confirms_while_places_are_left(member_a, partner_a):
    session = ThemeSessionFactory(capacity=2)

    registration = _register(session, member_a, partner_a)

    assert registration.status == Registration.Status.CONFIRMED
    assert session.places_left() == 1
    assert registration.waiting_position() is None


def test_register_when_full_goes_on_the_waiting_list_in_order(partner_a):
    session = ThemeSessionFactory(capacity=1)
    first = _register(session, _member(partner_a), partner_a)
    second = _register(session, _member(partner_a), partner_a)
    third = _register(session, _member(partner_a), partner_a)

    assert first.status == Registration.Status.CONFIRMED
    assert [second.status, third.status] == [Registration.Status.WAITING] * 2
    assert [second.waiting_position(), third.waiting_position()] == [1, 2]
    assert session.places_left() == 0


def test_capacity_zero_always_waiting_list(member_a, partner_a):
    session = ThemeSessionFactory(capacity=0)

    registration = _register(session, member_a, partner_a)

    assert registration.status == Registration.Status.WAITING
    assert registration.waiting_position() == 1
    assert session.places_left() == 0


def test_register_after_closing_is_refused(member_a, partner_a):
    session = ThemeSessionFactory(
        registration_closes_at=timezone.now() - datetime.timedelta(hours=1)
    )

    with pytest.raises(ValidationError, match="gesloten") as excinfo:
        _register(session, member_a, partner_a)

    assert _error_code(excinfo) == "closed"
    assert not Registration.objects.exists()


def test_register_before_opening_is_refused(member_a, partner_a):
    session = ThemeSessionFactory(
        registration_opens_at=timezone.now() + datetime.timedelta(days=1)
    )

    with pytest.raises(ValidationError) as excinfo:
        _register(session, member_a, partner_a)

    assert _error_code(excinfo) == "not_open"
    assert not Registration.objects.exists()


def test_register_for_cancelled_session_is_refused(member_a, partner_a):
    session = ThemeSessionFactory(status=ThemeSession.Status.CANCELLED)

    with pytest.raises(ValidationError, match="geannuleerd") as excinfo:
        _register(session, member_a, partner_a)

    assert _error_code(excinfo) == "cancelled"


def test_register_for_past_session_is_refused(member_a, partner_a):
    starts_at = timezone.now() - datetime.timedelta(days=2)
    session = ThemeSessionFactory(
        starts_at=starts_at,
        registration_opens_at=starts_at - datetime.timedelta(days=30),
        registration_closes_at=starts_at + datetime.timedelta(hours=1),
    )

    with pytest.raises(ValidationError, match="al plaatsgevonden") as excinfo:
        _register(session, member_a, partner_a)

    assert _error_code(excinfo) == "past"


def test_register_twice_creates_no_second_registration(member_a, partner_a):
    session = ThemeSessionFactory()
    first = _register(session, member_a, partner_a)

    with pytest.raises(services.AlreadyRegisteredError, match="al aangemeld") as excinfo:
        _register(session, member_a, partner_a)

    assert excinfo.value.registration == first
    assert Registration.objects.filter(session=session).count() == 1


def test_database_refuses_a_second_active_registration(member_a, partner_a):
    registration = RegistrationFactory(user=member_a, organisation=partner_a)

    with pytest.raises(IntegrityError):
        Registration.objects.create(
            session=registration.session,
            user=member_a,
            organisation=partner_a,
            status=Registration.Status.WAITING,
        )


def test_register_again_after_cancelling(member_a, partner_a):
    session = ThemeSessionFactory()
    first = _register(session, member_a, partner_a)
    services.cancel_registration(registration=first, by=member_a)

    second = _register(session, member_a, partner_a)

    assert second.pk != first.pk
    assert second.status == Registration.Status.CONFIRMED


def test_register_for_another_organisation_is_refused(member_a, partner_b):
    session = ThemeSessionFactory()

    with pytest.raises(ValidationError) as excinfo:
        _register(session, member_a, partner_b)

    assert _error_code(excinfo) == "not_member"


def test_organisation_limit_counts_confirmed_and_waiting(partner_a, partner_b):
    session = ThemeSessionFactory(capacity=1, places_per_organisation=2)
    _register(session, _member(partner_a), partner_a)
    waiting = _register(session, _member(partner_a), partner_a)
    assert waiting.status == Registration.Status.WAITING

    with pytest.raises(ValidationError, match="De Maasoever") as excinfo:
        _register(session, _member(partner_a), partner_a)

    assert _error_code(excinfo) == "organisation_limit"
    # Another organisation still gets on the waiting list.
    assert _register(session, _member(partner_b), partner_b).status == "wachtlijst"


def test_organisation_limit_frees_up_after_cancelling(partner_a):
    session = ThemeSessionFactory(places_per_organisation=1)
    user = _member(partner_a)
    registration = _register(session, user, partner_a)
    services.cancel_registration(registration=registration, by=user)

    assert _register(session, _member(partner_a), partner_a).status == "bevestigd"


def test_cancel_promotes_the_first_on_the_waiting_list(partner_a):
    session = ThemeSessionFactory(capacity=1)
    confirmed_user = _member(partner_a)
    confirmed = _register(session, confirmed_user, partner_a)
    first = _register(session, _member(partner_a), partner_a)
    second = _register(session, _member(partner_a), partner_a)

    cancelled = services.cancel_registration(registration=confirmed, by=confirmed_user)

    first.refresh_from_db()
    second.refresh_from_db()
    assert cancelled.status == Registration.Status.CANCELLED
    assert cancelled.cancelled_at is not None
    assert first.status == Registration.Status.CONFIRMED
    assert second.status == Registration.Status.WAITING
    assert second.waiting_position() == 1


def test_promotion_order_is_registration_time_then_id(partner_a):
    session = ThemeSessionFactory(capacity=0)
    moment = timezone.now()
    later = RegistrationFactory(
        session=session, organisation=partner_a, status=Registration.Status.WAITING
    )
    earlier = RegistrationFactory(
        session=session, organisation=partner_a, status=Registration.Status.WAITING
    )
    same_moment = RegistrationFactory(
        session=session, organisation=partner_a, status=Registration.Status.WAITING
    )
    Registration.objects.filter(pk=later.pk).update(
        created_at=moment + datetime.timedelta(minutes=5)
    )
    Registration.objects.filter(pk__in=[earlier.pk, same_moment.pk]).update(created_at=moment)
    session.capacity = 2
    session.save()

    promoted = services.promote_waiting(session)

    assert promoted == [earlier, same_moment]
    later.refresh_from_db()
    assert later.waiting_position() == 1


def test_cancelling_a_waiting_registration_promotes_nobody(partner_a):
    session = ThemeSessionFactory(capacity=1)
    _register(session, _member(partner_a), partner_a)
    waiting_user = _member(partner_a)
    waiting = _register(session, waiting_user, partner_a)
    last = _register(session, _member(partner_a), partner_a)

    services.cancel_registration(registration=waiting, by=waiting_user)

    last.refresh_from_db()
    assert last.status == Registration.Status.WAITING
    assert last.waiting_position() == 1


def test_cancel_another_users_registration_is_denied(member_a, member_b, partner_a):
    registration = _register(ThemeSessionFactory(), member_a, partner_a)

    with pytest.raises(PermissionDenied):
        services.cancel_registration(registration=registration, by=member_b)

    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_programme_staff_cancel_anyones_registration(member_a, partner_a, programme_staff):
    registration = _register(ThemeSessionFactory(), member_a, partner_a)

    cancelled = services.cancel_registration(registration=registration, by=programme_staff)

    assert cancelled.status == Registration.Status.CANCELLED


def test_cancel_twice_changes_nothing(member_a, partner_a):
    registration = _register(ThemeSessionFactory(), member_a, partner_a)
    first = services.cancel_registration(registration=registration, by=member_a)

    again = services.cancel_registration(registration=registration, by=member_a)

    assert again.cancelled_at == first.cancelled_at


def test_cancel_after_start_is_refused_for_participants(member_a, partner_a):
    starts_at = timezone.now() - datetime.timedelta(hours=1)
    session = ThemeSessionFactory(
        starts_at=starts_at,
        registration_opens_at=starts_at - datetime.timedelta(days=30),
        registration_closes_at=starts_at + datetime.timedelta(minutes=30),
    )
    registration = RegistrationFactory(session=session, user=member_a, organisation=partner_a)

    with pytest.raises(ValidationError) as excinfo:
        services.cancel_registration(registration=registration, by=member_a)

    assert _error_code(excinfo) == "past"


def test_mark_attendance_by_programme_staff(member_a, partner_a, programme_staff):
    registration = RegistrationFactory(user=member_a, organisation=partner_a)

    present = services.mark_attendance(
        registration=registration, attended=True, by=programme_staff
    )
    assert present.status == Registration.Status.ATTENDED
    # An attended registration keeps its place.
    assert registration.session.places_left() == 29

    absent = services.mark_attendance(
        registration=registration, attended=False, by=programme_staff
    )
    assert absent.status == Registration.Status.CONFIRMED


def test_mark_attendance_needs_programme_staff_and_a_place(member_a, partner_a, programme_staff):
    registration = RegistrationFactory(
        user=member_a, organisation=partner_a, status=Registration.Status.WAITING
    )

    with pytest.raises(PermissionDenied):
        services.mark_attendance(registration=registration, attended=True, by=member_a)
    with pytest.raises(ValidationError):
        services.mark_attendance(registration=registration, attended=True, by=programme_staff)


def test_promote_ingredient_copies_it_into_the_archetype(programme_staff):
    archetype = ArchetypeFactory()
    ActiveIngredientFactory(archetype=archetype, position=4)
    session = ThemeSessionFactory(
        archetype=archetype, title="Wat werkt in de huismeesterij", slug="huismeesterij"
    )
    ingredient = SessionIngredientFactory(session=session, name="Vast gezicht in het complex")

    promoted = services.promote_ingredient(ingredient=ingredient, by=programme_staff)

    assert promoted.archetype == archetype
    assert promoted.name == "Vast gezicht in het complex"
    assert promoted.support == archetype_choices.Support.PRACTICE
    assert promoted.position == 5
    assert promoted.session_note.startswith("Wat werkt in de huismeesterij, ")
    assert str(timezone.localtime(session.starts_at).year) in promoted.session_note
    ingredient.refresh_from_db()
    assert ingredient.archetype_ingredient == promoted
    # Promoting again returns the same ingredient.
    assert services.promote_ingredient(ingredient=ingredient, by=programme_staff) == promoted
    assert archetype.active_ingredients.count() == 2


def test_promote_ingredient_refusals(member_a, programme_staff):
    without_archetype = SessionIngredientFactory()
    rejected = SessionIngredientFactory(
        session__archetype=ArchetypeFactory(), consensus=SessionIngredient.Consensus.REJECTED
    )

    with pytest.raises(PermissionDenied):
        services.promote_ingredient(ingredient=without_archetype, by=member_a)
    with pytest.raises(ValidationError, match="archetype"):
        services.promote_ingredient(ingredient=without_archetype, by=programme_staff)
    with pytest.raises(ValidationError):
        services.promote_ingredient(ingredient=rejected, by=programme_staff)


def test_user_factory_is_not_a_member_until_registered(partner_a):
    # The registration factory makes its user a member, as `register` requires.
    user = UserFactory()
    RegistrationFactory(user=user, organisation=partner_a)

    assert (
        services.register(session=ThemeSessionFactory(), user=user, organisation=partner_a).status
        == Registration.Status.CONFIRMED
    )
