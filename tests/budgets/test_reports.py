"""The report of a liveability budget round, as PDF and xlsx, for the round's managers."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pytest_django.asserts import assertRedirects

from budgets import documents, services
from budgets.models import BudgetApplication, BudgetRound
from tests.factories import (
    BudgetApplicationFactory,
    BudgetRoundFactory,
    CostLineFactory,
    InterventionFactory,
    MembershipFactory,
    MonitoringPlanFactory,
    ReportingPeriodFactory,
    make_complete,
)
from tests.monitoring.test_reports import download_pdf, make_worked_example, page_texts, pdf_text
from wwidw import spreadsheets

# Session, user, the round (with its organisation), the manager's organisations, the
# applications (with description and applicant) and the seven parts of the format that
# `missing()` reads, then the plans of the awards and their six kinds of rows.
ROUND_QUERIES = 20
# The PDF: starting its task (session, user, the round, the manager's organisations, the queued
# task), then the task as a worker runs it: the round and the queries above, with its progress
# and result noted down.
ROUND_PDF_QUERIES = 35

Status = BudgetApplication.Status


def submitted(
    budget_round, intervention, applicant, amount, co_financing="0"
) -> BudgetApplication:
    return BudgetApplicationFactory(
        round=budget_round,
        intervention=intervention,
        applicant=applicant,
        amount_requested=Decimal(amount),
        co_financing=Decimal(co_financing),
        status=Status.SUBMITTED,
        submitted_at=timezone.now(),
    )


def decide(application, status, by, amount=None, reason="") -> BudgetApplication:
    return services.decide_application(
        application=application, status=status, awarded_amount=amount, reason=reason, by=by
    )


@pytest.fixture
def budget_round(partner_a):
    return BudgetRoundFactory(
        organisation=partner_a,
        name="Leefbaarheidsbudget 2025",
        year=2025,
        total_budget=Decimal("50000.00"),
        threshold=Decimal("10000.00"),
        status=BudgetRound.Status.REVIEW,
    )


@pytest.fixture
def decided_round(budget_round, partner_a, member_a, manager_a):
    """The worked example awarded in full, a second project partly (without monitoring yet),
    one rejected, and a draft and a withdrawn application that the table leaves out."""
    colleague = MembershipFactory(organisation=partner_a, user__full_name="Priscilla Martina").user
    example = make_worked_example(partner_a, title="Huismeester portiekflats")
    awarded = submitted(budget_round, example.intervention, member_a, "20000.00", "57072.00")
    decide(awarded, Status.AWARDED, manager_a)
    garden = make_complete(InterventionFactory(organisation=partner_a, title="Geveltuinen"))
    partly = submitted(budget_round, garden, colleague, "12000.00", "3000.00")
    decide(partly, Status.PARTLY_AWARDED, manager_a, Decimal("7500.00"), "Alleen het eerste jaar.")
    party = InterventionFactory(organisation=partner_a, title="Buurtfeest")
    rejected = submitted(budget_round, party, member_a, "4000.00")
    decide(rejected, Status.REJECTED, manager_a, reason="Een feest valt buiten de regeling.")
    BudgetApplicationFactory(round=budget_round, applicant=member_a, amount_requested=1000)
    BudgetApplicationFactory(
        round=budget_round, applicant=colleague, status=Status.WITHDRAWN, amount_requested=900
    )
    services.set_round_status(round=budget_round, status=BudgetRound.Status.DECIDED, by=manager_a)
    budget_round.refresh_from_db()
    return budget_round


def pdf_url(budget_round) -> str:
    return reverse("budgets:round_pdf", args=[budget_round.pk])


def xlsx_url(budget_round) -> str:
    return reverse("budgets:round_xlsx", args=[budget_round.pk])


@pytest.mark.parametrize("url", [pdf_url, xlsx_url])
def test_round_report_needs_a_login(client, budget_round, url):
    assertRedirects(client.get(url(budget_round)), f"{reverse('login')}?next={url(budget_round)}")


@pytest.mark.parametrize("url", [pdf_url, xlsx_url])
def test_other_partner_gets_404_for_the_round_report(client, budget_round, member_b, url):
    client.force_login(member_b)
    assert client.get(url(budget_round)).status_code == 404


@pytest.mark.parametrize("url", [pdf_url, xlsx_url])
def test_member_who_is_not_a_manager_gets_403_for_the_round_report(
    client, budget_round, member_a, url
):
    client.force_login(member_a)
    assert client.get(url(budget_round)).status_code == 403


def test_manager_of_another_partner_gets_404(client, budget_round, partner_b):
    manager_b = MembershipFactory(organisation=partner_b, role="manager").user
    client.force_login(manager_b)
    assert client.get(pdf_url(budget_round)).status_code == 404


def test_round_pdf_reads_back_budget_applications_and_what_awards_achieved(
    client, manager_a, decided_round, settings, tmp_path
):
    settings.DEBUG = False
    settings.MEDIA_ROOT = tmp_path
    client.force_login(manager_a)
    response = download_pdf(client, pdf_url(decided_round))
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith(
        'attachment; filename="woonstichting-de-maasoever-leefbaarheidsbudget-2025-20'
    )
    text = " ".join(pdf_text(response.getvalue()).split())
    for expected in [
        "Rapportage leefbaarheidsbudget",
        "Leefbaarheidsbudget 2025",
        "Woonstichting De Maasoever",
        "Afgerond",
        "€ 50.000,00",  # total budget
        "€ 36.000,00",  # requested: 20,000 + 12,000 + 4,000, not the draft or the withdrawn
        "€ 27.500,00",  # awarded: 20,000 + 7,500
        "€ 22.500,00",  # left
        "Huismeester portiekflats",
        "Youssef El Amrani",
        "Priscilla Martina",
        "€ 57.072,00",  # co-financing
        "Deels toegekend",
        "Alleen het eerste jaar.",
        "Een feest valt buiten de regeling.",
        "€ 7.500,00",
        "€ 77.072,00",  # spent: the realised costs of the worked example
        "Huisbezoeken (bezoeken)",
        "75 %",  # 150 of 200 home visits
        "1,00 : 1",  # the worked example's ratio
        "Nog geen monitoring",  # the garden project: only the award line so far
    ]:
        assert expected in text, expected
    assert "Buurtfeest" in text  # rejected, still in the table
    for left_out in decided_round.applications.filter(status__in=documents.HIDDEN_STATUSES):
        assert left_out.intervention.title not in text  # the draft and the withdrawn one


def test_round_pdf_counts_every_status(client, manager_a, decided_round, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(manager_a)
    text = " ".join(pdf_text(download_pdf(client, pdf_url(decided_round)).getvalue()).split())
    for expected in [
        "Concept 1",
        "Ingediend 0",
        "Toegekend 1",
        "Deels toegekend 1",
        "Afgewezen 1",
        "Ingetrokken 1",
    ]:
        assert expected in text, expected


def test_round_pdf_has_page_numbers_and_the_organisation_in_the_footer(
    client, manager_a, decided_round, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(manager_a)
    pages = page_texts(download_pdf(client, pdf_url(decided_round)).getvalue())
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert f"pagina {number} van {len(pages)}" in text
        assert "Woonstichting De Maasoever" in text


def test_round_xlsx_holds_the_same_figures_as_numbers(client, manager_a, decided_round):
    client.force_login(manager_a)
    response = client.get(xlsx_url(decided_round))
    assert response["Content-Type"] == spreadsheets.XLSX_CONTENT_TYPE
    assert ".xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Samenvatting",
        "Aanvragen",
        "Toegekende projecten",
        "Resultaten",
    ]
    sheet = workbook["Samenvatting"]
    summary = {row[0]: row[1] for row in sheet.iter_rows(max_row=9, values_only=True)}
    counts = {row[0]: row[1] for row in sheet.iter_rows(min_row=11, values_only=True)}
    assert summary["Ronde"] == "Leefbaarheidsbudget 2025"
    assert summary["Jaar"] == 2025
    assert summary["Totaal budget"] == 50000
    assert summary["Toegekend"] == 27500
    assert summary["Resterend"] == 22500
    assert counts == {
        "Status": "Aantal",
        "Concept": 1,
        "Ingediend": 0,
        "Toegekend": 1,
        "Deels toegekend": 1,
        "Afgewezen": 1,
        "Ingetrokken": 1,
    }

    rows = list(workbook["Aanvragen"].iter_rows(values_only=True))
    by_title = {row[0]: row for row in rows[1:]}
    assert set(by_title) == {"Huismeester portiekflats", "Geveltuinen", "Buurtfeest"}
    assert by_title["Geveltuinen"][2:4] == (12000, 3000)
    assert by_title["Geveltuinen"][6:] == (
        "Deels toegekend",
        "Annemieke de Vries",
        7500,
        "Alleen het eerste jaar.",
        None,
    )
    assert by_title["Buurtfeest"][8] is None

    projects = {
        row[0]: row for row in workbook["Toegekende projecten"].iter_rows(values_only=True)
    }
    assert projects["Huismeester portiekflats"][1:4] == (20000, 77072, 1.0007)
    assert projects["Geveltuinen"][1:5] == (7500, None, None, "Nog geen monitoring")
    results = list(workbook["Resultaten"].iter_rows(values_only=True))
    assert results[1] == ("Huismeester portiekflats", "Huisbezoeken", "bezoeken", 200, 150, 75)
    assert isinstance(workbook["Aanvragen"]["C2"].value, int | float)


def test_ratio_needs_valued_outcomes(manager_a, budget_round, member_a, partner_a):
    plan = MonitoringPlanFactory(
        intervention=make_complete(InterventionFactory(organisation=partner_a))
    )
    CostLineFactory(period=ReportingPeriodFactory(plan=plan), amount=Decimal("2500.00"))
    CostLineFactory(period=plan.periods.get(), amount=Decimal("900.00"), is_budget=True)
    application = submitted(budget_round, plan.intervention, member_a, "3000.00")
    decide(application, Status.AWARDED, manager_a)
    budget_round.refresh_from_db()
    [project] = documents.round_report(budget_round).projects
    assert project.spent == Decimal("2500.00")  # realised lines only, not the budget
    assert project.ratio is None
    assert project.ratio_note == "niet te berekenen: nog geen gewaardeerde effecten"


def test_completeness_follows_the_threshold(budget_round, member_a, partner_a):
    short = InterventionFactory(organisation=partner_a, title="Kort plan", phase="plan")
    submitted(budget_round, short, member_a, "5000.00")
    complete = make_complete(InterventionFactory(organisation=partner_a, title="Volledig"))
    submitted(budget_round, complete, member_a, "15000.00")
    small = make_complete(InterventionFactory(organisation=partner_a, title="Klein"))
    submitted(budget_round, small, member_a, "2500.00")
    rows = {
        row.application.intervention.title: row
        for row in documents.round_report(budget_round).applications
    }
    assert rows["Volledig"].missing == 0
    assert rows["Volledig"].completeness == "Volledige beschrijving"
    assert rows["Klein"].completeness == "Kort plan"
    assert rows["Kort plan"].missing > 0
    assert rows["Kort plan"].completeness.endswith("ontbreken")


def _award_with_monitoring(budget_round, partner_a, member_a, manager_a, number: int) -> None:
    for _ in range(number):
        plan = make_worked_example(partner_a)
        application = submitted(budget_round, plan.intervention, member_a, "1000.00")
        decide(application, Status.AWARDED, manager_a)


@pytest.mark.parametrize(
    ("method", "url", "queries", "status"),
    [("post", pdf_url, ROUND_PDF_QUERIES, 302), ("get", xlsx_url, ROUND_QUERIES, 200)],
)
def test_round_report_queries_do_not_grow_with_applications(
    client, budget_round, partner_a, member_a, manager_a, django_assert_num_queries,
    settings, tmp_path, method, url, queries, status,
):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    _award_with_monitoring(budget_round, partner_a, member_a, manager_a, 1)
    client.force_login(manager_a)
    with django_assert_num_queries(queries):
        assert getattr(client, method)(url(budget_round)).status_code == status
    _award_with_monitoring(budget_round, partner_a, member_a, manager_a, 9)
    with django_assert_num_queries(queries):
        response = getattr(client, method)(url(budget_round))
    assert response.status_code == status
    assert BudgetApplication.objects.filter(round=budget_round).count() == 10


def test_html_of_the_round_report_in_debug(client, manager_a, decided_round, settings):
    settings.DEBUG = True
    client.force_login(manager_a)
    response = client.get(pdf_url(decided_round), {"html": 1})
    assert response["Content-Type"].startswith("text/html")
    assert "Geveltuinen" in response.content.decode()
