from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from archetypes import choices
from archetypes.templatetags.archetypes_extras import apa, apa_cite, surnames
from interventions.models import InterventionType
from tests.factories import (
    ActiveIngredientFactory,
    ArchetypeFactory,
    ArchetypeInterventionFactory,
    InterventionFactory,
    ReferenceFactory,
    make_plan,
    make_published,
)

PUBLISHED = choices.Status.PUBLISHED


def detail_url(archetype) -> str:
    return reverse("archetypes:detail", args=[archetype.slug])


@pytest.fixture
def published(db):
    return ArchetypeFactory(
        title="Huismeester in portiekflats",
        status=PUBLISHED,
        verdict=choices.Verdict.PROBABLY_WORKS,
        evidence_level=3,
        problem="Vervuiling en overlast in de portieken.",
        knowledge_gaps="Wat het effect op verhuizingen is.",
    )


@pytest.fixture
def draft(db):
    return ArchetypeFactory(title="Buurtbemiddeling in aandachtswijken")


# Access


@pytest.mark.parametrize("name", ["archetypes:list", "archetypes:detail", "archetypes:pdf"])
def test_anonymous_is_sent_to_the_login(client, published, name):
    url = reverse(name) if name == "archetypes:list" else reverse(name, args=[published.slug])
    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")


@pytest.mark.parametrize("name", ["archetypes:detail", "archetypes:pdf"])
def test_draft_is_a_404_for_a_partners_staff(client, member_a, draft, name):
    client.force_login(member_a)
    assert client.get(reverse(name, args=[draft.slug])).status_code == 404


def test_draft_is_visible_to_the_programme_staff(client, programme_staff, draft):
    client.force_login(programme_staff)
    response = client.get(detail_url(draft))
    assertContains(response, "Buurtbemiddeling in aandachtswijken")
    assertContains(response, "Concept: alleen het programmabureau ziet dit archetype.")


def test_published_is_visible_to_a_partners_staff(client, member_b, published):
    client.force_login(member_b)
    response = client.get(detail_url(published))
    assertContains(response, "<h1>Huismeester in portiekflats</h1>", html=True)
    assertNotContains(response, "Concept: alleen het programmabureau")


# The list


def test_list_shows_published_only_to_a_partners_staff(client, member_a, published, draft):
    client.force_login(member_a)
    response = client.get(reverse("archetypes:list"))
    assertContains(response, published.title)
    assertContains(response, "Werkt waarschijnlijk")
    assertNotContains(response, draft.title)


def test_list_shows_drafts_marked_to_the_programme_staff(
    client, programme_staff, published, draft
):
    client.force_login(programme_staff)
    response = client.get(reverse("archetypes:list"))
    rows = list(response.context["page_obj"])
    assert [row.title for row in rows] == [draft.title, published.title]
    assertContains(response, '<span class="badge text-bg-warning">Concept</span>', html=True)


def test_list_counts_only_the_examples_the_viewer_may_read(
    client, member_b, partner_a, member_a, published
):
    ArchetypeInterventionFactory(
        archetype=published, intervention=make_published(partner_a, member_a)
    )
    concept = InterventionFactory(organisation=partner_a)
    ArchetypeInterventionFactory(archetype=published, intervention=concept)
    client.force_login(member_b)
    [row] = client.get(reverse("archetypes:list")).context["page_obj"]
    assert row.examples == 1
    client.force_login(member_a)
    [row] = client.get(reverse("archetypes:list")).context["page_obj"]
    assert row.examples == 2


def test_list_filters_by_type_and_theme(client, member_a, published):
    mediation = InterventionType.objects.exclude(theme=published.intervention_type.theme).first()
    other = ArchetypeFactory(
        title="Ander archetype", status=PUBLISHED, intervention_type=mediation
    )
    themed = ArchetypeFactory(title="Met thema", status=PUBLISHED, intervention_type=mediation)
    themed.themes.add(published.intervention_type.theme)
    client.force_login(member_a)
    url = reverse("archetypes:list")

    def titles(**query) -> list[str]:
        return [row.title for row in client.get(url, query).context["page_obj"]]

    assert titles(type=mediation.slug) == [other.title, themed.title]
    assert titles(type=published.intervention_type.slug) == [published.title]
    # A theme: archetypes about it, or of a type under it.
    assert titles(thema=published.intervention_type.theme.slug) == [
        published.title,
        themed.title,
    ]
    assert titles(thema=mediation.theme.slug) == [other.title, themed.title]
    query = {"type": published.intervention_type.slug, "thema": mediation.theme.slug}
    assertContains(client.get(url, query), "Geen archetype past bij deze filters.")


