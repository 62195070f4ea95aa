"""The version of a description's own rows: what its page shows of it, as a fingerprint
(wwidw/row_versions.py). The part of the description's page with its heading and sections is
kept under it (interventions/views/read.py), so a write elsewhere does not make the page read
and render them again; what the page shows of the rest of the site goes into slots.

`ROWS` lists what `documents.prefetches()` and the page's heading read
(tests/interventions/test_description_versions.py checks that it stays so).
"""

from django.db.models.expressions import RawSQL

from interventions.models import (
    ActiveIngredient,
    Activity,
    Effect,
    IntendedEffect,
    Intervention,
    InterventionType,
    Partner,
    TargetGroup,
    Theme,
    TheoryStep,
)
from wwidw import row_versions
from wwidw.models import Organisation
from wwidw.row_versions import chosen, links, select, through

# The description of the query the fingerprint is part of; no subquery below reads its table
# again under that name.
DESCRIPTION = '"interventions_intervention"."id"'
DESCRIPTION_ORGANISATION = '"interventions_intervention"."organisation_id"'
DESCRIPTION_SELF = f"SELECT {DESCRIPTION}"


def _of_description(model) -> str:
    return select("id", model, f"intervention_id = {DESCRIPTION}")


# Per table, which of its rows the page's part reads, as SQL in terms of the description's row.
ROWS = {
    Intervention: DESCRIPTION,
    Organisation: f"SELECT {DESCRIPTION_ORGANISATION}",
    through(Intervention, "intervention_types"): links(
        Intervention, "intervention_types", DESCRIPTION_SELF
    ),
    InterventionType: chosen(Intervention, "intervention_types", DESCRIPTION_SELF),
    through(Intervention, "themes"): links(Intervention, "themes", DESCRIPTION_SELF),
    Theme: chosen(Intervention, "themes", DESCRIPTION_SELF),
    through(Intervention, "target_groups"): links(Intervention, "target_groups", DESCRIPTION_SELF),
    TargetGroup: chosen(Intervention, "target_groups", DESCRIPTION_SELF),
    TheoryStep: _of_description(TheoryStep),
    ActiveIngredient: _of_description(ActiveIngredient),
    Activity: _of_description(Activity),
    Partner: _of_description(Partner),
    IntendedEffect: _of_description(IntendedEffect),
    Effect: select("effect_id", IntendedEffect, f"intervention_id = {DESCRIPTION}"),
}


def fingerprint() -> RawSQL:
    """The fingerprint of a description's own rows, for a query of descriptions."""
    return row_versions.fingerprint(ROWS)
