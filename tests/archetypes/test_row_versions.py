"""The version of the rows an archetype's page shows (archetypes/row_versions.py) and the part of
the page kept under it: kept across writes elsewhere, worked out again after any write to a row
that the page or its figures read."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import prefetch_related_objects
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from archetypes import choices, documents, figures, row_versions
from archetypes.models import ActiveIngredient, Archetype, Reference
from interventions.choices import Visibility
from interventions.models import Intervention, Theme
from monitoring.models import CostLine, EffectIndicator, MonitoringPlan, OutputValue
from tests.archetypes.test_practice_figures import linked, measure, plan_for
from tests.factories import (
    ActiveIngredientFactory,
    ArchetypeFactory,
    EffectVerdictFactory,
    InterventionFactory,
    OutputIndicatorFactory,
    OutputValueFactory,
    ReferenceFactory,
    make_published,
    store_figures,
)
from tests.row_versions import counted_calls, tables_read, version_of

# What the page reads to know what the reader may see: kept by the page's key (the kind of
# reader), not by the archetype's rows.
READER_TABLES = {"wwidw_membership"}


@pytest.fixture
def archetype(db, programme_staff):
    """A published archetype with a row in every table its page reads: a theme, a curator,
    references, an ingredient applied by a linked description and a verdict; the description
    with an intended effect and shared monitoring (costs, a measured effect, a direct result)."""
    archetype = ArchetypeFactory(status=choices.Status.PUBLISHED)
    archetype.curators.add(programme_staff)
    archetype.themes.add(Theme.objects.first())
    reference = ReferenceFactory(archetype=archetype, authors="Jansen, P.", year=2021)
    ingredient = ActiveIngredientFactory(archetype=archetype, is_essential=True)
    ingredient.references.add(reference)
    verdict = EffectVerdictFactory(archetype=archetype, effect__code="VE.01")
    verdict.references.add(reference)
    description = linked(archetype, start_date=datetime.date(2023, 1, 1))
    ingredient.applied_in.add(description)
    plan = plan_for(description, realised="12000", benefits="30000")
    measure(plan, 20, standard=True)
    indicator = OutputIndicatorFactory(plan=plan, unit="bezoeken")
    OutputValueFactory(indicator=indicator, period=plan.periods.get(), realised=Decimal(40))
    store_figures(plan)
    return archetype


def url(archetype: Archetype) -> str:
    return reverse("archetypes:detail", args=[archetype.slug])


def rows_of(archetype: Archetype) -> str:
    return version_of(archetype, row_versions.fingerprint())


def test_the_fingerprint_covers_every_table_that_the_part_reads(archetype, member_a):
    """What the page's part reads (documents.READABLE and document()) is in ROWS: a relation
    added there and not here would leave the part stale."""

    def read_the_part():
        readable = Archetype.objects.select_related("intervention_type").get(pk=archetype.pk)
        prefetch_related_objects([readable], *documents.READABLE)
        documents.document(readable, user=member_a)

    read = tables_read(read_the_part) - READER_TABLES
    assert read == {model._meta.db_table for model in row_versions.ROWS}


def test_a_write_to_any_of_its_rows_changes_the_version(archetype):
    description = Intervention.objects.get(archetype_links__archetype=archetype)
    plan = MonitoringPlan.objects.get(intervention=description)
    writes = [
        lambda: Archetype.objects.filter(pk=archetype.pk).update(title="Nieuw"),
        lambda: Reference.objects.filter(archetype=archetype).update(year=2022),
        lambda: ActiveIngredient.objects.filter(archetype=archetype).update(name="Anders"),
        lambda: Intervention.objects.filter(pk=description.pk).update(evidence_level=4),
        lambda: CostLine.objects.filter(plan=plan).update(amount=Decimal(13000)),
        lambda: EffectIndicator.objects.filter(plan=plan).update(improvement=Decimal(5)),
        lambda: OutputValue.objects.filter(indicator__plan=plan).update(realised=Decimal(41)),
        lambda: description.intended_effects.all().delete(),
        lambda: archetype.links.all().delete(),
    ]
    seen = {rows_of(archetype)}
    for write in writes:
        write()
        version = rows_of(archetype)
        assert version not in seen
        seen.add(version)


def test_a_write_elsewhere_leaves_the_version(archetype, partner_a, member_a):
    before = rows_of(archetype)
    other = ArchetypeFactory(status=choices.Status.PUBLISHED)
    linked(other)
    make_published(partner_a, member_a, title="Iets anders")
    InterventionFactory(organisation=partner_a)
    assert rows_of(archetype) == before


@pytest.fixture
def worked_out(monkeypatch) -> list:
    """The archetypes whose figures were worked out from now on."""
    return counted_calls(monkeypatch, figures, "archetype_figures")


def test_the_part_is_kept_across_a_write_elsewhere(
    client, archetype, member_a, partner_a, worked_out
):
    client.force_login(member_a)
    assertContains(client.get(url(archetype)), archetype.title)
    make_published(partner_a, member_a, title="Iets anders")  # the site's data version moves
    response = client.get(url(archetype))
    assertContains(response, archetype.title)
    assert worked_out == [archetype.pk]


def test_a_write_to_its_practice_is_on_the_page_at_once(client, archetype, member_a, worked_out):
    client.force_login(member_a)
    assertContains(client.get(url(archetype)), "Jansen")
    Reference.objects.filter(archetype=archetype).update(authors="Pietersen, K.")
    description = Intervention.objects.get(archetype_links__archetype=archetype)
    Intervention.objects.filter(pk=description.pk).update(title="Huismeester Zuidwijk")
    response = client.get(url(archetype))
    assertContains(response, "Pietersen")
    assertContains(response, "Huismeester Zuidwijk")
    assertNotContains(response, "Jansen")
    assert worked_out == [archetype.pk, archetype.pk]


def test_a_description_hidden_since_is_gone_although_the_part_was_kept(
    client, archetype, member_a, worked_out
):
    """The examples follow what the description's organisation shares: unpublished since,
    it is no longer on the page (its row is in the version)."""
    client.force_login(member_a)
    description = Intervention.objects.get(archetype_links__archetype=archetype)
    assertContains(client.get(url(archetype)), description.title)
    Intervention.objects.filter(pk=description.pk).update(visibility=Visibility.ORGANISATION)
    assertNotContains(client.get(url(archetype)), description.title)


def test_a_reader_of_another_kind_gets_their_own_part(
    client, archetype, member_a, member_b, partner_a, worked_out
):
    """A draft of the reader's own organisation linked to the archetype is an example for its
    members only: the part is kept per kind of reader."""
    draft = InterventionFactory(organisation=partner_a, title="Eigen concept")
    archetype.links.create(intervention=draft, role=choices.ExampleRole.TYPICAL)
    client.force_login(member_a)
    assertContains(client.get(url(archetype)), "Eigen concept")
    client.force_login(member_b)
    assertNotContains(client.get(url(archetype)), "Eigen concept")


def test_a_draft_archetype_is_a_404_although_its_part_was_kept(client, archetype, member_a):
    client.force_login(member_a)
    assert client.get(url(archetype)).status_code == 200
    Archetype.objects.filter(pk=archetype.pk).update(status=choices.Status.CONCEPT)
    assert client.get(url(archetype)).status_code == 404
