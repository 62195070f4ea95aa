import datetime
import decimal

import pytest
from django import forms
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from monitoring.models import (
    CostLine,
    FinancialProxy,
    MonitoringPlan,
    OutputValue,
    ReportingPeriod,
    ValuedOutcome,
)
from tests.factories import (
    CostLineFactory,
    InterventionFactory,
    MonitoringPlanFactory,
    OutputIndicatorFactory,
    OutputValueFactory,
    ReportingPeriodFactory,
    ValuedOutcomeFactory,
)

PAGES = ["detail", "plan", "periods", "costs", "results", "outcomes"]
WRITES = ("INSERT", "UPDATE", "DELETE")
D = decimal.Decimal
# Session, the user with the data version and the user's organisations (wwidw.auth.SiteBackend),
# the plan of a description the user may change with its version (monitoring/row_versions.py),
# its 6 prefetches, and the benchmarks of the plan and of its units. From the cache: 2
# (tests/test_pagecache.py).
OVERVIEW_QUERIES = 12


@pytest.fixture
def intervention_a(partner_a, member_a):
    return InterventionFactory(
        organisation=partner_a,
        created_by=member_a,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )


@pytest.fixture
def plan_a(intervention_a):
    return MonitoringPlanFactory(intervention=intervention_a)


@pytest.fixture
def period_a(plan_a):
    return ReportingPeriodFactory(plan=plan_a, label="2025")


def url(name: str, intervention) -> str:
    return reverse(f"monitoring:{name}", kwargs={"pk": intervention.pk})


def _add_form(data: dict, form) -> None:
    for bound in form:
        if isinstance(bound.field, forms.BooleanField):
            if bound.value():
                data[bound.html_name] = "on"
            continue
        value = bound.field.prepare_value(bound.value())
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif bound.field.localize and isinstance(value, decimal.Decimal | int | float):
            value = formats.localize_input(value)  # as the page shows it: "62,000"
        data[bound.html_name] = "" if value is None else str(value)


def page_data(response, **changes) -> dict:
    """What the browser sends back for the page's form(s), with `changes` by input name."""
    data: dict = {}
    if "form" in response.context:
        _add_form(data, response.context["form"])
    for formset in response.context.get("formsets", []):
        _add_form(data, formset.management_form)
        for form in formset:
            _add_form(data, form)
    data.update(changes)
    return data


def opened(client, user, name, intervention):
    client.force_login(user)
    response = client.get(url(name, intervention))
    assert response.status_code == 200
    return response


# Boundaries


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_login(client, intervention_a, name):
    response = client.get(url(name, intervention_a))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", PAGES)
def test_other_partner_gets_404(client, member_b, plan_a, name):
    client.force_login(member_b)
    assert client.get(url(name, plan_a.intervention)).status_code == 404
    assert client.post(url(name, plan_a.intervention), {}).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_other_partner_makes_no_plan(client, member_b, intervention_a, name):
    client.force_login(member_b)
    assert client.get(url(name, intervention_a)).status_code == 404
    assert not MonitoringPlan.objects.exists()


def test_manager_of_the_owner_may_enter_figures(client, manager_a, plan_a):
    response = opened(client, manager_a, "costs", plan_a.intervention)
    assertContains(response, "Kostenposten")


# The overview


@pytest.mark.parametrize("name", PAGES)
def test_opening_a_page_before_the_monitoring_began_writes_nothing(
    client, member_a, intervention_a, name
):
    client.force_login(member_a)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(name, intervention_a))
    assert response.status_code == 200
    assertContains(response, "Deze beschrijving heeft nog geen monitoring.")
    assertContains(response, f'<input type="hidden" name="page" value="{name}">', html=True)
    writes = [query["sql"] for query in queries if query["sql"].startswith(WRITES)]
    assert writes == []
    assert not MonitoringPlan.objects.exists()


@pytest.mark.parametrize("name", PAGES)
def test_opening_a_page_of_monitoring_that_began_writes_nothing(client, member_a, plan_a, name):
    client.force_login(member_a)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(name, plan_a.intervention)).status_code == 200
    assert [query["sql"] for query in queries if query["sql"].startswith(WRITES)] == []


def test_beginning_the_monitoring_makes_an_empty_plan(client, member_a, intervention_a):
    client.force_login(member_a)
    response = client.post(url("start", intervention_a), {"page": "costs"})
    assertRedirects(response, url("costs", intervention_a))
    plan = MonitoringPlan.objects.get(intervention=intervention_a)
    assert plan.organisation == intervention_a.organisation
    response = client.get(url("detail", intervention_a))
    assertContains(response, "Niet te bepalen: er zijn nog geen kosten vastgelegd.")


