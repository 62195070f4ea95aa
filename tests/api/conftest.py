import pytest

from api import services
from tests.factories import MembershipFactory
from wwidw.models import Membership


@pytest.fixture
def key_a(partner_a, manager_a):
    """The token of an API key of partner A."""
    return services.create_api_key(organisation=partner_a, name="Intranet", by=manager_a)[1]


@pytest.fixture
def manager_b(partner_b):
    return MembershipFactory(organisation=partner_b, role=Membership.Role.MANAGER).user


@pytest.fixture
def key_b(partner_b, manager_b):
    """The token of an API key of partner B."""
    return services.create_api_key(organisation=partner_b, name="Intranet", by=manager_b)[1]


@pytest.fixture
def api(client):
    """GET an API address with a key: api(path, key, **headers)."""

    def get(path, key=None, **headers):
        if key:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
        return client.get(path, **headers)

    return get
