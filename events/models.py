"""Theme sessions "Wat werkt in …" with registration, waiting list and outcome (DOMAIN.md §8)."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from archetypes.models import Archetype
from events import choices
from interventions.models import InterventionType
from wwidw.models import Organisation

# Registrations that hold a place, and those that count towards an organisation's limit.
PLACE_HOLDING = [choices.RegistrationStatus.CONFIRMED, choices.RegistrationStatus.ATTENDED]
ACTIVE = [*PLACE_HOLDING, choices.RegistrationStatus.WAITING]


class ThemeSessionQuerySet(models.QuerySet):
    def upcoming(self, now) -> "ThemeSessionQuerySet":
        """Sessions that have not ended, the first to start first."""
        return self.filter(ends_at__gte=now).order_by("starts_at", "pk")

    def past(self, now) -> "ThemeSessionQuerySet":
        """Sessions that have ended, the latest first."""
        return self.filter(ends_at__lt=now).order_by("-starts_at", "pk")

    def with_places_left(self) -> "ThemeSessionQuerySet":
        """`places_left_count`: the free places of each session, never below zero."""
        taken = models.Count(
            "registrations", filter=models.Q(registrations__status__in=PLACE_HOLDING)
        )
        return self.annotate(
            places_left_count=Greatest(models.F("capacity") - taken, models.Value(0))
        )

    def with_registration_counts(self) -> "ThemeSessionQuerySet":
        """`taken` (places held) and `waiting` (on the waiting list) of each session."""
        return self.annotate(
            taken=models.Count(
                "registrations", filter=models.Q(registrations__status__in=PLACE_HOLDING)
            ),
            waiting=models.Count(
                "registrations",
                filter=models.Q(registrations__status=choices.RegistrationStatus.WAITING),
            ),
        )

    def with_own_status(self, user) -> "ThemeSessionQuerySet":
        """`own_status`: the status of the user's active registration, or None."""
        own = Registration.objects.filter(session=models.OuterRef("pk"), user=user).exclude(
            status=choices.RegistrationStatus.CANCELLED
        )
        return self.annotate(own_status=models.Subquery(own.values("status")[:1]))


