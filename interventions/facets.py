"""Facet counts of the knowledge base: one statement for all facets, cached while nothing changes.

Each facet counts its options over the result of the search and of every other filter (not its
own). Instead of one aggregate query per facet, `count_facets` reads the matched descriptions
once into a materialized CTE, with one true/false column per facet filter in use, and groups those
rows once per facet (UNION ALL); each facet tests the columns of the other filters. The ORM
cannot say a CTE, so the statement wraps the SQL that the ORM compiles for the matched set.

At 100,000 descriptions a list without search text matches most of them, and counting that takes
longer than the page itself (260 ms); a search is capped at SEARCH_CANDIDATES rows, counted in
some 8 ms, which is still a third of a selective search's statements. `cached_facet_counts`
keeps the counts of both in Django's cache, keyed by the user's organisations, the search, the
filters, and the list version that changes with every committed write (models.ListVersion): the
next page of a search, or the same search in another order, reads them from there.
"""

import hashlib
import json

from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.db.models.functions import ExtractYear

from interventions import choices
from interventions.models import Effect, IntendedEffect, Intervention
from wwidw import pagecache, permissions
from wwidw.models import Organisation

FACET_NAMES = (
    "status",
    "type",
    "thema",
    "effect",
    "organisatie",
    "gemeente",
    "doelgroep",
    "fase",
    "bewijskracht",
    "met",
    "jaar",
)
# Facets of a many-to-many relation of Intervention: facet name → field name.
RELATED_FACETS = {"type": "intervention_types", "thema": "themes", "doelgroep": "target_groups"}
MATCHED_COLUMNS = [
    "id",
    "organisation_id",
    "status",
    "municipality",
    "phase",
    "evidence_level",
    "year",
]
# The facet "met" (with monitoring, effect measurement, SROI): its options are properties a
# description has or not, each a true/false column `has_<option>` of the matched rows. Its
# chosen options all apply (AND), so its counts keep its own condition: how many remain when
# that option is ticked too.
PROPERTY_FACET = "met"
# The effect facet's label column holds the effect's domain and name, split by the caller.
LABEL_SEPARATOR = "\n"

CACHE_SECONDS = 10 * 60

type FacetRow = tuple[str, str, str, int]  # facet name, value, label, count


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _matched_sql(base, conditions: dict[str, Q], properties: dict[str, Q]) -> tuple[str, list]:
    flags = {f"is_{name}": _flag(condition) for name, condition in conditions.items()}
    flags |= {f"has_{option}": _flag(condition) for option, condition in properties.items()}
    columns = base.order_by().annotate(year=ExtractYear("start_date"), **flags)
    sql, params = columns.values(*MATCHED_COLUMNS, *flags).query.sql_with_params()
    names = ", ".join(_quoted(column) for column in [*MATCHED_COLUMNS, *flags])
    return f"m ({names}) AS MATERIALIZED ({sql})", list(params)


def _related_join(name: str) -> str:
    relation = Intervention._meta.get_field(RELATED_FACETS[name])
    through = relation.remote_field.through._meta
    target = relation.related_model._meta.db_table
    link = through.get_field(relation.m2m_reverse_field_name()).column
    owner = through.get_field(relation.m2m_field_name()).column
    return (
        f"JOIN {_quoted(through.db_table)} t ON t.{_quoted(owner)} = m.id "
        f"JOIN {_quoted(target)} v ON v.id = t.{_quoted(link)}"
    )


