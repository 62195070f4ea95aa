import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from monitoring.models import MonitoringPlan
from tests.factories import (
    CostLineFactory,
    FinancingFactory,
    MonitoringPlanFactory,
    OutputValueFactory,
    ReportingPeriodFactory,
    ValuedOutcomeFactory,
)

pytestmark = pytest.mark.django_db


def refused(factory, **fields) -> bool:
    try:
        with transaction.atomic():
            factory(**fields)
    except IntegrityError:
        return True
    return False


def test_a_cost_line_has_an_amount_or_hours_with_a_rate():
    period = ReportingPeriodFactory()
    assert refused(CostLineFactory, period=period, amount=None)
    assert refused(CostLineFactory, period=period, amount=None, hours=Decimal(10))
    assert refused(
        CostLineFactory, period=period, hours=Decimal(10), hourly_rate=Decimal(42)
    )  # both
    line = CostLineFactory(period=period, amount=None, hours=Decimal(1560), hourly_rate=42)
    assert line.total == Decimal("65520.00")


def test_the_database_refuses_negative_money_and_percentages_over_100():
    period = ReportingPeriodFactory()
    assert refused(CostLineFactory, period=period, amount=Decimal(-1))
    assert refused(ValuedOutcomeFactory, plan=period.plan, deadweight=Decimal("100.01"))
    assert refused(ValuedOutcomeFactory, plan=period.plan, attribution=Decimal(-5))
    assert refused(ValuedOutcomeFactory, plan=period.plan, duration_years=0)


def test_a_period_does_not_end_before_it_starts():
    plan = MonitoringPlanFactory()
    assert refused(
        ReportingPeriodFactory,
        plan=plan,
        label="2025",
        start_date=datetime.date(2025, 6, 1),
        end_date=datetime.date(2025, 5, 31),
    )


def test_one_value_per_result_and_period():
    value = OutputValueFactory()
    assert refused(OutputValueFactory, indicator=value.indicator, period=value.period)


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (datetime.date(2024, 12, 31), 1),
        (datetime.date(2025, 1, 1), 1),
        (datetime.date(2025, 12, 31), 1),
        (datetime.date(2026, 1, 1), 2),
        (datetime.date(2027, 7, 1), 3),
    ],
)
def test_the_plan_year_of_a_day(day, year):
    plan = MonitoringPlanFactory(start_date=datetime.date(2025, 1, 1))
    assert plan.year_of(day) == year


def worked_example() -> MonitoringPlan:
    """DOMAIN.md §6, "Huismeester portiekflats", entered as the site stores it."""
    plan = MonitoringPlanFactory(
        start_date=datetime.date(2025, 1, 1), discount_rate=Decimal("3.5")
    )
    period = ReportingPeriodFactory(plan=plan, label="2025")
    lines = [  # (amount or (hours, rate), category, bearer): 80 % corporation, 20 % municipality
        ((Decimal("1248"), Decimal("42")), "personeel", "Corporatie"),
        ((Decimal("312"), Decimal("42")), "personeel", "Gemeente"),
        (Decimal("4000"), "materiaal", "Corporatie"),
        (Decimal("1000"), "materiaal", "Gemeente"),
        (Decimal("5241.60"), "overhead", "Corporatie"),
        (Decimal("1310.40"), "overhead", "Gemeente"),
    ]
    for amount, category, bearer in lines:
        if isinstance(amount, tuple):
            CostLineFactory(
                period=period,
                category=category,
                bearer_name=bearer,
                amount=None,
                hours=amount[0],
                hourly_rate=amount[1],
            )
        else:
            CostLineFactory(period=period, category=category, bearer_name=bearer, amount=amount)
    outcomes = [
        ("Minder vandalismeherstel", "Corporatie", 40, 250, 20, 0, 10, 0, 1),
        ("Voorkomen ontruimingen", "Corporatie", 3, 3000, 30, 0, 40, 0, 1),
        ("Voorkomen ontruimingen", "Gemeente", 3, 3000, 30, 0, 40, 0, 1),
        ("Woongenot", "Bewoners", 600, 60, 25, 5, 20, 25, 3),
        ("Minder verhuizingen", "Corporatie", 6, 2500, 30, 0, 20, 25, 3),
    ]
    for outcome, beneficiary, q, p, dw, disp, att, do, years in outcomes:
        ValuedOutcomeFactory(
            plan=plan,
            outcome=outcome,
            beneficiary=beneficiary,
            quantity=Decimal(q),
            proxy=Decimal(p),
            deadweight=Decimal(dw),
            displacement=Decimal(disp),
            attribution=Decimal(att),
            drop_off=Decimal(do),
            duration_years=years,
        )
    return plan


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def test_the_worked_example_through_the_database(django_assert_num_queries):
    plan_id = worked_example().pk
    plan = MonitoringPlan.objects.with_details().get(pk=plan_id)
    with django_assert_num_queries(0):
        figures = plan.figures()
    assert cents(figures.costs.total) == Decimal("77072.00")
    assert not figures.is_forecast
    assert cents(figures.sroi.pv_benefits) == Decimal("77123.10")
    assert cents(figures.sroi.npv) == Decimal("51.10")
    assert figures.sroi.ratio.quantize(Decimal("0.0001")) == Decimal("1.0007")
    balances = {item.actor: cents(item.balance) for item in figures.sroi.by_actor}
    assert balances == {
        "Bewoners": Decimal("44603.49"),
        "Corporatie": Decimal("-32790.17"),
        "Gemeente": Decimal("-11762.23"),
    }


