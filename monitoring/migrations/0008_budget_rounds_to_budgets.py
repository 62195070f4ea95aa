import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("budgets", "0001_budget_rounds_from_monitoring"),
        ("monitoring", "0007_application_submitted_version"),
    ]

    # The budget rounds moved to the budgets app (budgets 0001): the tables stay, only
    # Django's view of them leaves monitoring.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(
                    model_name="budgetapplication",
                    name="monitoring_budgetapp_round_st",
                ),
                migrations.RemoveConstraint(
                    model_name="budgetapplication",
                    name="monitoring_budgetapplication_once_per_round",
                ),
                migrations.RemoveConstraint(
                    model_name="budgetapplication",
                    name="monitoring_budgetapplication_amount_positive",
                ),
                migrations.RemoveConstraint(
                    model_name="budgetapplication",
                    name="monitoring_budgetapplication_co_financing_not_negative",
                ),
                migrations.RemoveConstraint(
                    model_name="budgetapplication",
                    name="monitoring_budgetapplication_status_valid",
                ),
                migrations.RemoveConstraint(
                    model_name="budgetapplication",
                    name="monitoring_budgetapplication_decision_has_author",
                ),
                migrations.RemoveConstraint(
                    model_name="budgetapplication",
                    name="monitoring_budgetapplication_award_matches_status",
                ),
                migrations.AlterField(
                    model_name="financing",
                    name="application",
                    field=models.OneToOneField(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="financing",
                        to="budgets.budgetapplication",
                        verbose_name="budget application",
                    ),
                ),
                migrations.RemoveConstraint(
                    model_name="budgetdecision",
                    name="monitoring_budgetdecision_status_is_decision",
                ),
                migrations.RemoveConstraint(
                    model_name="budgetround",
                    name="monitoring_budgetround_name_per_organisation",
                ),
                migrations.RemoveConstraint(
                    model_name="budgetround",
                    name="monitoring_budgetround_closes_after_opening",
                ),
                migrations.RemoveConstraint(
                    model_name="budgetround",
                    name="monitoring_budgetround_total_budget_positive",
                ),
                migrations.RemoveConstraint(
                    model_name="budgetround",
                    name="monitoring_budgetround_threshold_not_negative",
                ),
                migrations.RemoveConstraint(
                    model_name="budgetround",
                    name="monitoring_budgetround_year_range",
                ),
                migrations.RemoveConstraint(
                    model_name="budgetround",
                    name="monitoring_budgetround_status_valid",
                ),
                migrations.RemoveField(
                    model_name="budgetdecision",
                    name="application",
                ),
                migrations.RemoveField(
                    model_name="budgetdecision",
                    name="decided_by",
                ),
                migrations.RemoveField(
                    model_name="budgetround",
                    name="organisation",
                ),
                migrations.DeleteModel(
                    name="BudgetApplication",
                ),
                migrations.DeleteModel(
                    name="BudgetDecision",
                ),
                migrations.DeleteModel(
                    name="BudgetRound",
                ),
            ],
        ),
    ]