def test_beginning_twice_keeps_one_plan_and_goes_to_the_overview(client, member_a, intervention_a):
    client.force_login(member_a)
    for page in ("", "https://elders.example/"):
        response = client.post(url("start", intervention_a), {"page": page})
        assertRedirects(response, url("detail", intervention_a))
    assert MonitoringPlan.objects.filter(intervention=intervention_a).count() == 1


def test_beginning_needs_a_post_a_login_and_the_own_organisation(client, member_b, intervention_a):
    response = client.post(url("start", intervention_a))
    assert response.url.startswith(reverse("login"))
    client.force_login(member_b)
    assert client.post(url("start", intervention_a)).status_code == 404
    assert client.get(url("start", intervention_a)).status_code == 405
    assert not MonitoringPlan.objects.exists()


def test_the_first_save_of_a_page_begins_the_monitoring(client, member_a, intervention_a):
    client.force_login(member_a)
    data = {
        "start_date": "",
        "discount_rate": "3,5",
        "price_year": "2025",
        "evidence_notes": "Eigen registratie",
    }
    assertRedirects(client.post(url("plan", intervention_a), data), url("plan", intervention_a))
    plan = MonitoringPlan.objects.get(intervention=intervention_a)
    assert plan.price_year == 2025


def test_overview_shows_the_key_figures(client, member_a, plan_a, period_a):
    CostLineFactory(period=period_a, amount=None, hours=D("100"), hourly_rate=D("42.00"))
    ValuedOutcomeFactory(plan=plan_a, quantity=D("40"), proxy=D("250.00"), beneficiary="Bewoners")
    indicator = OutputIndicatorFactory(plan=plan_a, name="Huisbezoeken", target=D("100"))
    OutputValueFactory(indicator=indicator, period=period_a, target=D("100"), realised=D("80"))
    response = opened(client, member_a, "detail", plan_a.intervention)
    assertContains(response, "€ 4.200,00")  # 100 hours × € 42
    assertContains(response, "2,30 : 1")  # 40 × 250 / 1.035 / 4200
    assertContains(response, "80%")
    assertContains(response, "€ 52,50")  # cost per visit: 4200 / 80
    assertContains(response, "Wie investeert, wie profiteert")
    assertContains(response, "<svg", count=4)
    assertContains(response, url("report_pdf", plan_a.intervention))
    assertContains(response, url("export_xlsx", plan_a.intervention))
    assertContains(response, "Alleen je eigen organisatie ziet deze cijfers.")


def test_overview_queries_do_not_grow_with_cost_lines(
    client, member_a, plan_a, period_a, django_assert_num_queries
):
    CostLineFactory(period=period_a)
    indicator = OutputIndicatorFactory(plan=plan_a)
    OutputValueFactory(indicator=indicator, period=period_a)
    ValuedOutcomeFactory(plan=plan_a)
    client.force_login(member_a)
    client.get(url("detail", plan_a.intervention))
    caches["pages"].clear()  # the page built, not its cached part
    with django_assert_num_queries(OVERVIEW_QUERIES):
        assert client.get(url("detail", plan_a.intervention)).status_code == 200
    for _ in range(9):
        CostLineFactory(period=ReportingPeriodFactory(plan=plan_a))
    with django_assert_num_queries(OVERVIEW_QUERIES):
        response = client.get(url("detail", plan_a.intervention))
    assertContains(response, "€ 10.000,00")


# Periods


def test_periods_are_saved_and_the_page_comes_back(client, member_a, plan_a):
    response = opened(client, member_a, "periods", plan_a.intervention)
    data = page_data(
        response,
        **{
            "periods-0-label": "2025",
            "periods-0-start_date": "2025-01-01",
            "periods-0-end_date": "2025-12-31",
            "periods-0-status": "open",
        },
    )
    response = client.post(url("periods", plan_a.intervention), data, follow=True)
    assertRedirects(response, url("periods", plan_a.intervention))
    assert ReportingPeriod.objects.get(plan=plan_a).label == "2025"
    assertContains(response, "Opgeslagen. De samenvatting toont nu de nieuwe cijfers.")


def test_period_outside_the_intervention_names_its_dates(client, member_a, plan_a):
    response = opened(client, member_a, "periods", plan_a.intervention)
    data = page_data(
        response,
        **{
            "periods-0-label": "2024",
            "periods-0-start_date": "2024-01-01",
            "periods-0-end_date": "2024-12-31",
            "periods-1-label": "2025",
            "periods-1-start_date": "2025-01-01",
            "periods-1-end_date": "2025-12-31",
        },
    )
    response = client.post(url("periods", plan_a.intervention), data)
    assert response.status_code == 200
    assertContains(response, "1 januari 2025")
    assertContains(response, "31 december 2026")
    assertContains(response, 'value="2025"')  # the valid row is kept as typed
    assert not ReportingPeriod.objects.exists()


def test_removing_a_period_with_costs_is_refused(client, member_a, plan_a, period_a):
    CostLineFactory(period=period_a)
    response = opened(client, member_a, "periods", plan_a.intervention)
    data = page_data(response, **{"periods-0-DELETE": "on"})
    response = client.post(url("periods", plan_a.intervention), data)
    assert response.status_code == 200
    assertContains(response, "Deze periode heeft nog kosten of resultaten.")
    assert ReportingPeriod.objects.filter(pk=period_a.pk).exists()


def test_removing_an_unused_period(client, member_a, plan_a, period_a):
    response = opened(client, member_a, "periods", plan_a.intervention)
    data = page_data(response, **{"periods-0-DELETE": "on"})
    response = client.post(url("periods", plan_a.intervention), data)
    assertRedirects(response, url("periods", plan_a.intervention))
    assert not ReportingPeriod.objects.exists()


# Costs


def test_costs_are_saved_and_the_summary_shows_them(client, member_a, plan_a, period_a):
    response = opened(client, member_a, "costs", plan_a.intervention)
    data = page_data(
        response,
        **{
            "costs-0-period": str(period_a.pk),
            "costs-0-category": "personeel",
            "costs-0-hours": "1560",
            "costs-0-hourly_rate": "42",
            "costs-1-period": str(period_a.pk),
            "costs-1-category": "materiaal",
            "costs-1-amount": "5000",
            "financing-0-kind": "leefbaarheidsbudget",
            "financing-0-committed": "10000",
            "financing-0-received": "8000",
        },
    )
    response = client.post(url("costs", plan_a.intervention), data, follow=True)
    assertRedirects(response, url("costs", plan_a.intervention))
    assert sorted(line.total for line in CostLine.objects.all()) == [D("5000"), D("65520")]
    assertContains(response, "€ 70.520,00")
    assertContains(response, "€ 62.520,00")  # own share: 70,520 − 8,000 received
    plan_a.refresh_from_db()
    assert plan_a.updated_at > plan_a.intervention.created_at


def test_costs_typed_with_thousand_dots_and_a_euro_sign_are_saved(
    client, member_a, plan_a, period_a
):
    response = opened(client, member_a, "costs", plan_a.intervention)
    data = page_data(
        response,
        **{
            "costs-0-period": str(period_a.pk),
            "costs-0-category": "materiaal",
            "costs-0-amount": "€ 1.234,50",
            "costs-1-period": str(period_a.pk),
            "costs-1-category": "personeel",
            "costs-1-hours": "1.560",
            "costs-1-hourly_rate": "€ 42",
            "financing-0-kind": "leefbaarheidsbudget",
            "financing-0-committed": "10.000",
        },
    )
    response = client.post(url("costs", plan_a.intervention), data, follow=True)
    assertRedirects(response, url("costs", plan_a.intervention))
    assert sorted(line.total for line in CostLine.objects.all()) == [D("1234.50"), D("65520")]


def test_bad_costs_keep_every_row(client, member_a, plan_a, period_a):
    response = opened(client, member_a, "costs", plan_a.intervention)
    data = page_data(
        response,
        **{
            "costs-0-period": str(period_a.pk),
            "costs-0-category": "materiaal",
            "costs-0-amount": "-5",
            "costs-0-description": "Bezems",
            "costs-1-period": str(period_a.pk),
            "costs-1-category": "inhuur",
            "costs-1-amount": "1000000000000",
            "costs-2-period": str(period_a.pk),
            "costs-2-category": "overhead",
            "costs-2-amount": "veel",
            "costs-2-description": "Kantoor",
        },
    )
    response = client.post(url("costs", plan_a.intervention), data)
    assert response.status_code == 200
    assertContains(response, "Vul nul of meer in; dit kan niet negatief zijn.")
    assertContains(response, "Dit getal is te groot. Kijk of er nullen te veel staan.")
    assertContains(response, "Vul een getal in, alleen met cijfers.")
    assertContains(response, 'value="Bezems"')
    assertContains(response, 'value="Kantoor"')
    assertContains(response, "Nog niet opgeslagen")
    assert not CostLine.objects.exists()


