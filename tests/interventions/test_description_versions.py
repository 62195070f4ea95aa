"""The version of a description's own rows (interventions/row_versions.py) and the part of its
page kept under it: kept across writes elsewhere, rendered again after any write to its rows,
with the rest of the site in slots that follow every write."""

import re

import pytest
from django.db.models import F, prefetch_related_objects
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from conversation.models import Question
from interventions import completeness, documents, row_versions
from interventions.models import (
    ActiveIngredient,
    Activity,
    Effect,
    IntendedEffect,
    Intervention,
    InterventionType,
    Partner,
    TargetGroup,
    Theme,
    TheoryStep,
)
from tests.factories import InterventionFactory, MembershipFactory, make_published
from tests.row_versions import counted_calls, tables_read, version_of
from wwidw.models import Organisation


@pytest.fixture
def description(partner_a, member_a):
    """A published description with a row in every table its page's part reads."""
    description = make_published(partner_a, member_a)
    Partner.objects.create(
        intervention=description, name="Wijkteam Noord", role=Partner.Role.EXECUTOR
    )
    return description


def rows_of(description: Intervention) -> str:
    return version_of(description, row_versions.fingerprint())


def test_the_fingerprint_covers_every_table_that_the_part_reads(description):
    """What the page's part reads (documents.prefetches(), the sections, the completeness) is
    in ROWS: a relation added there and not here would leave the part stale."""

    def read_the_part():
        readable = Intervention.objects.select_related("organisation").get(pk=description.pk)
        prefetch_related_objects([readable], *documents.prefetches())
        documents.document(readable)
        completeness.check(readable)

    read = tables_read(read_the_part)
    assert read <= {model._meta.db_table for model in row_versions.ROWS}
    assert len(read) == len(row_versions.ROWS)


def _own_rows(description: Intervention) -> dict:
    types = Intervention.intervention_types.through
    themes = Intervention.themes.through
    groups = Intervention.target_groups.through
    effect = description.intended_effects.get()
    return {
        Intervention: Intervention.objects.filter(pk=description.pk),
        Organisation: Organisation.objects.filter(pk=description.organisation_id),
        types: types.objects.filter(intervention=description),
        InterventionType: description.intervention_types.all(),
        themes: themes.objects.filter(intervention=description),
        Theme: description.themes.all(),
        groups: groups.objects.filter(intervention=description),
        TargetGroup: description.target_groups.all(),
        TheoryStep: description.theory_steps.all(),
        ActiveIngredient: description.active_ingredients.all(),
        Activity: description.activities.all(),
        Partner: description.partners.all(),
        IntendedEffect: description.intended_effects.all(),
        Effect: Effect.objects.filter(pk=effect.effect_id),
    }


@pytest.mark.parametrize("model", list(row_versions.ROWS), ids=lambda model: model._meta.db_table)
def test_a_write_to_any_own_row_changes_the_fingerprint(description, model):
    before = rows_of(description)
    rows = _own_rows(description)[model]
    assert rows.exists()

    rows.update(id=F("id"))

    assert rows_of(description) != before


def test_adding_and_removing_a_part_changes_the_fingerprint(description):
    before = rows_of(description)
    step = TheoryStep.objects.create(intervention=description, position=2, if_text="x")
    added = rows_of(description)
    step.delete()

    assert added != before
    assert rows_of(description) == before


def test_writes_to_another_description_leave_the_fingerprint(description, partner_a, member_a):
    before = rows_of(description)
    other = make_published(partner_a, member_a)
    other.theory_steps.update(if_text="iets anders")
    Intervention.objects.filter(pk=other.pk).update(title="Een andere aanpak")

    assert rows_of(description) == before


def test_the_part_is_kept_across_a_write_elsewhere_and_the_slots_follow_it(
    client, description, member_b, partner_a, member_a, monkeypatch
):
    calls = counted_calls(monkeypatch, documents, "document")
    client.force_login(member_b)
    first = client.get(description.get_absolute_url())
    assertContains(first, "Nog geen vragen.")
    # Another description (a similar one) and a question on this one: writes elsewhere.
    similar = make_published(partner_a, member_a, title="Huismeester voor de flats aan de Maas")
    Question.objects.create(intervention=description, author=member_a, body="Hoe begon het?")

    response = client.get(description.get_absolute_url())

    assert calls == [description.pk]
    assertContains(response, "Wijkteam Noord")  # the sections, from the kept part
    assertContains(response, similar.title)
    assertContains(response, "Hoe begon het?")
    assertNotContains(response, "Nog geen vragen.")


def test_a_write_to_its_own_rows_shows_at_once(client, description, member_b):
    client.force_login(member_b)
    assertContains(client.get(description.get_absolute_url()), "Wijkteam Noord")

    description.partners.update(name="Buurtteam Zuid")
    Theme.objects.filter(interventions=description).update(name="Schoon en heel")

    response = client.get(description.get_absolute_url())
    assertContains(response, "Buurtteam Zuid")
    assertContains(response, "Schoon en heel")
    assertNotContains(response, "Wijkteam Noord")


def test_the_question_form_of_a_kept_page_carries_the_readers_own_token(
    description, partner_b, member_b
):
    """The questions are a slot kept for every reader of one kind: its form gets the token of
    the reader who opens it, so that reader can post it."""
    reader = Client()
    reader.force_login(member_b)
    reader.get(description.get_absolute_url())
    colleague = Client(enforce_csrf_checks=True)
    colleague.force_login(MembershipFactory(organisation=partner_b).user)

    page = colleague.get(description.get_absolute_url()).text
    form = re.search(r'<form id="stel-een-vraag".*?</form>', page, re.S).group()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = colleague.post(
        re.search(r'action="([^"]+)"', form).group(1),
        {"body": "Werkt het ook in een hoogbouwflat?", "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302
    assert Question.objects.filter(body="Werkt het ook in een hoogbouwflat?").exists()


def test_a_description_that_is_no_longer_visible_is_a_404_although_its_part_was_kept(
    client, description, member_b
):
    client.force_login(member_b)
    assert client.get(description.get_absolute_url()).status_code == 200
    Intervention.objects.filter(pk=description.pk).update(
        visibility=Intervention.Visibility.ORGANISATION
    )

    assert client.get(description.get_absolute_url()).status_code == 404


def test_an_empty_description_of_the_own_organisation_is_kept_too(client, partner_a, member_a):
    draft = InterventionFactory(organisation=partner_a, created_by=member_a)
    client.force_login(member_a)
    assertContains(client.get(draft.get_absolute_url()), "Nog niet ingevuld.")

    Intervention.objects.filter(pk=draft.pk).update(summary="Een eerste zin.")

    assertContains(client.get(draft.get_absolute_url()), "Een eerste zin.")
