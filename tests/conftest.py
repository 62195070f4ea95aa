import pytest
from django.contrib.auth.models import Group

from interventions import services
from tests.factories import (
    InterventionFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    make_published,
)
from wwidw.models import PROGRAMME_STAFF_GROUP, Membership


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # No collectstatic manifest in tests, and fast password hashing.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def partner_a(db):
    return OrganisationFactory(name="Woonstichting De Maasoever", slug="maasoever")


@pytest.fixture
def partner_b(db):
    return OrganisationFactory(name="Hofstad Woonkracht", slug="hofstad", city="Den Haag")


@pytest.fixture
def member_a(partner_a):
    return MembershipFactory(organisation=partner_a, user__full_name="Youssef El Amrani").user


@pytest.fixture
def manager_a(partner_a):
    return MembershipFactory(
        organisation=partner_a, role=Membership.Role.MANAGER, user__full_name="Annemieke de Vries"
    ).user


@pytest.fixture
def member_b(partner_b):
    return MembershipFactory(organisation=partner_b, user__full_name="Rachid Bouzian").user


@pytest.fixture
def programme_staff(db):
    user = UserFactory(full_name="Programmabureau", is_staff=True)
    user.groups.add(Group.objects.get(name=PROGRAMME_STAFF_GROUP))
    return user


@pytest.fixture
def concept_a(partner_a, member_a):
    """A draft of partner A, refreshed for search."""
    intervention = InterventionFactory(organisation=partner_a, created_by=member_a)
    services.refresh_derived_fields(intervention)
    return intervention


@pytest.fixture
def shared_a(partner_a, member_a):
    """A complete description of partner A, published for all partners."""
    return make_published(partner_a, member_a)


@pytest.fixture
def internal_a(partner_a, member_a):
    """A complete description of partner A, published within partner A only."""
    return make_published(partner_a, member_a, visibility="organisatie")
