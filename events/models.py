"""Theme sessions "Wat werkt in …" with registration, waiting list and outcome (DOMAIN.md §8)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archetypes.models import Archetype
from interventions.models import InterventionType
from wwidw.models import Organisation


# The choices live at module level so the CHECK constraints can name their values; code uses
# them as ThemeSession.Kind, Registration.Status and so on.
class SessionKind(models.TextChoices):
    THEME_SESSION = "themabijeenkomst", _("theme session")
    TRAINING = "training", _("training")
    COMMUNITY = "vakgemeenschap", _("professional community")
    PEER_REVIEW = "intervisie", _("peer review")
    EXCURSION = "excursie", _("excursion")


class SessionStatus(models.TextChoices):
    PLANNED = "gepland", _("planned")
    CANCELLED = "geannuleerd", _("cancelled")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "bevestigd", _("confirmed")
    WAITING = "wachtlijst", _("waiting list")
    CANCELLED = "geannuleerd", _("cancelled")
    ATTENDED = "aanwezig", _("attended")


class Consensus(models.TextChoices):
    BROAD = "breed", _("broadly supported")
    DIVIDED = "verdeeld", _("divided")
    REJECTED = "afgewezen", _("rejected")


class ThemeSession(models.Model):
    Kind = SessionKind
    Status = SessionStatus

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
                condition=models.Q(kind__in=SessionKind.values),
                name="events_themesession_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=SessionStatus.values),
                name="events_themesession_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})


class Registration(models.Model):
    Status = RegistrationStatus

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

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            # One active registration per person per session; cancelled ones may pile up.
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=~models.Q(status=RegistrationStatus.CANCELLED),
                name="events_registration_one_active_per_user",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=RegistrationStatus.values),
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


class SessionIngredient(models.Model):
    """A candidate active ingredient the participants of a session defined."""

    Consensus = Consensus

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
                condition=models.Q(consensus__in=Consensus.values),
                name="events_sessioningredient_consensus_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name