class ThemeSession(models.Model):
    Kind = choices.SessionKind
    Status = choices.SessionStatus
    RegistrationState = choices.RegistrationState

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.THEME_SESSION
    )
    intervention_type = models.ForeignKey(
        InterventionType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="theme_sessions",
        verbose_name=_("intervention type"),
    )
    archetype = models.ForeignKey(
        Archetype,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="theme_sessions",
        verbose_name=_("archetype"),
    )
    description = models.TextField(_("description"), blank=True)
    programme = models.TextField(_("programme"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(_("places"))
    places_per_organisation = models.PositiveIntegerField(
        _("places per organisation"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit per organisation."),
    )
    registration_opens_at = models.DateTimeField(_("registration opens at"))
    registration_closes_at = models.DateTimeField(_("registration closes at"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    outcome_summary = models.TextField(
        _("outcome"),
        blank=True,
        help_text=_("What the participants concluded, for past sessions."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ThemeSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("theme session")
        verbose_name_plural = _("theme sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="events_themesession_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="events_themesession_registration_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=models.Q(registration_closes_at__lte=models.F("ends_at")),
                name="events_themesession_registration_closes_before_end",
            ),
            models.CheckConstraint(
                condition=models.Q(places_per_organisation__isnull=True)
                | models.Q(places_per_organisation__gte=1),
                name="events_themesession_places_per_organisation_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=choices.SessionKind.values),
                name="events_themesession_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=choices.SessionStatus.values),
                name="events_themesession_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})

    def confirmed_count(self) -> int:
        """The registrations that hold a place (confirmed or attended)."""
        return self.registrations.place_holding().count()

    def places_left(self) -> int:
        """Free places: the capacity minus the confirmed (and attended) registrations."""
        return max(0, self.capacity - self.confirmed_count())

    def registration_state(self, now) -> choices.RegistrationState:
        """Whether the session takes registrations at `now`, or why not: the one rule that the
        service, the page and the admin ask."""
        if self.status == self.Status.CANCELLED:
            return self.RegistrationState.CANCELLED
        if self.starts_at <= now:
            return self.RegistrationState.PAST
        if now < self.registration_opens_at:
            return self.RegistrationState.NOT_OPEN
        if now >= self.registration_closes_at:
            return self.RegistrationState.CLOSED
        return self.RegistrationState.OPEN

    def registration_refusal(self, state: choices.RegistrationState) -> str:
        """Why nobody can register in `state` ("" when open), for the page and the service."""
        if state == self.RegistrationState.CANCELLED:
            return gettext("This session has been cancelled; you can no longer register.")
        if state == self.RegistrationState.PAST:
            return gettext("This session has already taken place; you can no longer register.")
        if state == self.RegistrationState.NOT_OPEN:
            opens = date_format(timezone.localtime(self.registration_opens_at), "DATETIME_FORMAT")
            return gettext("Registration opens on %(date)s. Come back then to register.") % {
                "date": opens
            }
        if state == self.RegistrationState.CLOSED:
            return gettext(
                "Registration for this session has closed. Contact the programme office."
            )
        return ""


class RegistrationQuerySet(models.QuerySet):
    def place_holding(self) -> "RegistrationQuerySet":
        """Confirmed and attended registrations: those that hold a place."""
        return self.filter(status__in=PLACE_HOLDING)

    def active(self) -> "RegistrationQuerySet":
        """Registrations that hold a place or wait for one (not cancelled)."""
        return self.filter(status__in=ACTIVE)

    def waiting(self) -> "RegistrationQuerySet":
        """The waiting list, in order of registration."""
        return self.filter(status=choices.RegistrationStatus.WAITING).order_by("created_at", "pk")

    def of_user(self, user) -> "RegistrationQuerySet":
        return self.filter(user=user)

    def of_upcoming_sessions(self, now) -> "RegistrationQuerySet":
        return self.filter(session__ends_at__gte=now).order_by("session__starts_at", "pk")

    def of_past_sessions(self, now) -> "RegistrationQuerySet":
        return self.filter(session__ends_at__lt=now).order_by("-session__starts_at", "pk")

    def not_cancelled(self) -> "RegistrationQuerySet":
        return self.exclude(status=choices.RegistrationStatus.CANCELLED)

    def with_waiting_position(self) -> "RegistrationQuerySet":
        """`ahead`: the position on the waiting list, in one query for the whole list."""
        ahead = (
            Registration.objects.filter(
                session=models.OuterRef("session"),
                status=choices.RegistrationStatus.WAITING,
            )
            .filter(
                models.Q(created_at__lt=models.OuterRef("created_at"))
                | models.Q(created_at=models.OuterRef("created_at"), pk__lt=models.OuterRef("pk"))
            )
            .order_by()
            .values("session")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(ahead=Coalesce(models.Subquery(ahead), 0) + 1)


class Registration(models.Model):
    Status = choices.RegistrationStatus

    session = models.ForeignKey(
        ThemeSession,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("session"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("participant"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("organisation"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    remark = models.CharField(_("remark"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # Set when the day-before reminder is queued, so a second run that day sends nothing twice.
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            # One active registration per person per session; cancelled ones may pile up.
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=~models.Q(status=choices.RegistrationStatus.CANCELLED),
                name="events_registration_one_active_per_user",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=choices.RegistrationStatus.values),
                name="events_registration_status_valid",
            ),
        ]
        indexes = [
            # The waiting list of a session in order of registration (services.promote_waiting).
            models.Index(
                fields=["session", "status", "created_at"], name="events_registration_queue"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.session}"

    def waiting_position(self) -> int | None:
        """1 for the first on the waiting list (by registration time); None when not waiting."""
        if self.status != self.Status.WAITING:
            return None
        earlier = models.Q(created_at__lt=self.created_at) | models.Q(
            created_at=self.created_at, pk__lte=self.pk
        )
        waiting = Registration.objects.filter(
            session_id=self.session_id, status=self.Status.WAITING
        )
        return waiting.filter(earlier).count()


class SessionIngredient(models.Model):
    """A candidate active ingredient the participants of a session defined."""

    Consensus = choices.Consensus

    session = models.ForeignKey(
        ThemeSession,
        on_delete=models.CASCADE,
        related_name="ingredients",
        verbose_name=_("session"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("explanation"), blank=True)
    consensus = models.CharField(
        _("consensus"), max_length=20, choices=Consensus.choices, default=Consensus.BROAD
    )
    supporting_cases = models.TextField(_("supporting cases"), blank=True)
    archetype_ingredient = models.OneToOneField(
        "archetypes.ActiveIngredient",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="session_ingredient",
        verbose_name=_("in the archetype as"),
    )

    class Meta:
        verbose_name = _("candidate active ingredient")
        verbose_name_plural = _("candidate active ingredients")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consensus__in=choices.Consensus.values),
                name="events_sessioningredient_consensus_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CalendarFeed(models.Model):
    """A member's private address of the programme as an iCal feed, for a calendar program to
    subscribe to without signing in. Whoever has the address reads the programme (nothing
    more), so the member can replace it with a new one, which ends the old."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    key = models.CharField(_("key"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
