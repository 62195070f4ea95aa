"""The demo monitoring of seed_demo: realistic, varied, the worked example exact, loaded once."""

from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

from django.core.management import call_command

from demo import monitoring as demo
from interventions.models import Intervention
from monitoring.models import (
    CostLine,
    FinancialProxy,
    Financing,
    MonitoringPlan,
    OutputValue,
    ReportingPeriod,
    ValuedOutcome,
)

MODELS = [
    MonitoringPlan,
    ReportingPeriod,
    CostLine,
    Financing,
    OutputValue,
    ValuedOutcome,
    FinancialProxy,
]


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def worked_example() -> MonitoringPlan:
    description = demo.worked_example_description()
    return MonitoringPlan.objects.with_details().get(
        intervention__title=description.title,
        intervention__organisation__slug=description.organisation,
    )


def test_second_run_adds_nothing(seeded):
    before = {model: model.objects.count() for model in MODELS}
    output = StringIO()
    call_command("seed_demo", stdout=output)
    assert {model: model.objects.count() for model in MODELS} == before
    assert "0 new demo monitoring plans." in output.getvalue()


def test_about_half_of_the_descriptions_are_monitored_and_half_of_those_shared(seeded):
    plans = MonitoringPlan.objects.all()
    assert 0.4 < plans.count() / Intervention.objects.count() < 0.6
    assert 0.4 < plans.filter(is_shared=True).count() / plans.count() < 0.6
    assert plans.shared().count() >= 10
    assert plans.filter(intervention__visibility="organisatie").exists()


def test_every_plan_has_periods_costs_financing_results_and_outcomes(seeded):
    for plan in MonitoringPlan.objects.with_details():
        periods = list(plan.periods.all())
        assert 2 <= len(periods) <= 6
        intervention = plan.intervention
        assert periods[0].start_date >= intervention.start_date
        if intervention.end_date:
            assert periods[-1].end_date <= intervention.end_date
        figures = plan.figures()
        assert figures.costs.total > 0
        assert figures.costs.by_group["personeel"] > 0
        assert {item.kind for item in plan.financing.all()} >= {"wijkbudget"}
        assert 1 <= len(plan.outputs.all()) <= 3
        assert 2 <= len(plan.outcomes.all()) <= 5
        assert all(outcome.proxy_source for outcome in plan.outcomes.all())
        assert figures.sroi.ratio is not None


def test_outcomes_reach_several_stakeholders_and_ratios_vary(seeded):
    beneficiaries = set(ValuedOutcome.objects.values_list("beneficiary", flat=True))
    assert {"Bewoners", "Corporatie", "Gemeente", "Zorg", "Politie"} <= beneficiaries
    ratios = [plan.figures().sroi.ratio for plan in MonitoringPlan.objects.with_details()]
    assert min(ratios) < 1 < max(ratios)
    assert CostLine.objects.filter(hours__isnull=False, category="personeel").exists()
    assert set(CostLine.objects.values_list("category", flat=True)) >= {
        "personeel",
        "materiaal",
        "overhead",
        "inhuur",
    }
    assert set(Financing.objects.values_list("kind", flat=True)) >= {
        "eigen_middelen",
        "leefbaarheidsbudget",
        "wijkbudget",
    }


def test_worked_example_equals_domain_md(seeded):
    plan = worked_example()
    figures = plan.figures()

    assert plan.intervention.title == "Huismeester in de portiekflats van Oude Westen"
    assert plan.is_shared
    assert figures.costs.total == Decimal("77072.00")
    assert figures.costs.by_group["personeel"] == Decimal("65520.00")
    assert figures.costs.by_bearer == {
        "Corporatie": Decimal("61657.60"),
        "Gemeente": Decimal("15414.40"),
    }
    sroi = figures.sroi
    assert [cents(value) for value in sroi.yearly_benefits.values()] == [
        Decimal("43680.00"),
        Decimal("21690.00"),
        Decimal("16267.50"),
    ]
    assert cents(sroi.pv_benefits) == Decimal("77123.10")
    assert sroi.ratio.quantize(Decimal("0.0001")) == Decimal("1.0007")
    assert cents(sroi.npv) == Decimal("51.10")
    balances = {item.actor: cents(item.balance) for item in sroi.by_actor}
    assert balances == {
        "Bewoners": Decimal("44603.49"),
        "Corporatie": Decimal("-32790.17"),
        "Gemeente": Decimal("-11762.23"),
    }


def test_proxy_library_is_seeded_with_indicative_sources(seeded):
    proxies = FinancialProxy.objects.all()
    assert proxies.count() == len(demo.PROXIES)
    assert all("indicatief" in proxy.source for proxy in proxies)
    assert proxies.get(name="Voorkomen ontruiming").value == Decimal("3000.00")
