from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from wwidw import permissions
from wwidw.models import Membership, Organisation


def owned_by(organisation, *, shared=False):
    return SimpleNamespace(organisation_id=organisation.pk, is_shared_with_partners=shared)


def test_member_sees_and_changes_own_private_object(partner_a, member_a):
    private = owned_by(partner_a)
    assert permissions.can_view(member_a, private)
    assert permissions.can_change(member_a, private)
    assert permissions.can_report(member_a, private)


def test_other_partner_cannot_see_or_change_private_object(partner_a, member_b):
    private = owned_by(partner_a)
    assert not permissions.can_view(member_b, private)
    assert not permissions.can_change(member_b, private)
    assert not permissions.can_report(member_b, private)


def test_other_partner_sees_but_cannot_change_shared_object(partner_a, member_b):
    shared = owned_by(partner_a, shared=True)
    assert permissions.can_view(member_b, shared)
    assert not permissions.can_change(member_b, shared)
    assert not permissions.can_report(member_b, shared)


def test_anonymous_and_inactive_users_see_nothing(partner_a, member_a):
    shared = owned_by(partner_a, shared=True)
    assert not permissions.can_view(AnonymousUser(), shared)
    member_a.is_active = False
    assert not permissions.can_view(member_a, shared)
    assert not permissions.can_change(member_a, shared)


def test_programme_staff_have_no_tenant_rights(partner_a, programme_staff):
    private = owned_by(partner_a)
    assert not permissions.can_view(programme_staff, private)
    assert not permissions.can_change(programme_staff, private)


def test_only_managers_manage_their_organisation(partner_a, partner_b, member_a, manager_a):
    assert permissions.can_manage_organisation(manager_a, partner_a)
    assert not permissions.can_manage_organisation(member_a, partner_a)
    assert not permissions.can_manage_organisation(manager_a, partner_b)


def test_querysets_follow_the_same_rules(partner_a, partner_b, member_a, member_b, manager_a):
    visible = Membership.objects.filter(permissions.visible_q(member_a))
    assert set(visible.values_list("user", flat=True)) == {member_a.pk, manager_a.pk}
    assert not Membership.objects.filter(
        permissions.changeable_q(member_b), organisation=partner_a
    )
    assert list(Organisation.objects.filter(permissions.reportable_q(member_b, field=""))) == [
        partner_b
    ]


def test_shared_condition_opens_the_queryset_to_other_partners(partner_a, member_a, member_b):
    shared = Q(organisation__city="Rotterdam")  # partner A is in Rotterdam, B in Den Haag
    visible = Membership.objects.filter(permissions.visible_q(member_b, shared=shared))
    assert set(visible.values_list("user", flat=True)) == {member_a.pk, member_b.pk}
    own_only = Membership.objects.filter(permissions.visible_q(member_b))
    assert set(own_only.values_list("user", flat=True)) == {member_b.pk}


def test_anonymous_queryset_is_empty(member_a):
    assert not Membership.objects.filter(permissions.visible_q(AnonymousUser())).exists()
    assert not Membership.objects.visible_to(AnonymousUser()).exists()


def test_membership_visible_to_is_limited_to_own_organisations(member_a, member_b, manager_a):
    assert set(Membership.objects.visible_to(member_b).values_list("user", flat=True)) == {
        member_b.pk
    }
