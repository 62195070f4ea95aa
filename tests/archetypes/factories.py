from collections.abc import Iterable
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from archetypes import choices
from archetypes.models import ActiveIngredient, Archetype, ArchetypeIntervention, Reference
from interventions.models import InterventionType
from monitoring.models import MonitoringPlan
from tests.factories import (
    CostLineFactory,
    InterventionFactory,
    MonitoringPlanFactory,
    OutputIndicatorFactory,
    OutputValueFactory,
    ReportingPeriodFactory,
    ValuedOutcomeFactory,
)


class ArchetypeFactory(DjangoModelFactory):
    """A draft archetype of the type "Huismeester / complexbeheerder" (from the vocabulary
    migration); pass `status=choices.Status.PUBLISHED` for a published one."""

    class Meta:
        model = Archetype

    title = factory.Sequence(lambda n: f"Huismeester in de buurt {n}")
    slug = factory.Sequence(lambda n: f"huismeester-in-de-buurt-{n}")
    intervention_type = factory.LazyFunction(
        lambda: InterventionType.objects.get(slug="huismeester-complexbeheerder")
    )
    status = choices.Status.CONCEPT
    summary = "Een vaste huismeester is dagelijks aanwezig en spreekt bewoners aan."
    published_at = factory.LazyAttribute(
        lambda archetype: timezone.now() if archetype.status == choices.Status.PUBLISHED else None
    )


class ReferenceFactory(DjangoModelFactory):
    class Meta:
        model = Reference

    archetype = factory.SubFactory(ArchetypeFactory)
    authors = "Wittebrood, K., & Van Dijk, T."
    year = 2007
    title = factory.Sequence(lambda n: f"Aandacht voor de wijk {n}")


class ActiveIngredientFactory(DjangoModelFactory):
    class Meta:
        model = ActiveIngredient

    archetype = factory.SubFactory(ArchetypeFactory)
    position = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"Vast gezicht {n}")
    support = choices.Support.PRACTICE


class ArchetypeInterventionFactory(DjangoModelFactory):
    class Meta:
        model = ArchetypeIntervention

    archetype = factory.SubFactory(ArchetypeFactory)
    intervention = factory.SubFactory(InterventionFactory)
    role = choices.ExampleRole.TYPICAL


def make_plan(
    intervention,
    *,
    cost: Decimal,
    benefits: Decimal | None = None,
    outputs: Iterable[tuple[str, Decimal]] = (),
    is_shared: bool = True,
) -> MonitoringPlan:
    """A monitoring plan of one year with its figures stored: one cost line of `cost`, one
    valued outcome worth `benefits` (no discounting, so the SROI ratio is benefits / cost),
    and a direct result per (unit, realised) of `outputs`."""
    plan = MonitoringPlanFactory(
        intervention=intervention, is_shared=is_shared, discount_rate=Decimal(0)
    )
    period = ReportingPeriodFactory(plan=plan, label="2025")
    CostLineFactory(plan=plan, period=period, amount=cost)
    if benefits is not None:
        ValuedOutcomeFactory(plan=plan, quantity=Decimal(1), proxy=benefits)
    for unit, realised in outputs:
        OutputValueFactory(
            indicator=OutputIndicatorFactory(plan=plan, unit=unit),
            period=period,
            realised=realised,
        )
    MonitoringPlan.objects.with_details().get(pk=plan.pk).store_figures()
    plan.refresh_from_db()
    return plan
