from django.db import migrations

# The knowledge base counts descriptions with monitoring, with an effect measurement and with
# an SROI (interventions/facets.py): writes of those rows change the list version, as the
# descriptions' own writes do (interventions migration 0006).
COUNTED_TABLES = [
    "monitoring_monitoringplan",
    "monitoring_costline",
    "monitoring_outputvalue",
    "monitoring_effectindicator",
]

TRIGGERS = """
CREATE CONSTRAINT TRIGGER {table}_list_version
AFTER INSERT OR UPDATE OR DELETE ON {table} DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION interventions_bump_list_version();
CREATE TRIGGER {table}_list_version_truncate
AFTER TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION interventions_bump_list_version();
"""

DROP_TRIGGERS = """
DROP TRIGGER {table}_list_version ON {table};
DROP TRIGGER {table}_list_version_truncate ON {table};
"""


class Migration(migrations.Migration):

    dependencies = [
        ("interventions", "0007_find_by_effect_and_phase"),
        ("monitoring", "0011_standard_indicator_library"),
    ]

    operations = [
        migrations.RunSQL(
            [TRIGGERS.format(table=table) for table in COUNTED_TABLES],
            [DROP_TRIGGERS.format(table=table) for table in COUNTED_TABLES],
        ),
    ]
