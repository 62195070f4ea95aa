"""The cost per year of running time that benchmarks and archetypes compare."""

import datetime
from decimal import Decimal

from monitoring.models import MonitoringPlan
from tests.factories import InterventionFactory, MonitoringPlanFactory

TODAY = datetime.date(2026, 1, 1)


def cost_per_year(plan) -> Decimal | None:
    plans = MonitoringPlan.objects.with_cost_per_year(TODAY).filter(pk=plan.pk)
    return plans.values_list("cost_per_year", flat=True).get()


def plan_with(*, total_cost, start=None, end=None, plan_start=None):
    intervention = InterventionFactory(start_date=start, end_date=end)
    plan = MonitoringPlanFactory(intervention=intervention, start_date=plan_start)
    MonitoringPlan.objects.filter(pk=plan.pk).update(total_cost=total_cost)
    return plan


def test_total_divided_by_the_years_between_start_and_end(db):
    plan = plan_with(
        total_cost=Decimal("73050"),
        start=datetime.date(2020, 1, 1),
        end=datetime.date(2022, 12, 31),
    )
    # 1,095 days = 2.9979 years: 73,050 × 365.25 / 1,095.
    assert cost_per_year(plan) == Decimal("24366.68")


def test_an_ongoing_description_runs_until_today(db):
    plan = plan_with(total_cost=Decimal("20000"), start=datetime.date(2024, 1, 1))
    # 731 days = 2.0014 years.
    assert cost_per_year(plan) == Decimal("9993.16")


def test_the_plan_start_when_the_description_has_none(db):
    plan = plan_with(total_cost=Decimal("20000"), plan_start=datetime.date(2024, 1, 1))
    assert cost_per_year(plan) == Decimal("9993.16")


def test_at_least_one_year(db):
    short = plan_with(
        total_cost=Decimal("5000"),
        start=datetime.date(2025, 6, 1),
        end=datetime.date(2025, 9, 1),
    )
    undated = plan_with(total_cost=Decimal("5000"))
    assert cost_per_year(short) == Decimal("5000.00")
    assert cost_per_year(undated) == Decimal("5000.00")


def test_none_without_a_total_cost(db):
    assert cost_per_year(plan_with(total_cost=None, start=datetime.date(2020, 1, 1))) is None
