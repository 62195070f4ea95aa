"""Archetypes: syntheses of what works per intervention type (DOMAIN.md §7), curated by the
programme staff in the admin, read by every account once published."""

import reversion
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archetypes import choices
from interventions import choices as intervention_choices
from interventions.choices import EvidenceLevel
from interventions.models import (
    Effect,
    Intervention,
    InterventionQuerySet,
    InterventionType,
    Theme,
)
from monitoring.models import StandardIndicator
from wwidw import permissions


class ArchetypeQuerySet(models.QuerySet):
    def published(self) -> "ArchetypeQuerySet":
        return self.filter(status=choices.Status.PUBLISHED)

    def visible_to(self, user) -> "ArchetypeQuerySet":
        """Published archetypes for every account; drafts only for the programme staff (and
        superusers), who curate them."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if permissions.is_programme_staff(user):
            return self.all()
        return self.published()


class Archetype(models.Model):
    Status = choices.Status
    Verdict = choices.Verdict

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=200, unique=True)
    intervention_type = models.ForeignKey(
        InterventionType,
        on_delete=models.PROTECT,
        related_name="archetypes",
        verbose_name=_("intervention type"),
    )
    themes = models.ManyToManyField(
        Theme, related_name="archetypes", blank=True, verbose_name=_("themes")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=choices.Status.choices, default=choices.Status.CONCEPT
    )
    summary = models.TextField(_("summary"), help_text=_("What it is, in a few sentences."))
    problem = models.TextField(_("the common problem"), blank=True)
    for_whom = models.TextField(
        _("for whom it works"), blank=True, help_text=_("And for whom it does not.")
    )
    mechanism = models.TextField(
        _("mechanism"),
        blank=True,
        help_text=_("How and why it works: if … then … because …, with the evidence per step."),
    )
    variants = models.TextField(_("variants"), blank=True)
    preconditions = models.TextField(_("preconditions and contra-indications"), blank=True)
    risks = models.TextField(_("risks and side effects"), blank=True)
    evidence_summary = models.TextField(_("scientific basis"), blank=True)
    verdict = models.CharField(
        _("verdict"), max_length=30, choices=choices.Verdict.choices, blank=True
    )
    evidence_level = models.PositiveSmallIntegerField(
        _("evidence level"), choices=EvidenceLevel.choices, default=EvidenceLevel.IMPLICIT
    )
    lessons = models.TextField(_("lessons and pitfalls"), blank=True)
    knowledge_gaps = models.TextField(_("knowledge gaps"), blank=True)
    curators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="curated_archetypes",
        blank=True,
        verbose_name=_("curators"),
    )
    recommended_indicators = models.ManyToManyField(
        StandardIndicator,
        related_name="recommended_by",
        blank=True,
        verbose_name=_("recommended indicators"),
        help_text=_(
            "Offered first to a professional who adds an effect indicator to a description of "
            "this intervention type."
        ),
    )
    interventions = models.ManyToManyField(
        Intervention,
        through="ArchetypeIntervention",
        related_name="archetypes",
        blank=True,
        verbose_name=_("practice examples"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = ArchetypeQuerySet.as_manager()

    class Meta:
        verbose_name = _("archetype")
        verbose_name_plural = _("archetypes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=choices.Status.values),
                name="archetypes_archetype_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(verdict="") | models.Q(verdict__in=choices.Verdict.values),
                name="archetypes_archetype_verdict_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(evidence_level__gte=0, evidence_level__lte=5),
                name="archetypes_archetype_evidence_level_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=choices.Status.PUBLISHED)
                | models.Q(published_at__isnull=False),
                name="archetypes_archetype_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("archetypes:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == choices.Status.PUBLISHED

    def candidate_interventions(self) -> InterventionQuerySet:
        """Descriptions of the archetype's intervention type, published for all partners and not
        linked yet, newest first: what the curators may want to add as practice examples."""
        return (
            Intervention.objects.filter(
                intervention_types=self.intervention_type_id,
                status=intervention_choices.Status.PUBLISHED,
                visibility=intervention_choices.Visibility.PARTNERS,
            )
            .exclude(archetype_links__archetype=self)
            .select_related("organisation")
            .order_by("-published_at", "-pk")
        )


class Reference(models.Model):
    """A publication the archetype rests on, cited APA-like."""

    Design = choices.Design
    Direction = choices.Direction
    Strength = choices.Strength

    archetype = models.ForeignKey(
        Archetype, on_delete=models.CASCADE, related_name="references", verbose_name=_("archetype")
    )
    authors = models.CharField(
        _("authors"), max_length=300, help_text=_("For example: Wittebrood, K., & Van Dijk, T.")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, help_text=_("Empty when the publication has no date.")
    )
    title = models.CharField(_("title"), max_length=400)
    publisher = models.CharField(_("publisher or journal"), max_length=200, blank=True)
    doi = models.CharField(
        _("DOI"), max_length=200, blank=True, help_text=_("For example 10.1080/02673037.2011.585")
    )
    url = models.URLField(_("web address"), max_length=500, blank=True)
    design = models.CharField(
        _("research design"), max_length=30, choices=choices.Design.choices, blank=True
    )
    finding = models.TextField(_("finding"), blank=True)
    direction = models.CharField(
        _("direction of the finding"), max_length=20, choices=choices.Direction.choices, blank=True
    )
    strength = models.CharField(
        _("strength of the evidence"), max_length=20, choices=choices.Strength.choices, blank=True
    )

    class Meta:
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__isnull=True) | models.Q(year__gte=1900, year__lte=2100),
                name="archetypes_reference_year_range",
            ),
            models.CheckConstraint(
                condition=models.Q(design="") | models.Q(design__in=choices.Design.values),
                name="archetypes_reference_design_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(direction="")
                | models.Q(direction__in=choices.Direction.values),
                name="archetypes_reference_direction_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(strength="") | models.Q(strength__in=choices.Strength.values),
                name="archetypes_reference_strength_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authors} ({self.year or '-'}). {self.title}"


class ActiveIngredient(models.Model):
    """A werkzaam bestanddeel: what makes the approach work, and how well that is supported."""

    Support = choices.Support

    archetype = models.ForeignKey(
        Archetype,
        on_delete=models.CASCADE,
        related_name="active_ingredients",
        verbose_name=_("archetype"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("explanation"), blank=True)
    is_essential = models.BooleanField(
        _("essential"), default=False, help_text=_("Without it the approach does not work.")
    )
    support = models.CharField(_("supported by"), max_length=20, choices=choices.Support.choices)
    session_note = models.CharField(
        _("theme session"),
        max_length=200,
        blank=True,
        help_text=_("The theme session where professionals defined it, if any."),
    )
    references = models.ManyToManyField(
        Reference, related_name="ingredients", blank=True, verbose_name=_("references")
    )
    # Ticked in the description form's checklist: the practice examples that apply it.
    applied_in = models.ManyToManyField(
        Intervention,
        related_name="applied_archetype_ingredients",
        blank=True,
        verbose_name=_("applied in"),
    )

    class Meta:
        verbose_name = _("active ingredient")
        verbose_name_plural = _("active ingredients")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(support__in=choices.Support.values),
                name="archetypes_activeingredient_support_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EffectVerdict(models.Model):
    """What research says about one intended effect of the archetype, with the references
    that carry it; the archetype page confronts it with what the partners measured."""

    Rating = choices.EffectRating

    archetype = models.ForeignKey(
        Archetype,
        on_delete=models.CASCADE,
        related_name="effect_verdicts",
        verbose_name=_("archetype"),
    )
    effect = models.ForeignKey(
        Effect, on_delete=models.PROTECT, related_name="+", verbose_name=_("intended effect")
    )
    rating = models.CharField(
        _("research verdict"), max_length=20, choices=choices.EffectRating.choices
    )
    note = models.TextField(_("note"), blank=True)
    references = models.ManyToManyField(
        Reference, related_name="effect_verdicts", blank=True, verbose_name=_("references")
    )

    class Meta:
        verbose_name = _("research verdict per effect")
        verbose_name_plural = _("research verdicts per effect")
        constraints = [
            models.UniqueConstraint(
                fields=["archetype", "effect"], name="archetypes_effectverdict_once"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__in=choices.EffectRating.values),
                name="archetypes_effectverdict_rating_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.effect.code}: {self.rating}"


class ArchetypeIntervention(models.Model):
    """A description the archetype synthesises, as an example of practice."""

    Role = choices.ExampleRole

    archetype = models.ForeignKey(
        Archetype, on_delete=models.CASCADE, related_name="links", verbose_name=_("archetype")
    )
    intervention = models.ForeignKey(
        Intervention,
        on_delete=models.CASCADE,
        related_name="archetype_links",
        verbose_name=_("description"),
    )
    role = models.CharField(
        _("kind of example"),
        max_length=20,
        choices=choices.ExampleRole.choices,
        default=choices.ExampleRole.TYPICAL,
    )
    is_exemplary = models.BooleanField(_("exemplary"), default=False)
    remark = models.TextField(_("curator's remark"), blank=True)

    class Meta:
        verbose_name = _("practice example")
        verbose_name_plural = _("practice examples")
        constraints = [
            models.UniqueConstraint(
                fields=["archetype", "intervention"], name="archetypes_link_once"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=choices.ExampleRole.values),
                name="archetypes_link_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.archetype} · {self.intervention}"


# Every save of an archetype (in the admin) is a version with its ingredients, references and
# examples.
for child in (Reference, ActiveIngredient, ArchetypeIntervention, EffectVerdict):
    reversion.register(child)
reversion.register(
    Archetype, follow=["references", "active_ingredients", "links", "effect_verdicts"]
)
