import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from wwidw.models import Membership, Organisation, User


def test_user_logs_in_with_email_case_insensitively(db):
    user = User.objects.create_user("Annemieke@Maasoever.Example", "een-lang-wachtwoord")
    assert user.email == "annemieke@maasoever.example"
    assert User.objects.get_by_natural_key("ANNEMIEKE@maasoever.example") == user


def test_email_is_unique_whatever_its_case(db):
    UserFactory(email="jeroen@amstelkring.example")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(email="Jeroen@Amstelkring.example")


def test_user_without_email_is_refused(db):
    with pytest.raises(ValueError):
        User.objects.create_user("", "een-lang-wachtwoord")


def test_one_membership_per_user_and_organisation(partner_a, member_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=member_a, organisation=partner_a)


def test_membership_role_outside_the_choices_is_refused_by_the_database(partner_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(organisation=partner_a, role="directeur")


def test_organisation_kind_outside_the_choices_is_refused_by_the_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(kind="bank")


def test_organisation_needs_a_name(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(name="")


def test_constraints_become_form_errors_through_full_clean(partner_a, member_a):
    duplicate = Membership(user=member_a, organisation=partner_a, role="directeur")
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "role" in excinfo.value.message_dict


def test_organisation_cannot_be_deleted_while_it_has_members(partner_a, member_a):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        partner_a.delete()


def test_role_counts(partner_a, member_a, manager_a):
    counts = Membership.objects.filter(organisation=partner_a).role_counts()
    assert counts == {"total": 2, "managers": 1}


def test_programme_staff_are_staff_users_in_the_group(programme_staff, member_a):
    assert programme_staff.is_programme_staff
    assert not member_a.is_programme_staff
    outsider = UserFactory(is_staff=True)
    assert not outsider.is_programme_staff


def test_organisation_url_is_its_dashboard(partner_a):
    assert partner_a.get_absolute_url() == "/organisaties/maasoever/"


def test_of_member_lists_only_own_organisations(partner_a, partner_b, member_a):
    assert list(Organisation.objects.of_member(member_a)) == [partner_a]
