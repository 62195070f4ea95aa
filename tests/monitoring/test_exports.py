import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django.asserts import assertRedirects

from monitoring.models import MonitoringPlan
from tests.factories import (
    CostLineFactory,
    InterventionFactory,
    MonitoringPlanFactory,
    ValuedOutcomeFactory,
)
from tests.monitoring.test_reports import make_worked_example
from wwidw import spreadsheets

SHEETS = [
    "Samenvatting",
    "Opzet",
    "Periodes",
    "Kosten",
    "Financiering",
    "Resultaten",
    "Directe resultaten",
    "Maatschappelijke waarde",
    "Gevoeligheid",
    "Effecten",
    "Metingen",
]


def export_url(plan: MonitoringPlan) -> str:
    return reverse("monitoring:export_xlsx", args=[plan.intervention_id])


def portfolio_url(organisation) -> str:
    return reverse("monitoring:portfolio_xlsx", args=[organisation.slug])


def workbook(content: bytes):
    return load_workbook(io.BytesIO(content))


def summary(sheet) -> dict:
    return {row[0].value: row[1] for row in sheet.iter_rows(min_col=1, max_col=2)}


def table(sheet, first_heading: str) -> list[dict]:
    """The rows of the table whose heading row starts with `first_heading`, as dicts."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(index for index, row in enumerate(rows) if row[0] == first_heading)
    headings = rows[start]
    result = []
    for row in rows[start + 1 :]:
        if all(value is None for value in row):
            break
        result.append(dict(zip(headings, row, strict=True)))
    return result


@pytest.fixture
def worked_example(partner_a):
    return make_worked_example(partner_a, title="Huismeester portiekflats")


def test_export_needs_a_login(client, worked_example):
    url = export_url(worked_example)
    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")


def test_portfolio_export_needs_a_login(client, partner_a):
    url = portfolio_url(partner_a)
    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")


def test_other_partner_gets_404_for_the_export(client, member_b, worked_example):
    client.force_login(member_b)
    assert client.get(export_url(worked_example)).status_code == 404


def test_other_partner_gets_404_for_the_portfolio_export(client, member_b, partner_a):
    client.force_login(member_b)
    assert client.get(portfolio_url(partner_a)).status_code == 404


def test_export_holds_the_worked_example_as_numbers(client, manager_a, worked_example):
    client.force_login(manager_a)
    response = client.get(export_url(worked_example))
    assert response["Content-Type"] == spreadsheets.XLSX_CONTENT_TYPE
    assert 'filename="monitoring-huismeester-portiekflats-20' in response["Content-Disposition"]
    book = workbook(response.content)
    assert book.sheetnames == SHEETS
    figures = summary(book["Samenvatting"])
    assert figures["Interventie"].value == "Huismeester portiekflats"
    assert figures["Organisatie"].value == "Woonstichting De Maasoever"
    assert figures["Totale kosten"].value == 77072
    assert "€" in figures["Totale kosten"].number_format
    assert figures["Eigen bijdrage"].value == pytest.approx(61657.60)
    assert figures["Contante waarde van de baten"].value == pytest.approx(77123.10)
    assert figures["Netto contante waarde"].value == pytest.approx(51.10)
    assert figures["SROI-ratio"].value == pytest.approx(1.0007)
    assert figures["SROI-ratio"].number_format == '0.00" : 1"'
    assert figures["Realisatie van de resultaten"].value == 75
    assert figures["Terugverdienjaar"].value == 3


def test_export_sheets_hold_lines_results_outcomes_and_sensitivity(
    client, member_a, worked_example
):
    client.force_login(member_a)
    book = workbook(client.get(export_url(worked_example)).content)
    costs = table(book["Kosten"], "Periode")
    assert len(costs) == 6
    assert sum(row["Bedrag"] for row in costs) == pytest.approx(77072)
    assert {row["Gedragen door"] for row in costs} == {"Corporatie", "Gemeente"}
    financing = table(book["Financiering"], "Financier")
    assert financing == [
        {
            "Financier": "Gemeente",
            "Soort": "gemeentelijk wijkbudget",
            "Toegezegd": 1000,
            "Ontvangen": pytest.approx(15414.40),
            "Id": worked_example.financing.get().pk,
        }
    ]
    results = table(book["Resultaten"], "Resultaat")
    assert results[-1]["Periode"] == "Totaal"
    assert results[-1]["Realisatie"] == 75
    assert results[-1]["Kosten per eenheid"] == pytest.approx(513.81)  # 77,072 / 150
    outcomes = table(book["Maatschappelijke waarde"], "Effect")
    assert [row["Contante waarde"] for row in outcomes] == pytest.approx(
        [6956.52, 3652.17, 3652.17, 44603.49, 18258.74]
    )
    years = table(book["Maatschappelijke waarde"], "Jaar")
    assert [row["Baten"] for row in years] == pytest.approx([43680, 21690, 16267.50])
    actors = table(book["Maatschappelijke waarde"], "Belanghebbende")
    assert [row["Saldo"] for row in actors] == pytest.approx([44603.49, -32790.17, -11762.23])
    sensitivity = table(book["Gevoeligheid"], "Aanname")
    assert len(sensitivity) == 2 + 5 + 2  # deadweight, attribution, five proxies, point, range
    for row in sensitivity:
        assert row["Laagste ratio"] <= 1.0007 <= row["Hoogste ratio"]


def test_export_without_costs_says_the_ratio_is_not_defined(client, member_a, partner_a):
    plan = MonitoringPlanFactory(intervention=InterventionFactory(organisation=partner_a))
    ValuedOutcomeFactory(plan=plan)
    client.force_login(member_a)
    figures = summary(workbook(client.get(export_url(plan)).content)["Samenvatting"])
    assert figures["SROI-ratio"].value == "niet te bepalen: geen kosten"
    assert figures["Totale kosten"].value == 0


def test_formula_like_text_stays_text(client, member_a, partner_a):
    plan = MonitoringPlanFactory(intervention=InterventionFactory(organisation=partner_a))
    CostLineFactory(period__plan=plan, description='=HYPERLINK("http://evil.example")')
    client.force_login(member_a)
    sheet = workbook(client.get(export_url(plan)).content)["Kosten"]
    cell = sheet["D2"]
    assert cell.value == '=HYPERLINK("http://evil.example")'
    assert cell.data_type == "s"


def test_portfolio_export_has_a_row_per_intervention_and_totals(
    client, member_a, partner_a, partner_b, worked_example
):
    second = make_worked_example(partner_a, title="Buurtconciërge")
    make_worked_example(partner_b, title="Plan van een andere corporatie")
    client.force_login(member_a)
    response = client.get(portfolio_url(partner_a))
    assert 'filename="monitoring-woonstichting-de-maasoever-20' in response["Content-Disposition"]
    book = workbook(response.content)
    assert book.sheetnames == SHEETS
    rows = table(book["Samenvatting"], "Interventie")
    assert [row["Interventie"] for row in rows] == [
        second.intervention.title,
        "Huismeester portiekflats",
        "Totaal",
    ]
    assert rows[-1]["Totale kosten"] == 154144
    assert rows[-1]["Contante waarde van de baten"] == pytest.approx(154246.20)
    assert rows[-1]["SROI-ratio"] == pytest.approx(1.0007)
    costs = table(book["Kosten"], "Interventie")
    assert len(costs) == 12
    assert {row["Interventie"] for row in costs} == {"Buurtconciërge", "Huismeester portiekflats"}


def test_portfolio_export_without_monitoring_is_a_workbook_with_zero_totals(
    client, member_a, partner_a
):
    client.force_login(member_a)
    book = workbook(client.get(portfolio_url(partner_a)).content)
    rows = table(book["Samenvatting"], "Interventie")
    assert rows == [
        {
            "Interventie": "Totaal",
            "Totale kosten": 0,
            "Eigen bijdrage": 0,
            "Realisatie van de resultaten": None,
            "Contante waarde van de baten": 0,
            "Contante waarde van de kosten": 0,
            "Netto contante waarde": 0,
            "SROI-ratio": "niet te bepalen: geen kosten",
        }
    ]


def test_control_characters_of_old_data_leave_a_readable_workbook(client, member_a, partner_a):
    intervention = InterventionFactory(organisation=partner_a, title="Huismeester\x0bportiek")
    plan = MonitoringPlanFactory(intervention=intervention)
    CostLineFactory(period__plan=plan, description="Inzet\x01 huismeester\x0bper week")
    partner_a.name = "Woonstichting\x1b De Maasoever"
    partner_a.save()
    client.force_login(member_a)
    for url in (export_url(plan), portfolio_url(partner_a)):
        response = client.get(url)
        assert response.status_code == 200
        book = workbook(response.content)
        assert book.sheetnames == SHEETS
    assert book["Samenvatting"]["A1"].value == "Woonstichting De Maasoever"
    sheet = workbook(client.get(export_url(plan)).content)["Kosten"]
    assert sheet["D2"].value == "Inzet huismeester\nper week"
