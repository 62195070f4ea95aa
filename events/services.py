"""Registration for theme sessions (DOMAIN.md §8): capacity, waiting list, attendance, outcome.

Every write that depends on the number of places locks the session row first
(`select_for_update`), so concurrent registrations and cancellations of one session take turns and
never confirm more people than there are places.
"""

import datetime
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from archetypes import choices as archetype_choices
from archetypes.models import ActiveIngredient
from events import emails
from events.models import (
    PLACE_HOLDING,
    CalendarFeed,
    Registration,
    SessionIngredient,
    ThemeSession,
)
from wwidw import permissions
from wwidw.models import Organisation, User


class AlreadyRegisteredError(ValidationError):
    """The user already holds an active registration; `registration` is that one."""

    def __init__(self, registration: Registration):
        super().__init__(
            _("You are already registered for this session."), code="already_registered"
        )
        self.registration = registration


def _lock(session: ThemeSession) -> ThemeSession:
    return ThemeSession.objects.select_for_update().get(pk=session.pk)


def _check_organisation_limit(session: ThemeSession, organisation: Organisation) -> None:
    if session.places_per_organisation is None:
        return
    taken = session.registrations.filter(organisation=organisation).active().count()
    if taken >= session.places_per_organisation:
        raise ValidationError(
            _(
                "%(organisation)s has reached its limit of %(limit)s places for this session. "
                "Ask a colleague who is registered whether they can go instead."
            )
            % {"organisation": organisation, "limit": session.places_per_organisation},
            code="organisation_limit",
        )


def _active_registration(session: ThemeSession, user: User) -> Registration | None:
    return session.registrations.of_user(user).active().first()


@transaction.atomic
def register(
    *, session: ThemeSession, user: User, organisation: Organisation, remark: str = ""
) -> Registration:
    """Register the user on behalf of one of their organisations: confirmed while places are
    left, otherwise on the waiting list. Sends the confirmation or waiting-list e-mail."""
    if not permissions.is_member(user, organisation):
        raise ValidationError(
            _("You can only register on behalf of an organisation you belong to."),
            code="not_member",
        )
    session = _lock(session)
    state = session.registration_state(timezone.now())
    if state != ThemeSession.RegistrationState.OPEN:
        raise ValidationError(session.registration_refusal(state), code=state.value)
    existing = _active_registration(session, user)
    if existing is not None:
        raise AlreadyRegisteredError(existing)
    _check_organisation_limit(session, organisation)
    status = (
        Registration.Status.CONFIRMED
        if session.confirmed_count() < session.capacity
        else Registration.Status.WAITING
    )
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                session=session, user=user, organisation=organisation, status=status, remark=remark
            )
    except IntegrityError:
        # The lock makes this unlikely; the partial unique constraint is the last word.
        raise AlreadyRegisteredError(_active_registration(session, user)) from None
    kind = "confirmation" if status == Registration.Status.CONFIRMED else "waiting"
    emails.send_on_commit(registration, kind=kind)
    return registration


@transaction.atomic
def promote_waiting(session: ThemeSession) -> list[Registration]:
    """Confirm the first on the waiting list for every free place, in order of registration,
    and tell them. Nothing moves once the session has started or is cancelled."""
    session = _lock(session)
    if session.status == ThemeSession.Status.CANCELLED or session.starts_at <= timezone.now():
        return []
    free = session.capacity - session.confirmed_count()
    if free <= 0:
        return []
    promoted = list(session.registrations.waiting()[:free])
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        emails.send_on_commit(registration, kind="promotion")
    return promoted


@transaction.atomic
def cancel_registration(*, registration: Registration, by: User) -> Registration:
    """Cancel a registration (one's own, or any as programme staff); a freed place goes to the
    first on the waiting list. Cancelling twice changes nothing."""
    is_staff = permissions.is_programme_staff(by)
    if registration.user_id != by.pk and not is_staff:
        raise PermissionDenied
    session = _lock(registration.session)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        return registration
    if registration.status == Registration.Status.ATTENDED:
        raise ValidationError(
            _("This registration is marked as attended and can no longer be cancelled."),
            code="attended",
        )
    if session.starts_at <= timezone.now() and not is_staff:
        raise ValidationError(
            _("This session has already started; you can no longer cancel."), code="past"
        )
    held_place = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    emails.send_on_commit(registration, kind="cancellation")
    if held_place:
        promote_waiting(session)
    return registration


@transaction.atomic
def mark_attendance(*, registration: Registration, attended: bool, by: User) -> Registration:
    """Programme staff mark a confirmed participant as present, or take that back."""
    if not permissions.is_programme_staff(by):
        raise PermissionDenied
    _lock(registration.session)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in PLACE_HOLDING:
        raise ValidationError(
            _("Only confirmed participants can be marked as present."), code="not_confirmed"
        )
    registration.status = (
        Registration.Status.ATTENDED if attended else Registration.Status.CONFIRMED
    )
    registration.save(update_fields=["status", "updated_at"])
    return registration


