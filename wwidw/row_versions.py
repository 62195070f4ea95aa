"""The version of the rows that a part of a page shows, to keep the part by (wwidw/pagecache.py)
where the site's data version, which every write anywhere changes, is too wide.

A fingerprint is computed in the statement that reads the object (a plan, a description): per
table the ids of the rows that the part shows, each with the version of the row that PostgreSQL
reads: `xmin`, the transaction that wrote it, and `ctid`, where it lies, which a second update in
that transaction changes too. An insert, an update and a delete each change it, whatever writes
(a form, an import, the admin, SQL). What rows a part shows is listed per model as SQL in terms
of the object's row (monitoring/row_versions.py, interventions/row_versions.py); a test of each
list reads the tables from the SQL of the part's queries and fails when one is missing.
"""

from django.db import models
from django.db.models.expressions import RawSQL

# Per table the ids of its rows in the part, each with its version, in the order of the ids.
VERSIONS = (
    "string_agg(row.id::text || ':' || row.xmin::text || row.ctid::text, ',' ORDER BY row.id)"
)


def select(column: str, model: type[models.Model], condition: str, alias: str = "") -> str:
    """`SELECT column FROM model's table WHERE condition`."""
    # Only names of tables and columns, from the models, go into this SQL; no value.
    table = f"{model._meta.db_table} {alias}".strip()
    return f"SELECT {column} FROM {table} WHERE {condition}"  # nosec B608


def through(model: type[models.Model], name: str) -> type[models.Model]:
    """The table of the many-to-many field `name` of `model`."""
    return model._meta.get_field(name).remote_field.through


def links(model: type[models.Model], name: str, owners: str) -> str:
    """The rows of the many-to-many field `name` for the `owners` (SQL of their ids)."""
    field = model._meta.get_field(name)
    return select("id", through(model, name), f"{field.m2m_column_name()} IN ({owners})")


def chosen(model: type[models.Model], name: str, owners: str) -> str:
    """The rows that the many-to-many field `name` of the `owners` (SQL of their ids) points at."""
    field = model._meta.get_field(name)
    owned = f"{field.m2m_column_name()} IN ({owners})"
    return select(field.m2m_reverse_name(), through(model, name), owned)


def fingerprint(rows: dict[type[models.Model], str]) -> RawSQL:
    """The fingerprint of the rows `rows` names per model, as an annotation."""
    parts = ", ".join(
        f"({select(VERSIONS, model, f'row.id IN ({ids})', alias='row')})"
        for model, ids in rows.items()
    )
    return RawSQL(f"md5(concat_ws('|', {parts}))", [])  # nosec B611
