from django.db import migrations, models

TABLES = "'budgets_budgetround', 'budgets_budgetapplication', 'budgets_budgetdecision'"


# Renames the constraints and indexes of the moved tables from {old}_budget… to {new}_budget…:
# the named rules (<app>_<model>_<rule>) and those Django named after the table. A constraint's
# index follows its constraint. Filled only with this module's constants and the app labels.
RENAME_SQL = """
DO $$
DECLARE item record;
BEGIN
    FOR item IN SELECT conrelid::regclass AS tbl, conname FROM pg_constraint
        WHERE conrelid::regclass::text IN ({tables}) AND conname LIKE '{old}\\_budget%'
    LOOP
        EXECUTE format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', item.tbl, item.conname,
            '{new}' || substr(item.conname, {start}));
    END LOOP;
    FOR item IN SELECT indexname FROM pg_indexes
        WHERE tablename IN ({tables}) AND indexname LIKE '{old}\\_budget%'
    LOOP
        EXECUTE format('ALTER INDEX %I RENAME TO %I', item.indexname,
            '{new}' || substr(item.indexname, {start}));
    END LOOP;
END $$;
"""


def rename_sql(old: str, new: str) -> str:
    return RENAME_SQL.format(tables=TABLES, old=old, new=new, start=len(old) + 1)


class Migration(migrations.Migration):
    dependencies = [
        ("budgets", "0001_budget_rounds_from_monitoring"),
        ("monitoring", "0008_budget_rounds_to_budgets"),
    ]

    # The tables move to budgets_*; PostgreSQL's foreign keys (Financing.application too)
    # follow a renamed table. Constraints and indexes are renamed in place, never dropped and
    # rebuilt or re-checked.
    operations = [
        migrations.AlterModelTable(name="budgetround", table=None),
        migrations.AlterModelTable(name="budgetapplication", table=None),
        migrations.AlterModelTable(name="budgetdecision", table=None),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    rename_sql("monitoring", "budgets"), rename_sql("budgets", "monitoring")
                ),
            ],
            state_operations=[
                migrations.RenameIndex(
                    model_name="budgetapplication",
                    new_name="budgets_budgetapp_round_st",
                    old_name="monitoring_budgetapp_round_st",
                ),
                migrations.RemoveConstraint(
                    model_name="budgetround", name="monitoring_budgetround_name_per_organisation"
                ),
                migrations.AddConstraint(
                    model_name="budgetround",
                    constraint=models.UniqueConstraint(
                        fields=("organisation", "name"),
                        name="budgets_budgetround_name_per_organisation",
                    ),
                ),
                migrations.RemoveConstraint(
                    model_name="budgetround", name="monitoring_budgetround_closes_after_opening"
                ),
                migrations.AddConstraint(
                    model_name="budgetround",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("closing_date__gte", models.F("opening_date"))),
                        name="budgets_budgetround_closes_after_opening",
                    ),
                ),
                migrations.RemoveConstraint(
                    model_name="budgetround", name="monitoring_budgetround_total_budget_positive"
                ),
                migrations.AddConstraint(
                    model_name="budgetround",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("total_budget__gt", 0)),
                        name="budgets_budgetround_total_budget_positive",
                    ),
                ),
                migrations.RemoveConstraint(
                    model_name="budgetround", name="monitoring_budgetround_threshold_not_negative"
                ),
                migrations.AddConstraint(
                    model_name="budgetround",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("threshold__isnull", True), ("threshold__gte", 0), _connector="OR"
                        ),
                        name="budgets_budgetround_threshold_not_negative",
                    ),
                ),
                migrations.RemoveConstraint(
                    model_name="budgetround", name="monitoring_budgetround_year_range"
                ),
                migrations.AddConstraint(
                    model_name="budgetround",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("year__gte", 2000), ("year__lte", 2100)),
                        name="budgets_budgetround_year_range",
                    ),
                ),
                migrations.RemoveConstraint(
                    model_name="budgetround", name="monitoring_budgetround_status_valid"
                ),
                migrations.AddConstraint(
                    model_name="budgetround",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("status__in", ["open", "in_beoordeling", "besloten"])),
                        name="budgets_budgetround_status_valid",
                    ),
                ),
                migrations.RemoveConstraint(
                    model_name="budgetapplication",
                    name="monitoring_budgetapplication_once_per_round",
                ),
                migrations.AddConstraint(
                    model_name="budgetapplication",
                    constraint=models.UniqueConstraint(
                        fields=("round", "intervention"),
                        name="budgets_budgetapplication_once_per_round",
                        violation_error_message="This description already has an application in this round.",
                    ),
                ),
                migrations.RemoveConstraint(
                    model_name="budgetapplication",
                    name="monitoring_budgetapplication_amount_positive",
                ),
                migrations.AddConstraint(
                    model_name="budgetapplication",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("amount_requested__gt", 0)),
                        name="budgets_budgetapplication_amount_positive",
                    ),
                ),
                migrations.RemoveConstraint(
                    model_name="budgetapplication",
                    name="monitoring_budgetapplication_co_financing_not_negative",
                ),
                migrations.AddConstraint(
                    model_name="budgetapplication",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("co_financing__gte", 0)),
                        name="budgets_budgetapplication_co_financing_not_negative",
                    ),
                ),
                migrations.RemoveConstraint(
                    model_name="budgetapplication",
                    name="monitoring_budgetapplication_status_valid",
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
                        name="budgets_budgetapplication_status_valid",
                    ),
                ),
                migrations.RemoveConstraint(
                    model_name="budgetapplication",
                    name="monitoring_budgetapplication_award_matches_status",
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
                        name="budgets_budgetapplication_award_matches_status",
                    ),
                ),
                migrations.RemoveConstraint(
                    model_name="budgetapplication",
                    name="monitoring_budgetapplication_decision_has_author",
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
                        name="budgets_budgetapplication_decision_has_author",
                    ),
                ),
                migrations.RemoveConstraint(
                    model_name="budgetdecision",
                    name="monitoring_budgetdecision_status_is_decision",
                ),
                migrations.AddConstraint(
                    model_name="budgetdecision",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("status__in", ["toegekend", "deels_toegekend", "afgewezen"])
                        ),
                        name="budgets_budgetdecision_status_is_decision",
                    ),
                ),
            ],
        ),
    ]