def _facet_select(
    name: str, where: str, own: frozenset[int], properties: dict[str, Q]
) -> tuple[str, list]:
    """SELECT facet, value, label, count for one facet over the matched rows `m`.

    The SQL text holds only table and column names from the models and fixed names; every
    value goes in the parameters (hence the `nosec B608` below).
    """
    if name in RELATED_FACETS:
        return (
            f"SELECT %s, v.slug, v.name, count(*) FROM m {_related_join(name)} "  # nosec B608
            f"WHERE {where} GROUP BY v.slug, v.name",
            [name],
        )
    if name == "effect":
        return (
            f"SELECT %s, v.code, concat_ws(%s, v.domain, v.name), count(*) FROM m "  # nosec B608
            f"JOIN {_quoted(IntendedEffect._meta.db_table)} t ON t.intervention_id = m.id "
            f"JOIN {_quoted(Effect._meta.db_table)} v ON v.id = t.effect_id "
            f"WHERE {where} GROUP BY v.code, v.domain, v.name",
            [name, LABEL_SEPARATOR],
        )
    if name == PROPERTY_FACET:
        options = ", ".join(f"(%s, m.{_quoted(f'has_{option}')})" for option in properties)
        return (
            f"SELECT %s, o.value, o.value, count(*) FROM m "  # nosec B608
            f"CROSS JOIN LATERAL (VALUES {options}) o (value, flag) "
            f"WHERE {where} AND o.flag GROUP BY o.value",
            [name, *properties],
        )
    if name == "organisatie":
        return (
            f"SELECT %s, o.slug, o.name, count(*) FROM m "  # nosec B608
            f"JOIN {_quoted(Organisation._meta.db_table)} o ON o.id = m.organisation_id "
            f"WHERE {where} GROUP BY o.slug, o.name",
            [name],
        )
    if name == "status":
        # Other partners' drafts and archive are never visible; this says so once more.
        return (
            f"SELECT %s, m.status, m.status, count(*) FROM m WHERE {where} "  # nosec B608
            "AND (m.status = %s OR m.organisation_id = ANY(%s::bigint[])) GROUP BY m.status",
            [name, choices.Status.PUBLISHED, sorted(own)],
        )
    column = {
        "gemeente": "municipality",
        "fase": "phase",
        "bewijskracht": "evidence_level",
        "jaar": "year",
    }[name]
    return (
        f"SELECT %s, m.{column}::text, m.{column}::text, count(*) FROM m "  # nosec B608
        f"WHERE {where} AND m.{column} IS NOT NULL GROUP BY m.{column}",
        [name],
    )


def count_facets(
    base, conditions: dict[str, Q], *, own: frozenset[int], properties: dict[str, Q]
) -> list[FacetRow]:
    """The count of every option of every facet, in one statement.

    `base` is the matched set without the facet filters; `conditions` holds the condition of
    each facet filter in use (name → Q), `properties` the condition of each option of the
    facet PROPERTY_FACET (option → Q). A facet counts the rows that meet every condition but
    its own (PROPERTY_FACET keeps its own); municipality rows are per stored text ("Den Haag,
    Rijswijk"), split by the caller.
    """
    cte, params = _matched_sql(base, conditions, properties)
    selects = []
    for name in FACET_NAMES:
        others = [
            f"m.is_{other}" for other in conditions if other != name or name == PROPERTY_FACET
        ]
        where = " AND ".join(others) or "TRUE"
        select, select_params = _facet_select(name, where, own, properties)
        selects.append(select)
        params += select_params
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {cte} {' UNION ALL '.join(selects)}", params)
        return [tuple(row) for row in cursor.fetchall()]


# The cache.


def _cache_key(filterset, version: str) -> str:
    """The counts depend on the visible set (the user's organisations), search and filters."""
    chosen = {}
    for name, value in filterset.chosen_facet_values().items():
        # Objects chosen by slug: the slugs as given (valid, since the form accepted them).
        raw = filterset.data.getlist(name) if hasattr(value, "model") else value
        chosen[name] = sorted(str(item) for item in raw) if isinstance(raw, list) else str(raw)
    for name in ("start_vanaf", "start_tot"):
        chosen[name] = str(filterset.cleaned_data.get(name) or "")
    parts = {
        "version": version,
        "organisations": sorted(permissions.organisation_ids(filterset.request.user)),
        "search": filterset.search_text,
        "chosen": chosen,
    }
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    return f"interventions:facets:{digest}"


def cached_facet_counts(filterset) -> list[FacetRow]:
    """The facet counts from the cache, else counted (and kept)."""
    # The list version that database triggers keep (models.ListVersion), read once per request
    # with the cached parts of the page (wwidw/pagecache.py).
    version = pagecache.data_version(filterset.request)
    if version is None:
        return filterset.facet_counts()
    key = _cache_key(filterset, version)
    rows = cache.get(key)
    if rows is None:
        rows = filterset.facet_counts()
        cache.set(key, rows, CACHE_SECONDS)
    return rows
