from django.db import migrations

# Cached pages (wwidw/pagecache.py) are keyed by the list version (interventions.ListVersion),
# so every table whose rows a cached page shows changes it when a write commits, as the
# descriptions' tables (interventions 0006, 0007) and the monitoring's (monitoring 0012) do.
# tests/test_pagecache.py checks that every table of the site is here, there, or named as one
# that no page shows.
COUNTED_TABLES = [
    "wwidw_user",
    "wwidw_membership",
    "wwidw_membershipchange",
    "wwidw_user_groups",
    "interventions_intervention_authors",
    "interventions_theorystep",
    "interventions_activeingredient",
    "interventions_activity",
    "interventions_partner",
    "monitoring_reportingperiod",
    "monitoring_financing",
    "monitoring_outputindicator",
    "monitoring_financialproxy",
    "monitoring_valuedoutcome",
    "monitoring_standardindicator",
    "monitoring_effectmeasurement",
    "monitoring_monitoringreminder",
    "budgets_budgetround",
    "budgets_budgetapplication",
    "budgets_budgetdecision",
    "archetypes_archetype",
    "archetypes_archetype_themes",
    "archetypes_archetype_curators",
    "archetypes_archetype_recommended_indicators",
    "archetypes_reference",
    "archetypes_activeingredient",
    "archetypes_activeingredient_references",
    "archetypes_activeingredient_applied_in",
    "archetypes_effectverdict",
    "archetypes_effectverdict_references",
    "archetypes_archetypeintervention",
    "events_themesession",
    "events_registration",
    "events_sessioningredient",
]
# Of an account only what pages show: a login (last_login) changes nothing that is cached.
UPDATED_COLUMNS = {"wwidw_user": "full_name, job_title, email, is_active, is_staff, is_superuser"}

TRIGGERS = """
CREATE CONSTRAINT TRIGGER {table}_list_version
AFTER INSERT OR UPDATE{columns} OR DELETE ON {table} DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION interventions_bump_list_version();
CREATE TRIGGER {table}_list_version_truncate
AFTER TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION interventions_bump_list_version();
"""

DROP_TRIGGERS = """
DROP TRIGGER {table}_list_version ON {table};
DROP TRIGGER {table}_list_version_truncate ON {table};
"""


def _of(table: str) -> str:
    return f" OF {UPDATED_COLUMNS[table]}" if table in UPDATED_COLUMNS else ""


class Migration(migrations.Migration):

    dependencies = [
        ("wwidw", "0002_add_membership_change"),
        ("interventions", "0007_find_by_effect_and_phase"),
        ("monitoring", "0012_list_version_of_monitoring"),
        ("budgets", "0002_budgets_tables"),
        ("archetypes", "0002_effect_verdicts"),
        ("events", "0002_registration_reminder_sent_at"),
    ]

    operations = [
        migrations.RunSQL(
            [
                TRIGGERS.format(table=table, columns=_of(table)) for table in COUNTED_TABLES
            ],
            [DROP_TRIGGERS.format(table=table) for table in COUNTED_TABLES],
        ),
    ]
