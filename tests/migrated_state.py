"""After a test that commits, the test database goes back to what the migrations left in it.

Django's TransactionTestCase empties every table with one TRUNCATE and then sends post_migrate
again, which makes the content types, the permissions and the Programmabureau group anew (the
group once per app), after which `reference_data` seeded the vocabulary again: some 0.9 s
after each of the suite's live-server and concurrency tests. Instead, the rows the migrations
wrote (content types, permissions, groups, the vocabulary, the list version) are copied once
per test process, right after the test database is made; after a test that commits every
table is emptied with DELETE, which costs next to nothing for the few rows a test writes, and
those rows are copied back with COPY, in one transaction. A test that commits therefore starts
from the database a fresh run starts from, with the same primary keys.
"""

from django.db import connections, transaction
from django.test import TransactionTestCase

# Per database alias: (table, columns, rows in COPY's text format) of each table the
# migrations left rows in.
_snapshots: dict[str, list[tuple[str, list[str], bytes]]] = {}


def _tables(connection) -> list[str]:
    # The tables Django's flush empties: those of the installed models.
    return sorted(
        connection.introspection.django_table_names(only_existing=True, include_views=False)
    )


def _quoted(connection, names) -> str:
    return ", ".join(connection.ops.quote_name(name) for name in names)


def capture(alias: str = "default") -> None:
    """Keep the rows of every table that holds any, as the migrations left them."""
    connection = connections[alias]
    snapshot = []
    with connection.cursor() as cursor:
        for table in _tables(connection):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {quoted})")
            if not cursor.fetchone()[0]:
                continue
            columns = [
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
            ]
            sql = f"COPY {quoted} ({_quoted(connection, columns)}) TO STDOUT"
            with cursor.cursor.copy(sql) as copy:
                rows = b"".join(bytes(block) for block in copy)
            snapshot.append((table, columns, rows))
    _snapshots[alias] = snapshot


# The sequence of a restored table never stays behind the primary keys copied back (a
# migration test may have made the table, and its sequence, anew).
_CATCH_UP = """
DO $$
DECLARE
    name text;
    sequence text;
    highest bigint;
    last bigint;
BEGIN
    FOREACH name IN ARRAY %s LOOP
        sequence := pg_get_serial_sequence(quote_ident(name), 'id');
        CONTINUE WHEN sequence IS NULL;
        EXECUTE format('SELECT max(id) FROM %%I', name) INTO highest;
        EXECUTE format('SELECT last_value FROM %%s', sequence) INTO last;
        IF highest >= last THEN
            PERFORM setval(sequence, highest);
        END IF;
    END LOOP;
END
$$;
"""


def restore(alias: str = "default") -> None:
    """Empty every table and copy back the rows the migrations wrote, in one transaction."""
    connection = connections[alias]
    snapshot = _snapshots[alias]
    tables = _tables(connection)
    # Foreign keys are checked at the commit (Django makes them deferrable), when every row a
    # test wrote is gone and every row of the snapshot is back.
    emptying = "SET CONSTRAINTS ALL DEFERRED;" + "".join(
        f"DELETE FROM {connection.ops.quote_name(table)};" for table in tables
    )
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute(emptying)
        restored = []
        for table, columns, rows in snapshot:
            if table not in tables:
                continue
            sql = f"COPY {connection.ops.quote_name(table)} ({_quoted(connection, columns)})"
            with cursor.cursor.copy(sql + " FROM STDIN") as copy:
                copy.write(rows)
            if "id" in columns:
                restored.append(table)
        if restored:
            names = "ARRAY[" + ", ".join(f"'{table}'" for table in restored) + "]::text[]"
            cursor.execute(_CATCH_UP % names)


_flush = TransactionTestCase._fixture_teardown


def _fixture_teardown(self) -> None:
    aliases = self._databases_names(include_mirrors=False)
    if self.available_apps is not None or self.serialized_rollback:
        return _flush(self)
    if not all(alias in _snapshots for alias in aliases):
        return _flush(self)
    for alias in aliases:
        restore(alias)
    return None


def install() -> None:
    """Tests that commit end with `restore` instead of Django's flush."""
    TransactionTestCase._fixture_teardown = _fixture_teardown
