"""The fixed lists of archetype descriptions (DOMAIN.md §7). Module level, so CHECK constraints
can name the values."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    CONCEPT = "concept", _("draft")
    PUBLISHED = "gepubliceerd", _("published")


class Verdict(models.TextChoices):
    WORKS = "werkt", _("works")
    PROBABLY_WORKS = "werkt_waarschijnlijk", _("probably works")
    UNCLEAR = "onduidelijk", _("unclear or mixed")
    DOES_NOT_WORK = "werkt_niet", _("does not work")
    COUNTERPRODUCTIVE = "averechts", _("counterproductive")


class Support(models.TextChoices):
    PRACTICE = "praktijk", _("practice")
    RESEARCH = "onderzoek", _("research")
    BOTH = "beide", _("practice and research")


class Design(models.TextChoices):
    LITERATURE = "literatuurstudie", _("literature review")
    CASE_STUDY = "casestudy", _("case study")
    BEFORE_AFTER = "voor_nameting", _("before-and-after measurement")
    QUASI_EXPERIMENT = "quasi_experimenteel", _("quasi-experimental")
    RCT = "rct", _("randomised controlled trial")
    COST_BENEFIT = "mkba_sroi", _("social cost-benefit analysis or SROI")
    META_ANALYSIS = "meta_analyse", _("meta-analysis")


class Direction(models.TextChoices):
    POSITIVE = "positief", _("positive (+)")
    NONE = "geen", _("no effect (0)")
    NEGATIVE = "negatief", _("negative (−)")
    MIXED = "gemengd", _("mixed")


class Strength(models.TextChoices):
    STRONG = "sterk", _("strong")
    MODERATE = "matig", _("moderate")
    WEAK = "zwak", _("weak")


class ExampleRole(models.TextChoices):
    TYPICAL = "typisch", _("typical")
    VARIANT = "variant", _("variant")
    DIFFERENT = "afwijkend", _("different")


class EffectRating(models.TextChoices):
    """What research says about one intended effect (DOMAIN.md §7, section 3)."""

    NEGATIVE = "-", _("− (negative)")
    NONE = "0", _("0 (no effect)")
    POSITIVE = "+", _("+ (positive)")
    STRONG = "++", _("++ (clearly positive)")
    NOT_RESEARCHED = "niet_onderzocht", _("not researched")
