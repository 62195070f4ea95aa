"""The account of a request loaded with the data version and its memberships in one statement
(wwidw.auth.SiteBackend, wwidw/pagecache.py load_user)."""

from django.contrib.auth import get_user_model
from django.test import RequestFactory

from tests.factories import MembershipFactory, OrganisationFactory
from wwidw import pagecache, permissions
from wwidw.auth import SiteBackend


def test_the_account_is_loaded_as_the_orm_loads_it(member_a, django_assert_num_queries):
    with django_assert_num_queries(1):
        loaded = SiteBackend().get_user(str(member_a.pk))
    expected = get_user_model().objects.get(pk=member_a.pk)
    for field in get_user_model()._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.name
    assert loaded._state.adding is False


def test_no_account_for_an_unknown_a_malformed_or_an_inactive_id(member_a):
    backend = SiteBackend()
    assert backend.get_user(member_a.pk + 1000) is None
    assert backend.get_user("niet-een-nummer") is None
    member_a.is_active = False
    member_a.save(update_fields=["is_active"])
    assert backend.get_user(member_a.pk) is None


def test_a_get_takes_the_version_and_memberships_read_with_the_account(
    member_a, partner_a, django_assert_num_queries
):
    request = RequestFactory().get("/")
    request.user = SiteBackend().get_user(member_a.pk)
    with django_assert_num_queries(0):
        key = pagecache.reader_key(request)
        version = pagecache.data_version(request)
    assert str(partner_a.pk) in key
    assert version is not None
    assert permissions.organisation_ids(request.user) == {partner_a.pk}


def test_any_other_request_reads_them_when_needed_and_sees_its_own_change(member_a, partner_a):
    """A POST may have changed the memberships (an accepted invitation) or the data before it
    renders: what was read with the account is not taken."""
    request = RequestFactory().post("/")
    request.user = SiteBackend().get_user(member_a.pk)
    before = pagecache.data_version()
    second = OrganisationFactory(name="Woonbron Delfshaven")
    MembershipFactory(user=member_a, organisation=second)
    pagecache.reader_key(request)
    assert request.user._wwidw_organisation_ids == {partner_a.pk, second.pk}
    assert pagecache.data_version(request) != before


def test_the_site_signs_in_with_this_backend(client, member_a):
    from tests.factories import TEST_PASSWORD

    client.post("/account/inloggen/", {"username": member_a.email, "password": TEST_PASSWORD})
    assert client.session["_auth_user_backend"] == "wwidw.auth.SiteBackend"
