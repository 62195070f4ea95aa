from decimal import Decimal

import pytest

from archetypes import choices
from archetypes.figures import PercentileCont, archetype_figures
from monitoring.models import MonitoringPlan
from tests.factories import (
    ArchetypeFactory,
    ArchetypeInterventionFactory,
    InterventionFactory,
    MembershipFactory,
    OrganisationFactory,
    make_plan,
    make_published,
)


@pytest.fixture
def archetype(db):
    return ArchetypeFactory(status=choices.Status.PUBLISHED)


def linked(archetype, organisation=None, **fields):
    """A description published for all partners, linked to the archetype."""
    organisation = organisation or OrganisationFactory()
    author = MembershipFactory(organisation=organisation).user
    intervention = make_published(organisation, author, **fields)
    ArchetypeInterventionFactory(archetype=archetype, intervention=intervention)
    return intervention


@pytest.fixture
def four_plans(archetype):
    """Four shared plans of three partners, worked out by hand below."""
    maasoever, hofstad, rijnmond = OrganisationFactory.create_batch(3)
    make_plan(
        linked(archetype, maasoever),
        cost=Decimal("1000.00"),
        benefits=Decimal("1500.00"),
        outputs=[("huisbezoeken", Decimal(10))],
    )
    make_plan(
        linked(archetype, maasoever),
        cost=Decimal("2000.00"),
        benefits=Decimal("2000.00"),
        outputs=[("Huisbezoeken", Decimal(40))],
    )
    make_plan(
        linked(archetype, hofstad),
        cost=Decimal("4000.00"),
        benefits=Decimal("10000.00"),
        # Two results in the same unit, written differently: 30 + 20 visits.
        outputs=[("Huisbezoeken", Decimal(30)), (" huisbezoeken ", Decimal(20))],
    )
    make_plan(
        linked(archetype, rijnmond),
        cost=Decimal("10000.00"),
        benefits=Decimal("5000.00"),
        outputs=[("woningen", Decimal(5))],
    )


def test_figures_match_a_hand_calculation(archetype, four_plans):
    figures = archetype_figures(archetype)
    assert (figures.descriptions, figures.partners, figures.with_monitoring) == (4, 3, 4)
    # Total costs 1,000 · 2,000 · 4,000 · 10,000. percentile_cont interpolates at position
    # p × (n − 1): the median at 1.5 → (2,000 + 4,000) / 2; P25 at 0.75 → 1,000 + 0.75 ×
    # 1,000; P75 at 2.25 → 4,000 + 0.25 × 6,000.
    assert figures.total_cost.median == Decimal("3000.00")
    assert figures.total_cost.p25 == Decimal("1750.00")
    assert figures.total_cost.p75 == Decimal("5500.00")
    assert figures.total_cost.n == 4
    assert figures.total_cost.is_enough
    # Ratios 1.5 · 1.0 · 2.5 · 0.5: the range, not an average.
    assert (figures.sroi.low, figures.sroi.high, figures.sroi.n) == (
        Decimal("0.5"),
        Decimal("2.5"),
        4,
    )
    visits, homes = figures.units
    # Cost per visit per plan: 1,000 / 10 = 100; 2,000 / 40 = 50; 4,000 / (30 + 20) = 80.
    assert (visits.unit, visits.plans, visits.realised, visits.n) == (
        "huisbezoeken",
        3,
        Decimal(100),
        3,
    )
    assert visits.cost_per_unit == Decimal("80.00")
    assert visits.is_enough
    assert (homes.unit, homes.plans, homes.realised, homes.cost_per_unit) == (
        "woningen",
        1,
        Decimal(5),
        Decimal("2000.00"),
    )
    assert not homes.is_enough
    # Every description aims at VE.01 (make_complete()).
    assert [(effect.code, effect.descriptions) for effect in figures.effects] == [("VE.01", 4)]


def test_unshared_monitoring_never_enters(archetype, four_plans):
    before = archetype_figures(archetype)
    # A partner that keeps its monitoring to itself, with extreme figures.
    make_plan(
        linked(archetype),
        cost=Decimal("999999.00"),
        benefits=Decimal("1.00"),
        outputs=[("huisbezoeken", Decimal(1))],
        is_shared=False,
    )
    after = archetype_figures(archetype)
    assert after.descriptions == before.descriptions + 1
    assert after.partners == before.partners + 1
    assert (after.with_monitoring, after.total_cost, after.sroi) == (
        before.with_monitoring,
        before.total_cost,
        before.sroi,
    )
    assert after.units == before.units


@pytest.mark.parametrize("status", ["concept", "internal"])
def test_descriptions_not_published_for_all_never_enter(archetype, four_plans, status):
    before = archetype_figures(archetype)
    organisation = OrganisationFactory()
    if status == "concept":
        intervention = InterventionFactory(organisation=organisation)
    else:
        author = MembershipFactory(organisation=organisation).user
        intervention = make_published(organisation, author, visibility="organisatie")
    ArchetypeInterventionFactory(archetype=archetype, intervention=intervention)
    # Shared by its owner, but the description itself is not there for all partners.
    make_plan(intervention, cost=Decimal("999999.00"), benefits=Decimal("1.00"))
    assert MonitoringPlan.objects.filter(intervention=intervention, is_shared=True).exists()
    assert archetype_figures(archetype) == before


def test_other_archetypes_monitoring_never_enters(archetype, four_plans):
    before = archetype_figures(archetype)
    other = ArchetypeFactory(status=choices.Status.PUBLISHED)
    make_plan(linked(other), cost=Decimal("5.00"), benefits=Decimal("500.00"))
    assert archetype_figures(archetype) == before


def test_too_few_plans_are_not_enough(archetype):
    for cost in ("1000.00", "3000.00"):
        make_plan(linked(archetype), cost=Decimal(cost), benefits=Decimal("2000.00"))
    figures = archetype_figures(archetype)
    assert figures.total_cost.n == 2
    assert figures.total_cost.median == Decimal("2000.00")
    assert not figures.total_cost.is_enough
    assert not figures.sroi.is_enough


def test_no_linked_descriptions(archetype):
    figures = archetype_figures(archetype)
    assert (figures.descriptions, figures.partners, figures.with_monitoring) == (0, 0, 0)
    assert figures.total_cost.median is None
    assert figures.sroi.low is None
    assert figures.units == []
    assert figures.effects == []


def test_figures_take_six_queries(archetype, four_plans, django_assert_num_queries):
    # Descriptions, plans, units, effects named, effects measured and ingredients (seven with
    # an essential ingredient: tests/archetypes/test_practice_figures.py).
    with django_assert_num_queries(6):
        archetype_figures(archetype)


@pytest.mark.parametrize("fraction", [-0.1, 1.5])
def test_a_percentile_is_a_fraction(fraction):
    with pytest.raises(ValueError):
        PercentileCont("total_cost", fraction=fraction)
