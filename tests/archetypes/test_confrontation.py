"""Research confronted with practice per intended effect (DOMAIN.md §7), from shared monitoring
only, worked out by hand."""

import datetime
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader
from pytest_django.asserts import assertContains, assertNotContains

from archetypes import choices
from archetypes.confrontation import confront, counted_indicators
from interventions.models import Effect, IntendedEffect
from tests.factories import (
    ArchetypeFactory,
    ArchetypeInterventionFactory,
    EffectIndicatorFactory,
    EffectMeasurementFactory,
    EffectVerdictFactory,
    MembershipFactory,
    MonitoringPlanFactory,
    OrganisationFactory,
    ReferenceFactory,
    StandardIndicatorFactory,
    make_published,
    store_figures,
)

BASELINE = Decimal("62.0")
SAFETY = "VE.03"


@pytest.fixture
def archetype(db):
    return ArchetypeFactory(
        title="Huismeester in portiekflats", slug="huismeester", status=choices.Status.PUBLISHED
    )


def linked(archetype, *, role=choices.ExampleRole.TYPICAL, visibility="partners"):
    """A description of a partner of its own, linked to the archetype, aiming at VE.03."""
    organisation = OrganisationFactory()
    author = MembershipFactory(organisation=organisation).user
    intervention = make_published(organisation, author, visibility=visibility)
    ArchetypeInterventionFactory(archetype=archetype, intervention=intervention, role=role)
    IntendedEffect.objects.create(
        intervention=intervention, effect=Effect.objects.get(code=SAFETY)
    )
    return intervention


def measure(intervention, *latest: Decimal, is_shared=True, standard=None, effect=SAFETY):
    """A plan with one % feeling safe indicator per value of `latest`: baseline 62.0 in 2018,
    that value in March 2020. Returns the indicators."""
    plan = getattr(intervention, "monitoring", None) or MonitoringPlanFactory(
        intervention=intervention, is_shared=is_shared
    )
    indicators = []
    for value in latest:
        indicator = EffectIndicatorFactory(
            plan=plan, effect=Effect.objects.get(code=effect), standard=standard
        )
        EffectMeasurementFactory(indicator=indicator, date=datetime.date(2020, 3, 1), value=value)
        indicators.append(indicator)
    store_figures(plan)
    return indicators


def improvement(latest: Decimal) -> Decimal:
    """Formula 12 for higher is better: (latest − baseline) / |baseline| × 100."""
    return (latest - BASELINE) / abs(BASELINE) * 100


def whole(value: Decimal) -> str:
    rounded = value.quantize(Decimal(1), ROUND_HALF_UP)
    return f"{'+' if rounded > 0 else '−' if rounded < 0 else ''}{abs(rounded)} %"


def detail_url(archetype) -> str:
    return reverse("archetypes:detail", args=[archetype.slug])


def row(archetype, code=SAFETY):
    return next(item for item in confront(archetype).effects if item.effect.code == code)


# Three shared descriptions: 10 % and 7 % better, 1 % worse (gelijk gebleven).
SHARED = [Decimal("68.2"), Decimal("66.34"), Decimal("61.38")]


def test_another_partners_member_reads_the_line_computed_by_hand(client, archetype, member_b):
    reference = ReferenceFactory(archetype=archetype, authors="Wittebrood, K., & Van Dijk, T.")
    verdict = EffectVerdictFactory(
        archetype=archetype, effect=Effect.objects.get(code=SAFETY), rating="+"
    )
    verdict.references.add(reference)
    for value in SHARED:
        measure(linked(archetype), value)
    # Linked and published for all, but its monitoring is not shared: worsened a lot.
    measure(linked(archetype), Decimal("30.0"), is_shared=False)
    # Shared monitoring of a description published within its organisation only.
    measure(linked(archetype, visibility="organisatie"), Decimal("31.0"))
    median = sorted(improvement(value) for value in SHARED)[1]
    assert whole(median) == "+7 %"

    client.force_login(member_b)
    response = client.get(detail_url(archetype))
    assertContains(
        response,
        "Onderzoek: + · praktijk: 2 van 3 verbeterd (mediaan +7 %): "
        "de praktijk bevestigt het onderzoek",
    )
    assertContains(response, "gemeten in 3")
    assertContains(response, "verbeterd 2 · gelijk 1 · verslechterd 0")
    assertContains(response, "(Wittebrood &amp; Van Dijk, 2007)")
    assertNotContains(response, "verslechterd 1")


