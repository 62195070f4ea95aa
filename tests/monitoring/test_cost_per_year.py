import datetime
from decimal import Decimal

import pytest

from interventions.models import Intervention
from monitoring.models import MonitoringPlan
from tests.factories import InterventionFactory, make_plan

TODAY = datetime.date(2026, 1, 1)


def _plan(cost: str, start, end):
    intervention = InterventionFactory(start_date=start, end_date=end)
    return make_plan(intervention, cost=Decimal(cost))


def _annotated(plan):
    return MonitoringPlan.objects.with_cost_per_year(today=TODAY).get(pk=plan.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "years", "per_year"),
    [
        # Two years and six months.
        (datetime.date(2020, 3, 1), datetime.date(2022, 9, 1), "2.5", "4000.00"),
        # Still running: up to today, two years.
        (datetime.date(2024, 1, 1), None, "2", "5000.00"),
        # Half a year counts as one.
        (datetime.date(2025, 1, 1), datetime.date(2025, 7, 1), "0.5", "10000.00"),
        # Three years, one month and fifteen days: 3 + 1/12 + 15/365.25 = 3.12440…, and
        # 10,000 / 3.12440 = 3,200.61.
        (datetime.date(2021, 1, 1), datetime.date(2024, 2, 16), "3.1244", "3200.61"),
        # Starts after today: no running time yet, so the cost of one year.
        (datetime.date(2026, 6, 1), None, "0", "10000.00"),
    ],
)
def test_cost_per_year_divides_by_the_running_years(start, end, years, per_year):
    plan = _annotated(_plan("10000.00", start, end))
    assert plan.running_years.quantize(Decimal("0.0001")) == Decimal(years)
    assert plan.cost_per_year == Decimal(per_year)


@pytest.mark.django_db
def test_without_a_start_there_is_no_cost_per_year():
    plan = _annotated(_plan("10000.00", None, None))
    assert plan.running_years is None
    assert plan.cost_per_year is None


@pytest.mark.django_db
def test_without_costs_there_is_no_cost_per_year():
    plan = _plan("10000.00", datetime.date(2020, 1, 1), datetime.date(2022, 1, 1))
    MonitoringPlan.objects.filter(pk=plan.pk).update(total_cost=None)
    assert _annotated(plan).cost_per_year is None


@pytest.mark.django_db
def test_today_is_the_default_end_of_a_running_description():
    start = datetime.date.today().replace(year=datetime.date.today().year - 3)
    plan = _plan("9000.00", start, None)
    assert Intervention.objects.get(pk=plan.intervention_id).end_date is None
    plan = MonitoringPlan.objects.with_cost_per_year().get(pk=plan.pk)
    assert plan.cost_per_year == Decimal("3000.00")
