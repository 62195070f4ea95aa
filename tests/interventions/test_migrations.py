"""Migration 0007 adds the intended effects to the search vectors of existing descriptions: a
database of the schema before it, with descriptions and their effects, migrates so that their
codes and names are found, with the same words a save writes (services.effects_text)."""

import pytest
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from interventions import services
from interventions.models import Intervention

BEFORE = [("interventions", "0006_list_version"), ("monitoring", "0009_effect_indicators")]


def migrate(targets=None):
    """Migrate to `targets` (the latest migrations when None) and return the historical
    models of that state."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([node for node in targets if node[1]]).apps


def fill(apps) -> dict[str, int]:
    Organisation = apps.get_model("wwidw", "Organisation")
    User = apps.get_model("wwidw", "User")
    Intervention = apps.get_model("interventions", "Intervention")
    Effect = apps.get_model("interventions", "Effect")
    IntendedEffect = apps.get_model("interventions", "IntendedEffect")
    organisation = Organisation.objects.create(
        name="Woonstichting Migratie", slug="migratie", kind="woningcorporatie", city="Delft"
    )
    author = User.objects.create(email="auteur@partner.example", full_name="Auteur")
    panel = Intervention.objects.create(
        organisation=organisation, created_by=author, title="Klantpanel Buitenhof"
    )
    party = Intervention.objects.create(
        organisation=organisation, created_by=author, title="Buurtfeest Buitenhof"
    )
    for code in ("BE.04", "LB.01"):
        IntendedEffect.objects.create(intervention=panel, effect=Effect.objects.get(code=code))
    # A vector as the saves before this migration wrote it (here: the title alone).
    Intervention.objects.update(search_vector=SearchVector("title", config="dutch", weight="A"))
    return {"panel": panel.pk, "party": party.pk}


def vectors() -> dict[int, str]:
    return dict(Intervention.objects.values_list("pk", "search_vector"))


@pytest.fixture
def latest_schema_after():
    """Whatever the test does, the next test finds the latest schema."""
    yield
    migrate()


@pytest.mark.django_db(transaction=True)
def test_existing_descriptions_are_found_by_their_effects(reference_data, latest_schema_after):
    ids = fill(migrate(BEFORE))
    before = vectors()

    migrate()
    after = vectors()
    assert after[ids["party"]] == before[ids["party"]]  # no effects: unchanged
    panel = Intervention.objects.get(pk=ids["panel"])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (%s::tsvector || setweight(to_tsvector('dutch', %s), 'B'))::text",
            [before[ids["panel"]], services.effects_text(panel)],
        )
        assert after[ids["panel"]] == cursor.fetchone()[0]
    for text in ("klanttevredenheid", "LB.01", "be.04", "LB01"):
        assert list(Intervention.objects.search(text).values_list("pk", flat=True)) == [
            ids["panel"]
        ], text
