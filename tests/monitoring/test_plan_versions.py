"""The version of a plan's rows (monitoring/row_versions.py) and what is kept under it: the shared
figures on a description's page (monitoring/shared.py) and the monitoring overview. Kept across
writes elsewhere, rendered again after any write to the plan's rows."""

from decimal import Decimal

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from interventions.models import Effect, Intervention
from monitoring import benchmark, row_versions
from monitoring.models import (
    CostLine,
    EffectIndicator,
    EffectMeasurement,
    FinancialProxy,
    Financing,
    MonitoringPlan,
    OutputIndicator,
    OutputValue,
    ReportingPeriod,
    StandardIndicator,
    ValuedOutcome,
)
from tests.factories import (
    CostLineFactory,
    EffectIndicatorFactory,
    EffectMeasurementFactory,
    FinancingFactory,
    InterventionFactory,
    MembershipFactory,
    StandardIndicatorFactory,
    ValuedOutcomeFactory,
)
from tests.monitoring.test_sharing import add_monitoring, detail_url
from tests.row_versions import counted_calls, tables_read, version_of
from tests.test_pagecache import without_tokens
from wwidw.models import Membership, Organisation


@pytest.fixture
def plan(shared_a, partner_b):
    """A shared plan with a row in every table its figures read."""
    plan = add_monitoring(shared_a, is_shared=True)
    FinancingFactory(plan=plan, funder_organisation=partner_b)
    proxy = FinancialProxy.objects.create(
        name="Voorkomen ontruiming", unit="ontruiming", value=Decimal(3000), price_year=2024
    )
    ValuedOutcomeFactory(plan=plan, library_proxy=proxy)
    indicator = EffectIndicatorFactory(plan=plan, standard=StandardIndicatorFactory())
    EffectMeasurementFactory(indicator=indicator)
    return plan


def rows_of(plan: MonitoringPlan) -> str:
    return version_of(plan, row_versions.fingerprint())


def test_the_fingerprint_covers_every_table_that_the_figures_read(plan):
    """What with_details() reads (and so figures() and the section) is in ROWS: a relation
    added there and not here would leave the section stale."""
    read = tables_read(lambda: MonitoringPlan.objects.with_details().get(pk=plan.pk).figures())
    assert read <= {model._meta.db_table for model in row_versions.ROWS}
    assert len(read) == len(row_versions.ROWS)


def _plan_rows(plan: MonitoringPlan) -> dict:
    indicator = plan.effect_indicators.get()
    outcome = plan.outcomes.get(library_proxy__isnull=False)
    return {
        MonitoringPlan: MonitoringPlan.objects.filter(pk=plan.pk),
        Intervention: Intervention.objects.filter(pk=plan.intervention_id),
        ReportingPeriod: plan.periods.all(),
        CostLine: plan.cost_lines.all(),
        Financing: plan.financing.all(),
        OutputIndicator: plan.outputs.all(),
        OutputValue: OutputValue.objects.filter(indicator__plan=plan),
        ValuedOutcome: plan.outcomes.all(),
        FinancialProxy: FinancialProxy.objects.filter(pk=outcome.library_proxy_id),
        EffectIndicator: plan.effect_indicators.all(),
        EffectMeasurement: indicator.measurements.all(),
        Effect: Effect.objects.filter(pk=indicator.effect_id),
        StandardIndicator: StandardIndicator.objects.filter(pk=indicator.standard_id),
        Organisation: Organisation.objects.filter(pk=plan.financing.get().funder_organisation_id),
    }


@pytest.mark.parametrize("model", list(row_versions.ROWS), ids=lambda model: model.__name__)
def test_a_write_to_any_row_of_the_plan_changes_the_fingerprint(plan, model):
    before = rows_of(plan)
    rows = _plan_rows(plan)[model]
    assert rows.exists()

    # Even a write that changes no value is a new version of the row.
    rows.update(id=F("id"))

    assert rows_of(plan) != before


def test_a_second_write_in_one_transaction_changes_the_fingerprint_again(plan):
    before = rows_of(plan)
    plan.cost_lines.update(amount=Decimal(11000))
    once = rows_of(plan)
    plan.cost_lines.update(amount=Decimal(12000))

    assert len({before, once, rows_of(plan)}) == 3


def test_adding_and_deleting_rows_changes_the_fingerprint(plan):
    before = rows_of(plan)
    line = CostLineFactory(plan=plan, period=plan.periods.get())
    added = rows_of(plan)
    line.delete()

    assert added != before
    assert rows_of(plan) == before


