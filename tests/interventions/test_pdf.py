import io

import pytest
from django.urls import reverse
from pypdf import PdfReader
from pytest_django.asserts import assertRedirects

from interventions.models import Intervention
from wwidw.pdf import PDF_BASE_URL, StaticFilesFetcher


def pdf_url(intervention: Intervention) -> str:
    return reverse("interventions:pdf", args=[intervention.pk])


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def font_names(content: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(content))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_pdf_needs_a_login(client, shared_a):
    url = pdf_url(shared_a)
    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")


@pytest.mark.parametrize("name", ["concept_a", "internal_a"])
def test_other_partner_gets_404_for_the_pdf(client, member_b, request, name):
    client.force_login(member_b)
    assert client.get(pdf_url(request.getfixturevalue(name))).status_code == 404


def test_pdf_reads_back_with_title_sections_and_chain(client, member_b, shared_a, settings):
    settings.DEBUG = False
    client.force_login(member_b)
    response = client.get(pdf_url(shared_a))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="huismeester-in-de-portiekflats-{shared_a.title.split()[-1]}.pdf"'
    )
    text = pdf_text(response.content)
    assert shared_a.title in text
    assert "Woonstichting De Maasoever" in text
    for heading in [
        "1. Basisgegevens",
        "3. Doelen en beoogde effecten",
        "5. Veronderstellingen en werkzame bestanddelen",
        "7. Resultaten, evaluatie en lessen",
    ]:
        assert heading in text
    flat = " ".join(text.split())
    assert "Als de huismeester dagelijks in de portieken is, dan worden overlast" in flat
    assert "€ 77.072,00" in flat
    assert "afgedrukt op" in flat
    assert "1 / " in flat


def test_pdf_uses_the_bundled_fonts(client, member_a, shared_a):
    client.force_login(member_a)
    names = font_names(client.get(pdf_url(shared_a)).content)
    assert any(name.endswith("+WWidW-DejaVu-Sans") for name in names), names
    assert any(name.endswith("+WWidW-DejaVu-Sans-Bold") for name in names), names


def test_html_in_fields_is_printed_as_text(client, member_a, concept_a):
    concept_a.title = "<b>Vet</b> & plan"
    concept_a.approach = "<script>alert(1)</script>"
    concept_a.save()
    client.force_login(member_a)
    text = pdf_text(client.get(pdf_url(concept_a)).content)
    assert "<b>Vet</b> & plan" in text
    assert "<script>alert(1)</script>" in text


def test_debug_shows_the_html_of_the_pdf(client, member_a, shared_a, settings):
    settings.DEBUG = True
    client.force_login(member_a)
    response = client.get(pdf_url(shared_a), {"html": "1"})
    assert response["Content-Type"].startswith("text/html")
    assert shared_a.title in response.content.decode()


def test_html_switch_is_ignored_outside_debug(client, member_a, shared_a, settings):
    settings.DEBUG = False
    client.force_login(member_a)
    response = client.get(pdf_url(shared_a), {"html": "1"})
    assert response["Content-Type"] == "application/pdf"


def test_fetcher_serves_static_files_and_refuses_the_network():
    fetcher = StaticFilesFetcher()
    response = fetcher.fetch(f"{PDF_BASE_URL}static/css/pdf.css")
    assert b"@page" in response.read()
    with pytest.raises(ValueError, match="Only static files"):
        fetcher.fetch("https://example.org/tracker.css")
    with pytest.raises(ValueError, match="No static file"):
        fetcher.fetch(f"{PDF_BASE_URL}static/../wwidw/settings.py")
