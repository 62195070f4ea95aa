"""The version of a plan's monitoring: a fingerprint of every row its figures come from.

The figures of a plan (its costs, results, social return and effects) and the pages that show
them change only when the plan's own rows change. A part of a page that shows nothing else is
kept under this fingerprint instead of the site's data version (wwidw/pagecache.py), which
every write anywhere changes: the description's shared figures (monitoring/shared.py) and the
monitoring overview (monitoring/views.py).

Per table, the ids of the plan's rows, each with the version of the row that PostgreSQL reads:
`xmin`, the transaction that wrote it, and `ctid`, where it lies, which a second update in that
transaction changes too. An insert, an update and a delete each change the fingerprint, whatever
writes (a form, an import, the admin, SQL); it is read in the statement that finds the plan.
`ROWS` lists what `with_details()` reads (tests/monitoring/test_plan_versions.py checks that it
stays so).
"""

from django.db.models.expressions import RawSQL

from interventions.models import Effect, Intervention
from monitoring.models import (
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
)
from wwidw.models import Organisation

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