def test_writes_to_another_plan_leave_the_fingerprint(plan, partner_a, member_a):
    before = rows_of(plan)
    other = add_monitoring(
        InterventionFactory(organisation=partner_a, created_by=member_a), is_shared=True
    )
    other.cost_lines.update(amount=Decimal(1))
    Intervention.objects.filter(pk=other.intervention_id).update(title="Een andere aanpak")

    assert rows_of(plan) == before


def test_the_section_is_kept_across_a_write_elsewhere(
    client, plan, member_b, member_a, partner_a, monkeypatch
):
    calls = counted_calls(monkeypatch, MonitoringPlan, "figures")
    client.force_login(member_b)
    assertContains(client.get(detail_url(plan.intervention)), "€ 10.000,00")
    # A write to another description changes the site's data version: the page is built
    # again, its section of figures comes from the cache.
    InterventionFactory(organisation=partner_a, created_by=member_a)

    response = client.get(detail_url(plan.intervention))

    assertContains(response, "€ 10.000,00")
    assertContains(response, 'id="shared-figures-title"')
    assert calls == [plan.pk]


def test_the_section_shows_a_new_cost_line_and_a_new_measurement_at_once(client, plan, member_b):
    client.force_login(member_b)
    assertContains(client.get(detail_url(plan.intervention)), "€ 10.000,00")

    CostLineFactory(plan=plan, period=plan.periods.get(), amount=Decimal(2500))
    EffectMeasurementFactory(indicator=plan.effect_indicators.get(), value=Decimal("71.5"))
    response = client.get(detail_url(plan.intervention))

    assertContains(response, "€ 12.500,00")
    assertNotContains(response, "€ 10.000,00")
    assertContains(response, "71,5")


def test_the_section_follows_the_organisation_name(client, plan, member_b):
    client.force_login(member_b)
    client.get(detail_url(plan.intervention))
    Organisation.objects.filter(pk=plan.organisation_id).update(name="Woonstichting Het Veer")

    response = client.get(detail_url(plan.intervention))

    assertContains(response, "eigen monitoring van Woonstichting Het Veer")


def test_a_plan_no_longer_shared_shows_no_figures_although_they_were_kept(client, plan, member_b):
    client.force_login(member_b)
    assertContains(client.get(detail_url(plan.intervention)), "€ 10.000,00")
    MonitoringPlan.objects.filter(pk=plan.pk).update(is_shared=False)

    response = client.get(detail_url(plan.intervention))

    assertNotContains(response, 'id="shared-figures-title"')
    assertNotContains(response, "€ 10.000,00")


# The monitoring overview: its part with the plan's figures under the plan's version, the
# comparison with other plans (the slot "benchmarks") worked out at every build.


def overview_url(plan: MonitoringPlan) -> str:
    return reverse("monitoring:detail", args=[plan.intervention_id])


def test_the_overview_keeps_its_figures_and_comparison_across_a_write_elsewhere(
    client, plan, member_a, partner_a, monkeypatch
):
    calls = counted_calls(monkeypatch, MonitoringPlan, "figures")
    comparisons = counted_calls(monkeypatch, benchmark, "overview_benchmarks")
    client.force_login(member_a)
    first = client.get(overview_url(plan))
    InterventionFactory(organisation=partner_a, created_by=member_a)

    again = client.get(overview_url(plan))

    assert calls == [plan.pk]
    assert comparisons == [plan.pk]  # tests/monitoring/test_benchmark.py: when it changes
    assertContains(again, "€ 10.000,00")
    assertContains(again, 'id="benchmark-title"')
    assert without_tokens(again) == without_tokens(first)


def test_the_overview_shows_a_new_cost_line_at_once(client, plan, member_a):
    client.force_login(member_a)
    assertContains(client.get(overview_url(plan)), "€ 10.000,00")

    CostLineFactory(plan=plan, period=plan.periods.get(), amount=Decimal(2500))

    assertContains(client.get(overview_url(plan)), "€ 12.500,00")


def test_the_overview_is_a_404_for_a_former_member_although_its_part_was_kept(
    client, plan, member_a
):
    client.force_login(member_a)
    assert client.get(overview_url(plan)).status_code == 200
    Membership.objects.filter(user=member_a).delete()

    assert client.get(overview_url(plan)).status_code == 404


def test_a_colleague_gets_the_overview_with_its_comparison_from_the_cache(
    client, plan, member_a, partner_a, monkeypatch
):
    calls = counted_calls(monkeypatch, MonitoringPlan, "figures")
    comparisons = counted_calls(monkeypatch, benchmark, "overview_benchmarks")
    colleague = Client()
    colleague.force_login(MembershipFactory(organisation=partner_a).user)
    client.force_login(member_a)
    client.get(overview_url(plan))

    response = colleague.get(overview_url(plan))

    assertContains(response, 'id="benchmark-title"')
    assertContains(response, "€ 10.000,00")
    assert calls == comparisons == [plan.pk]
