"""What the tests of row versions (wwidw/row_versions.py) share: an object's version, the tables
a piece of code reads, and counting the calls of what a kept part saves."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext


def version_of(instance, fingerprint) -> str:
    """The version of `instance`'s rows, as the page reads it."""
    rows = type(instance).objects.filter(pk=instance.pk).annotate(rows=fingerprint)
    return rows.values_list("rows", flat=True).get()


def tables_read(work) -> set[str]:
    """The tables that the statements of `work()` read."""
    with CaptureQueriesContext(connection) as queries:
        work()
    return {
        table
        for query in queries.captured_queries
        for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])
    }


def counted_calls(monkeypatch, owner, name: str) -> list:
    """The pks of the first argument of every call of `owner.name` from now on."""
    calls = []
    original = getattr(owner, name)

    def counted(first, *args, **kwargs):
        calls.append(first.pk)
        return original(first, *args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls
