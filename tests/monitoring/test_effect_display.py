"""What the professional sees of the effects: on the monitoring overview, in the PDF reports, in
the xlsx and on the shared description, with the same words everywhere."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from interventions.models import Effect
from monitoring import effect_display
from monitoring.models import MonitoringPlan
from tests.factories import (
    EffectIndicatorFactory,
    EffectMeasurementFactory,
    InterventionFactory,
    MonitoringPlanFactory,
    OutputValueFactory,
    ReportingPeriodFactory,
    StandardIndicatorFactory,
)
from tests.interventions.test_detail import DETAIL_QUERIES
from tests.monitoring.test_exports import table, workbook
from tests.monitoring.test_reports import (
    PORTFOLIO_QUERIES,
    RENDERED_REPORT_QUERIES,
    REPORT_QUERIES,
    download_pdf,
    make_worked_example,
    pdf_text,
)
from tests.monitoring.test_sharing import SHARED_PLAN_QUERIES, add_monitoring
from tests.monitoring.test_views import OVERVIEW_QUERIES

D = Decimal
MARCH = [datetime.date(year, 3, 1) for year in range(2018, 2027)]
SAFETY_WORDS = (
    "6,5 procentpunt beter dan de nulmeting; 81 % van het doel; "
    "netto 4,5 procentpunt beter dan het vergelijkingsgebied"
)
NUISANCE_WORDS = "25 meldingen beter dan de nulmeting (+20,8 %); 63 % van het doel"
# The measurements of the indicators, read in one query once there are indicators.
MEASUREMENT_QUERIES = 1


def add_safety(plan: MonitoringPlan, *, name: str = "Bewoners die zich veilig voelen (%)"):
    """DOMAIN.md §6a's first worked example, with the city as comparison area and a standard
    indicator of the library."""
    indicator = EffectIndicatorFactory(
        plan=plan,
        name=name,
        standard=StandardIndicatorFactory(),
        comparison_area="Rotterdam",
        comparison_baseline=D("61.0"),
    )
    EffectMeasurementFactory(
        indicator=indicator, date=MARCH[1], value=D("66.0"), respondents=280, source="Enquête"
    )
    EffectMeasurementFactory(
        indicator=indicator,
        date=MARCH[2],
        value=D("68.5"),
        respondents=312,
        source="Bewonersenquête 2020",
        comparison_value=D("63.0"),
    )
    return indicator


def add_nuisance(plan: MonitoringPlan):
    """The second worked example: lower is better, 120 → 95 reports, target 80."""
    indicator = EffectIndicatorFactory(
        plan=plan,
        effect=_effect("VE.01"),
        name="Meldingen van woonoverlast per jaar",
        scale="aantal",
        unit="meldingen",
        direction="lager",
        method="registratie",
        baseline_value=D(120),
        target_value=D(80),
        target_date=None,
    )
    EffectMeasurementFactory(indicator=indicator, date=MARCH[1], value=D(95))
    return indicator


def _effect(code: str) -> Effect:
    return Effect.objects.get(code=code)


def add_indicators(plan: MonitoringPlan, count: int, measurements: int = 3) -> None:
    for number in range(count):
        indicator = EffectIndicatorFactory(plan=plan, name=f"Indicator {number}")
        for year in range(measurements):
            EffectMeasurementFactory(indicator=indicator, date=MARCH[1 + year], value=D(64 + year))


@pytest.fixture
def plan_a(partner_a, member_a):
    intervention = InterventionFactory(organisation=partner_a, created_by=member_a)
    return MonitoringPlanFactory(intervention=intervention)


def overview_url(plan: MonitoringPlan) -> str:
    return reverse("monitoring:detail", args=[plan.intervention_id])


def report_url(plan: MonitoringPlan) -> str:
    return reverse("monitoring:report_pdf", args=[plan.intervention_id])


def export_url(plan: MonitoringPlan) -> str:
    return reverse("monitoring:export_xlsx", args=[plan.intervention_id])


def detail_url(intervention) -> str:
    return reverse("interventions:detail", args=[intervention.pk])


def _plan(plan: MonitoringPlan) -> MonitoringPlan:
    return MonitoringPlan.objects.with_details().get(pk=plan.pk)


# Grouping


def test_indicators_are_grouped_per_intended_effect_in_code_order(plan_a):
    add_safety(plan_a)
    add_nuisance(plan_a)
    EffectIndicatorFactory(plan=plan_a, name="Rapportcijfer veiligheid", scale="rapportcijfer")
    groups = effect_display.effect_groups(_plan(plan_a).figures().effects)
    assert [group.effect.code for group in groups] == ["VE.01", "VE.03"]
    assert [len(group.indicators) for group in groups] == [1, 2]


def test_an_indicator_reads_its_values_status_and_latest_measurement(plan_a):
    add_safety(plan_a)
    (item,) = effect_display.indicator_displays(_plan(plan_a).figures().effects)
    assert (item.baseline_text, item.target_text, item.latest_text) == ("62 %", "70 %", "68,5 %")
    assert item.latest.respondents == 312
    assert item.comparison_latest_text == "63 %"
    assert item.is_standard
    assert item.status == "verbeterd"
    assert item.chart.series[1].name == "Vergelijkingsgebied Rotterdam"


# The monitoring overview


def test_overview_shows_words_status_values_and_a_chart_per_indicator(client, member_a, plan_a):
    add_safety(plan_a)
    add_nuisance(plan_a)
    EffectIndicatorFactory(plan=plan_a, name="Contact met de buren (%)", effect=_effect("SC.01"))
    client.force_login(member_a)

    response = client.get(overview_url(plan_a))

    assertContains(response, 'id="effects-title">Effecten</h2>', html=False)
    assertContains(response, "VE.03 Hogere veiligheidsbeleving")
    assertContains(response, "VE.01 Minder woonoverlast")
    assertContains(response, SAFETY_WORDS)
    assertContains(response, NUISANCE_WORDS)
    assertContains(response, 'effect-status-verbeterd">verbeterd</span>', count=2, html=False)
    assertContains(response, 'effect-status-niet_gemeten">nog niet gemeten</span>', html=False)
    assertContains(response, "enquête · hoger is beter · standaardindicator")
    assertContains(response, "registratie · lager is beter · eigen indicator")
    assertContains(response, "62 % · 1 maart 2018")
    assertContains(response, "68,5 % · 1 maart 2020 · 312 respondenten · Bewonersenquête 2020")
    assertContains(response, "Rotterdam: 61 % bij de nulmeting, 63 % bij de laatste meting")
    assertContains(response, 'class="wwidw-chart wwidw-chart-line"', count=3)
    assertContains(response, "Nulmeting: 62 % op 1 maart 2018.")


def test_overview_without_indicators_says_so(client, member_a, plan_a):
    client.force_login(member_a)
    assertContains(client.get(overview_url(plan_a)), "Nog geen effectindicatoren.")


@pytest.mark.parametrize("count", [1, 10])
def test_overview_queries_do_not_grow_with_the_indicators(
    client, member_a, plan_a, count, django_assert_num_queries
):
    add_indicators(plan_a, count)
    # Like the overview's own count: a direct result with a value, so that prefetch runs too.
    OutputValueFactory(indicator__plan=plan_a, period=ReportingPeriodFactory(plan=plan_a))
    client.force_login(member_a)
    client.get(overview_url(plan_a))
    caches["pages"].clear()  # the page built, not its cached part
    with django_assert_num_queries(OVERVIEW_QUERIES + MEASUREMENT_QUERIES):
        response = client.get(overview_url(plan_a))
    assertContains(response, 'class="wwidw-chart wwidw-chart-line"', count=count)


# The PDF reports


def test_report_prints_the_words_status_and_chart_of_each_indicator(client, member_a, partner_a):
    plan = make_worked_example(partner_a, title="Huismeester portiekflats")
    add_safety(plan)
    add_nuisance(plan)
    client.force_login(member_a)

    text = " ".join(pdf_text(client.get(report_url(plan)).content).split())

    for expected in [
        "Effecten",
        "VE.03 Hogere veiligheidsbeleving",
        SAFETY_WORDS,
        NUISANCE_WORDS,
        "verbeterd",
        "standaardindicator",
        "Nulmeting: 62 % op 1 maart 2018.",
        "mrt 2019",  # a date on the chart's axis
        "Vergelijkingsgebied Rotterdam",
    ]:
        assert expected in text, expected


@pytest.mark.parametrize("count", [1, 10])
def test_report_queries_do_not_grow_with_the_indicators(
    client, member_a, partner_a, count, django_assert_num_queries
):
    plan = make_worked_example(partner_a)
    add_indicators(plan, count)
    client.force_login(member_a)
    with django_assert_num_queries(RENDERED_REPORT_QUERIES + MEASUREMENT_QUERIES):
        assert client.get(report_url(plan)).status_code == 200


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def portfolio_pdf_url(organisation) -> str:
    return reverse("monitoring:portfolio_pdf", args=[organisation.slug])


def test_portfolio_prints_a_compact_table_of_effects_per_description(
    client, member_a, partner_a, _media
):
    plan = make_worked_example(partner_a, title="Huismeester portiekflats")
    add_safety(plan)
    add_nuisance(plan)
    make_worked_example(partner_a, title="Buurtconciërge")
    client.force_login(member_a)

    text = " ".join(
        pdf_text(download_pdf(client, portfolio_pdf_url(partner_a)).getvalue()).split()
    )

    assert SAFETY_WORDS in text
    assert NUISANCE_WORDS in text
    assert "VE.03 · Bewoners die zich veilig voelen (%)" in text
    assert "verbeterd" in text


@pytest.mark.parametrize("count", [1, 10])
def test_portfolio_queries_do_not_grow_with_the_indicators(
    client, member_a, partner_a, count, django_assert_num_queries, _media
):
    for _ in range(2):
        add_indicators(make_worked_example(partner_a), count)
    client.force_login(member_a)
    with django_assert_num_queries(PORTFOLIO_QUERIES + MEASUREMENT_QUERIES):
        assert client.post(portfolio_pdf_url(partner_a)).status_code == 302


# The xlsx


def test_export_has_a_row_per_indicator_and_per_measurement(client, member_a, plan_a):
    add_safety(plan_a)
    add_nuisance(plan_a)
    client.force_login(member_a)

    book = workbook(client.get(export_url(plan_a)).content)

    assert book.sheetnames[-2:] == ["Effecten", "Metingen"]
    nuisance, safety = table(book["Effecten"], "Effectcode")
    assert safety["Beoogd effect"] == "Hogere veiligheidsbeleving"
    assert safety["Indicator"] == "Bewoners die zich veilig voelen (%)"
    assert safety["Standaardindicator"] == "ja"
    assert safety["Richting"] == "hoger is beter"
    assert safety["Methode"] == "enquête"
    assert safety["Nulmeting"] == 62
    assert safety["Datum nulmeting"] == datetime.datetime(2018, 3, 1)
    assert safety["Laatste waarde"] == 68.5
    assert safety["Verandering"] == 6.5
    assert safety["Verbetering"] == pytest.approx(10.48)
    assert safety["Doelbereik"] == pytest.approx(81.25)
    assert safety["Netto verandering"] == 4.5
    assert safety["Netto verbetering"] == pytest.approx(7.26)
    assert safety["Status"] == "verbeterd"
    assert safety["Resultaat in woorden"] == SAFETY_WORDS
    assert nuisance["Standaardindicator"] == "nee"
    assert nuisance["Verbetering"] == pytest.approx(20.83)
    assert nuisance["Resultaat in woorden"] == NUISANCE_WORDS
    measurements = table(book["Metingen"], "Effectcode")
    assert [(row["Effectcode"], row["Waarde"]) for row in measurements] == [
        ("VE.01", 95),
        ("VE.03", 66),
        ("VE.03", 68.5),
    ]
    assert measurements[2]["Respondenten"] == 312
    assert measurements[2]["Bron"] == "Bewonersenquête 2020"
    assert measurements[2]["Waarde in het vergelijkingsgebied"] == 63
    assert measurements[2]["Datum"] == datetime.datetime(2020, 3, 1)


def test_formula_like_names_stay_text_in_the_effects(client, member_a, plan_a):
    indicator = EffectIndicatorFactory(plan=plan_a, name='=HYPERLINK("http://evil.example")')
    EffectMeasurementFactory(indicator=indicator, source="@SUM(A1)")
    client.force_login(member_a)
    book = workbook(client.get(export_url(plan_a)).content)
    name = book["Effecten"]["C2"]
    source = book["Metingen"]["F2"]
    assert (name.value, name.data_type) == ('=HYPERLINK("http://evil.example")', "s")
    assert (source.value, source.data_type) == ("@SUM(A1)", "s")


def test_portfolio_export_has_the_indicators_of_every_description(client, member_a, partner_a):
    first = make_worked_example(partner_a, title="Huismeester portiekflats")
    add_safety(first)
    second = make_worked_example(partner_a, title="Buurtconciërge")
    add_nuisance(second)
    client.force_login(member_a)

    url = reverse("monitoring:portfolio_xlsx", args=[partner_a.slug])
    rows = table(workbook(client.get(url).content)["Effecten"], "Interventie")

    assert [(row["Interventie"], row["Effectcode"], row["Status"]) for row in rows] == [
        ("Buurtconciërge", "VE.01", "verbeterd"),
        ("Huismeester portiekflats", "VE.03", "verbeterd"),
    ]
    assert rows[1]["Resultaat in woorden"] == SAFETY_WORDS


@pytest.mark.parametrize("count", [1, 10])
def test_exports_queries_do_not_grow_with_the_indicators(
    client, member_a, partner_a, count, django_assert_num_queries
):
    plan = make_worked_example(partner_a)
    add_indicators(plan, count)
    add_indicators(make_worked_example(partner_a), count)
    client.force_login(member_a)
    # The same reads as the PDF report.
    with django_assert_num_queries(REPORT_QUERIES + MEASUREMENT_QUERIES):
        assert client.get(export_url(plan)).status_code == 200
    # Session, user, the organisation, the plans and their prefetches.
    with django_assert_num_queries(REPORT_QUERIES + 1 + MEASUREMENT_QUERIES):
        response = client.get(reverse("monitoring:portfolio_xlsx", args=[partner_a.slug]))
    assert len(table(workbook(response.content)["Effecten"], "Interventie")) == 2 * count


# The published description


def test_shared_monitoring_shows_the_effects_to_every_partner(client, member_b, shared_a):
    plan = add_monitoring(shared_a, is_shared=True)
    add_safety(plan)
    client.force_login(member_b)

    response = client.get(detail_url(shared_a))

    assertContains(response, 'id="shared-effects-title"', html=False)
    assertContains(response, "VE.03 Hogere veiligheidsbeleving")
    assertContains(response, SAFETY_WORDS)
    assertContains(response, 'effect-status-verbeterd">verbeterd</span>', html=False)
    assertContains(response, 'class="wwidw-chart wwidw-chart-line"')


def test_unshared_monitoring_keeps_its_effects_from_other_partners(
    client, member_a, member_b, shared_a
):
    plan = add_monitoring(shared_a, is_shared=False)
    add_safety(plan)
    client.force_login(member_b)

    response = client.get(detail_url(shared_a))

    assert response.status_code == 200
    assertNotContains(response, "shared-effects")
    assertNotContains(response, SAFETY_WORDS)
    assertNotContains(response, "Bewoners die zich veilig voelen (%)")
    client.force_login(member_a)
    assertNotContains(client.get(detail_url(shared_a)), SAFETY_WORDS)


def test_shared_monitoring_without_indicators_shows_no_effects(client, member_b, shared_a):
    add_monitoring(shared_a, is_shared=True)
    client.force_login(member_b)
    response = client.get(detail_url(shared_a))
    assertContains(response, 'id="shared-figures-title"', html=False)
    assertNotContains(response, "shared-effects")


@pytest.mark.parametrize("count", [1, 10])
def test_description_queries_with_shared_effects_do_not_grow_with_the_indicators(
    client, member_b, shared_a, count, django_assert_num_queries
):
    add_indicators(add_monitoring(shared_a, is_shared=True), count)
    client.force_login(member_b)
    with django_assert_num_queries(DETAIL_QUERIES + SHARED_PLAN_QUERIES + MEASUREMENT_QUERIES):
        response = client.get(detail_url(shared_a))
    assertContains(response, 'class="wwidw-chart wwidw-chart-line"', count=count)
