"""The budget rounds moved from monitoring to their own app: a database of today's schema with
rounds, applications, decisions and award financing lines migrates without losing a row, a
link, a content type or a permission. (That it also migrates back was shown while the move was
new; going down a second time past every later migration of every app took half of this test's
22 seconds, so it no longer does.)"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The schema before the move: monitoring held the budget rounds.
BEFORE = [("monitoring", "0007_application_submitted_version"), ("budgets", None)]
MOVED = ["budgetround", "budgetapplication", "budgetdecision"]


def migrate(targets=None):
    """Migrate to `targets` (the latest migrations when None) and return the historical
    models of that state."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([node for node in targets if node[1]]).apps


def fill(apps) -> dict:
    """Two rounds with applications (one submitted with its version, one awarded with its
    decision and financing line), through the models as they were before the move."""
    User = apps.get_model("wwidw", "User")
    Organisation = apps.get_model("wwidw", "Organisation")
    Intervention = apps.get_model("interventions", "Intervention")
    MonitoringPlan = apps.get_model("monitoring", "MonitoringPlan")
    Financing = apps.get_model("monitoring", "Financing")
    BudgetRound = apps.get_model("monitoring", "BudgetRound")
    BudgetApplication = apps.get_model("monitoring", "BudgetApplication")
    BudgetDecision = apps.get_model("monitoring", "BudgetDecision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Revision = apps.get_model("reversion", "Revision")
    Version = apps.get_model("reversion", "Version")

    organisation = Organisation.objects.create(
        name="Woonstichting Migratie",
        slug="woonstichting-migratie",
        kind="woningcorporatie",
        city="Rotterdam",
    )
    applicant = User.objects.create(email="aanvrager@partner.example", full_name="Aanvrager")
    manager = User.objects.create(email="manager@partner.example", full_name="Manager")
    first = Intervention.objects.create(
        organisation=organisation, created_by=applicant, title="Huismeester"
    )
    second = Intervention.objects.create(
        organisation=organisation, created_by=applicant, title="Buurtkamer"
    )
    today = datetime.date(2026, 3, 1)
    rounds = [
        BudgetRound.objects.create(
            organisation=organisation,
            name=f"Ronde {year}",
            year=year,
            total_budget=Decimal("50000.00"),
            opening_date=today,
            closing_date=today + datetime.timedelta(days=30),
            threshold=Decimal("10000.00"),
            status=status,
        )
        for year, status in [(2025, "besloten"), (2026, "in_beoordeling")]
    ]
    description_type = ContentType.objects.get(app_label="interventions", model="intervention")
    version = Version.objects.create(
        revision=Revision.objects.create(
            user=applicant, comment="Ingediend", date_created=datetime.datetime.now(datetime.UTC)
        ),
        object_id=str(second.pk),
        content_type=description_type,
        db="default",
        format="json",
        serialized_data="[]",
        object_repr="Buurtkamer",
    )
    awarded = BudgetApplication.objects.create(
        round=rounds[0],
        intervention=first,
        applicant=applicant,
        amount_requested=Decimal("5000.00"),
        motivation="Een aanspreekpunt.",
        status="toegekend",
        awarded_amount=Decimal("5000.00"),
        decided_by=manager,
        decided_at=datetime.datetime(2025, 4, 1, tzinfo=datetime.UTC),
    )
    submitted = BudgetApplication.objects.create(
        round=rounds[1],
        intervention=second,
        applicant=applicant,
        amount_requested=Decimal("2500.00"),
        motivation="Een plek om te ontmoeten.",
        status="ingediend",
        submitted_version=version,
    )
    decision = BudgetDecision.objects.create(
        application=awarded,
        status="toegekend",
        awarded_amount=Decimal("5000.00"),
        reason="Past in de ronde.",
        decided_by=manager,
    )
    plan = MonitoringPlan.objects.create(
        intervention=first, organisation=organisation, start_date=today
    )
    financing = Financing.objects.create(
        plan=plan,
        kind="leefbaarheidsbudget",
        committed=Decimal("5000.00"),
        application=awarded,
    )
    round_type = ContentType.objects.get(app_label="monitoring", model="budgetround")
    group = Group.objects.create(name="Budgetbeheer")
    group.permissions.add(
        Permission.objects.get(content_type=round_type, codename="change_budgetround")
    )
    return {
        "rounds": [item.pk for item in rounds],
        "awarded": awarded.pk,
        "submitted": submitted.pk,
        "decision": decision.pk,
        "financing": financing.pk,
        "version": version.pk,
        "manager": manager.pk,
        "applicant": applicant.pk,
        "round_type": round_type.pk,
        "group": group.pk,
    }


def check(apps, ids: dict) -> None:
    """Every row, link, content type and permission is there, under the budgets app."""
    BudgetRound = apps.get_model("budgets", "BudgetRound")
    BudgetApplication = apps.get_model("budgets", "BudgetApplication")
    BudgetDecision = apps.get_model("budgets", "BudgetDecision")
    Financing = apps.get_model("monitoring", "Financing")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")

    assert sorted(BudgetRound.objects.values_list("pk", "name", "status")) == [
        (ids["rounds"][0], "Ronde 2025", "besloten"),
        (ids["rounds"][1], "Ronde 2026", "in_beoordeling"),
    ]
    awarded = BudgetApplication.objects.get(pk=ids["awarded"])
    assert awarded.round_id == ids["rounds"][0]
    assert awarded.intervention.title == "Huismeester"
    assert (awarded.status, awarded.awarded_amount) == ("toegekend", Decimal("5000.00"))
    assert awarded.decided_by_id == ids["manager"]
    submitted = BudgetApplication.objects.get(pk=ids["submitted"])
    assert submitted.round_id == ids["rounds"][1]
    assert submitted.applicant_id == ids["applicant"]
    assert submitted.submitted_version_id == ids["version"]
    assert submitted.submitted_version.object_repr == "Buurtkamer"
    decision = BudgetDecision.objects.get(pk=ids["decision"])
    assert decision.application_id == ids["awarded"]
    assert (decision.status, decision.reason) == ("toegekend", "Past in de ronde.")
    financing = Financing.objects.get(pk=ids["financing"])
    assert financing.application_id == ids["awarded"]
    assert financing.application.round.name == "Ronde 2025"
    assert BudgetApplication.objects.get(financing=financing).pk == ids["awarded"]

    round_type = ContentType.objects.get(pk=ids["round_type"])
    assert (round_type.app_label, round_type.model) == ("budgets", "budgetround")
    assert not ContentType.objects.filter(app_label="monitoring", model__in=MOVED).exists()
    permission = Group.objects.get(pk=ids["group"]).permissions.get()
    assert (permission.codename, permission.content_type_id) == (
        "change_budgetround",
        ids["round_type"],
    )


def constraint_names(table: str) -> set[str]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return set(constraints)


@pytest.fixture
def latest_schema_after():
    """Whatever the test does, the next test finds the latest schema."""
    yield
    migrate()


@pytest.mark.django_db(transaction=True)
def test_budget_rounds_move_to_budgets_without_losing_data(latest_schema_after):
    ids = fill(migrate(BEFORE))
    assert "monitoring_budgetround" in connection.introspection.table_names()

    check(migrate(), ids)
    tables = connection.introspection.table_names()
    assert {f"budgets_{model}" for model in MOVED} <= set(tables)
    assert not {f"monitoring_{model}" for model in MOVED} & set(tables)
    named = {name for model in MOVED for name in constraint_names(f"budgets_{model}")}
    assert "budgets_budgetround_closes_after_opening" in named
    assert "budgets_budgetapplication_once_per_round" in named
    assert "budgets_budgetdecision_status_is_decision" in named
    assert "budgets_budgetapp_round_st" in named
    assert not [name for name in named if name.startswith("monitoring_")]