@pytest.mark.parametrize("rows", [1, 10])
def test_list_queries_do_not_grow_with_rows(client, member_a, django_assert_num_queries, rows):
    for _ in range(rows):
        archetype = ArchetypeFactory(status=PUBLISHED)
        ArchetypeInterventionFactory(archetype=archetype)
    client.force_login(member_a)
    client.get(reverse("archetypes:list"))
    # Session, user, count, rows (the memberships a subquery), and the types and themes of
    # the filter form.
    with django_assert_num_queries(6):
        response = client.get(reverse("archetypes:list"))
    assert len(response.context["page_obj"]) == rows


# The document


def test_detail_reads_in_the_order_of_the_format(client, member_a, published):
    client.force_login(member_a)
    text = client.get(detail_url(published)).text
    headings = [
        "1. Het probleem",
        "3. Beoogde effecten",
        "5. Werkzame bestanddelen",
        "8. Wetenschappelijke onderbouwing",
        "9. Kosten en resultaten in de praktijk",
        "10. Praktijkvoorbeelden",
        "12. Kennislacunes",
    ]
    positions = [text.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert text.index("Vervuiling en overlast") > text.index("1. Het probleem")


def test_detail_shows_ingredients_with_support_and_source(client, member_a, published):
    reference = ReferenceFactory(
        archetype=published,
        authors="Wittebrood, K., & Van Dijk, T.",
        year=2007,
        title="Aandacht voor de wijk",
        publisher="Sociaal en Cultureel Planbureau",
        design=choices.Design.QUASI_EXPERIMENT,
    )
    face = ActiveIngredientFactory(
        archetype=published,
        name="Vast gezicht",
        is_essential=True,
        support=choices.Support.BOTH,
        session_note="Wat werkt in portiekflats, maart 2026",
    )
    face.references.add(reference)
    ActiveIngredientFactory(archetype=published, name="Korte lijnen", support="onderzoek")
    client.force_login(member_a)
    response = client.get(detail_url(published))
    assertContains(response, "Vast gezicht")
    assertContains(response, "Onderbouwd door: praktijk en onderzoek")
    assertContains(response, "Onderbouwd door: onderzoek")
    assertContains(response, "Wat werkt in portiekflats, maart 2026;")
    assertContains(response, "(Wittebrood &amp; Van Dijk, 2007)")
    assertContains(
        response,
        "Wittebrood, K., &amp; Van Dijk, T. (2007). <cite>Aandacht voor de wijk</cite>. "
        "Sociaal en Cultureel Planbureau.",
    )
    assertContains(response, "Onderzoeksopzet: quasi-experimenteel")
    assertContains(response, "Gebaseerd op de themabijeenkomsten")


def test_detail_shows_only_the_examples_the_viewer_may_read(
    client, member_a, member_b, partner_a, partner_b, published
):
    typical = make_published(partner_a, member_a, title="Huismeester Oude Westen")
    exemplary = make_published(partner_a, member_a, title="Huismeester Zuidwijk")
    hidden = InterventionFactory(organisation=partner_b, title="Concept van Hofstad")
    ArchetypeInterventionFactory(archetype=published, intervention=typical)
    ArchetypeInterventionFactory(
        archetype=published,
        intervention=exemplary,
        is_exemplary=True,
        role=choices.ExampleRole.VARIANT,
        remark="Met een wijkbudget erbij.",
    )
    ArchetypeInterventionFactory(archetype=published, intervention=hidden)
    client.force_login(member_a)
    response = client.get(detail_url(published))
    examples = [link.intervention for link in response.context["examples"]]
    assert examples == [exemplary, typical]
    assertNotContains(response, "Concept van Hofstad")
    assertContains(response, "Met een wijkbudget erbij.")
    assertContains(response, "· Woonstichting De Maasoever · variant")
    client.force_login(member_b)
    examples = [
        link.intervention for link in client.get(detail_url(published)).context["examples"]
    ]
    assert examples == [exemplary, hidden, typical]


def test_detail_says_too_little_below_three(client, member_a, partner_a, published):
    for cost in ("1000.00", "3000.00"):
        intervention = make_published(partner_a, member_a)
        ArchetypeInterventionFactory(archetype=published, intervention=intervention)
        make_plan(intervention, cost=Decimal(cost), benefits=Decimal("2000.00"))
    client.force_login(member_a)
    response = client.get(detail_url(published))
    # Section 9: running time, total cost, cost per year, ratio, evaluated, evidence levels
    # and the effect VE.01; the confrontation per effect says it too
    # (tests/archetypes/test_confrontation).
    figures = response.content.decode().split('id="section-figures"')[1]
    assert figures.count("te weinig praktijkgegevens") == 7
    assertContains(response, "op basis van 2 beschrijvingen", count=3)
    assertContains(response, "op basis van 2 gerealiseerde en 0 begrote kosten")
    assertNotContains(response, "mediaan €")


def test_detail_shows_figures_from_three_on(client, member_a, partner_a, published):
    for cost, benefits in [("1000.00", "1500.00"), ("2000.00", "2000.00"), ("4000.00", "2000.00")]:
        intervention = make_published(partner_a, member_a)
        ArchetypeInterventionFactory(archetype=published, intervention=intervention)
        make_plan(
            intervention,
            cost=Decimal(cost),
            benefits=Decimal(benefits),
            outputs=[("huisbezoeken", Decimal(10))],
        )
    client.force_login(member_a)
    response = client.get(detail_url(published))
    assertContains(response, "mediaan € 2.000 (de helft tussen € 1.500 en € 3.000)")
    assertContains(response, "van 0,50 : 1 tot 1,50 : 1")
    # Cost per visit 100, 200, 400: the median.
    assertContains(response, "€ 200,00")
    assertContains(response, "3 beschrijvingen van 1 partner")
    # In section 9 only the effect VE.01, which none of them measured.
    figures = response.content.decode().split('id="section-figures"')[1]
    assert figures.count("te weinig praktijkgegevens") == 1


@pytest.mark.parametrize("examples", [1, 10])
def test_detail_queries_do_not_grow_with_examples(
    client, member_a, partner_a, published, django_assert_num_queries, examples
):
    face = ActiveIngredientFactory(archetype=published)
    face.references.add(ReferenceFactory(archetype=published))
    for _ in range(examples):
        intervention = make_published(partner_a, member_a)
        ArchetypeInterventionFactory(archetype=published, intervention=intervention)
        make_plan(intervention, cost=Decimal("1000.00"), outputs=[("bezoeken", Decimal(5))])
    client.force_login(member_a)
    # Session, the user with the data version and the memberships (wwidw.auth.SiteBackend),
    # archetype, themes, curators, references, ingredients, their references, examples, the six
    # queries of the figures, and the confrontation's verdicts, effects and practice (its
    # references only with verdicts). From the cache: 3 (tests/test_pagecache.py).
    with django_assert_num_queries(18):
        response = client.get(detail_url(published))
    assert len(response.context["examples"]) == examples


# References, APA-like


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        ("Wittebrood, K., & Van Dijk, T.", ["Wittebrood", "Van Dijk"]),
        ("Permentier, M., Kullberg, J., & Van Noije, L.", ["Permentier", "Kullberg", "Van Noije"]),
        ("Posthumus, H., Kleinhans, R. J., & Bolt, G.", ["Posthumus", "Kleinhans", "Bolt"]),
        ("RIGO Research en Advies", ["RIGO Research en Advies"]),
    ],
)
def test_surnames(authors, expected):
    assert surnames(authors) == expected


