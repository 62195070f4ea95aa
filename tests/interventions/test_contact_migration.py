"""Migration 0011 gives every existing description a contact person: its author, where the
author is a member of the owning organisation, on a database of the schema before it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from interventions import models as current

BEFORE = [("interventions", "0010_external_reference_database_default")]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def latest_schema_after():
    """Whatever the test does, the next test finds the latest schema."""
    yield
    migrate()


@pytest.mark.django_db(transaction=True)
def test_existing_descriptions_get_their_member_author_as_contact(
    reference_data, latest_schema_after
):
    apps = migrate(BEFORE)
    Organisation = apps.get_model("wwidw", "Organisation")
    User = apps.get_model("wwidw", "User")
    Membership = apps.get_model("wwidw", "Membership")
    Intervention = apps.get_model("interventions", "Intervention")
    organisation = Organisation.objects.create(
        name="Woonstichting Migratie", slug="migratie", kind="woningcorporatie", city="Delft"
    )
    member = User.objects.create(email="auteur@partner.example", full_name="Auteur")
    left = User.objects.create(email="vertrokken@partner.example", full_name="Vertrokken")
    Membership.objects.create(user=member, organisation=organisation, role="medewerker")
    by_member = Intervention.objects.create(
        organisation=organisation, created_by=member, title="Huismeester", contact_name="Ans"
    )
    by_leaver = Intervention.objects.create(
        organisation=organisation, created_by=left, title="Buurtkamer"
    )

    migrate()

    contacts = dict(current.Intervention.objects.values_list("pk", "contact_id"))
    assert contacts == {by_member.pk: member.pk, by_leaver.pk: None}
    assert current.Intervention.objects.get(pk=by_member.pk).contact_name == "Ans"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_indexes WHERE tablename = 'interventions_intervention'"
            " AND indexdef LIKE '%%(contact_id)%%'"
        )
        assert cursor.fetchone()
