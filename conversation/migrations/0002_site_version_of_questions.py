from django.db import migrations

# Questions and answers show on a description's page, which is cached by the list version
# (wwidw/pagecache.py): a committed question or answer changes it, as events 0003 does for the
# other tables. Follows and the digest's bookkeeping belong to one reader and are never cached.
COUNTED_TABLES = ["conversation_question", "conversation_answer"]

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
        ("conversation", "0001_questions_answers_follows"),
        ("events", "0003_site_version_of_every_page"),
    ]

    operations = [
        migrations.RunSQL(
            [TRIGGERS.format(table=table) for table in COUNTED_TABLES],
            [DROP_TRIGGERS.format(table=table) for table in COUNTED_TABLES],
        ),
    ]
