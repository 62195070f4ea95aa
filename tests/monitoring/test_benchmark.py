"""Waar staan wij? A description's figures among its peers (DOMAIN.md §7, benchmark)."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from interventions.models import Effect, InterventionType
from monitoring import benchmark, row_versions
from monitoring.models import EffectIndicator, MonitoringPlan, OutputValue
from tests.factories import (
    EffectIndicatorFactory,
    MembershipFactory,
    OrganisationFactory,
    StandardIndicatorFactory,
    make_plan,
    make_published,
)
from tests.row_versions import counted_calls, tables_read, version_of
from tests.test_pagecache import without_tokens
from wwidw.models import User

D = Decimal
# A year or less of running time: the cost per year is the total cost.
END = datetime.date(2024, 12, 31)


def describe(organisation, *, visibility: str = "partners", **fields):
    author = MembershipFactory(organisation=organisation).user
    return make_published(organisation, author, visibility=visibility, end_date=END, **fields)


def peer(organisation, cost, *, ratio=None, outputs=(), is_shared=True, visibility="partners"):
    """A published description of the same type (huismeester) with shared monitoring."""
    cost = D(cost)
    return make_plan(
        describe(organisation, visibility=visibility),
        cost=cost,
        benefits=None if ratio is None else cost * D(ratio),
        outputs=outputs,
        is_shared=is_shared,
    )


@pytest.fixture
def own_plan(partner_a, member_a):
    intervention = make_published(partner_a, member_a, end_date=END)
    return make_plan(
        intervention,
        cost=D(35000),
        benefits=D(70000),
        outputs=[("Huishoudens", D(100))],
        is_shared=False,
    )


@pytest.fixture
def others(db):
    return [OrganisationFactory(), OrganisationFactory(), OrganisationFactory()]


def figures(plan, viewer) -> benchmark.PlanBenchmarks:
    plan = MonitoringPlan.objects.with_details().get(pk=plan.pk)
    return benchmark.plan_benchmarks([plan], viewer)[plan.pk]


def overview(client, viewer, plan):
    client.force_login(viewer)
    return client.get(reverse("monitoring:detail", args=[plan.intervention_id]))


def six_peers(others):
    """Costs 10,000 … 60,000 and ratios 1 … 6, from three organisations."""
    for index, cost in enumerate(range(10000, 70000, 10000)):
        peer(others[index % 3], cost, ratio=index + 1)


def test_shown_with_peers_of_three_other_organisations(own_plan, member_a, others):
    six_peers(others)

    result = figures(own_plan, member_a)

    cost = result.cost_per_year
    assert cost.is_shown
    assert (cost.peers, cost.organisations) == (6, 3)
    # percentile_cont by hand: P25 at position 0.25 × 5 = 1.25 between 20,000 and 30,000.
    assert cost.p25 == D("22500.00")
    assert cost.median == D("35000.00")
    assert cost.p75 == D("47500.00")
    assert cost.own == D("35000.00")
    assert result.sroi.p25 == D("2.2500")
    assert result.sroi.median == D("3.5000")
    assert result.sroi.p75 == D("4.7500")
    assert result.sroi.own == D("2.0000")
    assert result.sroi.position == "lager dan driekwart van de vergelijkbare beschrijvingen"


def test_overview_shows_the_strip_and_the_words(client, own_plan, member_a, others):
    six_peers(others)

    response = overview(client, member_a, own_plan)

    assertContains(response, "Waar staan wij?")
    assertContains(response, "wwidw-benchmark-box", count=2)
    assertContains(response, "mediaan: € 35.000")
    assertContains(response, "P25: € 22.500")
    assertContains(response, "2,00 : 1")
    assertContains(response, "6 vergelijkbare beschrijvingen van 3 organisaties")


def test_hidden_with_five_peers_of_only_two_other_organisations(
    client, own_plan, member_a, others
):
    for index, cost in enumerate((10000, 20000, 30000, 40000, 50000)):
        peer(others[index % 2], cost, ratio=1)

    result = figures(own_plan, member_a)

    assert (result.cost_per_year.peers, result.cost_per_year.organisations) == (5, 2)
    assert not result.cost_per_year.is_shown
    assert result.cost_per_year.strip is None
    response = overview(client, member_a, own_plan)
    assertNotContains(response, "wwidw-benchmark-box")
    assertContains(response, "Te weinig vergelijkbare beschrijvingen")


def test_five_peers_of_three_organisations_are_enough(own_plan, member_a, others):
    for index, cost in enumerate((10000, 20000, 30000, 40000, 50000)):
        peer(others[index % 3], cost)
    assert figures(own_plan, member_a).cost_per_year.is_shown


def four_peers(others):
    for index, cost in enumerate((10000, 20000, 30000, 40000)):
        peer(others[index % 3], cost)


def test_the_viewers_own_organisation_never_counts(own_plan, partner_a, member_a, others):
    four_peers(others)
    peer(partner_a, 50000)
    # The viewer is also a member of a fifth organisation: its descriptions don't count either.
    second = OrganisationFactory()
    MembershipFactory(user=member_a, organisation=second)
    peer(second, 60000)

    viewer = User.objects.get(pk=member_a.pk)
    cost = figures(own_plan, viewer).cost_per_year

    assert (cost.peers, cost.organisations) == (4, 3)
    assert not cost.is_shown


def test_another_viewer_sees_the_same_plans_without_their_own(own_plan, member_a, others):
    """A member of one of the peers' organisations does not count that organisation."""
    for index, cost in enumerate((10000, 20000, 30000, 40000, 50000)):
        peer(others[index % 3], cost)
    viewer = MembershipFactory(organisation=others[0]).user
    cost = figures(own_plan, viewer).cost_per_year
    assert (cost.peers, cost.organisations) == (3, 2)