def test_apa_with_doi(db):
    reference = ReferenceFactory.build(
        authors="Posthumus, H., Kleinhans, R. J., & Bolt, G.",
        year=2013,
        title="Waterbed effects?",
        publisher="Housing Studies",
        doi="https://doi.org/10.1080/02673037.2013.1",
    )
    assert apa(reference) == (
        "Posthumus, H., Kleinhans, R. J., &amp; Bolt, G. (2013). <cite>Waterbed effects?</cite> "
        'Housing Studies. <a href="https://doi.org/10.1080/02673037.2013.1" '
        'rel="noopener noreferrer">https://doi.org/10.1080/02673037.2013.1</a>'
    )
    assert apa_cite(reference) == "Posthumus et al., 2013"


def test_apa_with_url_and_escaping(db):
    reference = ReferenceFactory.build(
        authors="RIGO Research en Advies",
        year=2008,
        title="Verkoop <huurwoningen>",
        publisher="RIGO Research en Advies",
        url="https://www.rigo.nl/",
    )
    assert apa(reference) == (
        "RIGO Research en Advies. (2008). <cite>Verkoop &lt;huurwoningen&gt;</cite>. "
        '<a href="https://www.rigo.nl/" rel="noopener noreferrer">https://www.rigo.nl/</a>'
    )
    assert apa_cite(reference) == "RIGO Research en Advies, 2008"