# Results


def test_results_and_values_are_saved(client, member_a, plan_a, period_a):
    indicator = OutputIndicatorFactory(plan=plan_a, name="Huisbezoeken")
    response = opened(client, member_a, "results", plan_a.intervention)
    data = page_data(
        response,
        **{
            "outputs-1-name": "Reparaties",
            "outputs-1-unit": "reparaties",
            "outputs-1-target": "20",
            "values-0-indicator": str(indicator.pk),
            "values-0-period": str(period_a.pk),
            "values-0-target": "100",
            "values-0-realised": "90",
        },
    )
    response = client.post(url("results", plan_a.intervention), data, follow=True)
    assertRedirects(response, url("results", plan_a.intervention))
    assert plan_a.outputs.count() == 2
    assert OutputValue.objects.get().realised == D("90")


def test_a_second_value_for_the_same_period_is_refused(client, member_a, plan_a, period_a):
    value = OutputValueFactory(indicator__plan=plan_a, period=period_a)
    response = opened(client, member_a, "results", plan_a.intervention)
    data = page_data(
        response,
        **{
            "values-1-indicator": str(value.indicator.pk),
            "values-1-period": str(period_a.pk),
            "values-1-realised": "5",
        },
    )
    response = client.post(url("results", plan_a.intervention), data)
    assert response.status_code == 200
    assertContains(response, "Dit resultaat heeft al een waarde voor deze periode.")
    assert OutputValue.objects.count() == 1


# Social value


def test_outcome_with_a_value_from_the_library(client, member_a, plan_a):
    proxy = FinancialProxy.objects.create(
        name="Voorkomen ontruiming",
        unit="ontruiming",
        value=D("3000.00"),
        price_year=2024,
        source="Kosten ontruiming, Aedes",
    )
    response = opened(client, member_a, "outcomes", plan_a.intervention)
    # The help text of deadweight, under the field.
    assertContains(response, "Het deel dat zonder de interventie ook was gebeurd")
    data = page_data(
        response,
        **{
            "outcomes-0-outcome": "Voorkomen ontruimingen",
            "outcomes-0-beneficiary": "Corporatie",
            "outcomes-0-quantity": "3",
            "outcomes-0-library_proxy": str(proxy.pk),
            "outcomes-0-deadweight": "30",
            "outcomes-0-attribution": "40",
        },
    )
    response = client.post(url("outcomes", plan_a.intervention), data, follow=True)
    assertRedirects(response, url("outcomes", plan_a.intervention))
    outcome = ValuedOutcome.objects.get()
    assert (outcome.proxy, outcome.proxy_source) == (D("3000.00"), "Kosten ontruiming, Aedes")
    assertContains(response, "Niet te bepalen: er zijn nog geen kosten vastgelegd.")


def test_percentage_over_100_is_refused(client, member_a, plan_a):
    response = opened(client, member_a, "outcomes", plan_a.intervention)
    data = page_data(
        response,
        **{
            "outcomes-0-outcome": "Woongenot",
            "outcomes-0-beneficiary": "Bewoners",
            "outcomes-0-quantity": "600",
            "outcomes-0-proxy": "60",
            "outcomes-0-deadweight": "120",
        },
    )
    response = client.post(url("outcomes", plan_a.intervention), data)
    assertContains(response, "Vul een percentage van 0 tot 100 in.")
    assertContains(response, 'value="Woongenot"')
    assert not ValuedOutcome.objects.exists()


# Settings


def test_plan_settings_are_saved(client, member_a, plan_a):
    response = opened(client, member_a, "plan", plan_a.intervention)
    data = page_data(response, discount_rate="4", is_shared="on")
    response = client.post(url("plan", plan_a.intervention), data, follow=True)
    assertRedirects(response, url("plan", plan_a.intervention))
    plan_a.refresh_from_db()
    assert (plan_a.discount_rate, plan_a.is_shared) == (D("4"), True)


# The description links to its monitoring


def test_description_links_members_to_the_monitoring(client, member_a, member_b, shared_a):
    client.force_login(member_a)
    response = client.get(shared_a.get_absolute_url())
    assertContains(response, url("detail", shared_a))
    client.force_login(member_b)
    response = client.get(shared_a.get_absolute_url())
    assertNotContains(response, url("detail", shared_a))
