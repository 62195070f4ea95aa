"""The fixed lists of theme sessions (DOMAIN.md §8). Module level, so CHECK constraints can name
the values; code uses them as ThemeSession.Kind, Registration.Status and so on."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class RegistrationState(models.TextChoices):
    """Whether a session takes registrations now (`ThemeSession.registration_state`)."""

    OPEN = "open", _("open")
    NOT_OPEN = "not_open", _("not open yet")
    CLOSED = "closed", _("closed")
    CANCELLED = "cancelled", _("cancelled")
    PAST = "past", _("past")


class Consensus(models.TextChoices):
    BROAD = "breed", _("broadly supported")
    DIVIDED = "verdeeld", _("divided")
    REJECTED = "afgewezen", _("rejected")
