import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from reversion.models import Version

from archetypes import choices, services
from archetypes.models import ArchetypeIntervention
from interventions.models import Intervention, InterventionType
from tests.factories import ArchetypeFactory, ArchetypeInterventionFactory, make_published


def _versions(archetype):
    return Version.objects.get_for_object(archetype).select_related("revision")


def test_publishing_sets_the_date_and_makes_a_version(programme_staff):
    archetype = ArchetypeFactory()
    services.publish_archetype(archetype=archetype, by=programme_staff)
    archetype.refresh_from_db()
    assert archetype.status == choices.Status.PUBLISHED
    assert archetype.published_at is not None
    version = _versions(archetype).get()
    assert version.revision.user == programme_staff
    assert version.revision.comment == "Gepubliceerd"
    assert version.field_dict["status"] == choices.Status.PUBLISHED


def test_publishing_again_keeps_the_first_publication_date(programme_staff):
    first = timezone.now() - datetime.timedelta(days=30)
    archetype = ArchetypeFactory(status=choices.Status.PUBLISHED, published_at=first)
    services.unpublish_archetype(archetype=archetype, by=programme_staff)
    services.publish_archetype(archetype=archetype, by=programme_staff)
    archetype.refresh_from_db()
    assert archetype.published_at == first


def test_back_to_draft_makes_a_version(programme_staff):
    archetype = ArchetypeFactory(status=choices.Status.PUBLISHED)
    services.unpublish_archetype(archetype=archetype, by=programme_staff)
    archetype.refresh_from_db()
    assert archetype.status == choices.Status.CONCEPT
    assert _versions(archetype).get().revision.comment == "Terug naar concept"


@pytest.mark.parametrize(
    "write",
    [
        lambda archetype, user: services.publish_archetype(archetype=archetype, by=user),
        lambda archetype, user: services.unpublish_archetype(archetype=archetype, by=user),
        lambda archetype, user: services.link_interventions(
            archetype=archetype, interventions=[], by=user
        ),
    ],
)
def test_partner_staff_cannot_change_archetypes(manager_a, write):
    archetype = ArchetypeFactory()
    with pytest.raises(PermissionDenied):
        write(archetype, manager_a)
    assert not Version.objects.get_for_object(archetype).exists()


def test_linking_skips_descriptions_already_linked(programme_staff, partner_a, member_a):
    archetype = ArchetypeFactory()
    linked = ArchetypeInterventionFactory(archetype=archetype).intervention
    new = make_published(partner_a, member_a)
    links = services.link_interventions(
        archetype=archetype, interventions=[linked, new], by=programme_staff
    )
    assert [link.intervention for link in links] == [new]
    assert links[0].role == choices.ExampleRole.TYPICAL
    assert not links[0].is_exemplary
    assert set(archetype.interventions.all()) == {linked, new}


def test_linking_is_one_version_with_the_links(programme_staff, shared_a):
    archetype = ArchetypeFactory()
    services.link_interventions(archetype=archetype, interventions=[shared_a], by=programme_staff)
    version = _versions(archetype).get()
    assert version.revision.user == programme_staff
    assert version.revision.comment == "1 praktijkvoorbeeld gekoppeld"
    links = version.revision.version_set.get_for_model(ArchetypeIntervention)
    assert [link.field_dict["intervention_id"] for link in links] == [shared_a.pk]


def test_linking_nothing_new_makes_no_version(programme_staff, shared_a):
    archetype = ArchetypeFactory()
    ArchetypeInterventionFactory(archetype=archetype, intervention=shared_a)
    links = services.link_interventions(
        archetype=archetype, interventions=[shared_a], by=programme_staff
    )
    assert links == []
    assert not Version.objects.get_for_object(archetype).exists()


def test_candidates_are_shared_descriptions_of_the_type_not_yet_linked(
    partner_a, member_a, shared_a, internal_a, concept_a
):
    archetype = ArchetypeFactory()
    newer = make_published(partner_a, member_a)
    linked = make_published(partner_a, member_a)
    ArchetypeInterventionFactory(archetype=archetype, intervention=linked)
    other_type = make_published(partner_a, member_a)
    other_type.intervention_types.set([InterventionType.objects.get(slug="buurtbemiddeling")])
    Intervention.objects.filter(pk=shared_a.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=1)
    )
    assert list(archetype.candidate_interventions()) == [newer, shared_a]


def test_candidates_do_not_depend_on_other_archetypes(shared_a):
    archetype = ArchetypeFactory()
    ArchetypeInterventionFactory(archetype=ArchetypeFactory(), intervention=shared_a)
    assert list(archetype.candidate_interventions()) == [shared_a]


def test_candidates_of_a_type_without_descriptions_are_none(shared_a):
    archetype = ArchetypeFactory(
        intervention_type=InterventionType.objects.get(slug="verkoop-huurwoningen")
    )
    assert not archetype.candidate_interventions().exists()
