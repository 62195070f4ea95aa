"""Descriptions from a spreadsheet: the template, the preview with the form's own messages,
the import as drafts with a first version, re-import by external reference, the history."""

import io
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from reversion.models import Version

from interventions import imports
from interventions.models import DescriptionImport, Intervention
from tests.factories import InterventionFactory, MembershipFactory, OrganisationFactory

HEADER = ["Extern kenmerk", "Titel", "Samenvatting", "Fase", "Startdatum", "Interventietypen"]


def xlsx_file(sheets: dict[str, list[list]], name: str = "projecten.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return SimpleUploadedFile(name, output.getvalue())


def description_rows(*rows: list) -> dict[str, list[list]]:
    return {imports.MAIN_SHEET: [list(HEADER), *[list(row) for row in rows]]}


def upload(client, file, organisation=None, **extra):
    data = {"file": file, **extra}
    if organisation is not None:
        data["organisation"] = organisation.pk
    return client.post(reverse("interventions:import_start"), data)


def last_import() -> DescriptionImport:
    return DescriptionImport.objects.latest("pk")


def errors_of(description_import: DescriptionImport) -> list[dict]:
    return [problem for row in description_import.preview["rows"] for problem in row["problems"]]


ROW = ["HM-1", "Huismeester Pendrecht", "Dagelijks in de portieken.", "plan", "1-3-2019"]


# The template


def test_the_template_has_the_main_sheet_the_parts_and_the_vocabularies(client, member_a):
    client.force_login(member_a)
    response = client.get(reverse("interventions:import_template_xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Beschrijvingen",
        "Veranderingstheorie",
        "Werkzame bestanddelen",
        "Beoogde effecten",
        "Activiteiten",
        "Samenwerkingspartners",
        "Lijsten",
    ]
    header = [cell.value for cell in book["Beschrijvingen"][1]]
    assert header == list(imports.MAIN_COLUMNS)
    form_fields = set(imports.InterventionForm._meta.fields) - {
        "organisation",
        *imports.NOT_IN_SHEET,
    }
    assert form_fields <= set(imports.MAIN_COLUMNS.values())
    vocabulary = [tuple(cell.value for cell in row) for row in book["Lijsten"].iter_rows()]
    assert (
        "Interventietypen",
        "huismeester-complexbeheerder",
        "Huismeester / complexbeheerder",
    ) in vocabulary or any(row[2] == "Huismeester / complexbeheerder" for row in vocabulary)
    assert any(row[1] == "VE.01" for row in vocabulary)
    assert ("Fase", "plan", "plan") in vocabulary


def test_the_csv_template_has_the_columns_of_the_main_sheet(client, member_a):
    client.force_login(member_a)
    response = client.get(reverse("interventions:import_template_csv"))
    text = response.content.decode("utf-8-sig")
    assert text.strip().split(";") == list(imports.MAIN_COLUMNS)


# Preview and import


def test_the_preview_shows_what_will_be_created_and_saves_nothing(client, member_a, partner_a):
    client.force_login(member_a)
    response = upload(client, xlsx_file(description_rows(ROW)), partner_a)
    description_import = last_import()
    assert response.url == description_import.get_absolute_url()
    assert description_import.status == DescriptionImport.Status.CHECKED
    assert description_import.preview["counts"] == {"create": 1, "update": 0, "error": 0}
    assert not Intervention.objects.exists()
    page = client.get(response.url)
    assert "Huismeester Pendrecht" in page.content.decode()


def test_an_import_makes_drafts_with_a_first_version_named_after_the_file(
    client, member_a, partner_a
):
    client.force_login(member_a)
    row = [*ROW, "Huismeester / complexbeheerder"]
    upload(client, xlsx_file(description_rows(row)), partner_a)
    description_import = last_import()
    client.post(reverse("interventions:import_run", args=[description_import.pk]))
    description_import.refresh_from_db()
    assert description_import.status == DescriptionImport.Status.DONE
    assert description_import.created_count == 1
    intervention = Intervention.objects.get()
    assert intervention.status == Intervention.Status.CONCEPT
    assert intervention.organisation == partner_a
    assert intervention.external_reference == "HM-1"
    assert intervention.start_date == date(2019, 3, 1)
    assert intervention.phase == "plan"
    assert [item.name for item in intervention.intervention_types.all()] == [
        "Huismeester / complexbeheerder"
    ]
    assert member_a in intervention.authors.all()
    versions = Version.objects.get_for_object(intervention)
    assert len(versions) == 1
    assert versions[0].revision.comment == imports.import_comment("projecten.xlsx")
    assert versions[0].revision.user == member_a
    assert versions[0].field_dict["title"] == "Huismeester Pendrecht"
    assert (
        intervention.search_vector is not None
        or Intervention.objects.filter(search_vector__isnull=False).exists()
    )


def test_a_reimport_updates_the_same_description_as_a_new_version(client, member_a, partner_a):
    client.force_login(member_a)
    for summary in ["Eerste tekst.", "Tweede tekst."]:
        row = ["HM-1", "Huismeester Pendrecht", summary, "plan", "1-3-2019"]
        upload(client, xlsx_file(description_rows(row)), partner_a)
        client.post(reverse("interventions:import_run", args=[last_import().pk]))
    intervention = Intervention.objects.get()
    assert intervention.summary == "Tweede tekst."
    assert intervention.revision == 2
    assert Version.objects.get_for_object(intervention).count() == 2
    assert last_import().updated_count == 1


def test_the_form_message_comes_with_the_cell(client, member_a, partner_a):
    client.force_login(member_a)
    rows = description_rows(
        ["A", "Goed", "", "", ""],
        ["B", "Einde voor begin", "", "", "1-3-2019"],
    )
    rows[imports.MAIN_SHEET][0].append("Einddatum")
    rows[imports.MAIN_SHEET][2] += ["", "1-1-2019"]
    upload(client, xlsx_file(rows), partner_a)
    description_import = last_import()
    result = {row["number"]: row for row in description_import.preview["rows"]}
    assert result[2]["action"] == "create"
    assert result[3]["action"] == "error"
    (problem,) = result[3]["problems"]
    assert problem["ref"] == "G3"
    assert problem["column"] == "Einddatum"
    assert problem["message"] == "De einddatum ligt vóór de startdatum. Controleer beide datums."


def test_an_unknown_term_gets_a_message_and_a_suggestion(client, member_a, partner_a):
    client.force_login(member_a)
    upload(client, xlsx_file(description_rows([*ROW, "Huismeesters"])), partner_a)
    (problem,) = errors_of(last_import())
    assert problem["ref"] == "F2"
    assert "Huismeesters" in problem["message"]
    assert problem["suggestions"][0] == "Huismeester / complexbeheerder"


def test_valid_rows_are_imported_and_rows_with_errors_skipped(client, member_a, partner_a):
    client.force_login(member_a)
    rows = description_rows(ROW, ["X-2", "Fout", "", "onbekende fase", ""])
    upload(client, xlsx_file(rows), partner_a)
    client.post(reverse("interventions:import_run", args=[last_import().pk]))
    description_import = last_import()
    assert (description_import.created_count, description_import.skipped_count) == (1, 1)
    assert list(Intervention.objects.values_list("external_reference", flat=True)) == ["HM-1"]


def test_the_parts_come_from_their_own_sheets(client, member_a, partner_a):
    client.force_login(member_a)
    sheets = description_rows(ROW, ["", "Zonder kenmerk", "", "", ""])
    sheets["Veranderingstheorie"] = [
        ["Beschrijving", "Stapnummer", "Als", "Dan", "Omdat", "Onderbouwing", "Zekerheid"],
        ["HM-1", 1, "de huismeester er is", "minder overlast", "", "eigen ervaring", "aanname"],
        [3, 1, "een stap", "voor rij 3", "", "", ""],
    ]
    sheets["Beoogde effecten"] = [
        ["Beschrijving", "Effect", "Niveau", "Indicator", "Streefwaarde", "Streefdatum"],
        ["HM-1", "VE.01", "einddoel", "meldingen", "-20%", "maart 2021"],
    ]
    sheets["Werkzame bestanddelen"] = [
        ["Beschrijving", "Naam", "Toelichting", "Essentieel"],
        ["HM-1", "Vast gezicht", "", "ja"],
    ]
    upload(client, xlsx_file(sheets), partner_a)
    assert errors_of(last_import()) == []
    client.post(reverse("interventions:import_run", args=[last_import().pk]))
    first = Intervention.objects.get(external_reference="HM-1")
    step = first.theory_steps.get()
    assert (step.if_text, step.support, step.confidence) == (
        "de huismeester er is",
        "eigen_ervaring",
        "aanname",
    )
    effect = first.intended_effects.get()
    assert (effect.effect.code, effect.target_date) == ("VE.01", date(2021, 3, 1))
    assert first.active_ingredients.get().is_essential
    second = Intervention.objects.get(title="Zonder kenmerk")
    assert second.theory_steps.get().then_text == "voor rij 3"
    version = Version.objects.get_for_object(first).get()
    kept = {item.content_type.model for item in version.revision.version_set.all()}
    assert kept == {"intervention", "theorystep", "intendedeffect", "activeingredient"}


def test_a_duplicate_effect_gets_the_form_message(client, member_a, partner_a):
    client.force_login(member_a)
    sheets = description_rows(ROW)
    sheets["Beoogde effecten"] = [
        ["Beschrijving", "Effect", "Niveau"],
        ["HM-1", "VE.01", "einddoel"],
        ["HM-1", "VE.01 minder woonoverlast", "tussendoel"],
    ]
    upload(client, xlsx_file(sheets), partner_a)
    problems = errors_of(last_import())
    assert problems and problems[0]["sheet"] == "Beoogde effecten"


def test_amounts_with_thousands_dots_are_read(client, member_a, partner_a):
    client.force_login(member_a)
    sheets = description_rows(ROW)
    sheets[imports.MAIN_SHEET][0].append("Totale begroting (€)")
    sheets[imports.MAIN_SHEET][1] += ["", "1.234,50"]
    upload(client, xlsx_file(sheets), partner_a)
    assert errors_of(last_import()) == []
    client.post(reverse("interventions:import_run", args=[last_import().pk]))
    assert Intervention.objects.get().total_budget == Decimal("1234.50")


# The export


def test_export_then_import_gives_the_same_descriptions(client, member_a, partner_a):
    client.force_login(member_a)
    sheets = description_rows([*ROW, "Huismeester / complexbeheerder; Buurtbemiddeling"])
    sheets["Veranderingstheorie"] = [
        ["Beschrijving", "Stapnummer", "Als", "Dan"],
        ["HM-1", 1, "als", "dan"],
    ]
    upload(client, xlsx_file(sheets), partner_a)
    client.post(reverse("interventions:import_run", args=[last_import().pk]))
    exported = client.get(reverse("interventions:import_export_xlsx"))
    other = OrganisationFactory()
    MembershipFactory(user=member_a, organisation=other)
    file = SimpleUploadedFile("export.xlsx", exported.content)
    upload(client, file, other)
    assert errors_of(last_import()) == []
    client.post(reverse("interventions:import_run", args=[last_import().pk]))
    copy = Intervention.objects.get(organisation=other)
    original = Intervention.objects.get(organisation=partner_a)
    for name in imports.WRITTEN_FIELDS:
        assert getattr(copy, name) == getattr(original, name), name
    assert set(copy.intervention_types.all()) == set(original.intervention_types.all())
    assert copy.theory_steps.get().if_text == "als"


# Who sees what


def test_another_organisations_reference_creates_a_new_description(
    client, member_a, partner_a, partner_b, member_b
):
    theirs = InterventionFactory(
        organisation=partner_b, created_by=member_b, external_reference="HM-1"
    )
    client.force_login(member_a)
    upload(client, xlsx_file(description_rows(ROW)), partner_a)
    assert last_import().preview["counts"]["create"] == 1
    client.post(reverse("interventions:import_run", args=[last_import().pk]))
    theirs.refresh_from_db()
    assert theirs.title != "Huismeester Pendrecht"
    assert Intervention.objects.filter(organisation=partner_a, external_reference="HM-1").exists()


def test_history_managers_see_all_members_their_own_other_partners_nothing(
    client, member_a, manager_a, partner_a, member_b
):
    client.force_login(member_a)
    upload(client, xlsx_file(description_rows(ROW)), partner_a)
    description_import = last_import()
    urls = [
        description_import.get_absolute_url(),
        reverse("interventions:import_file", args=[description_import.pk]),
    ]
    for user, status in [(member_a, 200), (manager_a, 200), (member_b, 404)]:
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == status, (user, url)
        listed = client.get(reverse("interventions:import_list")).context["page"].object_list
        assert (description_import in listed) == (status == 200)
    client.force_login(member_b)
    response = client.post(reverse("interventions:import_run", args=[description_import.pk]))
    assert response.status_code == 404
    assert not Intervention.objects.exists()


def test_a_member_cannot_import_for_another_partner(client, member_a, partner_b):
    client.force_login(member_a)
    response = upload(client, xlsx_file(description_rows(ROW)), partner_b)
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not DescriptionImport.objects.exists()


def test_programme_staff_import_for_a_chosen_partner(client, programme_staff, partner_b):
    client.force_login(programme_staff)
    upload(client, xlsx_file(description_rows(ROW)), partner_b)
    client.post(reverse("interventions:import_run", args=[last_import().pk]))
    assert Intervention.objects.get().organisation == partner_b


def test_anonymous_goes_to_the_login(client):
    for name in ["import_start", "import_list", "import_template_xlsx"]:
        response = client.get(reverse(f"interventions:{name}"))
        assert response.status_code == 302
        assert "/inloggen/" in response.url


def test_the_history_takes_the_same_queries_for_1_and_10_imports(
    client, member_a, partner_a, django_assert_num_queries
):
    client.force_login(member_a)
    upload(client, xlsx_file(description_rows(ROW)), partner_a)
    client.get(reverse("interventions:import_list"))
    # Session, user, managed organisations, count, the page's imports.
    with django_assert_num_queries(5):
        client.get(reverse("interventions:import_list"))
    for _number in range(9):
        upload(client, xlsx_file(description_rows(ROW)), partner_a)
    with django_assert_num_queries(5):
        client.get(reverse("interventions:import_list"))


def test_a_member_who_left_the_organisation_no_longer_sees_their_import(
    client, member_a, partner_a
):
    client.force_login(member_a)
    upload(client, xlsx_file(description_rows(ROW)), partner_a)
    member_a.memberships.all().delete()
    response = client.get(last_import().get_absolute_url())
    assert response.status_code == 404


def test_the_export_is_of_an_own_organisation_only(client, member_b, partner_a, concept_a):
    client.force_login(member_b)
    url = reverse("interventions:import_export_xlsx")
    assert client.get(url, {"organisatie": partner_a.slug}).status_code == 404


def test_the_history_of_an_imported_description_names_the_file(client, member_a, partner_a):
    client.force_login(member_a)
    upload(client, xlsx_file(description_rows(ROW)), partner_a)
    client.post(reverse("interventions:import_run", args=[last_import().pk]))
    intervention = Intervention.objects.get()
    response = client.get(reverse("interventions:history", args=[intervention.pk]))
    assert "Geïmporteerd uit projecten.xlsx" in response.content.decode()