def test_unshared_monitoring_never_counts(own_plan, member_a, others):
    four_peers(others)
    peer(others[0], 50000, is_shared=False)
    cost = figures(own_plan, member_a).cost_per_year
    assert cost.peers == 4
    assert not cost.is_shown


def test_private_descriptions_never_count(own_plan, member_a, others):
    four_peers(others)
    peer(others[1], 50000, visibility="organisatie")
    cost = figures(own_plan, member_a).cost_per_year
    assert cost.peers == 4
    assert not cost.is_shown


def test_other_types_never_count(own_plan, member_a, others):
    four_peers(others)
    other = peer(others[2], 50000)
    other.intervention.intervention_types.clear()
    assert figures(own_plan, member_a).cost_per_year.peers == 4


def test_cost_per_unit_for_a_unit_the_peers_share(own_plan, member_a, others):
    # Cost per household: 100, 200, 300, 400, 500; one peer counts talks, not households.
    for index, cost in enumerate((10000, 20000, 30000, 40000, 50000)):
        peer(others[index % 3], cost, outputs=[(" huishoudens ", D(100))])
    peer(others[0], 5000, outputs=[("gesprekken", D(10))])

    plan = MonitoringPlan.objects.with_details().get(pk=own_plan.pk)
    (unit,) = benchmark.unit_benchmarks(plan, member_a)

    assert unit.label == "Kosten per eenheid (Huishoudens)"
    assert unit.own == D("350.00")
    assert (unit.peers, unit.organisations) == (5, 3)
    assert (unit.p25, unit.median, unit.p75) == (D("200.00"), D("300.00"), D("400.00"))
    assert unit.is_shown


def improvement(plan, value, *, standard=None, name=None):
    named = {"name": name} if name else {}
    indicator = EffectIndicatorFactory(plan=plan, standard=standard, **named)
    EffectIndicator.objects.filter(pk=indicator.pk).update(
        improvement=D(value), status="verbeterd"
    )
    return indicator


def test_improvement_per_effect_takes_one_indicator_per_description(own_plan, member_a, others):
    improvement(own_plan, "12.5")
    for index, value in enumerate(("2", "4", "6", "8", "10")):
        plan = peer(others[index % 3], 10000)
        improvement(plan, value)
    # The library's indicator counts before an indicator of the plan's own, even a lower pk.
    plan = peer(others[2], 10000)
    improvement(plan, "90", name="Eigen vraag")
    improvement(plan, "12", standard=StandardIndicatorFactory())

    plan = MonitoringPlan.objects.with_details().get(pk=own_plan.pk)
    (effect,) = benchmark.effect_benchmarks(plan, member_a)

    assert effect.label == f"Verbetering op {Effect.objects.get(code='VE.03')}"
    assert effect.own == D("12.5000")
    assert (effect.peers, effect.organisations) == (6, 3)
    # 2, 4, 6, 8, 10, 12: P25 at 1.25 → 4.5; median 7; P75 at 3.75 → 9.5.
    assert (effect.p25, effect.median, effect.p75) == (D("4.5000"), D("7.0000"), D("9.5000"))
    assert effect.own_text == "+12,5 %"


def test_the_strip_marks_the_own_value_within_the_box(own_plan, member_a, others):
    six_peers(others)
    strip = figures(own_plan, member_a).cost_per_year.strip
    assert strip.box_x < strip.median_x < strip.box_x + strip.box_width
    assert strip.own_x == strip.median_x
    assert strip.marker_points


# Query counts: the overview and the dashboard do not grow with the peers or the rows.
# The overview's 11 (the data version with the user, wwidw.auth.SiteBackend), the plan's
# figures, its units and its effects.
OVERVIEW_QUERIES = 13
# The whole page from the cache: session, the user with the version and the memberships.
CACHED_OVERVIEW_QUERIES = 2


