"""Descriptions in the administration: programme staff see what the site shows them."""

import pytest
import reversion
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects
from reversion.models import Version

from tests.factories import InterventionFactory, UserFactory, make_published

CHANGELIST = "admin:interventions_intervention_changelist"


@pytest.fixture
def office(client, programme_staff):
    client.force_login(programme_staff)
    return programme_staff


@pytest.fixture
def hidden(partner_a, member_a):
    """Partner A's draft and its description published within partner A only."""
    return [
        InterventionFactory(
            organisation=partner_a, created_by=member_a, title="Buurtmoestuin Tarwewijk"
        ),
        make_published(
            partner_a, member_a, visibility="organisatie", title="Portiekportier Oude Westen"
        ),
    ]


@pytest.fixture
def shared(partner_a, member_a):
    return make_published(partner_a, member_a, title="Wijkcoach Hillesluis")


def _change_url(intervention):
    return reverse("admin:interventions_intervention_change", args=[intervention.pk])


def _history_url(intervention):
    return reverse("admin:interventions_intervention_history", args=[intervention.pk])


def _version(intervention) -> Version:
    with reversion.create_revision():
        intervention.save()
    return Version.objects.get_for_object(intervention).first()


def test_the_list_shows_programme_staff_only_what_partners_published_for_all(
    client, office, hidden, shared
):
    response = client.get(reverse(CHANGELIST))
    assertContains(response, shared.title)
    for intervention in hidden:
        assertNotContains(response, intervention.title)


def test_searching_finds_no_draft_or_own_organisation_description(client, office, hidden, shared):
    for intervention in hidden:
        response = client.get(reverse(CHANGELIST), {"q": intervention.title})
        assertNotContains(response, f">{intervention.title}<")
    response = client.get(reverse(CHANGELIST), {"q": shared.title})
    assertContains(response, f">{shared.title}<")


def test_a_draft_or_own_organisation_description_is_not_found(client, office, hidden):
    for intervention in hidden:
        for url in [_change_url(intervention), _history_url(intervention)]:
            response = client.get(url)
            assertRedirects(response, reverse("admin:index"))


def test_the_versions_of_a_draft_are_a_404(client, office, hidden):
    for intervention in hidden:
        version = _version(intervention)
        url = reverse(
            "admin:interventions_intervention_revision", args=[intervention.pk, version.pk]
        )
        assert client.get(url).status_code == 404


def test_programme_staff_read_a_shared_description_but_not_its_history(client, office, shared):
    # Earlier versions may hold text that was never published: as on the site, owners only.
    assertContains(client.get(_change_url(shared)), shared.title)
    version = _version(shared)
    assertRedirects(client.get(_history_url(shared)), reverse("admin:index"))
    url = reverse("admin:interventions_intervention_revision", args=[shared.pk, version.pk])
    assert client.get(url).status_code == 404


def test_programme_staff_of_a_partner_see_its_drafts_and_history(
    client, office, hidden, partner_a
):
    concept_a = hidden[0]
    office.memberships.create(organisation=partner_a)
    assertContains(client.get(_change_url(concept_a)), concept_a.title)
    version = _version(concept_a)
    response = client.get(_history_url(concept_a))
    revision_url = reverse(
        "admin:interventions_intervention_revision", args=[concept_a.pk, version.pk]
    )
    assertContains(response, revision_url)
    assertContains(client.get(revision_url), concept_a.title)


def test_the_autocomplete_offers_only_shared_descriptions(client, office, hidden, shared):
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "archetypes",
            "model_name": "archetypeintervention",
            "field_name": "intervention",
            "term": "",
        },
    )
    assert response.json()["results"] == [{"id": str(shared.pk), "text": shared.title}]


def test_the_technical_administrator_sees_every_description(client, hidden, shared):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse(CHANGELIST))
    for intervention in [*hidden, shared]:
        assertContains(response, intervention.title)
    version = _version(hidden[0])
    url = reverse("admin:interventions_intervention_revision", args=[hidden[0].pk, version.pk])
    assertContains(client.get(url), hidden[0].title)
