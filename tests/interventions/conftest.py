import pytest

from interventions import services
from tests.factories import InterventionFactory, make_complete


@pytest.fixture
def concept_a(partner_a, member_a):
    """A draft of partner A, refreshed for search."""
    intervention = InterventionFactory(organisation=partner_a, created_by=member_a)
    services.refresh_derived_fields(intervention)
    return intervention


@pytest.fixture
def shared_a(partner_a, member_a):
    """A complete description of partner A, published for all partners."""
    intervention = make_complete(
        InterventionFactory(organisation=partner_a, created_by=member_a, visibility="partners")
    )
    services.publish_intervention(intervention=intervention, by=member_a)
    services.refresh_derived_fields(intervention)
    return intervention


@pytest.fixture
def internal_a(partner_a, member_a):
    """A complete description of partner A, published within partner A only."""
    intervention = make_complete(InterventionFactory(organisation=partner_a, created_by=member_a))
    services.publish_intervention(intervention=intervention, by=member_a)
    services.refresh_derived_fields(intervention)
    return intervention
