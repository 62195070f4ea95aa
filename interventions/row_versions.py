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
from wwidw.row_versions import select

# The description of the query the fingerprint is part of; no subquery below reads its table
# again under that name.
DESCRIPTION = '"interventions_intervention"."id"'
DESCRIPTION_ORGANISATION = '"interventions_intervention"."organisation_id"'


def _of_description(model) -> str:
    return select("id", model, f"intervention_id = {DESCRIPTION}")


def _through(name: str):
    return Intervention._meta.get_field(name).remote_field.through


def _chosen(name: str) -> str:
    """The rows of the vocabulary that the description chose in its field `name`."""
    column = Intervention._meta.get_field(name).m2m_reverse_name()
    return select(column, _through(name), f"intervention_id = {DESCRIPTION}")


# Per table, which of its rows the page's part reads, as SQL in terms of the description's row.
ROWS = {
    Intervention: DESCRIPTION,
    Organisation: f"SELECT {DESCRIPTION_ORGANISATION}",
    _through("intervention_types"): _of_description(_through("intervention_types")),
    InterventionType: _chosen("intervention_types"),
    _through("themes"): _of_description(_through("themes")),
    Theme: _chosen("themes"),
    _through("target_groups"): _of_description(_through("target_groups")),
    TargetGroup: _chosen("target_groups"),
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
