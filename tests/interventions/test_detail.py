import re

import pytest
from django.core.cache import caches
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from interventions import services
from interventions.models import Intervention, InterventionType, TheoryStep
from tests.factories import (
    BudgetApplicationFactory,
    BudgetRoundFactory,
    InterventionFactory,
    make_complete,
    make_published,
)

# Session, the user with the data version and the organisations (wwidw.auth.SiteBackend), the
# description, 8 prefetches, the similar descriptions, the shared monitoring plan of a
# description shared with all partners (its 6 prefetches run only when there is one:
# tests/monitoring/test_sharing.py), and the archetypes it is an example of.
DETAIL_QUERIES = 14
# For its own organisation also its budget applications (the organisations the user manages
# come with the organisations, wwidw/pagecache.py).
OWN_DETAIL_QUERIES = DETAIL_QUERIES + 1
# After a write elsewhere the part of the description's own rows is kept
# (interventions/row_versions.py): of its 8 prefetches only its types are read again, for its
# similar descriptions.
OWN_PART_QUERIES = 7
SECTION_HEADINGS = [
    "1. Basisgegevens",
    "2. Probleem en doelgroep",
    "3. Doelen en beoogde effecten",
    "4. Aanpak en samenwerking",
    "5. Veronderstellingen en werkzame bestanddelen",
    "6. Middelen",
    "7. Resultaten, evaluatie en lessen",
]


def detail_url(intervention: Intervention) -> str:
    return reverse("interventions:detail", args=[intervention.pk])


def test_detail_needs_a_login(client, shared_a):
    url = detail_url(shared_a)
    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")


@pytest.mark.parametrize("name", ["concept_a", "internal_a"])
def test_other_partner_gets_404_for_what_is_not_shared(client, member_b, request, name):
    intervention = request.getfixturevalue(name)
    client.force_login(member_b)
    assert client.get(detail_url(intervention)).status_code == 404


def test_other_partner_reads_a_shared_description_without_owner_actions(
    client, member_b, shared_a
):
    client.force_login(member_b)
    response = client.get(detail_url(shared_a))
    assertContains(response, f"<h1>{shared_a.title}</h1>", html=True)
    assertContains(response, "Woonstichting De Maasoever")
    assertNotContains(response, "Voor je organisatie")
    assertNotContains(response, reverse("interventions:update", args=[shared_a.pk]))


def test_member_reads_the_sections_in_order_with_the_chain(client, member_a, shared_a):
    client.force_login(member_a)
    content = client.get(detail_url(shared_a)).content.decode()
    positions = [content.index(heading) for heading in SECTION_HEADINGS]
    assert positions == sorted(positions)
    assert "Als</strong> de huismeester dagelijks in de portieken is" in content
    assert "dan</strong> worden overlast en vervuiling eerder gesignaleerd" in content
    assert "omdat</strong> er een aanspreekpunt en sociale controle is" in content
    assert "€ 77.072,00" in content
    assert "Fase: in uitvoering" in content
    assert "VE.01" in content
    assert "Vast gezicht" in content
    assert "Dagelijkse ronde" in content


def test_evidence_level_shows_its_scale_and_meaning(client, member_a, shared_a):
    shared_a.evidence_level = 3
    shared_a.save()
    client.force_login(member_a)
    response = client.get(detail_url(shared_a))
    assertContains(response, "3 Eerste aanwijzingen voor effectiviteit")
    assertContains(response, 'class="is-reached"', count=4)
    assertContains(response, "zonder vergelijkingsgroep")


def test_empty_optional_fields_are_left_out(client, member_a, concept_a):
    client.force_login(member_a)
    response = client.get(detail_url(concept_a))
    assertNotContains(response, "Oorzaken")
    assertNotContains(response, "Nulalternatief")
    assertContains(response, "Nog niet ingevuld.")


def test_owner_sees_completeness_missing_items_and_actions(client, member_a, concept_a):
    client.force_login(member_a)
    response = client.get(detail_url(concept_a))
    assertContains(response, "Voor je organisatie")
    assertContains(response, "Nog in te vullen voordat je kunt publiceren:")
    assertContains(response, "Basisgegevens: samenvatting")
    assertContains(response, f'value="{concept_a.completeness}"')
    assertContains(response, reverse("interventions:update", args=[concept_a.pk]))
    assertContains(response, f'action="{reverse("interventions:publish", args=[concept_a.pk])}"')
    assertContains(response, f'action="{reverse("interventions:archive", args=[concept_a.pk])}"')


def test_owner_of_a_published_description_can_take_it_back_to_draft(client, member_a, shared_a):
    client.force_login(member_a)
    response = client.get(detail_url(shared_a))
    assertContains(response, f'action="{reverse("interventions:unpublish", args=[shared_a.pk])}"')
    assertNotContains(response, reverse("interventions:publish", args=[shared_a.pk]))
    assertNotContains(response, "Nog in te vullen")


def test_links_to_pdf_history_and_comparison(client, member_a, shared_a):
    client.force_login(member_a)
    response = client.get(detail_url(shared_a))
    assertContains(response, reverse("interventions:pdf", args=[shared_a.pk]))
    assertContains(response, reverse("interventions:history", args=[shared_a.pk]))
    assertContains(response, f"{reverse('interventions:compare')}?id={shared_a.pk}")
    assertContains(response, 'href="/static/css/print.css" media="print"')


