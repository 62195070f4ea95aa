import datetime
import decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from monitoring import forms, services
from monitoring.models import CostLine, MonitoringPlan, OutputIndicator, ReportingPeriod
from tests.factories import (
    CostLineFactory,
    InterventionFactory,
    MonitoringPlanFactory,
    OutputValueFactory,
    ReportingPeriodFactory,
)

D = decimal.Decimal


@pytest.fixture
def plan(partner_a):
    return MonitoringPlanFactory(intervention=InterventionFactory(organisation=partner_a))


def management(prefix: str, total: int, initial: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def an_hour_ago(plan) -> datetime.datetime:
    earlier = plan.updated_at - datetime.timedelta(hours=1)
    MonitoringPlan.objects.filter(pk=plan.pk).update(updated_at=earlier)
    return earlier


# The plan


def test_plan_for_makes_one_plan_of_the_description(member_a, partner_a):
    intervention = InterventionFactory(organisation=partner_a)
    plan = services.plan_for(intervention=intervention, by=member_a)
    assert (plan.intervention, plan.organisation) == (intervention, partner_a)
    assert services.plan_for(intervention=intervention, by=member_a) == plan
    assert MonitoringPlan.objects.count() == 1


def test_plan_for_refuses_another_partner(member_b, partner_a):
    intervention = InterventionFactory(organisation=partner_a)
    with pytest.raises(PermissionDenied):
        services.plan_for(intervention=intervention, by=member_b)
    assert not MonitoringPlan.objects.exists()


def test_save_plan_saves_the_settings(member_a, plan):
    form = forms.PlanForm({"discount_rate": "4", "is_shared": "on"}, instance=plan)
    assert form.is_valid(), form.errors
    services.save_plan(plan=plan, form=form, by=member_a)
    plan.refresh_from_db()
    assert (plan.discount_rate, plan.is_shared) == (D("4"), True)


# Rows


def test_save_costs_saves_both_formsets_and_touches_the_plan(member_a, plan):
    period = ReportingPeriodFactory(plan=plan)
    earlier = an_hour_ago(plan)
    plan.refresh_from_db()
    data = {
        **management("costs", 1, 0),
        "costs-0-period": str(period.pk),
        "costs-0-category": "personeel",
        "costs-0-hours": "10",
        "costs-0-hourly_rate": "42.50",
        **management("financing", 1, 0),
        "financing-0-kind": "subsidie",
        "financing-0-committed": "100",
        "financing-0-received": "50",
    }
    costs = forms.CostRows(data, instance=plan, prefix="costs")
    financing = forms.FinancingRows(data, instance=plan, prefix="financing")
    assert costs.is_valid() and financing.is_valid()
    services.save_costs(plan=plan, costs=costs, financing=financing, by=member_a)
    assert CostLine.objects.get().total == D("425.00")
    assert plan.financing.get().received == D("50")
    plan.refresh_from_db()
    assert plan.updated_at > earlier
    assert plan.total_cost == D("425.00")  # kept for the archetypes' figures


def test_saving_rows_is_refused_to_another_partner(member_b, plan):
    formset = forms.PeriodRows(instance=plan, prefix="periods")
    with pytest.raises(PermissionDenied):
        services.save_periods(plan=plan, formset=formset, by=member_b)


def test_a_period_that_got_costs_meanwhile_is_kept(member_a, plan):
    period = ReportingPeriodFactory(plan=plan, label="2025")
    data = {
        **management("periods", 1, 1),
        "periods-0-id": str(period.pk),
        "periods-0-plan": str(plan.pk),
        "periods-0-label": "2025",
        "periods-0-start_date": "2025-01-01",
        "periods-0-end_date": "2025-12-31",
        "periods-0-status": "open",
        "periods-0-DELETE": "on",
    }
    formset = forms.PeriodRows(data, instance=plan, prefix="periods")
    assert formset.is_valid(), formset.errors
    CostLineFactory(period=period)  # Someone else saves a cost line in between.
    with pytest.raises(ValidationError) as error:
        services.save_periods(plan=plan, formset=formset, by=member_a)
    assert "nog kosten of resultaten" in error.value.messages[0]
    assert ReportingPeriod.objects.filter(pk=period.pk).exists()


def test_removing_a_result_removes_its_values(member_a, plan):
    value = OutputValueFactory(indicator__plan=plan)
    indicator = value.indicator
    data = {
        **management("outputs", 1, 1),
        "outputs-0-id": str(indicator.pk),
        "outputs-0-plan": str(plan.pk),
        "outputs-0-name": indicator.name,
        "outputs-0-unit": indicator.unit,
        "outputs-0-direction": "hoger",
        "outputs-0-DELETE": "on",
        **management("values", 1, 1),
        "values-0-id": str(value.pk),
        "values-0-indicator": str(indicator.pk),
        "values-0-period": str(value.period.pk),
        "values-0-realised": "90",
    }
    indicators = forms.OutputRows(data, instance=plan, prefix="outputs")
    values = forms.OutputValueRows(data, plan=plan, prefix="values")
    assert indicators.is_valid() and values.is_valid(), (indicators.errors, values.errors)
    services.save_results(plan=plan, indicators=indicators, values=values, by=member_a)
    assert not OutputIndicator.objects.exists()