def test_budget_lines_give_a_forecast_until_costs_are_realised():
    period = ReportingPeriodFactory()
    CostLineFactory(period=period, amount=Decimal(500), is_budget=True)
    plan = MonitoringPlan.objects.with_details().get(pk=period.plan_id)
    figures = plan.figures()
    assert figures.is_forecast
    assert figures.costs.total == Decimal(500)
    CostLineFactory(period=period, amount=Decimal(300))
    figures = MonitoringPlan.objects.with_details().get(pk=period.plan_id).figures()
    assert not figures.is_forecast
    assert figures.costs.total == Decimal(300)


def test_no_costs_means_no_ratio_and_no_error():
    plan = ValuedOutcomeFactory().plan
    figures = MonitoringPlan.objects.with_details().get(pk=plan.pk).figures()
    assert figures.sroi.ratio is None
    assert figures.sroi.pv_benefits > 0


def test_loading_many_plans_takes_a_fixed_number_of_queries(django_assert_num_queries):
    for _ in range(3):
        value = OutputValueFactory()
        CostLineFactory(period=value.period)
        ValuedOutcomeFactory(plan=value.indicator.plan)
    # plans (with description and organisation), periods, cost lines, financing, results,
    # their values, outcomes
    with django_assert_num_queries(8):
        plans = list(MonitoringPlan.objects.with_details())
        for plan in plans:
            plan.figures()
    assert len(plans) == 3


def test_monitoring_is_visible_to_members_of_the_organisation_only(member_a, member_b, partner_a):
    plan = MonitoringPlanFactory(intervention__organisation=partner_a)
    assert list(MonitoringPlan.objects.visible_to(member_a)) == [plan]
    assert list(MonitoringPlan.objects.visible_to(member_b)) == []


def test_a_result_without_realised_values_has_no_cost_per_unit():
    value = OutputValueFactory(realised=None)
    CostLineFactory(period=value.period)
    figures = MonitoringPlan.objects.with_details().get(pk=value.period.plan_id).figures()
    assert figures.outputs[0].cost_per_unit is None
    assert figures.outputs[0].attainment.realisation is None


def test_own_funds_stay_in_the_own_share():
    period = ReportingPeriodFactory()
    CostLineFactory(period=period, amount=Decimal(1000))
    FinancingFactory(plan=period.plan, kind="eigen_middelen", received=Decimal(600))
    FinancingFactory(plan=period.plan, kind="subsidie", received=Decimal(300))
    figures = MonitoringPlan.objects.with_details().get(pk=period.plan_id).figures()
    assert figures.own_share == Decimal(700)


def test_the_key_figures_are_stored_for_the_archetypes():
    plan = MonitoringPlan.objects.with_details().get(pk=worked_example().pk)
    plan.store_figures()
    plan.refresh_from_db()
    assert plan.total_cost == Decimal("77072.00")
    assert plan.pv_benefits == Decimal("77123.10")
    assert plan.pv_costs == Decimal("77072.00")
    # 1.0007 is kept as the description's page shows it: 1,00.
    assert plan.sroi_ratio == Decimal("1.00")


def test_without_costs_no_ratio_is_stored():
    plan = ValuedOutcomeFactory().plan
    MonitoringPlan.objects.with_details().get(pk=plan.pk).store_figures()
    plan.refresh_from_db()
    assert plan.total_cost is None
    assert plan.sroi_ratio is None
    assert plan.pv_benefits > 0
