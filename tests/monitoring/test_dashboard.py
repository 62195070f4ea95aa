"""The organisation dashboard: every description of the organisation with its monitoring."""

from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from interventions.models import Intervention
from tests.factories import (
    CostLineFactory,
    FinancingFactory,
    InterventionFactory,
    MonitoringPlanFactory,
    OutputIndicatorFactory,
    OutputValueFactory,
    ReportingPeriodFactory,
    ValuedOutcomeFactory,
)

# Session, user, organisation, own organisations, member counts, managed organisations, the
# descriptions, and the plans with their periods, cost lines, financing, results, their values
# and the valued outcomes, the benchmarks of the plans and what is overdue (periods, indicators).
DASHBOARD_QUERIES = 18


def dashboard_url(organisation, sort: str | None = None) -> str:
    url = reverse("organisation_dashboard", args=[organisation.slug])
    return f"{url}?sort={sort}" if sort else url


def monitored(
    organisation,
    *,
    title: str,
    cost: str,
    received: str = "0",
    quantity: str = "10",
    proxy: str = "1000",
    phase: str = Intervention.Phase.RUNNING,
    is_shared: bool = False,
):
    """A description with one year of costs, financing, one result and one valued outcome."""
    intervention = InterventionFactory(organisation=organisation, title=title, phase=phase)
    plan = MonitoringPlanFactory(intervention=intervention, is_shared=is_shared)
    period = ReportingPeriodFactory(plan=plan, label="2025")
    CostLineFactory(plan=plan, period=period, amount=Decimal(cost))
    FinancingFactory(
        plan=plan, kind="subsidie", committed=Decimal(received), received=Decimal(received)
    )
    ValuedOutcomeFactory(plan=plan, quantity=Decimal(quantity), proxy=Decimal(proxy))
    return plan


def test_dashboard_needs_a_login(client, partner_a):
    url = dashboard_url(partner_a)
    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")


def test_other_partner_gets_404(client, member_b, partner_a):
    monitored(partner_a, title="Huismeester Oude Westen", cost="10000")
    client.force_login(member_b)
    assert client.get(dashboard_url(partner_a)).status_code == 404


def test_dashboard_lists_descriptions_with_their_figures(client, member_a, partner_a, partner_b):
    plan = monitored(partner_a, title="Huismeester Oude Westen", cost="10000", is_shared=True)
    InterventionFactory(organisation=partner_a, title="Buurtmoestuin zonder monitoring")
    InterventionFactory(
        organisation=partner_a, title="Oud project", status=Intervention.Status.ARCHIVED
    )
    monitored(partner_b, title="Buurtbemiddeling Transvaal", cost="5000")
    client.force_login(member_a)

    response = client.get(dashboard_url(partner_a))

    titles = [row.intervention.title for row in response.context["rows"]]
    assert titles == ["Buurtmoestuin zonder monitoring", "Huismeester Oude Westen"]
    assertContains(response, "Huismeester Oude Westen")
    assertContains(response, "€ 10.000")
    assertContains(response, "0,97 : 1")  # 10 × € 1,000 / 1.035 / € 10,000
    assertContains(response, "gedeeld")
    assertContains(response, f'href="{reverse("monitoring:detail", args=[plan.intervention_id])}"')
    assertContains(response, reverse("monitoring:report_pdf", args=[plan.intervention_id]))
    assertContains(response, reverse("monitoring:portfolio_pdf", args=[partner_a.slug]))
    assertContains(response, reverse("monitoring:portfolio_xlsx", args=[partner_a.slug]))
    assertContains(response, "1 lid")
    assertNotContains(response, "Oud project")
    assertNotContains(response, "Buurtbemiddeling Transvaal")


def test_report_link_only_with_a_plan(client, member_a, partner_a):
    intervention = InterventionFactory(organisation=partner_a, title="Nog zonder monitoring")
    client.force_login(member_a)
    response = client.get(dashboard_url(partner_a))
    assertContains(response, reverse("monitoring:detail", args=[intervention.pk]))
    assertNotContains(response, reverse("monitoring:report_pdf", args=[intervention.pk]))
    row = response.context["rows"][0]
    assert row.total_cost is None and row.ratio is None and row.realisation is None


