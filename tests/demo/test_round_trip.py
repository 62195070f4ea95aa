"""A partner's knowledge moves in one piece: the demo organisation's descriptions and monitoring,
exported as a manager downloads them, imported through the pages into an empty organisation,
come back with every field and every figure the same."""

from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from django.urls import reverse

from interventions import imports
from interventions.models import DescriptionImport, Intervention
from monitoring.models import MonitoringPlan
from tests.factories import MembershipFactory, OrganisationFactory
from tests.monitoring.test_imports import confirm, content
from tests.monitoring.test_imports import upload as upload_monitoring
from wwidw.models import Membership

CHILDREN = ["theory_steps", "active_ingredients", "activities", "partners", "intended_effects"]
VOCABULARIES = ["intervention_types", "themes", "target_groups"]


def _children(intervention: Intervention) -> dict:
    found = {}
    for name in CHILDREN:
        model = getattr(intervention, name).model
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if not field.primary_key and field.name != "intervention"
        ]
        rows = getattr(intervention, name).values_list(*fields)
        found[name] = sorted(rows, key=repr)
    for name in VOCABULARIES:
        found[name] = sorted(getattr(intervention, name).values_list("pk", flat=True))
    return found


def _as_brought_over(figures: dict, source_organisation_id: int) -> dict:
    """What the source bore or funded itself is the importing organisation's own ("own", no
    organisation named) in the copy; everything else the same."""

    def own(value):
        return None if value == source_organisation_id else value

    figures = dict(figures)
    figures["costs"] = sorted(
        ((*row[:6], own(row[6]), *row[7:]) for row in figures["costs"]), key=repr
    )
    figures["financing"] = sorted(
        ((row[0], own(row[1]), *row[2:]) for row in figures["financing"]), key=repr
    )
    return figures


@pytest.fixture
def source(seeded):
    """The demo partner with the most monitored descriptions, and one of its managers."""
    organisation_id = (
        MonitoringPlan.objects.values("organisation")
        .annotate(plans=Count("pk"))
        .order_by("-plans")
        .first()["organisation"]
    )
    manager = (
        Membership.objects.filter(organisation_id=organisation_id, role="manager")
        .select_related("user", "organisation")
        .first()
    )
    return manager.organisation, manager.user


def test_the_demo_partners_knowledge_moves_whole_into_an_empty_organisation(client, source):
    organisation, manager = source
    originals = {
        item.title: item for item in Intervention.objects.filter(organisation=organisation)
    }
    plans = list(MonitoringPlan.objects.filter(organisation=organisation))
    assert len(originals) >= 4
    assert len(plans) >= 3
    client.force_login(manager)

    # The descriptions: exported in the template's shape, imported into the new organisation.
    exported = client.get(
        reverse("interventions:import_export_xlsx"), {"organisatie": organisation.slug}
    )
    assert exported.status_code == 200
    empty = OrganisationFactory(name="Nieuwe Woonstichting")
    MembershipFactory(user=manager, organisation=empty, role="manager")
    response = client.post(
        reverse("interventions:import_start"),
        {
            "file": SimpleUploadedFile("beschrijvingen.xlsx", exported.content),
            "organisation": empty.pk,
        },
    )
    assert response.status_code == 302
    description_import = DescriptionImport.objects.latest("pk")
    problems = [p for row in description_import.preview["rows"] for p in row["problems"]]
    assert problems == []
    client.post(reverse("interventions:import_run", args=[description_import.pk]))
    copies = {item.title: item for item in Intervention.objects.filter(organisation=empty)}
    assert set(copies) == set(originals)
    for title, original in originals.items():
        copy = copies[title]
        for name in imports.WRITTEN_FIELDS:
            assert getattr(copy, name) == getattr(original, name), (title, name)
        assert _children(copy) == _children(original), title
        assert copy.status == Intervention.Status.CONCEPT

    # The monitoring of each: exported as the manager downloads it, imported on the copy.
    for plan in plans:
        title = plan.intervention.title
        file = client.get(reverse("monitoring:export_xlsx", args=[plan.intervention_id])).content
        preview = upload_monitoring(client, copies[title].pk, file)
        assert preview.status_code == 200
        assert preview.context["check"].problems == [], title
        confirm(client, copies[title].pk, preview)
        copied = MonitoringPlan.objects.get(intervention=copies[title])
        assert content(copied) == _as_brought_over(content(plan), organisation.pk), title
    assert Counter(
        MonitoringPlan.objects.filter(organisation=empty).values_list(
            "intervention__title", flat=True
        )
    ) == Counter(plan.intervention.title for plan in plans)
