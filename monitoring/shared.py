"""The figures a description's page shows of its shared monitoring, rendered once per version of
the rows they come from.

Computing them loads the whole plan (every cost line, value, outcome and measurement) and draws
a chart per effect indicator: most of the time of a description's page when it is built. Those
figures change only when the plan's own rows change, not at every write to the site, which
changes the data version that keys the rest of the page (wwidw/pagecache.py). So the section is
kept under a fingerprint of exactly those rows instead: per table the ids of the plan's rows,
each with the version of the row that PostgreSQL reads (`xmin`, the transaction that wrote it,
and `ctid`, where it lies, which a second update in that transaction changes too). An insert,
an update and a delete each change it, whatever writes (a form, an import, the admin, SQL),
and it is read in the statement that finds the plan. `ROWS` lists what `with_details()` reads
(tests/monitoring/test_shared_section.py checks that it stays so).

Nothing of the reader is in the section: every reader who may see the description sees the
same figures. The key holds the language and today's date besides the fingerprint.
"""

import hashlib

from django.db.models import prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from interventions.models import Effect, Intervention
from monitoring.models import (
    DETAIL_RELATIONS,
    CostLine,
    EffectIndicator,
    EffectMeasurement,
    FinancialProxy,
    Financing,
    MonitoringPlan,
    OutputIndicator,
    OutputValue,
    ReportingPeriod,
    StandardIndicator,
    ValuedOutcome,
    detail_prefetches,
)
from wwidw import pagecache
from wwidw.models import Organisation

SECTION_TEMPLATE = "monitoring/includes/shared_figures_section.html"
# The plan of the query the fingerprint is part of; no subquery below reads its table again
# under that name.
PLAN = '"monitoring_monitoringplan"."id"'
PLAN_INTERVENTION = '"monitoring_monitoringplan"."intervention_id"'
PLAN_ORGANISATION = '"monitoring_monitoringplan"."organisation_id"'


def _select(column: str, model, condition: str, alias: str = "") -> str:
    # Only names of tables and columns, from the models, go into this SQL; no value.
    table = f"{model._meta.db_table} {alias}".strip()
    return f"SELECT {column} FROM {table} WHERE {condition}"  # nosec B608


def _of_plan(model) -> str:
    return _select("id", model, f"plan_id = {PLAN}")


# Per table, which of its rows the section reads, as SQL in terms of the plan's id.
ROWS = {
    MonitoringPlan: PLAN,
    Intervention: PLAN_INTERVENTION,
    ReportingPeriod: _of_plan(ReportingPeriod),
    CostLine: _of_plan(CostLine),
    Financing: _of_plan(Financing),
    OutputIndicator: _of_plan(OutputIndicator),
    OutputValue: _select("id", OutputValue, f"indicator_id IN ({_of_plan(OutputIndicator)})"),
    ValuedOutcome: _of_plan(ValuedOutcome),
    FinancialProxy: _select("library_proxy_id", ValuedOutcome, f"plan_id = {PLAN}"),
    EffectIndicator: _of_plan(EffectIndicator),
    EffectMeasurement: _select(
        "id", EffectMeasurement, f"indicator_id IN ({_of_plan(EffectIndicator)})"
    ),
    Effect: _select("effect_id", EffectIndicator, f"plan_id = {PLAN}"),
    StandardIndicator: _select("standard_id", EffectIndicator, f"plan_id = {PLAN}"),
    Organisation: " UNION ".join(
        [
            f"SELECT {PLAN_ORGANISATION}",
            _select("organisation_id", Intervention, f"id = {PLAN_INTERVENTION}"),
            _select("bearer_organisation_id", CostLine, f"plan_id = {PLAN}"),
            _select("funder_organisation_id", Financing, f"plan_id = {PLAN}"),
        ]
    ),
}

# Per table the ids of those rows, each with its version, in the order of the ids.
VERSIONS = (
    "string_agg(row.id::text || ':' || row.xmin::text || row.ctid::text, ',' ORDER BY row.id)"
)
FINGERPRINT_SQL = "md5(concat_ws('|', {}))".format(
    ", ".join(
        f"({_select(VERSIONS, model, f'row.id IN ({rows})', alias='row')})"
        for model, rows in ROWS.items()
    )
)


def fingerprint() -> RawSQL:
    """The fingerprint of a plan's rows, for a query of plans."""
    return RawSQL(FINGERPRINT_SQL, [])  # nosec B611


def section(intervention: Intervention, organisation_name: str) -> SafeString | None:
    """The section of the description's shared monitoring figures; None when its plan is not
    shared with all partners."""
    plan = (
        MonitoringPlan.objects.shared()
        .filter(intervention=intervention)
        .select_related(*DETAIL_RELATIONS)
        .annotate(rows=fingerprint())
        .first()
    )
    if plan is None:
        return None
    material = repr(
        (
            plan.pk,
            plan.rows,
            organisation_name,
            translation.get_language(),
            timezone.localdate().isoformat(),
        )
    )
    key = f"shared-figures:{hashlib.sha256(material.encode()).hexdigest()}"
    part = pagecache.CachedPart.look_up(key)
    if part.html is None:
        # Read as with_details() reads it, in the same queries after the plan's own.
        prefetch_related_objects([plan], *detail_prefetches())
        context = {"figures": plan.figures(), "organisation_name": organisation_name}
        part.store(render_to_string(SECTION_TEMPLATE, context))
    # The HTML of our own template, rendered with autoescaping.
    return mark_safe(part.html)  # nosec B308 B703