@pytest.mark.parametrize("count", [1, 10])
def test_overview_queries_do_not_grow_with_the_peers(
    client, own_plan, member_a, others, count, django_assert_num_queries
):
    improvement(own_plan, "5")
    for index in range(count):
        plan = peer(others[index % 3], 1000 * (index + 1), outputs=[("huishoudens", D(10))])
        improvement(plan, str(index))
    client.force_login(member_a)
    url = reverse("monitoring:detail", args=[own_plan.intervention_id])
    client.get(url)
    caches["pages"].clear()  # the page built, not its cached part
    with django_assert_num_queries(OVERVIEW_QUERIES + 1):  # + the measurements prefetch
        response = client.get(url)
    assert len(response.context["benchmarks"]) == 4
    assert response.context["benchmarks"][0].is_shown == (count >= 5)
    with django_assert_num_queries(CACHED_OVERVIEW_QUERIES):
        again = client.get(url)
    assert without_tokens(again) == without_tokens(response)


@pytest.mark.parametrize("count", [1, 10])
def test_dashboard_queries_do_not_grow_with_the_rows(
    client, partner_a, member_a, others, count, django_assert_num_queries
):
    for index in range(count):
        intervention = describe(partner_a)
        make_plan(
            intervention,
            cost=D(1000 * (index + 1)),
            benefits=D(2000),
            outputs=[("huishoudens", D(10))],
            is_shared=False,
        )
    six_peers(others)
    client.force_login(member_a)
    url = reverse("organisation_dashboard", args=[partner_a.slug])
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(url)
    assert len(response.context["benchmarks"]) == count
    assertContains(response, "wwidw-benchmark-box", count=2 * count)


DASHBOARD_QUERIES = 18  # see tests/monitoring/test_dashboard.py


# The comparison kept under the version of the rows it reads (monitoring/row_versions.py).


def peers_version(plan) -> str:
    return version_of(plan, row_versions.peers_fingerprint())


@pytest.fixture
def compared(own_plan, others) -> list[MonitoringPlan]:
    """Five peers of three other organisations with results in the plan's unit and an
    improvement on its effect, so that every figure of the comparison is shown."""
    improvement(own_plan, "5")
    peers = []
    for index, cost in enumerate((10000, 20000, 30000, 40000, 50000)):
        plan = peer(others[index % 3], cost, ratio=index + 1, outputs=[("huishoudens", D(10))])
        improvement(plan, str(index))
        peers.append(plan)
    return peers


def test_the_peers_version_covers_every_table_that_the_comparison_reads(
    own_plan, member_a, compared
):
    """What overview_benchmarks() reads, but for the reader's memberships (in the page's key),
    is in PEERS: a table added there and not here would leave the comparison stale."""
    plan = MonitoringPlan.objects.with_details().get(pk=own_plan.pk)
    read = tables_read(lambda: benchmark.overview_benchmarks(plan, member_a))
    peers = {model._meta.db_table for model in row_versions.PEERS}
    # The names of the effects are those of the plan's own indicators, in its version (ROWS).
    assert read - {"wwidw_membership"} == peers | {"interventions_effect"}
    assert Effect in row_versions.ROWS


def test_a_write_to_a_peer_changes_the_version_and_one_elsewhere_does_not(
    own_plan, partner_a, member_a, others, compared
):
    first = compared[0]
    seen = {peers_version(own_plan)}
    describe(others[0])  # a description without monitoring
    # Monitoring of a description of another type.
    other_type = InterventionType.objects.exclude(slug="huismeester-complexbeheerder").first()
    make_plan(describe(others[1]), cost=D(1000)).intervention.intervention_types.set([other_type])
    assert peers_version(own_plan) in seen
    writes = [
        lambda: MonitoringPlan.objects.filter(pk=first.pk).update(total_cost=D(15000)),
        lambda: MonitoringPlan.objects.filter(pk=first.pk).update(is_shared=False),
        lambda: first.outputs.update(unit="Huishoudens "),
        lambda: OutputValue.objects.filter(indicator__plan=first).update(realised=D(11)),
        lambda: EffectIndicator.objects.filter(plan=first).update(improvement=D(3)),
        lambda: first.intervention.intervention_types.clear(),
        lambda: peer(others[2], 60000),
    ]
    for write in writes:
        write()
        version = peers_version(own_plan)
        assert version not in seen
        seen.add(version)


def test_the_comparison_is_kept_across_a_write_elsewhere_and_follows_its_peers(
    client, own_plan, partner_a, member_a, others, compared, monkeypatch
):
    comparisons = counted_calls(monkeypatch, benchmark, "overview_benchmarks")
    assertContains(overview(client, member_a, own_plan), "€ 30.000")
    describe(others[0])  # the site's data version moves
    again = overview(client, member_a, own_plan)
    assert comparisons == [own_plan.pk]
    assertContains(again, "€ 30.000")
    # A peer's figures change: the median cost per year goes from 30,000 to 40,000.
    MonitoringPlan.objects.filter(pk=compared[2].pk).update(total_cost=D(45000))
    changed = overview(client, member_a, own_plan)
    assert comparisons == [own_plan.pk, own_plan.pk]
    assertContains(changed, "€ 40.000")