def test_the_line_leaves_unshared_and_private_monitoring_out(archetype):
    for value in SHARED:
        measure(linked(archetype), value)
    before = row(archetype).practice
    measure(linked(archetype), Decimal("30.0"), is_shared=False)
    measure(linked(archetype, visibility="organisatie"), Decimal("31.0"))
    after = row(archetype).practice
    # The unshared one still aims at the effect (its description is published for all).
    assert after.descriptions == before.descriptions + 1 == 4
    assert (after.measured, after.worsened, after.median) == (3, 0, before.median)
    assert after.median == Decimal("7.0000")


def test_below_three_measured_says_too_little(client, archetype, member_b):
    EffectVerdictFactory(archetype=archetype, effect=Effect.objects.get(code=SAFETY), rating="+")
    for value in SHARED[:2]:
        measure(linked(archetype), value)
    item = row(archetype)
    assert item.line == "Onderzoek: + · praktijk: te weinig praktijkgegevens"
    assert not (item.confirms or item.departs)
    client.force_login(member_b)
    response = client.get(detail_url(archetype))
    assertContains(response, "Onderzoek: + · praktijk: te weinig praktijkgegevens")
    assertNotContains(response, "verbeterd 2")


@pytest.mark.parametrize(
    ("rating", "values", "line"),
    [
        (
            "++",
            ["68.2", "61.38", "40.0"],
            "1 van 3 verbeterd (mediaan −1 %): de praktijk wijkt af",
        ),
        (
            "+",
            ["68.2", "66.34", "61.38"],
            "2 van 3 verbeterd (mediaan +7 %): de praktijk bevestigt",
        ),
        (
            "0",
            ["68.2", "66.34", "61.38"],
            "2 van 3 verbeterd (mediaan +7 %): de praktijk wijkt af",
        ),
        ("-", ["68.2", "66.34", "40.0"], "2 van 3 verbeterd (mediaan +7 %): de praktijk wijkt af"),
        (
            "-",
            ["50.0", "40.0", "68.2"],
            "1 van 3 verbeterd (mediaan −19 %): de praktijk bevestigt",
        ),
        ("0", ["61.38", "62.0", "68.2"], "1 van 3 verbeterd (mediaan 0 %): de praktijk bevestigt"),
    ],
)
def test_practice_confirms_or_departs(archetype, rating, values, line):
    EffectVerdictFactory(
        archetype=archetype, effect=Effect.objects.get(code=SAFETY), rating=rating
    )
    for value in values:
        measure(linked(archetype), Decimal(value))
    research = "−" if rating == "-" else rating
    assert row(archetype).line.startswith(f"Onderzoek: {research} · praktijk: {line}")


def test_half_improved_with_positive_research_is_no_departure(archetype):
    """Most is more than half: two of four improved is not "most did not improve"."""
    EffectVerdictFactory(archetype=archetype, effect=Effect.objects.get(code=SAFETY), rating="+")
    for value in ["68.2", "66.34", "61.38", "40.0"]:
        measure(linked(archetype), Decimal(value))
    assert row(archetype).line.endswith(
        "2 van 4 verbeterd (mediaan +3 %): de praktijk bevestigt het onderzoek"
    )


def test_without_research_practice_speaks_alone(archetype):
    for value in SHARED:
        measure(linked(archetype), value)
    item = row(archetype)
    assert item.verdict is None
    assert item.line == (
        "Onderzoek: niet onderzocht · praktijk: 2 van 3 verbeterd (mediaan +7 %): "
        "alleen de praktijk, geen onderzoek om mee te vergelijken"
    )


def test_an_effect_with_a_verdict_but_no_practice_is_listed(archetype):
    EffectVerdictFactory(archetype=archetype, effect=Effect.objects.get(code="VE.01"), rating="++")
    item = row(archetype, "VE.01")
    assert (item.practice.descriptions, item.practice.measured) == (0, 0)
    assert item.line == "Onderzoek: ++ · praktijk: te weinig praktijkgegevens"


def test_different_examples_are_left_out(archetype):
    for value in SHARED:
        measure(linked(archetype), value)
    measure(linked(archetype, role=choices.ExampleRole.DIFFERENT), Decimal("20.0"))
    measure(linked(archetype, role=choices.ExampleRole.VARIANT), Decimal("62.0"))
    practice = row(archetype).practice
    assert (practice.descriptions, practice.measured, practice.unchanged) == (4, 4, 2)
    assert practice.worsened == 0