def test_html_in_fields_is_shown_as_text_with_line_breaks(client, member_a, concept_a):
    concept_a.approach = "<script>alert(1)</script>\nTweede regel"
    concept_a.title = "<b>Vet</b> plan"
    concept_a.save()
    client.force_login(member_a)
    content = client.get(detail_url(concept_a)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>Tweede regel" in content
    assert "&lt;b&gt;Vet&lt;/b&gt; plan" in content
    assert "<script>alert(1)" not in content
    assert "<b>Vet</b>" not in content


def test_similar_interventions_are_visible_ones_of_the_same_type(
    client, member_a, shared_a, partner_b, member_b
):
    other = make_published(partner_b, member_b, title="Complexbeheerder in Transvaal")
    hidden = make_complete(
        InterventionFactory(organisation=partner_b, created_by=member_b, title="Geheim plan")
    )
    client.force_login(member_a)
    response = client.get(detail_url(shared_a))
    assertContains(response, "Vergelijkbare interventies")
    assertContains(response, other.title)
    assertContains(response, f"?id={shared_a.pk}&amp;id={other.pk}")
    assertNotContains(response, hidden.title)


def test_similar_interventions_by_municipality_and_title_words(
    client, partner_a, member_a, partner_b, member_b
):
    bare = InterventionFactory(
        organisation=partner_a,
        created_by=member_a,
        title="Buurtbemiddeling in Overvecht",
        municipality="Utrecht",
    )
    services.refresh_derived_fields(bare)
    same_place = make_published(partner_b, member_b, title="Schoon portiek")
    same_place.municipality = "Utrecht"
    same_place.save()
    same_words = make_published(partner_b, member_b, title="Buurtbemiddeling Zuilen")
    same_words.intervention_types.clear()
    unrelated = make_published(partner_b, member_b, title="Vroeg Eropaf")
    unrelated.intervention_types.set([InterventionType.objects.get(slug="klushuizen")])
    client.force_login(member_a)
    response = client.get(detail_url(bare))
    assertContains(response, same_place.title)
    assertContains(response, same_words.title)
    assertNotContains(response, unrelated.title)


def test_detail_queries_do_not_grow_with_theory_steps(
    client, member_a, shared_a, django_assert_num_queries
):
    client.force_login(member_a)
    with django_assert_num_queries(OWN_DETAIL_QUERIES):
        assert client.get(detail_url(shared_a)).status_code == 200
    TheoryStep.objects.bulk_create(
        TheoryStep(intervention=shared_a, position=n, if_text=f"stap {n}", then_text="gevolg")
        for n in range(2, 11)
    )
    with django_assert_num_queries(OWN_DETAIL_QUERIES):
        response = client.get(detail_url(shared_a))
    assertContains(response, "stap 10")


def test_detail_queries_do_not_grow_with_similar_interventions(
    client, member_a, shared_a, partner_b, member_b, django_assert_num_queries
):
    make_published(partner_b, member_b)
    client.force_login(member_a)
    with django_assert_num_queries(OWN_DETAIL_QUERIES):
        response = client.get(detail_url(shared_a))
    assert similar_shown(response) == 1
    for _ in range(9):
        make_published(partner_b, member_b)
    # The description's own part is kept (its rows did not change): the similar descriptions
    # and the rest around it are read again, its parts not.
    with django_assert_num_queries(OWN_DETAIL_QUERIES - OWN_PART_QUERIES):
        response = client.get(detail_url(shared_a))
    assert similar_shown(response) == 5
    caches["pages"].clear()
    with django_assert_num_queries(OWN_DETAIL_QUERIES):
        assert similar_shown(client.get(detail_url(shared_a))) == 5


def similar_shown(response) -> int:
    similar = re.search(r'<aside class="document-similar.*?</aside>', response.text, re.S)
    return similar.group().count('<li class="mb-2">')


def test_the_own_organisation_sees_the_budget_applications(
    client, member_a, member_b, manager_a, shared_a, django_assert_num_queries
):
    budget_round = BudgetRoundFactory(organisation=shared_a.organisation, name="Leefbaar 2026")
    BudgetApplicationFactory(round=budget_round, applicant=member_a, intervention=shared_a)
    client.force_login(member_a)
    with django_assert_num_queries(OWN_DETAIL_QUERIES):
        response = client.get(detail_url(shared_a))
    assertContains(response, "Leefbaar 2026</a>: concept")
    # Another round's application: the page reads no more.
    other_round = BudgetRoundFactory(organisation=shared_a.organisation, name="Leefbaar 2027")
    BudgetApplicationFactory(round=other_round, applicant=member_a, intervention=shared_a)
    with django_assert_num_queries(OWN_DETAIL_QUERIES - OWN_PART_QUERIES):
        response = client.get(detail_url(shared_a))
    assertContains(response, "Leefbaar 2027</a>: concept")
    # Another partner reads the published description, not its applications.
    client.force_login(member_b)
    assertNotContains(client.get(detail_url(shared_a)), "Leefbaar 2026")
