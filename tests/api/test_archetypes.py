"""An archetype's figures through the API are the page's: from practice examples published for
all partners and their shared monitoring, and a median only over enough of them."""

import decimal

from archetypes import choices as archetype_choices
from tests.factories import (
    ArchetypeFactory,
    ArchetypeInterventionFactory,
    MembershipFactory,
    make_plan,
    make_published,
)


def _example(archetype, cost: str, *, is_shared: bool = True):
    membership = MembershipFactory()
    description = make_published(membership.organisation, membership.user)
    make_plan(description, cost=decimal.Decimal(cost), is_shared=is_shared)
    ArchetypeInterventionFactory(archetype=archetype, intervention=description)


def _figures(api, key, archetype) -> dict:
    response = api(f"/api/v1/archetypes/{archetype.slug}", key)
    assert response.status_code == 200
    return response.json()["figures"]


def test_the_median_cost_shows_over_three_shared_plans_and_never_an_unshared_one(api, key_b):
    archetype = ArchetypeFactory(status=archetype_choices.Status.PUBLISHED)
    _example(archetype, "1000.00")
    _example(archetype, "3000.00")
    _example(archetype, "1000000.00", is_shared=False)
    figures = _figures(api, key_b, archetype)
    assert (figures["descriptions"], figures["with_monitoring"]) == (3, 2)
    assert figures["total_cost"] is None  # two values: too few to show
    _example(archetype, "5000.00")
    figures = _figures(api, key_b, archetype)
    assert figures["total_cost"]["n"] == 3
    assert decimal.Decimal(figures["total_cost"]["median"]) == 3000
