"""The version of the rows an archetype's page shows, as a fingerprint (wwidw/row_versions.py):
the archetype with what the curators wrote, and its practice: the linked descriptions, their
intended effects and their monitoring, of which section 9 and the confrontation are aggregates
(archetypes/figures.py, archetypes/confrontation.py). The page's part is kept under it
(archetypes/views.py), so a write elsewhere (another description, a session, a question) does
not make the page work those aggregates out again; any write to a row they read does.

`ROWS` lists what `documents.readable()` and `documents.document()` read, but for what the reader
may see (their memberships), which the page's key holds (tests/archetypes/test_row_versions.py
checks that it stays so).
"""

from django.db.models.expressions import RawSQL

from archetypes.models import (
    ActiveIngredient,
    Archetype,
    ArchetypeIntervention,
    EffectVerdict,
    Reference,
)
from interventions.models import Effect, IntendedEffect, Intervention, InterventionType, Theme
from monitoring.models import (
    CostLine,
    EffectIndicator,
    MonitoringPlan,
    OutputIndicator,
    OutputValue,
)
from wwidw import row_versions
from wwidw.models import Organisation, User
from wwidw.row_versions import chosen, links, select, through

# The archetype of the query the fingerprint is part of; no subquery below reads its table
# again under that name.
ARCHETYPE = '"archetypes_archetype"."id"'
ARCHETYPE_TYPE = '"archetypes_archetype"."intervention_type_id"'


def _of_archetype(model, column: str = "id") -> str:
    return select(column, model, f"archetype_id = {ARCHETYPE}")


LINKED = _of_archetype(ArchetypeIntervention, "intervention_id")
INGREDIENTS = _of_archetype(ActiveIngredient)
VERDICTS = _of_archetype(EffectVerdict)
PLANS = select("id", MonitoringPlan, f"intervention_id IN ({LINKED})")
INTENDED = select("id", IntendedEffect, f"intervention_id IN ({LINKED})")
EFFECT_INDICATORS = select("id", EffectIndicator, f"plan_id IN ({PLANS})")
OUTPUT_INDICATORS = select("id", OutputIndicator, f"plan_id IN ({PLANS})")
ARCHETYPE_SELF = f"SELECT {ARCHETYPE}"

# Per table, which of its rows the page's part reads, as SQL in terms of the archetype's row.
ROWS = {
    Archetype: ARCHETYPE,
    InterventionType: f"SELECT {ARCHETYPE_TYPE}",
    through(Archetype, "themes"): links(Archetype, "themes", ARCHETYPE_SELF),
    Theme: chosen(Archetype, "themes", ARCHETYPE_SELF),
    through(Archetype, "curators"): links(Archetype, "curators", ARCHETYPE_SELF),
    User: chosen(Archetype, "curators", ARCHETYPE_SELF),
    ActiveIngredient: INGREDIENTS,
    through(ActiveIngredient, "references"): links(ActiveIngredient, "references", INGREDIENTS),
    through(ActiveIngredient, "applied_in"): links(ActiveIngredient, "applied_in", INGREDIENTS),
    EffectVerdict: VERDICTS,
    through(EffectVerdict, "references"): links(EffectVerdict, "references", VERDICTS),
    # The archetype's own, and those its ingredients and verdicts cite.
    Reference: (
        f"{_of_archetype(Reference)} UNION {chosen(ActiveIngredient, 'references', INGREDIENTS)} "
        f"UNION {chosen(EffectVerdict, 'references', VERDICTS)}"
    ),
    ArchetypeIntervention: _of_archetype(ArchetypeIntervention),
    Intervention: LINKED,
    Organisation: select("organisation_id", Intervention, f"id IN ({LINKED})"),
    IntendedEffect: INTENDED,
    Effect: (
        f"{select('effect_id', IntendedEffect, f'id IN ({INTENDED})')} "
        f"UNION {select('effect_id', EffectVerdict, f'id IN ({VERDICTS})')}"
    ),
    MonitoringPlan: PLANS,
    CostLine: select("id", CostLine, f"plan_id IN ({PLANS})"),
    EffectIndicator: EFFECT_INDICATORS,
    OutputIndicator: OUTPUT_INDICATORS,
    OutputValue: select("id", OutputValue, f"indicator_id IN ({OUTPUT_INDICATORS})"),
}


def fingerprint() -> RawSQL:
    """The fingerprint of the rows an archetype's page shows, for a query of archetypes."""
    return row_versions.fingerprint(ROWS)
