import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader
from pytest_django.asserts import assertRedirects

from monitoring import documents, portfolio
from monitoring.models import MonitoringPlan
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

# DOMAIN.md §6, "Huismeester portiekflats": (outcome, beneficiary, Q, P, DW, DISP, ATT, DO, years)
WORKED_OUTCOMES = [
    ("Minder vandalismeherstel", "Corporatie", 40, 250, 20, 0, 10, 0, 1),
    ("Voorkomen ontruimingen", "Corporatie", 3, 3000, 30, 0, 40, 0, 1),
    ("Voorkomen ontruimingen", "Gemeente", 3, 3000, 30, 0, 40, 0, 1),
    ("Woongenot", "Bewoners", 600, 60, 25, 5, 20, 25, 3),
    ("Minder verhuizingen", "Corporatie", 6, 2500, 30, 0, 20, 25, 3),
]
REPORT_QUERIES = 10
# A report rendered (not served as kept) is kept: one statement more.
RENDERED_REPORT_QUERIES = REPORT_QUERIES + 1
PORTFOLIO_QUERIES = 28


def make_worked_example(organisation, **intervention) -> MonitoringPlan:
    """The worked example entered line by line: € 77,072 of costs, borne 80/20 by the
    corporation and the municipality (the same split on each line), and the five outcomes."""
    intervention = InterventionFactory(organisation=organisation, **intervention)
    plan = MonitoringPlanFactory(intervention=intervention, evidence_notes="Uren uit de planning.")
    period = ReportingPeriodFactory(plan=plan, label="2025")
    for bearer, hours, materials, overhead in [
        ("Corporatie", "1248", "4000", "5241.60"),
        ("Gemeente", "312", "1000", "1310.40"),
    ]:
        CostLineFactory(
            period=period,
            category="personeel",
            amount=None,
            hours=Decimal(hours),
            hourly_rate=Decimal(42),
            bearer_name=bearer,
        )
        CostLineFactory(period=period, amount=Decimal(materials), bearer_name=bearer)
        CostLineFactory(
            period=period, category="overhead", amount=Decimal(overhead), bearer_name=bearer
        )
    FinancingFactory(
        plan=plan, kind="wijkbudget", funder_name="Gemeente", received=Decimal("15414.40")
    )
    indicator = OutputIndicatorFactory(plan=plan, name="Huisbezoeken", unit="bezoeken")
    OutputValueFactory(
        indicator=indicator, period=period, target=Decimal(200), realised=Decimal(150)
    )
    for outcome, beneficiary, q, p, dw, disp, att, do, years in WORKED_OUTCOMES:
        ValuedOutcomeFactory(
            plan=plan,
            outcome=outcome,
            beneficiary=beneficiary,
            quantity=Decimal(q),
            proxy=Decimal(p),
            proxy_source="Kengetallen corporatie 2024",
            deadweight=Decimal(dw),
            displacement=Decimal(disp),
            attribution=Decimal(att),
            drop_off=Decimal(do),
            duration_years=years,
            justification=f"Onderbouwing van {outcome.lower()}.",
        )
    return plan


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def page_texts(content: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def download_pdf(client, url: str):
    """A POST makes the report; the task runs as it is queued (tests/conftest.py), so the
    status page it leads to offers the file at once."""
    status = client.get(client.post(url).url)
    return client.get(status.context["download_url"])


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def report_url(plan: MonitoringPlan) -> str:
    return reverse("monitoring:report_pdf", args=[plan.intervention_id])


def portfolio_url(organisation) -> str:
    return reverse("monitoring:portfolio_pdf", args=[organisation.slug])


@pytest.fixture
def worked_example(partner_a):
    return make_worked_example(partner_a, title="Huismeester portiekflats")


def test_report_needs_a_login(client, worked_example):
    url = report_url(worked_example)
    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")


def test_portfolio_needs_a_login(client, partner_a):
    url = portfolio_url(partner_a)
    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")


def test_other_partner_gets_404_for_the_report(client, member_b, worked_example):
    client.force_login(member_b)
    assert client.get(report_url(worked_example)).status_code == 404


def test_other_partner_gets_404_for_the_portfolio(client, member_b, partner_a, worked_example):
    client.force_login(member_b)
    assert client.get(portfolio_url(partner_a)).status_code == 404


def test_shared_results_give_no_report_to_other_partners(client, member_b, worked_example):
    worked_example.is_shared = True
    worked_example.save()
    client.force_login(member_b)
    assert client.get(report_url(worked_example)).status_code == 404


def test_description_without_monitoring_has_no_report(client, member_a, partner_a):
    intervention = InterventionFactory(organisation=partner_a)
    client.force_login(member_a)
    url = reverse("monitoring:report_pdf", args=[intervention.pk])
    assert client.get(url).status_code == 404


def test_report_reads_back_the_worked_example(client, member_a, worked_example, settings):
    settings.DEBUG = False
    client.force_login(member_a)
    response = client.get(report_url(worked_example))
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="monitoring-huismeester-portiekflats-20')
    assert disposition.endswith('.pdf"')
    text = " ".join(pdf_text(response.content).split())
    for expected in [
        "Monitoringrapportage",
        "Huismeester portiekflats",
        "Woonstichting De Maasoever",
        "€ 77.072,00",  # total cost
        "€ 61.657,60",  # own share: the municipality's € 15.414,40 was received
        "€ 77.123,10",  # present value of the benefits
        "€ 51,10",  # net present value
        "1,00 : 1",
        "€ 43.680,00",  # the yearly values
        "€ 21.690,00",
        "€ 16.267,50",
        "€ 44.603,49",  # Bewoners gain
        "− € 32.790,17",  # the corporation invests more than it gains
        "− € 11.762,23",
        "75 %",  # 150 of 200 home visits
        "Minder vandalismeherstel (Corporatie)",
        "Kengetallen corporatie 2024",
        "Uren uit de planning.",
        "Onderbouwing van woongenot.",
    ]:
        assert expected in text, expected


def test_report_has_page_numbers_and_the_organisation_in_the_footer(
    client, manager_a, worked_example
):
    client.force_login(manager_a)
    pages = page_texts(client.get(report_url(worked_example)).content)
    count = len(pages)
    assert count > 3
    for number, text in enumerate(pages, start=1):
        assert f"pagina {number} van {count}" in text
        assert "Woonstichting De Maasoever" in text


def test_report_uses_the_bundled_fonts(client, member_a, worked_example):
    client.force_login(member_a)
    reader = PdfReader(io.BytesIO(client.get(report_url(worked_example)).content))
    names = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any(name.endswith("+WWidW-DejaVu-Sans") for name in names), names
    assert any(name.endswith("+WWidW-DejaVu-Sans-Bold") for name in names), names


def test_report_without_costs_says_the_ratio_is_not_defined(client, member_a, partner_a):
    plan = MonitoringPlanFactory(intervention=InterventionFactory(organisation=partner_a))
    ValuedOutcomeFactory(plan=plan)
    client.force_login(member_a)
    text = " ".join(pdf_text(client.get(report_url(plan)).content).split())
    assert "niet te bepalen: geen kosten" in text
    assert "1,00 : 1" not in text


def test_text_in_the_figures_is_printed_as_text(client, member_a, partner_a):
    plan = MonitoringPlanFactory(
        intervention=InterventionFactory(organisation=partner_a, title="<b>Vet</b> & plan")
    )
    ValuedOutcomeFactory(plan=plan, outcome="<script>alert(1)</script>")
    client.force_login(member_a)
    text = pdf_text(client.get(report_url(plan)).content)
    assert "<b>Vet</b> & plan" in text
    assert "<script>alert(1)</script>" in text


def test_html_of_the_report_in_debug(client, member_a, worked_example, settings):
    settings.DEBUG = True
    client.force_login(member_a)
    response = client.get(report_url(worked_example), {"html": 1})
    assert response["Content-Type"].startswith("text/html")
    assert "Monitoringrapportage" in response.content.decode()


def test_no_html_of_the_report_without_debug(client, member_a, worked_example, settings):
    settings.DEBUG = False
    client.force_login(member_a)
    response = client.get(report_url(worked_example), {"html": 1})
    assert response["Content-Type"] == "application/pdf"


def test_portfolio_lists_every_monitored_intervention_with_totals(
    client, member_a, partner_a, partner_b, worked_example, _media
):
    second = MonitoringPlanFactory(
        intervention=InterventionFactory(organisation=partner_a, title="Buurtconciërge")
    )
    CostLineFactory(period=ReportingPeriodFactory(plan=second), amount=Decimal("1000.00"))
    make_worked_example(partner_b, title="Plan van een andere corporatie")
    client.force_login(member_a)
    response = download_pdf(client, portfolio_url(partner_a))
    assert response["Content-Type"] == "application/pdf"
    assert "monitoring-woonstichting-de-maasoever-20" in response["Content-Disposition"]
    text = " ".join(pdf_text(response.getvalue()).split())
    assert "Huismeester portiekflats" in text
    assert "Buurtconciërge" in text
    assert "Plan van een andere corporatie" not in text
    assert "€ 78.072,00" in text  # 77,072 + 1,000
    assert "niet te bepalen: geen kosten" not in text.split("Per interventie")[0]
    assert "pagina 1 van" in text


def test_portfolio_leaves_out_archived_descriptions(
    client, member_a, partner_a, worked_example, _media
):
    archived = make_worked_example(partner_a, title="Oud project", status="gearchiveerd")
    client.force_login(member_a)
    text = pdf_text(download_pdf(client, portfolio_url(partner_a)).getvalue())
    assert archived.intervention.title not in text
    assert "Huismeester portiekflats" in text


def test_portfolio_queries_do_not_grow_with_interventions(
    client, member_a, partner_a, django_assert_num_queries, _media
):
    make_worked_example(partner_a)
    client.force_login(member_a)
    url = portfolio_url(partner_a)
    # Starting the task (session, user, organisation, the queued task) and the task as a worker
    # runs it: the user, the organisation (with its kept portfolio report), the plans (with
    # their description and organisation) and one query each for periods, cost lines,
    # financing, outputs, their values, outcomes and effect indicators, with its progress, the
    # rendered report kept and the result noted down.
    with django_assert_num_queries(PORTFOLIO_QUERIES):
        assert client.post(url).status_code == 302
    for _ in range(4):
        make_worked_example(partner_a)
    with django_assert_num_queries(PORTFOLIO_QUERIES):
        assert client.post(url).status_code == 302


def test_portfolio_totals_add_up_the_plans(partner_a):
    first = make_worked_example(partner_a)
    second = make_worked_example(partner_a)
    plans = MonitoringPlan.objects.filter(pk__in=[first.pk, second.pk]).with_details()
    totals = portfolio.portfolio_totals(plan.figures() for plan in plans)
    assert totals.total_cost == Decimal("154144.00")
    assert totals.own_share == Decimal("123315.20")
    assert totals.pv_benefits.quantize(Decimal("0.01")) == Decimal("154246.20")
    assert round(totals.ratio, 4) == Decimal("1.0007")


def test_report_queries_do_not_grow_with_lines(
    client, member_a, worked_example, django_assert_num_queries
):
    client.force_login(member_a)
    url = report_url(worked_example)
    # Session, user, the plan (with its description, organisation and kept report), then one
    # query each for periods, cost lines, financing, outputs, their values, outcomes and effect
    # indicators; and the rendered report kept.
    with django_assert_num_queries(RENDERED_REPORT_QUERIES):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(REPORT_QUERIES):
        assert client.get(url).status_code == 200
    period = worked_example.periods.get()
    for _ in range(10):
        CostLineFactory(period=period, amount=Decimal("10.00"), bearer_name="Gemeente")
    with django_assert_num_queries(RENDERED_REPORT_QUERIES):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(REPORT_QUERIES):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("periods", "widths"),
    [(1, [1]), (6, [6]), (7, [4, 3]), (8, [4, 4]), (13, [5, 5, 3])],
)
def test_results_per_period_spread_evenly_over_tables(partner_a, periods, widths):
    plan = MonitoringPlanFactory(intervention=InterventionFactory(organisation=partner_a))
    indicator = OutputIndicatorFactory(plan=plan)
    for number in range(periods):
        OutputValueFactory(
            indicator=indicator, period=ReportingPeriodFactory(plan=plan, label=str(2001 + number))
        )
    plan = MonitoringPlan.objects.with_details().get(pk=plan.pk)
    matrices = documents.plan_report(plan).result_matrices
    assert [len(matrix.periods) for matrix in matrices] == widths
    assert [matrix.has_totals for matrix in matrices] == [False] * (len(widths) - 1) + [True]
    labels = [label for matrix in matrices for label in matrix.periods]
    assert labels == [str(2001 + number) for number in range(periods)]
    cells = [cell for matrix in matrices for cell in matrix.rows[0][1]]
    assert all(cell.realised == Decimal(80) for cell in cells)
