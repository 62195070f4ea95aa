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
from wwidw.row_versions import select

# The archetype of the query the fingerprint is part of; no subquery below reads its table
# again under that name.
ARCHETYPE = '"archetypes_archetype"."id"'
ARCHETYPE_TYPE = '"archetypes_archetype"."intervention_type_id"'


def _of_archetype(model, column: str = "id") -> str:
    return select(column, model, f"archetype_id = {ARCHETYPE}")


def _through(model, name: str):
    return model._meta.get_field(name).remote_field.through


def _chosen(model, name: str, owners: str) -> str:
    """The rows that the many-to-many field `name` of the `owners` (SQL of their ids) points at."""
    field = model._meta.get_field(name)
    through = field.remote_field.through
    return select(field.m2m_reverse_name(), through, f"{field.m2m_column_name()} IN ({owners})")


def _links(model, name: str, owners: str) -> str:
    """The rows of the many-to-many table of `name` for the `owners` (SQL of their ids)."""
    field = model._meta.get_field(name)
    return select("id", field.remote_field.through, f"{field.m2m_column_name()} IN ({owners})")


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
    _through(Archetype, "themes"): _links(Archetype, "themes", ARCHETYPE_SELF),
    Theme: _chosen(Archetype, "themes", ARCHETYPE_SELF),
    _through(Archetype, "curators"): _links(Archetype, "curators", ARCHETYPE_SELF),
    User: _chosen(Archetype, "curators", ARCHETYPE_SELF),
    ActiveIngredient: INGREDIENTS,
    _through(ActiveIngredient, "references"): _links(ActiveIngredient, "references", INGREDIENTS),
    _through(ActiveIngredient, "applied_in"): _links(ActiveIngredient, "applied_in", INGREDIENTS),
    EffectVerdict: VERDICTS,
    _through(EffectVerdict, "references"): _links(EffectVerdict, "references", VERDICTS),
    # The archetype's own, and those its ingredients and verdicts cite.
    Reference: (
        f"{_of_archetype(Reference)} UNION {_chosen(ActiveIngredient, 'references', INGREDIENTS)} "
        f"UNION {_chosen(EffectVerdict, 'references', VERDICTS)}"
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