def test_a_description_linked_as_different_elsewhere_still_counts_here(archetype):
    intervention = linked(archetype)
    ArchetypeInterventionFactory(
        archetype=ArchetypeFactory(), intervention=intervention, role=choices.ExampleRole.DIFFERENT
    )
    measure(intervention, Decimal("68.2"))
    assert row(archetype).practice.measured == 1


def test_one_indicator_per_description_standard_first(archetype):
    standard = StandardIndicatorFactory()
    first = linked(archetype)
    # Two own indicators and a standard one, added last: the standard one counts (worsened).
    measure(first, Decimal("68.2"), Decimal("66.34"))
    (counted,) = measure(first, Decimal("40.0"), standard=standard)
    second = linked(archetype)
    # Two own indicators: the lowest pk counts (improved); the other one is not measured.
    lowest, _ = measure(second, Decimal("68.2"), Decimal("40.0"))
    unmeasured = EffectIndicatorFactory(plan=second.monitoring, standard=standard)
    third = linked(archetype)
    measure(third, Decimal("61.38"))
    assert {indicator.pk for indicator in counted_indicators(archetype)} == {
        counted.pk,
        lowest.pk,
        third.monitoring.effect_indicators.get().pk,
    }
    assert unmeasured.pk not in {indicator.pk for indicator in counted_indicators(archetype)}
    practice = row(archetype).practice
    assert (practice.measured, practice.improved, practice.unchanged, practice.worsened) == (
        3,
        1,
        1,
        1,
    )
    assert practice.standard == 1


def test_the_page_says_how_many_used_a_standard_indicator(client, archetype, member_b):
    standard = StandardIndicatorFactory()
    for index, value in enumerate(SHARED):
        measure(linked(archetype), value, standard=standard if index else None)
    client.force_login(member_b)
    assertContains(client.get(detail_url(archetype)), "waarvan 2 met een standaardindicator")


def test_net_improvement_decides_where_a_comparison_area_was_measured(archetype):
    """The stored improvement is formula 15's net one; the median reads it."""
    indicators = [measure(linked(archetype), value)[0] for value in SHARED]
    # 62.0 → 68.2 while the city went 61.0 → 63.0: net (6.2 − 2.0) / 62 = 6.7742 %.
    first = indicators[0]
    first.comparison_area = "De stad"
    first.comparison_baseline = Decimal("61.0")
    first.save()
    first.measurements.update(comparison_value=Decimal("63.0"))
    store_figures(first.plan)
    assert row(archetype).practice.median == Decimal("6.7742")


@pytest.mark.parametrize("descriptions", [1, 10])
def test_confrontation_queries_do_not_grow(archetype, django_assert_num_queries, descriptions):
    reference = ReferenceFactory(archetype=archetype)
    for code in ("VE.01", SAFETY):
        verdict = EffectVerdictFactory(
            archetype=archetype, effect=Effect.objects.get(code=code), rating="+"
        )
        verdict.references.add(reference)
    standard = StandardIndicatorFactory()
    for _ in range(descriptions):
        intervention = linked(archetype)
        measure(intervention, Decimal("68.2"), Decimal("40.0"), standard=standard)
        measure(intervention, Decimal("66.0"), effect="VE.01")
    # Verdicts, their references, the effects aimed at, the practice per effect.
    with django_assert_num_queries(4):
        confrontation = confront(archetype)
        lines = [item.line for item in confrontation.effects]
    assert len(lines) == 2


@pytest.mark.parametrize("descriptions", [1, 10])
def test_page_queries_do_not_grow(
    client, archetype, member_b, django_assert_num_queries, descriptions
):
    EffectVerdictFactory(archetype=archetype, effect=Effect.objects.get(code=SAFETY), rating="+")
    for _ in range(descriptions):
        measure(linked(archetype), Decimal("68.2"))
    client.force_login(member_b)
    with CaptureQueriesContext(connection) as queries:
        client.get(detail_url(archetype))
    baseline = len(queries)
    measure(linked(archetype), Decimal("61.0"))
    with django_assert_num_queries(baseline):
        client.get(detail_url(archetype))


def test_pdf_reads_the_line(client, archetype, member_b, settings):
    settings.DEBUG = False
    EffectVerdictFactory(archetype=archetype, effect=Effect.objects.get(code=SAFETY), rating="+")
    for value in SHARED:
        measure(linked(archetype), value)
    client.force_login(member_b)
    response = client.get(reverse("archetypes:pdf", args=[archetype.slug]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert (
        "Onderzoek: + · praktijk: 2 van 3 verbeterd (mediaan +7 %): "
        "de praktijk bevestigt het onderzoek"
    ) in text
    assert "Onderzoek en praktijk per beoogd effect" in text
