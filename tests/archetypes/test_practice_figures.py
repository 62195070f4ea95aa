"""Section 9 of the archetype: running time, evaluations, evidence levels, effects, costs
(realised before budgeted, per year) and the active ingredients in practice, worked out by
hand. TODAY fixes the end of the descriptions that still run."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archetypes import choices
from archetypes.figures import archetype_figures
from interventions.models import Effect, Intervention, RunningYears
from monitoring.models import MonitoringPlan
from tests.archetypes.test_pdf import pdf_text
from tests.factories import (
    ActiveIngredientFactory,
    ArchetypeFactory,
    ArchetypeInterventionFactory,
    CostLineFactory,
    EffectIndicatorFactory,
    EffectMeasurementFactory,
    InterventionFactory,
    MembershipFactory,
    MonitoringPlanFactory,
    OrganisationFactory,
    ReportingPeriodFactory,
    StandardIndicatorFactory,
    ValuedOutcomeFactory,
    make_published,
    store_figures,
)

TODAY = datetime.date(2026, 1, 1)
DIFFERENT = choices.ExampleRole.DIFFERENT


def linked(archetype, *, role=choices.ExampleRole.TYPICAL, organisation=None, **fields):
    """A description published for all partners, linked to the archetype with `role`; `fields`
    (dates, evaluation, evidence level) are set after publishing."""
    organisation = organisation or OrganisationFactory()
    author = MembershipFactory(organisation=organisation).user
    intervention = make_published(organisation, author)
    if fields:
        Intervention.objects.filter(pk=intervention.pk).update(**fields)
    ArchetypeInterventionFactory(archetype=archetype, intervention=intervention, role=role)
    return intervention


def plan_for(intervention, *, realised=None, budget=None, benefits=None, is_shared=True):
    """A plan of one year (2025, no discounting) with a realised and/or a budgeted cost line,
    and one valued outcome worth `benefits`."""
    plan = MonitoringPlanFactory(
        intervention=intervention, is_shared=is_shared, discount_rate=Decimal(0)
    )
    period = ReportingPeriodFactory(plan=plan, label="2025")
    if realised is not None:
        CostLineFactory(plan=plan, period=period, amount=Decimal(realised))
    if budget is not None:
        CostLineFactory(plan=plan, period=period, amount=Decimal(budget), is_budget=True)
    if benefits is not None:
        ValuedOutcomeFactory(plan=plan, quantity=Decimal(1), proxy=Decimal(benefits))
    return plan


def measure(plan, improvement, *, effect="VE.01", standard=False):
    """An indicator (a count, higher is better) from 100 to 100 + `improvement`: that is its
    improvement in percent; `None`: only the baseline. Keep with store_figures(plan)."""
    effect = Effect.objects.get(code=effect)
    indicator = EffectIndicatorFactory(
        plan=plan,
        effect=effect,
        scale="aantal",
        unit="meldingen",
        baseline_value=Decimal(100),
        target_value=Decimal(150),
        standard=StandardIndicatorFactory(effect=effect) if standard else None,
    )
    if improvement is not None:
        EffectMeasurementFactory(
            indicator=indicator, date=datetime.date(2019, 3, 1), value=Decimal(100 + improvement)
        )
    return indicator


def add_intended_effect(intervention, code: str) -> None:
    intervention.intended_effects.create(effect=Effect.objects.get(code=code))


@pytest.fixture
def archetype(db):
    return ArchetypeFactory(status=choices.Status.PUBLISHED)


@pytest.fixture
def practice(archetype):
    """Four counted descriptions with shared monitoring (a–d), one with unshared monitoring
    (f) and one marked "afwijkend" (e) with extreme figures."""
    date = datetime.date
    a = linked(
        archetype,
        start_date=date(2020, 1, 1),
        end_date=date(2024, 1, 1),
        evaluation_form="bewonersenquete",
        evidence_level=3,
    )
    b = linked(
        archetype,
        start_date=date(2016, 1, 1),
        end_date=date(2024, 1, 1),
        evaluation_form="sroi",
        evidence_level=2,
    )
    c = linked(archetype, start_date=date(2022, 1, 1), end_date=None, evidence_level=2)
    d = linked(
        archetype, start_date=date(2025, 4, 1), end_date=date(2025, 10, 1), evidence_level=0
    )
    e = linked(
        archetype,
        role=DIFFERENT,
        start_date=date(2000, 1, 1),
        end_date=date(2025, 1, 1),
        evaluation_form="sroi",
        evidence_level=5,
    )
    f = linked(archetype, start_date=date(2024, 1, 1), end_date=None, evidence_level=1)
    # a: realised 10,000 (its budget of 50,000 does not count), ratio 21,049.60 / 10,000.
    plan_a = plan_for(a, realised="10000.00", budget="50000.00", benefits="21049.60")
    add_intended_effect(a, "VE.03")
    measure(plan_a, 50)  # entered first, but not from the library
    measure(plan_a, 4, standard=True)
    measure(plan_a, 20, effect="VE.03")
    # b: only a budget of 9,000; ratio 2.5.
    plan_b = plan_for(b, budget="9000.00", benefits="22500.00")
    measure(plan_b, 8)
    measure(plan_b, 100)
    # c: realised 4,000; ratio 3. LB.01 is no intended effect of c.
    plan_c = plan_for(c, realised="4000.00", benefits="12000.00")
    measure(plan_c, 12)
    measure(plan_c, 70, effect="LB.01")
    # d: realised 3,000, ratio 2.5, only a baseline so far.
    plan_d = plan_for(d, realised="3000.00", benefits="7500.00")
    measure(plan_d, None)
    plan_e = plan_for(e, realised="1000000.00", benefits="100.00")
    measure(plan_e, 500)
    plan_f = plan_for(f, realised="999999.00", benefits="1.00", is_shared=False)
    measure(plan_f, 300)
    for plan in (plan_a, plan_b, plan_c, plan_d, plan_e, plan_f):
        store_figures(plan)
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f}


def test_afwijkend_examples_are_counted_apart(archetype, practice):
    figures = archetype_figures(archetype, today=TODAY)
    # a, b, c, d and f (unshared monitoring, but the description itself counts); e apart.
    assert (figures.descriptions, figures.partners, figures.different) == (5, 5, 1)
    assert figures.with_monitoring == 4
    assert figures.has_enough_descriptions


def test_running_time_is_the_median_and_range_of_years(archetype, practice):
    figures = archetype_figures(archetype, today=TODAY)
    # Days between ÷ 365.25: a 1,461 days = 4 years, b 2,922 = 8, c 1,461 (still running, up
    # to today) = 4, d 183 = 0.501, f 731 = 2.001; e (25 years) left out.
    years = figures.running_years
    assert (years.median, years.low, years.high, years.n) == (
        Decimal("4.0"),
        Decimal("0.5"),
        Decimal("8.0"),
        5,
    )
    assert years.is_enough


def test_share_evaluated_and_evidence_levels(archetype, practice):
    figures = archetype_figures(archetype, today=TODAY)
    # a (residents' survey) and b (SROI) of five; e is evaluated but left out.
    assert figures.evaluated == 2
    assert [(item.level, item.descriptions) for item in figures.evidence_levels] == [
        (0, 1),
        (1, 1),
        (2, 2),
        (3, 1),
        (4, 0),
        (5, 0),
    ]


def test_costs_realised_before_budgeted_with_the_count(archetype, practice):
    figures = archetype_figures(archetype, today=TODAY)
    # a 10,000 realised (not its budget of 50,000), b 9,000 budgeted, c 4,000 and d 3,000
    # realised; e (afwijkend) and f (unshared) left out. Sorted 3,000 · 4,000 · 9,000 ·
    # 10,000: median (4,000 + 9,000) / 2; P25 at 0.75 → 3,750; P75 at 2.25 → 9,250.
    assert (figures.realised_costs, figures.budgeted_costs) == (3, 1)
    cost = figures.total_cost
    assert (cost.median, cost.p25, cost.p75, cost.n) == (
        Decimal("6500.00"),
        Decimal("3750.00"),
        Decimal("9250.00"),
        4,
    )


def test_cost_per_year_of_running_time(archetype, practice):
    figures = archetype_figures(archetype, today=TODAY)
    # a 10,000 / 4 = 2,500; b 9,000 / 8 = 1,125; c 4,000 / 4 = 1,000; d 3,000 / 1 (half a
    # year counts as one) = 3,000. Sorted 1,000 · 1,125 · 2,500 · 3,000: median 1,812.50; P25
    # at 0.75 → 1,000 + 0.75 × 125 = 1,093.75; P75 at 2.25 → 2,500 + 0.25 × 500 = 2,625.
    per_year = figures.cost_per_year
    assert (per_year.median, per_year.p25, per_year.p75, per_year.n) == (
        Decimal("1812.50"),
        Decimal("1093.75"),
        Decimal("2625.00"),
        4,
    )


def test_sroi_range_uses_the_ratios_as_the_pages_show_them(archetype, practice):
    figures = archetype_figures(archetype, today=TODAY)
    # a 2.10496 → 2.10 (not 2.1050 → 2.11), b 2.50, c 3.00, d 2.50; e (0.0001) left out.
    assert (figures.sroi.low, figures.sroi.high, figures.sroi.n) == (
        Decimal("2.10"),
        Decimal("3.00"),
        4,
    )


def test_effects_count_descriptions_and_the_median_improvement(archetype, practice):
    figures = archetype_figures(archetype, today=TODAY)
    effects = {effect.code: effect for effect in figures.effects}
    # VE.01: named by a, b, c, d and f. Measured: a +4 (its standard indicator, not the +50
    # entered first), b +8 (the first entered, not +100), c +12; d only has a baseline, e is
    # afwijkend and f does not share. Median 8.
    safety = effects["VE.01"]
    assert (safety.descriptions, safety.measured, safety.improvement) == (
        5,
        3,
        Decimal("8.0000"),
    )
    assert safety.is_enough
    # VE.03: a alone; too few.
    assert (effects["VE.03"].descriptions, effects["VE.03"].measured) == (1, 1)
    assert not effects["VE.03"].is_enough
    # LB.01 was measured by c but is no intended effect of any description.
    assert "LB.01" not in effects
    assert [effect.code for effect in figures.effects] == ["VE.01", "VE.03"]


def test_ingredients_count_the_counted_examples_that_apply_them(archetype, practice):
    face = ActiveIngredientFactory(archetype=archetype, is_essential=True)
    rounds = ActiveIngredientFactory(archetype=archetype)
    unused = ActiveIngredientFactory(archetype=archetype)
    # An unlinked description of another partner that ticked it does not count, nor e.
    author = MembershipFactory().user
    unlinked = make_published(author.memberships.get().organisation, author)
    face.applied_in.add(practice["a"], practice["b"], practice["e"], practice["f"], unlinked)
    rounds.applied_in.add(practice["c"])
    figures = archetype_figures(archetype, today=TODAY)
    assert figures.for_ingredient(face).applied == 3
    assert figures.for_ingredient(rounds).applied == 1
    assert figures.for_ingredient(unused).applied == 0
    assert figures.for_ingredient(rounds).comparison is None
    # a (median of +4 and +20: 12) and b (+8) apply it, c (+12) does not: too few.
    comparison = figures.for_ingredient(face).comparison
    assert (comparison.with_n, comparison.without_n) == (2, 1)
    assert not comparison.is_enough


@pytest.fixture
def essential_comparison(archetype):
    """Practices that apply the essential ingredient (+10, +20, +30, one not measured yet) and
    practices that do not (−5, 0, +5, +40), plus an afwijkend and an unshared one."""
    face = ActiveIngredientFactory(archetype=archetype, is_essential=True)
    for improvement, applies, role, is_shared in [
        (10, True, "typisch", True),
        (20, True, "variant", True),
        (30, True, "typisch", True),
        (None, True, "typisch", True),
        (-5, False, "typisch", True),
        (0, False, "typisch", True),
        (5, False, "typisch", True),
        (40, False, "typisch", True),
        (1000, True, DIFFERENT, True),
        (-1000, True, "typisch", False),
    ]:
        intervention = linked(archetype, role=role)
        plan = plan_for(intervention, realised="1000.00", is_shared=is_shared)
        measure(plan, improvement)
        store_figures(plan)
        if applies:
            face.applied_in.add(intervention)
    return face


def test_essential_ingredient_with_against_without(archetype, essential_comparison):
    figures = archetype_figures(archetype, today=TODAY)
    item = figures.for_ingredient(essential_comparison)
    # Applied in 5 counted examples (the afwijkend one left out), measured in 3 of them.
    assert item.applied == 5
    comparison = item.comparison
    # With: 10 · 20 · 30 → 20. Without: −5 · 0 · 5 · 40 → (0 + 5) / 2 = 2.5.
    assert (comparison.with_median, comparison.with_n) == (Decimal("20.0000"), 3)
    assert (comparison.without_median, comparison.without_n) == (Decimal("2.5000"), 4)
    assert comparison.difference == Decimal("17.5000")
    assert comparison.is_enough


def test_a_practice_weighs_once_with_the_median_of_its_effects(archetype, essential_comparison):
    # One more practice without the ingredient that measured two effects: +100 and +200;
    # it counts once, with 150.
    intervention = linked(archetype)
    add_intended_effect(intervention, "VE.03")
    plan = plan_for(intervention, realised="1000.00")
    measure(plan, 100)
    measure(plan, 200, effect="VE.03")
    store_figures(plan)
    comparison = archetype_figures(archetype).for_ingredient(essential_comparison).comparison
    # Without: −5 · 0 · 5 · 40 · 150 → 5.
    assert (comparison.without_median, comparison.without_n) == (Decimal("5.0000"), 5)


def test_too_few_figures_are_not_enough(archetype):
    for start in (datetime.date(2020, 1, 1), datetime.date(2021, 1, 1)):
        intervention = linked(archetype, start_date=start, end_date=datetime.date(2023, 1, 1))
        plan = plan_for(intervention, realised="1000.00", benefits="2000.00")
        measure(plan, 10)
        store_figures(plan)
    figures = archetype_figures(archetype, today=TODAY)
    assert not figures.has_enough_descriptions
    assert not figures.running_years.is_enough
    assert not figures.cost_per_year.is_enough
    assert not figures.effects[0].is_enough


def test_nothing_linked(archetype):
    figures = archetype_figures(archetype, today=TODAY)
    assert (figures.descriptions, figures.different, figures.evaluated) == (0, 0, 0)
    assert figures.running_years.median is None
    assert (figures.realised_costs, figures.budgeted_costs) == (0, 0)
    assert figures.cost_per_year.median is None
    assert [item.descriptions for item in figures.evidence_levels] == [0] * 6
    assert figures.ingredients == {}


@pytest.mark.parametrize("count", [1, 10])
def test_queries_do_not_grow_with_linked_descriptions(archetype, django_assert_num_queries, count):
    face = ActiveIngredientFactory(archetype=archetype, is_essential=True)
    ActiveIngredientFactory(archetype=archetype)
    for index in range(count):
        intervention = linked(archetype)
        plan = plan_for(intervention, realised="1000.00", budget="800.00", benefits="1500.00")
        measure(plan, index)
        store_figures(plan)
        face.applied_in.add(intervention)
    # Descriptions, plans, units, effects named, effects measured, ingredients, and the
    # comparison of the essential ingredient.
    with django_assert_num_queries(7):
        figures = archetype_figures(archetype)
    assert figures.for_ingredient(face).applied == count


def test_unshared_monitoring_never_enters_any_figure(archetype, practice):
    before = archetype_figures(archetype, today=TODAY)
    plan = MonitoringPlan.objects.get(intervention=practice["c"])
    MonitoringPlan.objects.filter(pk=plan.pk).update(is_shared=False)
    after = archetype_figures(archetype, today=TODAY)
    assert after.with_monitoring == before.with_monitoring - 1
    assert after.total_cost.n == before.total_cost.n - 1
    assert after.cost_per_year.n == before.cost_per_year.n - 1
    assert after.sroi.n == before.sroi.n - 1
    assert after.effects[0].measured == before.effects[0].measured - 1


# The page and the PDF, in Dutch


def detail(client, user, archetype):
    client.force_login(user)
    response = client.get(reverse("archetypes:detail", args=[archetype.slug]))
    assert response.status_code == 200
    return response


def test_page_shows_the_figures_in_dutch(client, member_b, archetype, practice):
    face = ActiveIngredientFactory(archetype=archetype, name="Vast gezicht", is_essential=True)
    face.applied_in.add(practice["a"], practice["b"], practice["f"])
    text = " ".join(detail(client, member_b, archetype).text.split())
    assert "1 praktijkvoorbeeld dat als ‘afwijkend’ is gemarkeerd, staat bij de" in text
    assert "5 beschrijvingen van 5 partners" in text
    assert "Gebruikelijke looptijd" in text
    assert "mediaan € 6.500 (de helft tussen € 3.750 en € 9.250)" in text
    assert "(op basis van 3 gerealiseerde en 1 begrote kosten)" in text
    assert "Kosten per jaar looptijd" in text
    assert "van 2,10 : 1 tot 3,00 : 1" in text
    assert "2,11" not in text
    assert "2 van 5 beschrijvingen" in text
    assert "2 Theoretisch onderbouwd: 2" in text
    assert 'VE.01 Minder woonoverlast</th> <td class="text-end">5</td>' in text
    assert "+8,0 %" in text
    assert "Toegepast in 3 praktijkvoorbeelden." in text
    assert "Praktijken met en zonder dit bestanddeel vergeleken: <span" in text


def test_the_ratio_reads_the_same_on_the_description_page(client, member_b, archetype, practice):
    # a's ratio is 21,049.60 / 10,000 = 2.10496: 2,10 on its own page and on the archetype.
    client.force_login(member_b)
    own = client.get(practice["a"].get_absolute_url()).text
    assert "2,10 : 1" in own
    assert "2,11" not in own
    assert "van 2,10 : 1" in detail(client, member_b, archetype).text


def test_page_compares_the_essential_ingredient(client, member_b, archetype, essential_comparison):
    text = " ".join(detail(client, member_b, archetype).text.split())
    assert "Toegepast in 5 praktijkvoorbeelden." in text
    assert (
        "Mediane verbetering van de praktijken die het toepassen: +20,0 % (3 praktijken); "
        "van de praktijken die het niet toepassen: +2,5 % (4 praktijken)."
    ) in text


def test_pdf_shows_the_figures(client, member_b, archetype, essential_comparison, settings):
    settings.DEBUG = False
    client.force_login(member_b)
    response = client.get(reverse("archetypes:pdf", args=[archetype.slug]))
    text = pdf_text(response.content)
    # Eight counted examples share their monitoring (not the afwijkend and the unshared one).
    assert "op basis van 8 gerealiseerde en 0 begrote kosten" in text
    assert "Toegepast in 5 praktijkvoorbeelden." in text
    assert "+20,0 % (3 praktijken)" in text
    assert "1 praktijkvoorbeeld dat als ‘afwijkend’ is gemarkeerd" in text
    assert "Bewijskracht van de beschrijvingen" in text


def _link_measured(archetype, ingredient, count: int) -> None:
    for index in range(count):
        intervention = linked(archetype, role="variant" if index % 2 else "typisch")
        plan = plan_for(intervention, realised="1000.00", benefits="1500.00")
        measure(plan, index)
        store_figures(plan)
        ingredient.applied_in.add(intervention)


def test_page_queries_do_not_grow_with_linked_descriptions(client, member_b, archetype):
    """The same number of queries for 1 and for 10 linked descriptions (the figures alone
    take seven: test_queries_do_not_grow_with_linked_descriptions)."""
    face = ActiveIngredientFactory(archetype=archetype, is_essential=True)
    client.force_login(member_b)
    url = reverse("archetypes:detail", args=[archetype.slug])
    counts = []
    for added in (1, 9):
        _link_measured(archetype, face, added)
        client.get(url)
        caches["pages"].clear()  # the page built, not its cached part
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        counts.append(len(queries))
    assert response.context["figures"].for_ingredient(face).applied == 10
    assert counts[0] == counts[1]


def test_the_role_is_that_of_this_archetypes_link(archetype):
    """A description typical here but afwijkend for another archetype counts here, and the
    other way round."""
    other = ArchetypeFactory(status=choices.Status.PUBLISHED)
    typical_here = linked(archetype)
    ArchetypeInterventionFactory(archetype=other, intervention=typical_here, role=DIFFERENT)
    different_here = linked(archetype, role=DIFFERENT)
    ArchetypeInterventionFactory(archetype=other, intervention=different_here)
    for intervention in (typical_here, different_here):
        store_figures(plan_for(intervention, realised="1000.00"))
    figures = archetype_figures(archetype, today=TODAY)
    assert (figures.descriptions, figures.different, figures.with_monitoring) == (1, 1, 1)
    assert figures.effects[0].descriptions == 1


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        (datetime.date(2020, 1, 1), datetime.date(2024, 1, 1), Decimal(4)),
        (datetime.date(2024, 1, 1), None, Decimal("2.001369")),  # up to today: 731 days
        (datetime.date(2026, 6, 1), None, Decimal(0)),  # has not started yet
        (None, None, None),
    ],
)
def test_running_years(db, start, end, years):
    intervention = InterventionFactory(start_date=start, end_date=end)
    running = (
        Intervention.objects.filter(pk=intervention.pk)
        .annotate(years=RunningYears("start_date", "end_date", today=TODAY))
        .values_list("years", flat=True)
        .get()
    )
    if years is None:
        assert running is None
    else:
        assert running.quantize(Decimal("0.000001")) == years
