"""The list version changes once per committed transaction, not once per row it wrote.

The triggers are deferred: at commit each row written fires one, and each updated the one row
of the version again. A transaction that writes thousands of rows (an import) then spent
seconds at commit, growing with the square of its size, on updates of that one row. Now the
first trigger at the commit bumps it and the others see that it is done: by the transaction
and the statement (the commit) they run in. Where the triggers run at each statement instead
(SET CONSTRAINTS … IMMEDIATE, as the tests do), every statement still bumps it once.
"""

from django.db import migrations

ONCE = """
CREATE OR REPLACE FUNCTION interventions_bump_list_version() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    done text := txid_current()::text || ' ' || statement_timestamp()::text;
BEGIN
    IF current_setting('wwidw.list_version_bumped', true) IS NOT DISTINCT FROM done THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('wwidw.list_version_bumped', done, true);
    INSERT INTO interventions_listversion (id, token, number)
    VALUES (1, gen_random_uuid(), 1)
    ON CONFLICT (id) DO UPDATE SET number = interventions_listversion.number + 1;
    RETURN NULL;
END
$$;
"""

EACH_ROW = """
CREATE OR REPLACE FUNCTION interventions_bump_list_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO interventions_listversion (id, token, number)
    VALUES (1, gen_random_uuid(), 1)
    ON CONFLICT (id) DO UPDATE SET number = interventions_listversion.number + 1;
    RETURN NULL;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("interventions", "0008_description_imports_and_external_reference")]

    operations = [migrations.RunSQL(ONCE, EACH_ROW)]
