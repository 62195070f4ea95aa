"""Shared results: the key figures of the monitoring on a description's page, never the lines."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import (
    CostLineFactory,
    MonitoringPlanFactory,
    OutputIndicatorFactory,
    OutputValueFactory,
    ReportingPeriodFactory,
    ValuedOutcomeFactory,
)
from tests.interventions.test_detail import DETAIL_QUERIES

# The shared plan's prefetches: periods, cost lines, financing, results, their values, outcomes.
SHARED_PLAN_QUERIES = 7
SECRET_LINE = "Inhuur adviesbureau Geheim & Zn"


def detail_url(intervention) -> str:
    return reverse("interventions:detail", args=[intervention.pk])


def add_monitoring(intervention, *, is_shared: bool):
    """€ 10,000 of costs, one result at 80 % and one outcome worth € 15,000 in year 1."""
    plan = MonitoringPlanFactory(intervention=intervention, is_shared=is_shared)
    period = ReportingPeriodFactory(plan=plan, label="2025")
    CostLineFactory(plan=plan, period=period, amount=Decimal(10000), description=SECRET_LINE)
    indicator = OutputIndicatorFactory(plan=plan, name="Portiekbezoeken", unit="bezoeken")
    OutputValueFactory(
        indicator=indicator, period=period, target=Decimal(100), realised=Decimal(80)
    )
    ValuedOutcomeFactory(plan=plan, quantity=Decimal(10), proxy=Decimal(1500))
    return plan


@pytest.mark.parametrize("viewer", ["member_a", "member_b"])
def test_shared_results_show_on_the_description_for_every_account(
    client, request, shared_a, viewer
):
    add_monitoring(shared_a, is_shared=True)
    client.force_login(request.getfixturevalue(viewer))

    response = client.get(detail_url(shared_a))

    assertContains(response, 'id="shared-figures-title">Resultaten</h2>', html=False)
    assertContains(response, "€ 10.000,00")  # total cost
    assertContains(response, "Portiekbezoeken")
    assertContains(response, "80%")
    assertContains(response, "1,45 : 1")  # € 15,000 / 1.035 / € 10,000
    assertContains(response, "€ 14.492,75")  # present value
    # Deadweight and attribution ± 10 points, the proxy ± 25 %: 1.09 … 1.81.
    assertContains(response, "tussen 1,09 en 1,81")
    assertContains(response, "eigen monitoring van Woonstichting De Maasoever")
    assertNotContains(response, SECRET_LINE)
    assertNotContains(response, "Geheim")


def test_not_shared_results_stay_hidden_from_other_partners(client, member_b, shared_a):
    add_monitoring(shared_a, is_shared=False)
    client.force_login(member_b)

    response = client.get(detail_url(shared_a))

    assert response.status_code == 200
    assertNotContains(response, "shared-figures")
    assertNotContains(response, "1,45 : 1")
    assertNotContains(response, reverse("monitoring:detail", args=[shared_a.pk]))


def test_members_see_a_hint_to_share_their_results(client, member_a, shared_a):
    add_monitoring(shared_a, is_shared=False)
    client.force_login(member_a)

    response = client.get(detail_url(shared_a))

    assertNotContains(response, 'id="shared-figures-title"')
    assertContains(response, "Andere partners zien de resultaten van je monitoring hier niet.")
    assertContains(response, f'href="{reverse("monitoring:detail", args=[shared_a.pk])}"')
    assertNotContains(response, "zodra deze beschrijving")


@pytest.mark.parametrize("name", ["concept_a", "internal_a"])
def test_sharing_waits_for_a_description_published_for_all_partners(
    client, member_a, member_b, request, name
):
    intervention = request.getfixturevalue(name)
    add_monitoring(intervention, is_shared=True)

    client.force_login(member_b)
    assert client.get(detail_url(intervention)).status_code == 404
    client.force_login(member_a)
    response = client.get(detail_url(intervention))
    assertNotContains(response, 'id="shared-figures-title"')
    assertContains(response, "zodra deze beschrijving voor alle partners is gepubliceerd")


def test_without_costs_the_ratio_is_not_defined(client, member_b, shared_a):
    plan = MonitoringPlanFactory(intervention=shared_a, is_shared=True)
    ValuedOutcomeFactory(plan=plan)
    client.force_login(member_b)
    response = client.get(detail_url(shared_a))
    assertContains(response, "Niet te bepalen: er zijn geen kosten ingevoerd.")


@pytest.mark.parametrize("lines", [1, 10])
def test_detail_queries_with_shared_results_do_not_grow_with_the_lines(
    client, member_b, shared_a, lines, django_assert_num_queries
):
    plan = add_monitoring(shared_a, is_shared=True)
    period = plan.periods.get()
    CostLineFactory.create_batch(lines - 1, plan=plan, period=period)
    for _ in range(lines - 1):
        OutputValueFactory(indicator__plan=plan, period=period)
    ValuedOutcomeFactory.create_batch(lines - 1, plan=plan)
    client.force_login(member_b)
    with django_assert_num_queries(DETAIL_QUERIES + SHARED_PLAN_QUERIES):
        response = client.get(detail_url(shared_a))
    # One row per result in the table of direct results.
    shared = re.search(r'id="shared-figures-title".*?</section>', response.text, re.S).group()
    assert shared.count('<th scope="row">') == lines
