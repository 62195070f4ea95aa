"""Research confronted with practice, per intended effect (DOMAIN.md §7): for every effect of
the archetype, the research verdict next to what the partners measured.

Practice comes from the shared monitoring only (`MonitoringPlan.objects.shared()`) of the linked
descriptions published for all partners; examples marked "afwijkend" are left out. A
description counts once per effect: of its measured indicators for that effect (stored status
other than "niet gemeten"), a standard indicator first, then the one with the lowest pk.
Practice figures show only from MINIMUM_N measured descriptions on.

Four queries, however many effects and descriptions: the verdicts, their references, the
effects the descriptions aim at, and the practice aggregates per effect.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import (
    Count,
    Prefetch,
    Q,
)
from django.utils.translation import gettext

from archetypes import choices
from archetypes.figures import MINIMUM_N, counted_descriptions, percentile
from archetypes.models import Archetype, EffectVerdict, Reference
from interventions.models import Effect
from monitoring.choices import EffectStatus
from monitoring.effect_words import percent
from monitoring.models import EffectIndicator, MonitoringPlan

IMPROVEMENT = models.DecimalField(max_digits=14, decimal_places=4)
POSITIVE_RATINGS = {choices.EffectRating.POSITIVE, choices.EffectRating.STRONG}
NEGATIVE_RATINGS = {choices.EffectRating.NEGATIVE, choices.EffectRating.NONE}


@dataclass(frozen=True)
class Practice:
    """What the practice examples did with one effect: `descriptions` aim at it, `measured`
    measured it, of which `improved`, `unchanged`, `worsened`; the median improvement in
    percent (formula 12, net where a comparison area was measured) and how many of the
    measured cases used a standard indicator."""

    descriptions: int = 0
    measured: int = 0
    improved: int = 0
    unchanged: int = 0
    worsened: int = 0
    median: Decimal | None = None
    standard: int = 0

    @property
    def is_enough(self) -> bool:
        return self.measured >= MINIMUM_N

    @property
    def median_text(self) -> str:
        """ "+9 %", "−3 %": whole percents, as the verdict line reads."""
        if self.median is None:
            return ""
        rounded = self.median.quantize(Decimal(1), ROUND_HALF_UP)
        sign = "+" if rounded > 0 else "−" if rounded < 0 else ""
        return f"{sign}{percent(abs(rounded), 0)}"

    @property
    def is_mostly_improved(self) -> bool:
        """More than half of the measured cases improved."""
        return 2 * self.improved > self.measured

    @property
    def is_mostly_not_improved(self) -> bool:
        """More than half of the measured cases stayed the same or worsened."""
        return 2 * (self.measured - self.improved) > self.measured


@dataclass(frozen=True)
class EffectConfrontation:
    """One effect: the research verdict (None: not researched) and the practice."""

    effect: Effect
    verdict: EffectVerdict | None
    practice: Practice

    @property
    def rating(self) -> str:
        return self.verdict.rating if self.verdict else choices.EffectRating.NOT_RESEARCHED

    @property
    def is_researched(self) -> bool:
        return self.rating != choices.EffectRating.NOT_RESEARCHED

    @property
    def rating_label(self) -> str:
        return choices.EffectRating(self.rating).label

    @property
    def rating_symbol(self) -> str:
        """ "−", "0", "+", "++" or "not researched", as the verdict line reads."""
        if not self.is_researched:
            return gettext("not researched")
        return "−" if self.rating == choices.EffectRating.NEGATIVE else self.rating

    @property
    def references(self) -> list[Reference]:
        return list(self.verdict.references.all()) if self.verdict else []

    @property
    def departs(self) -> bool:
        """Practice departs from research when most measured cases (more than half) did not
        improve although research says + or ++, or when most improved although research says
        − or 0. Every other researched case with enough practice confirms it (− and most
        worsened, + and most improved, but also + with exactly half improved)."""
        practice = self.practice
        if not (self.is_researched and practice.is_enough):
            return False
        if self.rating in POSITIVE_RATINGS:
            return practice.is_mostly_not_improved
        return self.rating in NEGATIVE_RATINGS and practice.is_mostly_improved

    @property
    def confirms(self) -> bool:
        return self.is_researched and self.practice.is_enough and not self.departs

    @property
    def line(self) -> str:
        """ "Onderzoek: + · praktijk: 4 van 5 verbeterd (mediaan +9 %): de praktijk bevestigt
        het onderzoek"; without enough practice, or without research, no judgement."""
        practice = self.practice
        if not practice.is_enough:
            found = gettext("too little practice data")
        elif practice.median is None:
            found = gettext("%(improved)d of %(measured)d improved") % {
                "improved": practice.improved,
                "measured": practice.measured,
            }
        else:
            found = gettext("%(improved)d of %(measured)d improved (median %(median)s)") % {
                "improved": practice.improved,
                "measured": practice.measured,
                "median": practice.median_text,
            }
        line = gettext("Research: %(research)s · practice: %(practice)s") % {
            "research": self.rating_symbol,
            "practice": found,
        }
        if not practice.is_enough:
            return line
        if not self.is_researched:
            judgement = gettext("practice alone, no research to compare it with")
        elif self.departs:
            judgement = gettext("practice departs from the research")
        else:
            judgement = gettext("practice confirms the research")
        return f"{line}: {judgement}"