# Status changes that go through their own service, which moves the waiting list and sends e-mail.
ATTENDANCE_CHANGES = {
    (Registration.Status.CONFIRMED, Registration.Status.ATTENDED),
    (Registration.Status.ATTENDED, Registration.Status.CONFIRMED),
}
CANCELLABLE = {Registration.Status.CONFIRMED, Registration.Status.WAITING}


@transaction.atomic
def change_registration_status(
    *, registration: Registration, status: str, by: User
) -> Registration:
    """Give a registration (as stored) the status programme staff chose in the admin: attendance
    and cancellation through their services, which move the waiting list up and send e-mail;
    anything else (a place given by hand, a cancellation undone) as the programme staff set it."""
    previous = registration.status
    if (previous, status) in ATTENDANCE_CHANGES:
        attended = status == Registration.Status.ATTENDED
        return mark_attendance(registration=registration, attended=attended, by=by)
    if status == Registration.Status.CANCELLED and previous in CANCELLABLE:
        return cancel_registration(registration=registration, by=by)
    registration.status = status
    registration.save(update_fields=["status", "updated_at"])
    return registration


@transaction.atomic
def promote_ingredient(*, ingredient: SessionIngredient, by: User) -> ActiveIngredient:
    """Copy a candidate active ingredient of a session into the session's archetype, supported
    by practice, with the session as its source. Promoting twice returns the same ingredient."""
    if not permissions.is_programme_staff(by):
        raise PermissionDenied
    ingredient = (
        SessionIngredient.objects.select_for_update(of=("self",))
        .select_related("session__archetype", "archetype_ingredient")
        .get(pk=ingredient.pk)
    )
    if ingredient.archetype_ingredient is not None:
        return ingredient.archetype_ingredient
    session = ingredient.session
    if session.archetype is None:
        raise ValidationError(
            _("Choose the archetype of the session first; the ingredient is added to it."),
            code="no_archetype",
        )
    if ingredient.consensus == SessionIngredient.Consensus.REJECTED:
        raise ValidationError(
            _("The participants rejected this ingredient; it is not added to the archetype."),
            code="rejected",
        )
    last = session.archetype.active_ingredients.aggregate(last=Max("position"))["last"]
    day = date_format(timezone.localtime(session.starts_at), "DATE_FORMAT")
    promoted = ActiveIngredient.objects.create(
        archetype=session.archetype,
        position=(last or 0) + 1,
        name=ingredient.name,
        description=ingredient.description,
        support=archetype_choices.Support.PRACTICE,
        session_note=f"{session.title}, {day}"[:200],
    )
    ingredient.archetype_ingredient = promoted
    ingredient.save(update_fields=["archetype_ingredient"])
    return promoted


@transaction.atomic
def remind_participants(*, day: datetime.date) -> int:
    """E-mail a reminder to each confirmed participant of the planned sessions that start on
    `day` (local date) who was not reminded yet; returns the number of e-mails.

    The registrations are locked (skipping those another run holds) and marked, so running again
    that day, or two runs at once, sends nobody a reminder twice.
    """
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    registrations = (
        Registration.objects.filter(
            session__status=ThemeSession.Status.PLANNED,
            session__starts_at__gte=start,
            session__starts_at__lt=start + datetime.timedelta(days=1),
            status=Registration.Status.CONFIRMED,
            reminder_sent_at__isnull=True,
        )
        .select_related("session", "user", "organisation")
        .select_for_update(of=("self",), skip_locked=True)
        .order_by("session__starts_at", "pk")
    )
    sent = 0
    for registration in registrations:
        registration.reminder_sent_at = timezone.now()
        registration.save(update_fields=["reminder_sent_at"])
        emails.send_on_commit(registration, kind="reminder")
        sent += 1
    return sent


# The programme as a feed to subscribe to.

# What the feed holds besides the sessions to come: those of the last months, so a session
# that just took place stays in the calendar.
FEED_PAST_DAYS = 90


def calendar_feed(user: User) -> CalendarFeed | None:
    """The member's feed address, once they made one."""
    return CalendarFeed.objects.filter(user=user).first()


@transaction.atomic
def renew_calendar_feed(user: User) -> CalendarFeed:
    """A new address for the member's feed (the first, or one that ends the old at once)."""
    feed, _created = CalendarFeed.objects.update_or_create(
        user=user, defaults={"key": secrets.token_urlsafe(32)}
    )
    return feed


def feed_sessions(key: str, *, now: datetime.datetime):
    """The sessions of the feed with this key, or None when no active member has that key."""
    feed = CalendarFeed.objects.filter(key=key, user__is_active=True).first()
    if feed is None:
        return None
    since = now - datetime.timedelta(days=FEED_PAST_DAYS)
    return ThemeSession.objects.filter(ends_at__gte=since).order_by("starts_at", "pk")