# From the other side: the description


def test_description_page_shows_its_published_archetypes(
    client, member_b, shared_a, published, draft
):
    ArchetypeInterventionFactory(archetype=published, intervention=shared_a)
    ArchetypeInterventionFactory(archetype=draft, intervention=shared_a)
    client.force_login(member_b)
    response = client.get(shared_a.get_absolute_url())
    assertContains(
        response,
        f'<a href="{detail_url(published)}">Huismeester in portiekflats</a>',
        html=True,
    )
    assertContains(response, "oordeel: werkt waarschijnlijk")
    assertNotContains(response, draft.title)


def test_form_shows_the_checklist_of_the_chosen_type(client, member_a, concept_a, published):
    ActiveIngredientFactory(archetype=published, name="Vast gezicht", is_essential=True)
    ActiveIngredientFactory(archetype=published, name="Korte lijnen")
    other_type = InterventionType.objects.exclude(pk=published.intervention_type_id).first()
    other = ArchetypeFactory(
        title="Buurtbemiddeling", status=PUBLISHED, intervention_type=other_type
    )
    ActiveIngredientFactory(archetype=other, name="Neutrale bemiddelaar")
    concept_a.intervention_types.add(published.intervention_type)
    client.force_login(member_a)
    response = client.get(reverse("interventions:update", args=[concept_a.pk]))
    shown, hidden = sorted(response.context["archetype_checklists"], key=lambda c: not c.is_shown)
    assert (shown.archetype, [item.name for item in shown.ingredients]) == (
        published,
        ["Vast gezicht", "Korte lijnen"],
    )
    assert hidden.archetype == other
    assertContains(response, "Om bij stil te staan: de werkzame bestanddelen van het archetype")
    text = response.text
    assert f'data-archetype-type="{published.intervention_type_id}">' in text
    assert f'data-archetype-type="{other_type.pk}" hidden>' in text
    assert "data-archetype-checklist hidden" not in text


def test_new_description_form_hides_every_checklist(client, member_a, published):
    ActiveIngredientFactory(archetype=published, name="Vast gezicht")
    client.force_login(member_a)
    response = client.get(reverse("interventions:create"))
    assert "data-archetype-checklist hidden" in response.text
    assert [c.is_shown for c in response.context["archetype_checklists"]] == [False]


def test_form_sent_back_shows_the_checklist_of_the_types_just_ticked(
    client, member_a, partner_a, published
):
    ActiveIngredientFactory(archetype=published, name="Vast gezicht")
    client.force_login(member_a)
    data = {
        "organisation": partner_a.pk,
        "title": "",
        "intervention_types": [published.intervention_type_id],
    }
    response = client.post(reverse("interventions:create"), data)
    assert response.status_code == 200
    assertContains(response, "Geef de beschrijving een titel")
    [checklist] = response.context["archetype_checklists"]
    assert checklist.is_shown
    assert "data-archetype-checklist hidden" not in response.text


def test_a_reference_without_a_year_is_cited_without_date(db):
    from archetypes.templatetags.archetypes_extras import apa, apa_cite

    reference = ReferenceFactory.build(
        authors="RIGO Research en Advies", year=None, title="Betere leefbaarheid", publisher=""
    )
    assert "(z.d.)" in apa(reference)
    assert apa_cite(reference) == "RIGO Research en Advies, z.d."
