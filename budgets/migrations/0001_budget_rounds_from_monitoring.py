import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models

MOVED_MODELS = ["budgetround", "budgetapplication", "budgetdecision"]


def move_content_types(apps, schema_editor, *, old: str, new: str) -> None:
    """Point the content types of the moved models at their new app, so permissions, versions
    and admin log entries keep pointing at the same rows. A row that `migrate` created in the
    meantime for the new app (and so is used by nothing) makes way."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED_MODELS:
        if ContentType.objects.using(db).filter(app_label=old, model=model).exists():
            ContentType.objects.using(db).filter(app_label=new, model=model).delete()
            ContentType.objects.using(db).filter(app_label=old, model=model).update(app_label=new)


def forwards(apps, schema_editor):
    move_content_types(apps, schema_editor, old="monitoring", new="budgets")


def backwards(apps, schema_editor):
    move_content_types(apps, schema_editor, old="budgets", new="monitoring")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("monitoring", "0007_application_submitted_version"),
        ("interventions", "0006_list_version"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("wwidw", "0002_add_membership_change"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The models moved from monitoring: their tables stay as they are (db_table), only
    # Django's view of them moves; 0002 renames the tables.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="BudgetRound",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        (
                            "year",
                            models.PositiveSmallIntegerField(
                                validators=[
                                    django.core.validators.MinValueValidator(2000),
                                    django.core.validators.MaxValueValidator(2100),
                                ],
                                verbose_name="year",
                            ),
                        ),
                        (
                            "description",
                            models.TextField(
                                blank=True,
                                help_text="What the round is for and how applications are judged.",
                                verbose_name="explanation",
                            ),
                        ),
                        (
                            "total_budget",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=12,
                                validators=[
                                    django.core.validators.MinValueValidator(Decimal("0.01"))
                                ],
                                verbose_name="budget of the round (€)",
                            ),
                        ),
                        ("opening_date", models.DateField(verbose_name="applications from")),
                        (
                            "closing_date",
                            models.DateField(
                                help_text="Applications can be submitted until this day.",
                                verbose_name="applications until",
                            ),
                        ),
                        (
                            "threshold",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                help_text="Applications for more than this amount need a complete WWidW description; for less a short plan suffices. Empty: a short plan always suffices.",
                                max_digits=12,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(Decimal("0"))
                                ],
                                verbose_name="complete description above (€)",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("open", "open"),
                                    ("in_beoordeling", "under review"),
                                    ("besloten", "decided"),
                                ],
                                default="open",
                                max_length=20,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created at"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="updated at"),
                        ),
                        (
                            "reminded_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="reminder sent at"
                            ),
                        ),
                        (
                            "has_programme_staff_backup",
                            models.BooleanField(
                                default=False,
                                help_text="A manager does not decide on their own application. Tick this when your organisation has no other manager who can.",
                                verbose_name="programme staff may decide when there is no other manager",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="budget_rounds",
                                to="wwidw.organisation",
                                verbose_name="organisation",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "budget round",
                        "verbose_name_plural": "budget rounds",
                        "db_table": "monitoring_budgetround",
                    },
                ),
                migrations.CreateModel(
                    name="BudgetApplication",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "amount_requested",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=12,
                                validators=[
                                    django.core.validators.MinValueValidator(Decimal("0.01"))
                                ],
                                verbose_name="amount requested (€)",
                            ),
                        ),
                        (
                            "co_financing",
                            models.DecimalField(
                                decimal_places=2,
                                default=Decimal("0"),
                                help_text="Money from others or own funds that the project counts on besides this.",
                                max_digits=12,
                                validators=[
                                    django.core.validators.MinValueValidator(Decimal("0"))
                                ],
                                verbose_name="co-financing expected (€)",
                            ),
                        ),
                        (
                            "motivation",
                            models.TextField(
                                help_text="In a few lines: why this project deserves the money now.",
                                max_length=2000,
                                verbose_name="motivation",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("concept", "draft"),
                                    ("ingediend", "submitted"),
                                    ("toegekend", "awarded"),
                                    ("deels_toegekend", "partly awarded"),
                                    ("afgewezen", "rejected"),
                                    ("ingetrokken", "withdrawn"),
                                ],
                                default="concept",
                                max_length=20,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "submitted_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="submitted at"
                            ),
                        ),
                        (
                            "awarded_amount",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=12,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(Decimal("0"))
                                ],
                                verbose_name="awarded amount (€)",
                            ),
                        ),
                        (
                            "decision_reason",
                            models.TextField(
                                blank=True,
                                help_text="The applicant reads this with the decision.",
                                verbose_name="reason",
                            ),
                        ),
                        (
                            "decided_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="decided at"),
                        ),
                        (
                            "is_decided_by_programme_staff",
                            models.BooleanField(
                                default=False, verbose_name="decided by programme staff"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created at"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="updated at"),
                        ),
                        (
                            "applicant",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="budget_applications",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="applicant",
                            ),
                        ),
                        (
                            "decided_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="decided by",
                            ),
                        ),
                        (
                            "intervention",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="budget_applications",
                                to="interventions.intervention",
                                verbose_name="description",
                            ),
                        ),
                        (
                            "submitted_version",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="reversion.version",
                                verbose_name="submitted version of the description",
                            ),
                        ),
                        (
                            "round",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="applications",
                                to="budgets.budgetround",
                                verbose_name="budget round",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "budget application",
                        "verbose_name_plural": "budget applications",
                        "db_table": "monitoring_budgetapplication",
                    },
                ),
                migrations.CreateModel(
                    name="BudgetDecision",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("concept", "draft"),
                                    ("ingediend", "submitted"),
                                    ("toegekend", "awarded"),
                                    ("deels_toegekend", "partly awarded"),
                                    ("afgewezen", "rejected"),
                                    ("ingetrokken", "withdrawn"),
                                ],
                                max_length=20,
                                verbose_name="decision",
                            ),
                        ),
                        (
                            "awarded_amount",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=12,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(Decimal("0"))
                                ],
                                verbose_name="awarded amount (€)",
                            ),
                        ),
                        ("reason", models.TextField(blank=True, verbose_name="reason")),
                        (
                            "decided_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="decided at"
                            ),
                        ),
                        (
                            "is_by_programme_staff",
                            models.BooleanField(default=False, verbose_name="by programme staff"),
                        ),
                        (
                            "application",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="decisions",
                                to="budgets.budgetapplication",
                                verbose_name="application",
                            ),
                        ),
                        (
                            "decided_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="decided by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "decision",
                        "verbose_name_plural": "decisions",
                        "db_table": "monitoring_budgetdecision",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("status__in", ["toegekend", "deels_toegekend", "afgewezen"])
                                ),
                                name="monitoring_budgetdecision_status_is_decision",
                            )
                        ],
                    },
                ),
                migrations.AddConstraint(
                    model_name="budgetround",
                    constraint=models.UniqueConstraint(
                        fields=("organisation", "name"),
                        name="monitoring_budgetround_name_per_organisation",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="budgetround",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("closing_date__gte", models.F("opening_date"))),
                        name="monitoring_budgetround_closes_after_opening",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="budgetround",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("total_budget__gt", 0)),
                        name="monitoring_budgetround_total_budget_positive",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="budgetround",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("threshold__isnull", True), ("threshold__gte", 0), _connector="OR"
                        ),
                        name="monitoring_budgetround_threshold_not_negative",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="budgetround",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("year__gte", 2000), ("year__lte", 2100)),
                        name="monitoring_budgetround_year_range",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="budgetround",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("status__in", ["open", "in_beoordeling", "besloten"])),
                        name="monitoring_budgetround_status_valid",
                    ),
                ),
                migrations.AddIndex(
                    model_name="budgetapplication",
                    index=models.Index(
                        fields=["round", "status"], name="monitoring_budgetapp_round_st"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="budgetapplication",
                    constraint=models.UniqueConstraint(
                        fields=("round", "intervention"),
                        name="monitoring_budgetapplication_once_per_round",
                        violation_error_message="This description already has an application in this round.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="budgetapplication",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("amount_requested__gt", 0)),
                        name="monitoring_budgetapplication_amount_positive",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="budgetapplication",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("co_financing__gte", 0)),
                        name="monitoring_budgetapplication_co_financing_not_negative",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="budgetapplication",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            (
                                "status__in",
                                [
                                    "concept",
                                    "ingediend",
                                    "toegekend",
                                    "deels_toegekend",
                                    "afgewezen",
                                    "ingetrokken",
                                ],
                            )
                        ),
                        name="monitoring_budgetapplication_status_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="budgetapplication",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("awarded_amount", models.F("amount_requested")),
                                ("awarded_amount__isnull", False),
                                ("status", "toegekend"),
                            ),
                            models.Q(
                                ("awarded_amount__gt", 0),
                                ("awarded_amount__isnull", False),
                                ("awarded_amount__lt", models.F("amount_requested")),
                                ("status", "deels_toegekend"),
                            ),
                            models.Q(
                                ("awarded_amount__isnull", True),
                                (
                                    "status__in",
                                    ["concept", "ingediend", "afgewezen", "ingetrokken"],
                                ),
                            ),
                            _connector="OR",
                        ),
                        name="monitoring_budgetapplication_award_matches_status",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="budgetapplication",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("status__in", ["toegekend", "deels_toegekend", "afgewezen"]),
                                _negated=True,
                            ),
                            models.Q(("decided_at__isnull", False), ("decided_by__isnull", False)),
                            _connector="OR",
                        ),
                        name="monitoring_budgetapplication_decision_has_author",
                    ),
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