def test_totals_match_a_hand_calculation(client, member_a, partner_a):
    monitored(partner_a, title="A", cost="10000", received="4000", quantity="10", proxy="1500")
    monitored(partner_a, title="B", cost="20000", quantity="10", proxy="1000")
    InterventionFactory(organisation=partner_a, title="C zonder monitoring")
    client.force_login(member_a)

    response = client.get(dashboard_url(partner_a))

    totals = response.context["totals"]
    assert totals.total_cost == Decimal("30000")
    assert totals.own_share == Decimal("26000")  # 10,000 − 4,000 + 20,000
    # Benefits in year 1 are discounted once at 3.5 %, costs of year 1 not at all.
    pv_benefits = (Decimal(15000) + Decimal(10000)) / Decimal("1.035")
    assert totals.pv_benefits.quantize(Decimal("0.01")) == pv_benefits.quantize(Decimal("0.01"))
    assert totals.pv_costs == Decimal("30000")
    # Σ PV / Σ PVC, not the average of 1.45 and 0.97.
    assert totals.ratio.quantize(Decimal("0.0001")) == Decimal("0.8052")
    assertContains(response, "€ 30.000")
    assertContains(response, "€ 26.000")
    assertContains(response, "0,81 : 1")
    assertContains(response, "baten € 24.155, kosten € 30.000")
    assertContains(response, "1,45 : 1")


def test_realisation_is_the_average_over_results_with_a_target(client, member_a, partner_a):
    plan = monitored(partner_a, title="Achter de voordeur", cost="10000")
    period = plan.periods.get()
    for target, realised in (("100", "80"), ("50", "50"), (None, "7")):
        indicator = OutputIndicatorFactory(plan=plan)
        OutputValueFactory(
            indicator=indicator,
            period=period,
            target=Decimal(target) if target else None,
            realised=Decimal(realised),
        )
    client.force_login(member_a)

    response = client.get(dashboard_url(partner_a))

    assert response.context["rows"][0].realisation == Decimal(90)
    assertContains(response, "90%")


def test_without_costs_the_ratio_is_a_dash(client, member_a, partner_a):
    plan = MonitoringPlanFactory(intervention__organisation=partner_a, intervention__title="Leeg")
    ValuedOutcomeFactory(plan=plan)
    client.force_login(member_a)
    response = client.get(dashboard_url(partner_a))
    row = response.context["rows"][0]
    assert row.ratio is None
    assert response.context["totals"].ratio is None
    assertContains(response, "niet gedeeld")


def titles(response) -> list[str]:
    return [row.intervention.title for row in response.context["rows"]]


@pytest.fixture
def three(partner_a):
    monitored(partner_a, title="Bravo", cost="30000", proxy="6000", is_shared=True)
    monitored(partner_a, title="Alfa", cost="10000", proxy="500", phase=Intervention.Phase.PLAN)
    InterventionFactory(organisation=partner_a, title="Charlie", phase=Intervention.Phase.IDEA)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (None, ["Alfa", "Bravo", "Charlie"]),
        ("title", ["Alfa", "Bravo", "Charlie"]),
        ("-title", ["Charlie", "Bravo", "Alfa"]),
        ("cost", ["Alfa", "Bravo", "Charlie"]),
        ("-cost", ["Bravo", "Alfa", "Charlie"]),  # without figures: last either way
        ("ratio", ["Alfa", "Bravo", "Charlie"]),
        ("-ratio", ["Bravo", "Alfa", "Charlie"]),
        ("phase", ["Charlie", "Alfa", "Bravo"]),  # idea, plan, running
        ("-shared", ["Bravo", "Alfa", "Charlie"]),
        ("own_share", ["Alfa", "Bravo", "Charlie"]),
        ("pk; drop table", ["Alfa", "Bravo", "Charlie"]),  # not in the whitelist: by title
    ],
)
def test_sorting(client, member_a, partner_a, three, sort, expected):
    client.force_login(member_a)
    response = client.get(dashboard_url(partner_a, sort))
    assert response.status_code == 200
    assert titles(response) == expected


def test_sort_links_turn_around_on_the_sorted_column(client, member_a, partner_a, three):
    client.force_login(member_a)
    response = client.get(dashboard_url(partner_a, "cost"))
    assertContains(response, 'aria-sort="ascending"')
    assertContains(response, 'href="?sort=-cost"')
    assertContains(response, 'href="?sort=ratio"')
    response = client.get(dashboard_url(partner_a, "-cost"))
    assertContains(response, 'aria-sort="descending"')
    assertContains(response, 'href="?sort=cost"')


@pytest.mark.parametrize("count", [1, 10])
def test_queries_do_not_grow_with_the_interventions(
    client, member_a, partner_a, count, django_assert_num_queries
):
    for number in range(count):
        plan = monitored(partner_a, title=f"Interventie {number}", cost="1000")
        CostLineFactory(
            plan=plan,
            period=plan.periods.get(),
            hours=Decimal(10),
            amount=None,
            hourly_rate=Decimal(50),
            category="personeel",
        )
        OutputValueFactory(indicator__plan=plan, period=plan.periods.get())
    client.force_login(member_a)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(dashboard_url(partner_a, "ratio"))
    assert len(response.context["rows"]) == count