@dataclass(frozen=True)
class Confrontation:
    effects: list[EffectConfrontation]

    @property
    def minimum_n(self) -> int:
        return MINIMUM_N


def counted_indicators(archetype: Archetype) -> models.QuerySet:
    """Per description and effect the one measured indicator that counts, on shared plans:
    a standard indicator first, then the lowest pk."""
    plans = MonitoringPlan.objects.shared().filter(
        intervention__in=counted_descriptions(archetype)
    )
    measured = EffectIndicator.objects.exclude(status=EffectStatus.NOT_MEASURED)
    return measured.filter(plan__in=plans).one_per_plan_and_effect()


def _practice(archetype: Archetype) -> dict[int, dict]:
    rows = (
        counted_indicators(archetype)
        .values("effect")
        .annotate(
            measured=Count("pk"),
            improved=Count("pk", filter=Q(status=EffectStatus.IMPROVED)),
            unchanged=Count("pk", filter=Q(status=EffectStatus.UNCHANGED)),
            worsened=Count("pk", filter=Q(status=EffectStatus.WORSENED)),
            median=percentile("improvement", 0.5, IMPROVEMENT),
            standard=Count("standard"),
        )
        .order_by()
    )
    return {row.pop("effect"): row for row in rows}


def _aimed_effects(archetype: Archetype) -> list[Effect]:
    return list(
        Effect.objects.filter(intendedeffect__intervention__in=counted_descriptions(archetype))
        .annotate(descriptions=Count("intendedeffect__intervention", distinct=True))
        .order_by("code")
    )


def _verdicts(archetype: Archetype) -> list[EffectVerdict]:
    references = Reference.objects.order_by("authors", "year", "pk")
    return list(
        EffectVerdict.objects.filter(archetype=archetype)
        .select_related("effect")
        .prefetch_related(Prefetch("references", queryset=references))
    )


def confront(archetype: Archetype) -> Confrontation:
    """Every effect with a verdict or aimed at by a practice example, by code."""
    verdicts = {verdict.effect_id: verdict for verdict in _verdicts(archetype)}
    effects = {verdict.effect_id: verdict.effect for verdict in verdicts.values()}
    aims = {}
    for effect in _aimed_effects(archetype):
        effects[effect.pk] = effect
        aims[effect.pk] = effect.descriptions
    practice = _practice(archetype)
    return Confrontation(
        [
            EffectConfrontation(
                effect=effect,
                verdict=verdicts.get(pk),
                practice=Practice(descriptions=aims.get(pk, 0), **practice.get(pk, {})),
            )
            for pk, effect in sorted(effects.items(), key=lambda item: item[1].code)
        ]
    )
