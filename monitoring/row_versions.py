"""The version of a plan's monitoring: a fingerprint of every row its figures come from.

The figures of a plan (its costs, results, social return and effects) and the pages that show
them change only when the plan's own rows change. A part of a page that shows nothing else is
kept under this fingerprint instead of the site's data version (wwidw/pagecache.py), which
every write anywhere changes: the description's shared figures (monitoring/shared.py) and the
monitoring overview (monitoring/views.py).

How the fingerprint is made: wwidw/row_versions.py. `ROWS` lists what `with_details()`
reads (tests/monitoring/test_plan_versions.py checks that it stays so).
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
from wwidw import row_versions
from wwidw.models import Organisation
from wwidw.row_versions import select

# The plan of the query the fingerprint is part of; no subquery below reads its table again
# under that name.
PLAN = '"monitoring_monitoringplan"."id"'
PLAN_INTERVENTION = '"monitoring_monitoringplan"."intervention_id"'
PLAN_ORGANISATION = '"monitoring_monitoringplan"."organisation_id"'


def _of_plan(model) -> str:
    return select("id", model, f"plan_id = {PLAN}")


# Per table, which of its rows the figures read, as SQL in terms of the plan's row.
ROWS = {
    MonitoringPlan: PLAN,
    Intervention: PLAN_INTERVENTION,
    ReportingPeriod: _of_plan(ReportingPeriod),
    CostLine: _of_plan(CostLine),
    Financing: _of_plan(Financing),
    OutputIndicator: _of_plan(OutputIndicator),
    OutputValue: select("id", OutputValue, f"indicator_id IN ({_of_plan(OutputIndicator)})"),
    ValuedOutcome: _of_plan(ValuedOutcome),
    FinancialProxy: select("library_proxy_id", ValuedOutcome, f"plan_id = {PLAN}"),
    EffectIndicator: _of_plan(EffectIndicator),
    EffectMeasurement: select(
        "id", EffectMeasurement, f"indicator_id IN ({_of_plan(EffectIndicator)})"
    ),
    Effect: select("effect_id", EffectIndicator, f"plan_id = {PLAN}"),
    StandardIndicator: select("standard_id", EffectIndicator, f"plan_id = {PLAN}"),
    Organisation: " UNION ".join(
        [
            f"SELECT {PLAN_ORGANISATION}",
            select("organisation_id", Intervention, f"id = {PLAN_INTERVENTION}"),
            select("bearer_organisation_id", CostLine, f"plan_id = {PLAN}"),
            select("funder_organisation_id", Financing, f"plan_id = {PLAN}"),
        ]
    ),
}


def fingerprint() -> RawSQL:
    """The fingerprint of a plan's rows, for a query of plans."""
    return row_versions.fingerprint(ROWS)
