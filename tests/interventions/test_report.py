import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader
from weasyprint import HTML

from interventions import uploads
from interventions.models import Intervention
from tests.interventions.test_edit import edit_url, form_data, opened_form


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return HTML(string="<h1>Evaluatie huismeester Oude Westen</h1>").write_pdf()


def office_bytes(folder: str) -> bytes:
    """A minimal Office Open XML package, as Word, Excel or PowerPoint writes it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("_rels/.rels", "<Relationships/>")
        package.writestr(f"{folder}/document.xml", "<document/>")
    return buffer.getvalue()


def opendocument_bytes(mime: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(zipfile.ZipInfo("mimetype"), mime)  # first and uncompressed
        package.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def report_url(intervention) -> str:
    return reverse("interventions:report", kwargs={"pk": intervention.pk})


def upload(client, user, intervention, name: str, content: bytes, **changes):
    page = opened_form(client, user, intervention)
    data = form_data(page, **changes)
    data["report_file"] = SimpleUploadedFile(name, content)
    return client.post(edit_url(intervention), data)


# The checks themselves


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rapport.docx", office_bytes("word")),
        ("cijfers.xlsx", office_bytes("xl")),
        ("presentatie.pptx", office_bytes("ppt")),
        ("verslag.odt", opendocument_bytes("application/vnd.oasis.opendocument.text")),
        ("tabel.ods", opendocument_bytes("application/vnd.oasis.opendocument.spreadsheet")),
        ("Oud rapport.DOC", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
    ],
)
def test_office_and_opendocument_files_are_accepted(name, content):
    uploads.validate_report(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("programma.pdf", b"MZ\x90\x00" + bytes(2000), "report_content"),
        ("rapport.docx", b"%PDF-1.4\n" + bytes(2000), "report_content"),
        ("cijfers.xlsx", office_bytes("word"), "report_content"),
        ("rapport.txt", b"gewone tekst", "report_extension"),
        ("rapport", b"%PDF-1.4\n", "report_extension"),
        ("leeg.pdf", b"", "report_content"),
    ],
)
def test_wrong_files_are_refused(name, content, code):
    with pytest.raises(ValidationError) as refused:
        uploads.validate_report(SimpleUploadedFile(name, content))
    assert refused.value.code == code


def test_just_over_ten_megabytes_is_refused():
    content = b"%PDF-1.4\n" + bytes(uploads.MAX_REPORT_SIZE + 1 - 9)
    with pytest.raises(ValidationError) as refused:
        uploads.validate_report(SimpleUploadedFile("groot.pdf", content))
    assert refused.value.code == "report_size"
    uploads.validate_report(SimpleUploadedFile("precies.pdf", content[:-1]))


# Through the form and the download


def test_pdf_is_stored_under_a_generated_name_and_downloaded_when_shared(
    client, member_a, member_b, shared_a, pdf_bytes
):
    response = upload(client, member_a, shared_a, "Evaluatie 2024 (def).pdf", pdf_bytes)
    assert response.status_code == 302
    shared_a.refresh_from_db()
    assert shared_a.report_filename == "Evaluatie 2024 (def).pdf"
    assert shared_a.report_file.name.startswith("reports/")
    assert "Evaluatie" not in shared_a.report_file.name

    client.force_login(member_b)
    download = client.get(report_url(shared_a))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert "Evaluatie 2024 (def).pdf" in download["Content-Disposition"]
    content = b"".join(download.streaming_content)
    assert content == pdf_bytes
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert " ".join(text.split()) == "Evaluatie huismeester Oude Westen"


def test_report_of_an_internal_description_is_404_for_another_partner(
    client, member_a, member_b, internal_a, pdf_bytes
):
    upload(client, member_a, internal_a, "intern.pdf", pdf_bytes)
    assert client.get(report_url(internal_a)).status_code == 200
    client.force_login(member_b)
    assert client.get(report_url(internal_a)).status_code == 404


def test_report_download_needs_a_login_and_a_file(client, member_a, concept_a):
    response = client.get(report_url(concept_a))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    client.force_login(member_a)
    assert client.get(report_url(concept_a)).status_code == 404


def test_program_renamed_to_pdf_is_refused_and_the_form_kept(client, member_a, concept_a):
    response = upload(
        client,
        member_a,
        concept_a,
        "rapport.pdf",
        b"MZ\x90\x00" + bytes(4000),
        summary="Samenvatting die blijft staan",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["report_file"]
    assert errors == [
        "De inhoud van rapport.pdf is geen .pdf-bestand. Sla het rapport opnieuw op als PDF "
        "of in een Office-formaat, en kies dat bestand."
    ]
    assert "Samenvatting die blijft staan" in response.text
    concept_a.refresh_from_db()
    assert not concept_a.report_file
    assert concept_a.summary == ""


def test_pdf_renamed_to_docx_is_refused(client, member_a, concept_a, pdf_bytes):
    response = upload(client, member_a, concept_a, "rapport.docx", pdf_bytes)
    assert "geen .docx-bestand" in response.text
    assert not Intervention.objects.get(pk=concept_a.pk).report_file


def test_too_large_upload_is_refused(client, member_a, concept_a):
    content = b"%PDF-1.4\n" + bytes(uploads.MAX_REPORT_SIZE + 1 - 9)
    response = upload(client, member_a, concept_a, "groot.pdf", content)
    assert "een rapport mag hoogstens 10 MB zijn" in response.text
    assert not Intervention.objects.get(pk=concept_a.pk).report_file


def test_good_upload_with_an_error_elsewhere_asks_to_choose_the_file_again(
    client, member_a, concept_a, pdf_bytes
):
    response = upload(
        client,
        member_a,
        concept_a,
        "rapport.pdf",
        pdf_bytes,
        start_date="2025-06-01",
        end_date="2025-01-01",
    )
    assert response.status_code == 200
    assert "Kies het rapport opnieuw" in response.text
    assert "Huidig rapport" not in response.text
    assert not Intervention.objects.get(pk=concept_a.pk).report_file


def test_report_can_be_removed(client, member_a, concept_a, pdf_bytes):
    upload(client, member_a, concept_a, "rapport.pdf", pdf_bytes)
    page = opened_form(client, member_a, concept_a)
    assert "Huidig rapport" in page.text
    assert report_url(concept_a) in page.text
    client.post(edit_url(concept_a), form_data(page, remove_report="on"))
    concept_a.refresh_from_db()
    assert not concept_a.report_file
    assert concept_a.report_filename == ""


def test_a_stored_name_with_a_line_break_still_downloads(client, member_a, shared_a, pdf_bytes):
    """A name stored before uploads were cleaned: the download is named on one line."""
    assert upload(client, member_a, shared_a, "Evaluatie.pdf", pdf_bytes).status_code == 302
    Intervention.objects.filter(pk=shared_a.pk).update(report_filename="Evaluatie\n2024.pdf")
    download = client.get(report_url(shared_a))
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="Evaluatie 2024.pdf"'
