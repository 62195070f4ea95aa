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
from wwidw.row_versions import select, through

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


# The comparison with the plans of the same type (monitoring/benchmark.py): its peers are among
# the plans of the descriptions that share a type with the plan's, and of those it reads the
# results in the plan's units and the effects the plan measures. With the plan's own rows (ROWS)
# these are all the rows it reads (the names of its effects are the plan's own), but for the
# reader's memberships, which the page's key holds.
TYPES = through(Intervention, "intervention_types")
OWN_TYPES = select("interventiontype_id", TYPES, f"intervention_id = {PLAN_INTERVENTION}")
CANDIDATES = select("intervention_id", TYPES, f"interventiontype_id IN ({OWN_TYPES})")
# The plans' table under a name of its own, so that PLAN_INTERVENTION stays the outer plan's.
CANDIDATE_PLANS = select(
    "peer.id", MonitoringPlan, f"peer.intervention_id IN ({CANDIDATES})", "peer"
)
# Of the descriptions of those types only the ones with monitoring: a new description counts
# once it has a plan (a row of CANDIDATE_PLANS).
MONITORED = select(
    "peer.intervention_id", MonitoringPlan, f"peer.intervention_id IN ({CANDIDATES})", "peer"
)
OWN_UNITS = select("lower(trim(unit))", OutputIndicator, f"plan_id = {PLAN}")
OWN_EFFECTS = select("effect_id", EffectIndicator, f"plan_id = {PLAN}")
PEER_OUTPUTS = select(
    "id", OutputIndicator, f"plan_id IN ({CANDIDATE_PLANS}) AND lower(trim(unit)) IN ({OWN_UNITS})"
)

PEERS = {
    TYPES: select(
        "id", TYPES, f"interventiontype_id IN ({OWN_TYPES}) AND intervention_id IN ({MONITORED})"
    ),
    Intervention: MONITORED,
    MonitoringPlan: CANDIDATE_PLANS,
    OutputIndicator: PEER_OUTPUTS,
    OutputValue: select("id", OutputValue, f"indicator_id IN ({PEER_OUTPUTS})"),
    EffectIndicator: select(
        "id", EffectIndicator, f"plan_id IN ({CANDIDATE_PLANS}) AND effect_id IN ({OWN_EFFECTS})"
    ),
}


def peers_fingerprint() -> RawSQL:
    """The fingerprint of the rows of a plan's peers that its comparison reads, for a query of
    plans; the comparison is kept under it with the plan's own (fingerprint())."""
    return row_versions.fingerprint(PEERS)
