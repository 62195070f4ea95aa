import io
from decimal import Decimal

from django.urls import reverse
from pypdf import PdfReader

from archetypes import choices
from tests.factories import (
    ActiveIngredientFactory,
    ArchetypeFactory,
    ArchetypeInterventionFactory,
    ReferenceFactory,
    make_plan,
    make_published,
)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_pdf_reads_back_with_sections_references_and_figures(
    client, member_b, partner_a, member_a, settings
):
    settings.DEBUG = False
    archetype = ArchetypeFactory(
        title="Sloop en nieuwbouw in aandachtswijken",
        slug="sloop-en-nieuwbouw",
        status=choices.Status.PUBLISHED,
        verdict=choices.Verdict.UNCLEAR,
        problem="Eenzijdige woningvoorraad in de wijk.",
    )
    reference = ReferenceFactory(
        archetype=archetype,
        authors="Wittebrood, K., & Van Dijk, T.",
        year=2007,
        title="Aandacht voor de wijk",
        publisher="Sociaal en Cultureel Planbureau",
    )
    ingredient = ActiveIngredientFactory(
        archetype=archetype, name="Gedifferentieerd bouwen", support=choices.Support.RESEARCH
    )
    ingredient.references.add(reference)
    for cost in ("1000.00", "2000.00", "4000.00"):
        intervention = make_published(partner_a, member_a, title=f"Herstructurering {cost}")
        ArchetypeInterventionFactory(archetype=archetype, intervention=intervention)
        make_plan(intervention, cost=Decimal(cost), benefits=Decimal("2000.00"))
    client.force_login(member_b)
    response = client.get(reverse("archetypes:pdf", args=[archetype.slug]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="archetype-sloop-en-nieuwbouw.pdf"'
    )
    text = pdf_text(response.content)
    assert "Sloop en nieuwbouw in aandachtswijken" in text
    assert "Onduidelijk of gemengd" in text
    for heading in [
        "1. Het probleem",
        "5. Werkzame bestanddelen",
        "8. Wetenschappelijke onderbouwing",
        "9. Kosten en resultaten in de praktijk",
        "10. Praktijkvoorbeelden",
    ]:
        assert heading in text
    assert "Eenzijdige woningvoorraad in de wijk." in text
    assert "Gedifferentieerd bouwen" in text
    assert "(Wittebrood & Van Dijk, 2007)" in text
    assert (
        "Wittebrood, K., & Van Dijk, T. (2007). Aandacht voor de wijk. "
        "Sociaal en Cultureel Planbureau." in text
    )
    assert "mediaan € 2.000 (de helft tussen € 1.500 en € 3.000)" in text
    assert "Herstructurering 4000.00" in text


def test_pdf_of_a_draft_is_a_404_for_a_partners_staff(client, member_a):
    archetype = ArchetypeFactory()
    client.force_login(member_a)
    assert client.get(reverse("archetypes:pdf", args=[archetype.slug])).status_code == 404


def test_pdf_html_in_debug(client, programme_staff, settings):
    settings.DEBUG = True
    archetype = ArchetypeFactory(title="Concept archetype")
    client.force_login(programme_staff)
    response = client.get(reverse("archetypes:pdf", args=[archetype.slug]), {"html": "1"})
    assert response["Content-Type"].startswith("text/html")
    assert "Concept archetype" in response.text
    assert "Concept: alleen het programmabureau ziet dit archetype." in response.text
