"""The choices of the liveability budget rounds; the models alias them (`BudgetRound.Status`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    OPEN = "open", _("open")
    REVIEW = "in_beoordeling", _("under review")
    DECIDED = "besloten", _("decided")


class ApplicationStatus(models.TextChoices):
    DRAFT = "concept", _("draft")
    SUBMITTED = "ingediend", _("submitted")
    AWARDED = "toegekend", _("awarded")
    PARTLY_AWARDED = "deels_toegekend", _("partly awarded")
    REJECTED = "afgewezen", _("rejected")
    WITHDRAWN = "ingetrokken", _("withdrawn")


class Completeness(models.TextChoices):
    """What an application's description meets: all it needs, or not yet."""

    COMPLETE = "volledig", _("complete description")
    SHORT_PLAN = "kort_plan", _("short plan")
    INCOMPLETE = "onvolledig", _("incomplete")
