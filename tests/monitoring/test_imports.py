"""Importing a plan's monitoring from the xlsx of its export: round trips, edits, and every
kind of bad input, each refused without a 500 and without writing anything."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from pytest_django.asserts import assertRedirects
from reversion.models import Version

from interventions.models import Effect, IntendedEffect
from monitoring import imports
from monitoring.models import (
    CostLine,
    EffectIndicator,
    EffectMeasurement,
    FinancialProxy,
    Financing,
    MonitoringPlan,
    OutputIndicator,
    OutputValue,
    ReportingPeriod,
    ValuedOutcome,
)
from tests.factories import (
    CostLineFactory,
    FinancingFactory,
    InterventionFactory,
    OutputIndicatorFactory,
    ReportingPeriodFactory,
    store_figures,
)
from tests.monitoring.test_effect_display import add_nuisance, add_safety
from tests.monitoring.test_reports import make_worked_example

D = Decimal


def _intend(intervention, *codes: str) -> None:
    for code in codes:
        IntendedEffect.objects.create(
            intervention=intervention, effect=Effect.objects.get(code=code)
        )


@pytest.fixture
def plan(partner_a, partner_b):
    """The worked example, with a second period, hours of own staff, a result without values,
    a partner as funder, a value from the proxy library and both worked effect examples."""
    plan = make_worked_example(partner_a, title="Huismeester portiekflats")
    _intend(plan.intervention, "VE.03", "VE.01")
    later = ReportingPeriodFactory(
        plan=plan, label="2026", narrative="Tweede jaar.", status="ingediend"
    )
    CostLineFactory(
        period=later,
        category="personeel",
        amount=None,
        hours=D("10.5"),
        hourly_rate=D("55.25"),
        description="Projectleider",
        is_budget=True,
        source="Urenregistratie",
    )
    FinancingFactory(plan=plan, kind="fonds", funder_organisation=partner_b, received=D(500))
    OutputIndicatorFactory(plan=plan, name="Portiekgesprekken", unit="gesprekken", baseline=D(3))
    proxy = FinancialProxy.objects.create(
        name="Voorkomen huisuitzetting", unit="huishouden", value=D(3000), price_year=2024,
        source="Kengetallen",
    )  # fmt: skip
    outcome = ValuedOutcome.objects.get(
        plan=plan, outcome="Voorkomen ontruimingen", beneficiary="Gemeente"
    )
    outcome.library_proxy = proxy
    outcome.indicator = "Ontruimingen"
    outcome.save()
    add_safety(plan)
    add_nuisance(plan)
    return store_figures(plan)


def export(client, plan: MonitoringPlan) -> bytes:
    return client.get(reverse("monitoring:export_xlsx", args=[plan.intervention_id])).content


def upload(client, pk: int, content: bytes, name: str = "cijfers.xlsx"):
    """The preview: the file is kept and its task runs as it is queued, so the status page it
    leads to shows the result."""
    url = reverse("monitoring:import", args=[pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)}, follow=True)


def confirm(client, pk: int, preview):
    url = reverse("monitoring:import_confirm", args=[pk])
    return client.post(url, {"token": preview.context["token"]}, follow=True)


def edited(content: bytes, sheet: str, changes: dict) -> bytes:
    book = load_workbook(io.BytesIO(content))
    for ref, value in changes.items():
        book[sheet][ref] = value
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def cell_of(content: bytes, sheet: str, heading: str, row: int) -> str:
    """The reference of the cell under `heading` in the row `row` of `sheet`."""
    book = load_workbook(io.BytesIO(content))
    headings = [cell.value for cell in book[sheet][1]]
    return f"{chr(ord('A') + headings.index(heading))}{row}"


def row_where(content: bytes, sheet: str, heading: str, value) -> int:
    book = load_workbook(io.BytesIO(content))
    headings = [cell.value for cell in book[sheet][1]]
    column = headings.index(heading)
    return next(
        row[0].row for row in book[sheet].iter_rows(min_row=2) if row[column].value == value
    )


def problems(response) -> list[str]:
    check = response.context["check"]
    found = [problem.message for problem in check.problems]
    for sheet in check.sheets:
        found += [f"{sheet.name} {problem.ref}: {problem.message}" for problem in sheet.problems]
    return found


def content(plan: MonitoringPlan) -> dict:
    """Every figure of the plan and its rows, without their ids, and what they add up to."""
    rows = {
        "plan": list(
            MonitoringPlan.objects.filter(pk=plan.pk).values_list(
                "start_date", "discount_rate", "price_year", "is_shared", "evidence_notes",
                "total_cost", "pv_benefits", "pv_costs", "sroi_ratio",
            )
        ),
        "periods": ReportingPeriod.objects.filter(plan=plan).values_list(
            "label", "start_date", "end_date", "status", "narrative"
        ),
        "costs": CostLine.objects.filter(plan=plan).values_list(
            "period__label", "category", "description", "amount", "hours", "hourly_rate",
            "bearer_organisation", "bearer_name", "is_budget", "is_in_kind", "source",
        ),
        "financing": Financing.objects.filter(plan=plan).values_list(
            "kind", "funder_organisation", "funder_name", "committed", "received"
        ),
        "outputs": OutputIndicator.objects.filter(plan=plan).values_list(
            "name", "unit", "baseline", "target", "direction"
        ),
        "values": OutputValue.objects.filter(indicator__plan=plan).values_list(
            "indicator__name", "period__label", "target", "realised", "source"
        ),
        "outcomes": ValuedOutcome.objects.filter(plan=plan).values_list(
            "outcome", "beneficiary", "indicator", "quantity", "proxy", "library_proxy",
            "proxy_source", "deadweight", "displacement", "attribution", "drop_off",
            "duration_years", "start_offset", "justification",
        ),
        "effects": EffectIndicator.objects.filter(plan=plan).values_list(
            "effect__code", "standard", "name", "scale", "unit", "direction", "method",
            "baseline_value", "baseline_date", "target_value", "target_date",
            "next_measurement_date", "comparison_area", "comparison_baseline", "note", "status",
            "improvement", "latest_date",
        ),
        "measurements": EffectMeasurement.objects.filter(indicator__plan=plan).values_list(
            "indicator__name", "date", "value", "respondents", "source", "note",
            "comparison_value",
        ),
    }  # fmt: skip
    result = {name: sorted(values, key=repr) for name, values in rows.items()}
    figures = MonitoringPlan.objects.with_details().get(pk=plan.pk).figures()
    result["figures"] = [
        figures.costs.total,
        figures.own_share,
        figures.sroi.pv_benefits,
        figures.sroi.pv_costs,
        figures.sroi.ratio,
        figures.sroi.npv,
        [(actor.actor, actor.balance) for actor in figures.sroi.by_actor],
        [(item.attainment.target, item.attainment.realised) for item in figures.outputs],
        [(item.result.change, item.result.improvement) for item in figures.effects],
    ]
    return result


def versions(plan: MonitoringPlan) -> int:
    return Version.objects.get_for_object(plan).count()


# Round trips


def test_an_unchanged_export_changes_nothing(client, member_a, plan):
    client.force_login(member_a)
    before = content(plan)

    response = upload(client, plan.intervention_id, export(client, plan))

    check = response.context["check"]
    assert check.is_valid, problems(response)
    assert not check.has_changes
    assert not response.context.get("token")
    assert "er is niets te importeren" in response.content.decode()
    assert content(plan) == before


def test_an_export_fills_a_description_without_monitoring_to_the_cent(
    client, member_a, partner_a, plan
):
    client.force_login(member_a)
    file = export(client, plan)
    target = InterventionFactory(organisation=partner_a, title="Huismeester, tweede complex")
    _intend(target, "VE.03", "VE.01")

    preview = upload(client, target.pk, file)
    assert preview.context["check"].is_copy
    assert preview.context["check"].is_valid, problems(preview)
    assert not MonitoringPlan.objects.filter(
        intervention=target
    ).exists()  # a preview writes nothing
    response = confirm(client, target.pk, preview)

    assert response.redirect_chain[-1][0] == reverse("monitoring:detail", args=[target.pk])
    assert "De cijfers uit cijfers.xlsx zijn geïmporteerd" in response.content.decode()
    copy = MonitoringPlan.objects.get(intervention=target)
    assert content(copy) == content(plan)
    version = Version.objects.get_for_object(copy).get()
    assert version.revision.comment == "Geïmporteerd uit cijfers.xlsx"
    assert version.revision.user == member_a


def test_edited_cells_come_in_exactly_as_typed(client, member_a, plan):
    client.force_login(member_a)
    file = export(client, plan)
    materials = CostLine.objects.get(plan=plan, category="materiaal", bearer_name="Corporatie")
    cost_row = row_where(file, "Kosten", "Id", materials.pk)
    measurement = EffectMeasurement.objects.get(
        indicator__plan=plan, date=datetime.date(2020, 3, 1)
    )
    measurement_row = row_where(file, "Metingen", "Id", measurement.pk)
    file = edited(file, "Kosten", {cell_of(file, "Kosten", "Bedrag", cost_row): "1.234,50"})
    file = edited(
        file,
        "Metingen",
        {
            cell_of(file, "Metingen", "Datum", measurement_row): "april 2020",
            cell_of(file, "Metingen", "Waarde", measurement_row): "68,75",
        },
    )
    file = edited(file, "Opzet", {"C2": "1-3-2019"})  # the start of year 1, as text
    safety = EffectIndicator.objects.get(plan=plan, effect__code="VE.03")
    effect_row = row_where(file, "Effecten", "Id", safety.pk)
    file = edited(
        file, "Effecten", {cell_of(file, "Effecten", "Streefdatum", effect_row): "maart 2022"}
    )

    preview = upload(client, plan.intervention_id, file)
    costs = preview.context["check"].sheets[2]
    assert [len(costs.changed), len(costs.added), len(costs.removed)] == [1, 0, 0]
    assert "Bedrag: 4.000,00 → 1.234,50" in costs.changed[0].details
    count = versions(plan)
    confirm(client, plan.intervention_id, preview)

    materials.refresh_from_db()
    assert materials.amount == D("1234.50")
    measurement.refresh_from_db()
    assert (measurement.date, measurement.value) == (datetime.date(2020, 4, 1), D("68.750"))
    plan.refresh_from_db()
    assert plan.start_date == datetime.date(2019, 3, 1)
    safety.refresh_from_db()
    assert safety.target_date == datetime.date(2022, 3, 1)
    assert plan.total_cost == D("77072.00") - D(4000) + D("1234.50")
    assert versions(plan) == count + 1
    latest = Version.objects.get_for_object(plan).first()
    assert latest.revision.comment == "Geïmporteerd uit cijfers.xlsx"


def test_a_row_without_id_is_added_and_a_row_left_out_is_removed_with_a_warning(
    client, member_a, plan
):
    client.force_login(member_a)
    file = export(client, plan)
    vandalism = ValuedOutcome.objects.get(plan=plan, outcome="Minder vandalismeherstel")
    row = row_where(file, "Maatschappelijke waarde", "Id", vandalism.pk)
    book = load_workbook(io.BytesIO(file))
    sheet = book["Maatschappelijke waarde"]
    sheet.delete_rows(row)
    book["Financiering"].append(["Fonds Wijk", "fonds", 100, "2.500", None])
    output = io.BytesIO()
    book.save(output)

    preview = upload(client, plan.intervention_id, output.getvalue())
    text = preview.content.decode()
    assert "1 regel staat niet in het bestand en wordt verwijderd" in text
    assert "Minder vandalismeherstel (Corporatie)" in text
    confirm(client, plan.intervention_id, preview)

    assert not ValuedOutcome.objects.filter(pk=vandalism.pk).exists()
    added = Financing.objects.get(plan=plan, funder_name="Fonds Wijk")
    assert (added.committed, added.received) == (D(100), D(2500))


# Bad input: a message, no 500, nothing written


def assert_refused(response, plan: MonitoringPlan, before: dict, count: int) -> None:
    assert response.status_code == 200
    assert not response.context["check"].is_valid
    assert not response.context.get("token")
    assert content(plan) == before
    assert versions(plan) == count


@pytest.fixture
def before(plan):
    return content(plan), versions(plan)


def test_a_formula_is_refused(client, member_a, plan, before):
    client.force_login(member_a)
    file = export(client, plan)
    ref = cell_of(file, "Kosten", "Omschrijving", 2)
    file = edited(file, "Kosten", {ref: '=HYPERLINK("https://example.com","klik")'})

    response = upload(client, plan.intervention_id, file)

    assert_refused(response, plan, *before)
    assert any(ref in problem and "formule" in problem for problem in problems(response))


@pytest.mark.parametrize(
    ("content_of", "message"),
    [
        (lambda: b"PK\x03\x04" + b"x" * (10 * 1024 * 1024), "10,0\xa0MB"),
        (lambda: b"%PDF-1.4\n" + bytes(range(256)) * 40, "geen spreadsheet"),
    ],
    ids=["10 MB", "not a spreadsheet"],
)
def test_a_file_that_cannot_be_read_is_refused(
    client, member_a, plan, before, content_of, message
):
    client.force_login(member_a)
    response = upload(client, plan.intervention_id, content_of())
    assert_refused(response, plan, *before)
    assert message in " ".join(problems(response))


def test_fifty_thousand_rows_are_refused(client, member_a, plan, before):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Kosten")
    sheet.append(["Periode", "Categorie", "Bedrag"])
    for _number in range(50_000):
        sheet.append(["2025", "materiaal", 10])
    output = io.BytesIO()
    book.save(output)
    client.force_login(member_a)

    response = upload(client, plan.intervention_id, output.getvalue())

    assert_refused(response, plan, *before)
    assert "meer dan 5000 rijen" in " ".join(problems(response))


def test_merged_cells_are_refused(client, member_a, plan, before):
    client.force_login(member_a)
    book = load_workbook(io.BytesIO(export(client, plan)))
    book["Kosten"].merge_cells("A2:B2")
    output = io.BytesIO()
    book.save(output)

    response = upload(client, plan.intervention_id, output.getvalue())

    assert_refused(response, plan, *before)
    assert "A2:B2" in " ".join(problems(response))


def test_text_that_is_no_date_or_number_gets_the_message_at_its_cell(
    client, member_a, plan, before
):
    client.force_login(member_a)
    file = export(client, plan)
    date = cell_of(file, "Periodes", "Eerste dag", 2)
    amount = cell_of(file, "Kosten", "Bedrag", 3)
    file = edited(file, "Periodes", {date: "ergens in 2025"})
    file = edited(file, "Kosten", {amount: "duizend"})

    response = upload(client, plan.intervention_id, file)

    assert_refused(response, plan, *before)
    found = problems(response)
    assert any(problem.startswith(f"Periodes {date}: ") for problem in found)
    assert any(problem.startswith(f"Kosten {amount}: ") for problem in found)


def test_the_forms_validation_speaks_at_the_cell(client, member_a, plan, before):
    client.force_login(member_a)
    file = export(client, plan)
    deadweight = cell_of(file, "Maatschappelijke waarde", "Deadweight", 2)
    file = edited(file, "Maatschappelijke waarde", {deadweight: 120})

    response = upload(client, plan.intervention_id, file)

    assert_refused(response, plan, *before)
    assert (
        f"Maatschappelijke waarde {deadweight}: Vul een percentage van 0 tot 100 in."
        in problems(response)
    )


@pytest.mark.parametrize("whose", ["other partner", "other plan of the same partner"])
def test_an_id_of_another_plan_is_refused_and_its_row_untouched(
    client, member_a, partner_a, partner_b, plan, before, whose
):
    organisation = partner_b if whose == "other partner" else partner_a
    other = CostLineFactory(
        period__plan__intervention=InterventionFactory(organisation=organisation),
        description="Van een ander",
    )
    client.force_login(member_a)
    file = export(client, plan)
    ref = cell_of(file, "Kosten", "Id", 2)
    file = edited(file, "Kosten", {ref: other.pk})

    response = upload(client, plan.intervention_id, file)

    assert_refused(response, plan, *before)
    assert any(
        f"Kosten {ref}: Deze id is geen regel van deze monitoring" in problem
        for problem in problems(response)
    )
    other.refresh_from_db()
    assert (other.description, other.amount, other.plan.intervention.organisation) == (
        "Van een ander",
        D("1000.00"),
        organisation,
    )


def test_a_renamed_sheet_and_a_missing_column_are_named(client, member_a, plan, before):
    client.force_login(member_a)
    book = load_workbook(io.BytesIO(export(client, plan)))
    book["Kosten"].title = "Uitgaven"
    book["Financiering"].delete_cols(3)  # Toegezegd
    output = io.BytesIO()
    book.save(output)

    response = upload(client, plan.intervention_id, output.getvalue())

    assert_refused(response, plan, *before)
    text = " ".join(problems(response))
    assert "Het tabblad “Kosten” ontbreekt" in text
    assert "“Toegezegd”" in text


def test_another_descriptions_file_is_refused_where_there_is_monitoring(
    client, member_a, partner_a, plan
):
    other = make_worked_example(partner_a, title="Ander project")
    before = content(other), versions(other)
    client.force_login(member_a)

    response = upload(client, other.intervention_id, export(client, plan))

    assert_refused(response, other, *before)
    assert "monitoring van een andere beschrijving" in " ".join(problems(response))


def test_a_change_since_the_preview_stops_the_import(client, member_a, plan):
    client.force_login(member_a)
    file = export(client, plan)
    file = edited(file, "Opzet", {"F2": "ja"})
    preview = upload(client, plan.intervention_id, file)
    MonitoringPlan.objects.filter(pk=plan.pk).update(
        updated_at=plan.updated_at + datetime.timedelta(seconds=1)
    )

    response = confirm(client, plan.intervention_id, preview)

    assert response.status_code == 200
    assert "is gewijzigd sinds deze voorvertoning" in " ".join(problems(response))
    plan.refresh_from_db()
    assert not plan.is_shared


# Who may import


def test_import_needs_a_login(client, plan):
    url = reverse("monitoring:import", args=[plan.intervention_id])
    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")


def test_other_partner_gets_404(client, member_a, member_b, plan, before):
    client.force_login(member_a)
    file = edited(export(client, plan), "Opzet", {"F2": "ja"})
    preview = upload(client, plan.intervention_id, file)
    client.force_login(member_b)

    assert client.get(reverse("monitoring:import", args=[plan.intervention_id])).status_code == 404
    assert upload(client, plan.intervention_id, file).status_code == 404
    assert confirm(client, plan.intervention_id, preview).status_code == 404
    assert content(plan) == before[0]


def test_a_preview_is_imported_only_by_whoever_made_it(client, member_a, manager_a, plan, before):
    client.force_login(member_a)
    file = edited(export(client, plan), "Opzet", {"F2": "ja"})
    preview = upload(client, plan.intervention_id, file)
    client.force_login(manager_a)

    response = confirm(client, plan.intervention_id, preview)

    assert response.redirect_chain == [
        (reverse("monitoring:import", args=[plan.intervention_id]), 302)
    ]
    assert content(plan) == before[0]


def test_the_monitoring_page_links_to_the_import(client, member_a, plan):
    client.force_login(member_a)
    response = client.get(reverse("monitoring:detail", args=[plan.intervention_id]))
    assert reverse("monitoring:import", args=[plan.intervention_id]) in response.content.decode()


def test_the_status_page_tells_its_progress_as_json_and_is_the_uploaders_only(
    client, member_a, manager_a, plan
):
    client.force_login(member_a)
    url = reverse("monitoring:import", args=[plan.intervention_id])
    file = edited(export(client, plan), "Opzet", {"F2": "ja"})
    status = client.post(url, {"file": SimpleUploadedFile("cijfers.xlsx", file)}).url

    answer = client.get(status, headers={"accept": "application/json"})

    assert answer.json() == {"state": "ready", "progress": 100}
    client.force_login(manager_a)
    assert client.get(status).status_code == 404


def test_changed_hours_need_no_new_amount(client, member_a, plan):
    client.force_login(member_a)
    file = export(client, plan)
    line = CostLine.objects.get(plan=plan, description="Projectleider")
    row = row_where(file, "Kosten", "Id", line.pk)
    file = edited(file, "Kosten", {cell_of(file, "Kosten", "Uren", row): "12"})

    preview = upload(client, plan.intervention_id, file)
    assert preview.context["check"].is_valid, problems(preview)
    confirm(client, plan.intervention_id, preview)

    line.refresh_from_db()
    assert (line.hours, line.hourly_rate, line.amount, line.total) == (
        D(12),
        D("55.25"),
        None,
        D("663.00"),
    )


def test_only_a_manager_approves_a_period(client, member_a, manager_a, plan):
    client.force_login(member_a)
    file = export(client, plan)
    row = row_where(file, "Periodes", "Periode", "2026")
    file = edited(file, "Periodes", {cell_of(file, "Periodes", "Status", row): "vastgesteld"})

    response = upload(client, plan.intervention_id, file)

    assert any("Alleen een manager" in problem for problem in problems(response))
    client.force_login(manager_a)
    confirm(client, plan.intervention_id, upload(client, plan.intervention_id, file))
    assert ReportingPeriod.objects.get(plan=plan, label="2026").status == "vastgesteld"


def test_the_page_follows_a_preview_that_waits_for_the_worker(
    client, member_a, plan, database_tasks
):
    client.force_login(member_a)
    url = reverse("monitoring:import", args=[plan.intervention_id])
    file = edited(export(client, plan), "Opzet", {"F2": "ja"})
    status = client.post(url, {"file": SimpleUploadedFile("cijfers.xlsx", file)}).url

    waiting = client.get(status)
    assert waiting.context["state"] == {"state": "waiting", "progress": 0}
    assert "data-document-status" in waiting.content.decode()

    database_tasks()
    ready = client.get(status)
    assert ready.context["check"].sheet(imports.SETTINGS).changed
    assert ready.context["token"]


def test_a_copy_to_another_organisation_keeps_its_own_costs_its_own(
    client, member_a, member_b, partner_a, partner_b, plan
):
    """An organisation that brings its figures over (the migration to a new account): the
    lines it bore or funded itself stay its own, the other parties stay named."""
    client.force_login(member_a)
    file = export(client, plan)
    target = InterventionFactory(organisation=partner_b, title="Huismeester, nieuw account")
    _intend(target, "VE.03", "VE.01")
    CostLine.objects.filter(plan=plan, description="Projectleider").update(
        bearer_organisation=partner_a
    )
    file = export(client, plan)
    client.force_login(member_b)

    confirm(client, target.pk, upload(client, target.pk, file))

    copy = MonitoringPlan.objects.get(intervention=target)
    lines = CostLine.objects.filter(plan=copy)
    assert lines.get(description="Projectleider").bearer_organisation is None
    assert set(lines.values_list("bearer_name", flat=True)) == {"Corporatie", "Gemeente", ""}
    assert copy.figures().costs.total == plan.figures().costs.total
