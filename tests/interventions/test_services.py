import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from reversion.models import Version

from interventions import services
from interventions.models import Intervention, TheoryStep


class TitleForm(forms.ModelForm):
    class Meta:
        model = Intervention
        fields = ["title", "summary"]


def save_title(intervention, user, title, expected_revision=None):
    form = TitleForm({"title": title, "summary": intervention.summary}, instance=intervention)
    assert form.is_valid(), form.errors
    return services.save_intervention(
        intervention=form.save(commit=False), by=user, expected_revision=expected_revision
    )


def test_every_save_is_a_version_with_its_author(concept_a, member_a):
    save_title(concept_a, member_a, "Huismeester Oude Westen")
    save_title(concept_a, member_a, "Huismeester Oude Westen en Cool")
    versions = Version.objects.get_for_object(concept_a)
    assert versions.count() == 2
    assert versions[0].revision.user == member_a
    assert versions[1].field_dict["title"] == "Huismeester Oude Westen"


def test_second_save_from_an_old_revision_is_a_conflict(concept_a, member_a, manager_a):
    opened_at = concept_a.revision
    save_title(Intervention.objects.get(pk=concept_a.pk), manager_a, "Eerste opslag", opened_at)
    with pytest.raises(services.EditConflictError) as conflict:
        save_title(Intervention.objects.get(pk=concept_a.pk), member_a, "Tweede", opened_at)
    assert conflict.value.current.title == "Eerste opslag"
    assert Intervention.objects.get(pk=concept_a.pk).title == "Eerste opslag"


def test_other_partner_cannot_save(concept_a, member_b):
    with pytest.raises(PermissionDenied):
        save_title(concept_a, member_b, "Overgenomen")


def test_publishing_an_incomplete_description_lists_what_is_missing(concept_a, member_a):
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.publish_intervention(intervention=concept_a, by=member_a)
    messages = " ".join(excinfo.value.messages)
    assert "Basic details: summary" in messages
    assert "theory of change" in messages
    concept_a.refresh_from_db()
    assert concept_a.is_concept


def test_complete_description_is_published(shared_a):
    shared_a.refresh_from_db()
    assert shared_a.is_published
    assert shared_a.published_at is not None
    assert shared_a.completeness == 100


def test_archive_and_bring_back(shared_a, member_a):
    services.archive_intervention(intervention=shared_a, by=member_a)
    assert Intervention.objects.get(pk=shared_a.pk).is_archived
    services.unarchive_intervention(intervention=shared_a, by=member_a)
    assert Intervention.objects.get(pk=shared_a.pk).is_published


def test_restore_brings_back_the_text_and_the_theory_of_change(shared_a, member_a):
    save_title(shared_a, member_a, "Versie één")
    first = Version.objects.get_for_object(shared_a).first()
    TheoryStep.objects.filter(intervention=shared_a).delete()
    save_title(Intervention.objects.get(pk=shared_a.pk), member_a, "Versie twee")

    restored = services.restore_version(intervention=shared_a, version=first, by=member_a)

    assert restored.title == "Versie één"
    assert restored.theory_steps.count() == 1
    assert Version.objects.get_for_object(shared_a).count() == 4


def test_search_finds_a_dutch_word_in_another_inflection(shared_a, internal_a, member_b):
    found = Intervention.objects.visible_to(member_b).search("portiekflat")
    assert list(found) == [shared_a]


def test_concepts_are_visible_only_to_the_own_organisation(concept_a, member_a, member_b):
    assert Intervention.objects.visible_to(member_a).filter(pk=concept_a.pk).exists()
    assert not Intervention.objects.visible_to(member_b).filter(pk=concept_a.pk).exists()
