"""Managers invite colleagues by e-mail into their organisation and end memberships; programme
staff do the same for any partner in the administration. An invitation link works once, for
seven days, for the invited address and its organisation only; anything else gets a clear
message and grants nothing."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.conftest import StaffVerifiedClient
from tests.factories import InvitationFactory, MembershipFactory, UserFactory
from wwidw.models import Invitation, Membership, MembershipChange, User

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "fietsenstalling-aan-de-maas"
LINK = re.compile(
    re.escape(settings.SITE_URL) + r"(/organisaties/[^\s\"<]+/uitnodiging/[^\s\"<]+/)"
)


@pytest.fixture
def manager_b(partner_b):
    return MembershipFactory(
        organisation=partner_b, role=Membership.Role.MANAGER, user__full_name="Mees Vermeulen"
    ).user


@pytest.fixture
def invite(client, mailoutbox, django_capture_on_commit_callbacks):
    """Invite as `by` through the page; returns the path of the link in the e-mail sent."""

    def invite(by, organisation, email: str, role: str = "medewerker") -> str:
        client.force_login(by)
        url = reverse("invitation_create", args=[organisation.slug])
        sent = len(mailoutbox)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"email": email, "role": role})
        assertRedirects(response, reverse("organisation_members", args=[organisation.slug]))
        assert len(mailoutbox) == sent + 1
        return LINK.search(mailoutbox[-1].body).group(1)

    return invite


def _refused(response, text: str, status: int = 403) -> None:
    assert response.status_code == status
    assertContains(response, "Deze uitnodiging kan niet worden gebruikt", status_code=status)
    assertContains(response, text, status_code=status)


# Inviting and accepting


def test_a_new_colleague_sets_a_password_and_is_a_member(
    invite, client, manager_a, partner_a, mailoutbox, django_capture_on_commit_callbacks
):
    link = invite(manager_a, partner_a, "Sanne.de.Wit@Maasoever.example")

    message = mailoutbox[-1]
    assert message.to == ["sanne.de.wit@maasoever.example"]
    assert message.subject == (
        "Uitnodiging om lid te worden van Woonstichting De Maasoever op Wat Werkt in de Wijk"
    )
    assert "Annemieke de Vries nodigt je uit om als medewerker lid te worden" in message.body
    assert "De link werkt één keer, tot" in message.body
    assert link in message.alternatives[0][0]
    invitation = Invitation.objects.get()
    assert invitation.token_hash not in message.body  # only the fingerprint is kept
    assert link.rsplit("/", 2)[1] not in invitation.token_hash
    members_page = client.get(reverse("organisation_members", args=[partner_a.slug]))
    assertContains(members_page, "sanne.de.wit@maasoever.example")
    assertContains(members_page, "Annemieke de Vries")

    visitor = Client()
    assertContains(visitor.get(link), "Kies een wachtwoord")
    too_short = visitor.post(
        link, {"full_name": "Sanne de Wit", "password1": "kort", "password2": "kort"}
    )
    assertContains(too_short, "Dit wachtwoord is te kort", status_code=400)
    assertContains(too_short, 'value="Sanne de Wit"', status_code=400)
    assert not User.objects.filter(email="sanne.de.wit@maasoever.example").exists()

    data = {"full_name": "Sanne de Wit", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(link, data)
    assertRedirects(response, partner_a.get_absolute_url(), fetch_redirect_response=False)
    sanne = User.objects.get(email="sanne.de.wit@maasoever.example")
    assert sanne.full_name == "Sanne de Wit"
    assert sanne.check_password(NEW_PASSWORD)
    assert sanne.memberships.get().role == "medewerker"
    assertContains(visitor.get(partner_a.get_absolute_url()), "Je bent nu lid van")
    change = MembershipChange.objects.get()
    assert (change.member, change.action, change.new_role, change.by) == (
        sanne,
        "toegevoegd",
        "medewerker",
        manager_a,
    )
    assert mailoutbox[-1].to == [manager_a.email]
    assert "zijn op de site gewijzigd (Annemieke de Vries)" in mailoutbox[-1].body
    invitation.refresh_from_db()
    assert invitation.accepted_by == sanne


def test_an_existing_account_logs_in_and_gains_the_membership(
    invite, manager_a, member_b, partner_a, partner_b
):
    link = invite(manager_a, partner_a, member_b.email.upper(), role="manager")

    visitor = StaffVerifiedClient()
    response = visitor.get(link)
    assertContains(response, "Je hebt al een account met dit e-mailadres")
    assertContains(response, f"{reverse('login')}?next=")
    assertNotContains(response, "Kies een wachtwoord")
    visitor.force_login(member_b)
    assertContains(visitor.get(link), "Lid worden van Woonstichting De Maasoever")
    response = visitor.post(link)

    assertRedirects(response, partner_a.get_absolute_url())
    assert member_b.memberships.get(organisation=partner_a).role == "manager"
    assert member_b.memberships.filter(organisation=partner_b).exists()
    assert User.objects.filter(email__iexact=member_b.email).count() == 1


def test_a_link_works_once(invite, manager_a, member_b, partner_a):
    link = invite(manager_a, partner_a, member_b.email)
    visitor = StaffVerifiedClient()
    visitor.force_login(member_b)
    visitor.post(link)

    _refused(visitor.get(link), "Deze uitnodiging is al gebruikt")
    _refused(visitor.post(link), "Deze uitnodiging is al gebruikt")
    _refused(Client().get(link), "Deze uitnodiging is al gebruikt")
    assert Membership.objects.filter(user=member_b, organisation=partner_a).count() == 1
    assert MembershipChange.objects.count() == 1


def test_an_expired_link_grants_nothing(invite, manager_a, partner_a):
    link = invite(manager_a, partner_a, "laat@maasoever.example")
    eight_days_ago = timezone.now() - datetime.timedelta(days=8)
    Invitation.objects.update(
        created_at=eight_days_ago, expires_at=eight_days_ago + datetime.timedelta(days=7)
    )
    visitor = Client()

    _refused(visitor.get(link), "Deze uitnodiging is verlopen")
    data = {"full_name": "Laat", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    _refused(visitor.post(link, data), "Vraag Annemieke de Vries om de uitnodiging opnieuw")
    assert not User.objects.filter(email="laat@maasoever.example").exists()


def test_a_withdrawn_link_grants_nothing_and_sending_again_gives_a_new_one(
    invite, client, manager_a, partner_a, mailoutbox, django_capture_on_commit_callbacks
):
    first = invite(manager_a, partner_a, "twee@maasoever.example")
    invitation = Invitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("invitation_resend", args=[partner_a.slug, invitation.pk]))
    second = LINK.search(mailoutbox[-1].body).group(1)
    assert second != first
    _refused(Client().get(first), "Deze uitnodiging is ingetrokken of vervangen")
    assertContains(Client().get(second), "Kies een wachtwoord")

    newest = Invitation.objects.get(revoked_at=None)
    response = client.post(reverse("invitation_revoke", args=[partner_a.slug, newest.pk]))
    members = reverse("organisation_members", args=[partner_a.slug])
    assertRedirects(response, members, fetch_redirect_response=False)
    assertContains(client.get(response.url), "De uitnodiging van twee@maasoever.example is")
    data = {"full_name": "Twee", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    _refused(Client().post(second, data), "Deze uitnodiging is ingetrokken of vervangen")
    assert not User.objects.filter(email="twee@maasoever.example").exists()
    assertNotContains(client.get(response.url), "Opnieuw versturen naar")


def test_a_link_under_another_organisation_or_made_up_grants_nothing(
    invite, manager_a, partner_a, partner_b
):
    link = invite(manager_a, partner_a, "ander@maasoever.example")
    visitor = Client()

    elsewhere = link.replace(f"/{partner_a.slug}/", f"/{partner_b.slug}/")
    _refused(visitor.get(elsewhere), "hoort niet bij een uitnodiging van deze", status=404)
    data = {"full_name": "Ander", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    _refused(visitor.post(elsewhere, data), "Open de link precies zoals", status=404)
    made_up = reverse("invitation_accept", args=[partner_a.slug, "verzonnen"])
    _refused(visitor.get(made_up), "Deze uitnodigingslink is niet geldig", status=404)
    assert not User.objects.filter(email="ander@maasoever.example").exists()


def test_someone_else_signed_in_gets_a_message_and_nothing(invite, manager_a, member_b, partner_a):
    link = invite(manager_a, partner_a, "bedoeld@maasoever.example")
    visitor = StaffVerifiedClient()
    visitor.force_login(member_b)

    response = visitor.get(link)
    _refused(response, "Deze uitnodiging is voor bedoeld@maasoever.example")
    assertContains(response, f"je bent ingelogd als {member_b.email}", status_code=403)
    _refused(visitor.post(link), "Log uit en open de link")
    assert not member_b.memberships.filter(organisation=partner_a).exists()
    assert Invitation.objects.get().accepted_at is None


def test_inviting_a_member_gets_a_message_next_to_the_field(
    client, manager_a, member_a, partner_a, mailoutbox
):
    client.force_login(manager_a)
    url = reverse("invitation_create", args=[partner_a.slug])
    response = client.post(url, {"email": member_a.email.upper(), "role": "medewerker"})

    assert response.status_code == 400
    assert response.context["form"].errors["email"] == [
        f"{member_a.email} is al lid van deze organisatie."
    ]
    assert Invitation.objects.count() == 0
    assert mailoutbox == []


# Who may invite


def test_only_managers_of_the_organisation_invite(
    client, member_a, member_b, partner_a, mailoutbox
):
    url = reverse("invitation_create", args=[partner_a.slug])
    data = {"email": "iemand@partner.example", "role": "manager"}
    assert client.post(url, data).url.startswith(reverse("login"))
    client.force_login(member_a)
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    client.force_login(member_b)
    assert client.post(url, data).status_code == 404
    assert Invitation.objects.count() == 0
    assert mailoutbox == []


def test_inviting_needs_post_with_csrf(manager_a, partner_a, mailoutbox):
    browser = StaffVerifiedClient(enforce_csrf_checks=True)
    browser.force_login(manager_a)
    url = reverse("invitation_create", args=[partner_a.slug])

    assert browser.get(url, {"email": "iemand@partner.example"}).status_code == 200
    assert browser.post(url, {"email": "iemand@partner.example"}).status_code == 403
    assert Invitation.objects.count() == 0
    for name in ("invitation_revoke", "invitation_resend"):
        invitation = InvitationFactory(organisation=partner_a)
        browser.force_login(manager_a)
        assert browser.get(reverse(name, args=[partner_a.slug, invitation.pk])).status_code == 405


def test_a_manager_of_a_cannot_see_or_touch_invitations_of_b(
    client, manager_a, manager_b, partner_a, partner_b
):
    theirs = InvitationFactory(organisation=partner_b, email="geheim@hofstad.example")
    client.force_login(manager_a)

    assertNotContains(
        client.get(reverse("organisation_members", args=[partner_a.slug])), "geheim@hofstad"
    )
    for name in ("invitation_revoke", "invitation_resend"):
        for slug in (partner_a.slug, partner_b.slug):
            assert client.post(reverse(name, args=[slug, theirs.pk])).status_code == 404
    assert client.get(reverse("organisation_members", args=[partner_b.slug])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_open
    assert Invitation.objects.count() == 1


# Ending memberships


def test_ending_a_membership_keeps_the_history_and_takes_access_at_once(
    client,
    manager_a,
    member_a,
    partner_a,
    concept_a,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    membership = member_a.memberships.get()
    url = reverse("membership_end", args=[partner_a.slug, membership.pk])
    client.force_login(manager_a)
    assertContains(client.get(url), "Er wordt niets verwijderd")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assertRedirects(response, reverse("organisation_members", args=[partner_a.slug]))
    assert not Membership.objects.filter(pk=membership.pk).exists()
    concept_a.refresh_from_db()
    assert concept_a.created_by == member_a
    assert User.objects.filter(pk=member_a.pk, is_active=True).exists()
    change = MembershipChange.objects.get()
    assert (change.action, change.old_role, change.member, change.by) == (
        "verwijderd",
        "medewerker",
        member_a,
        manager_a,
    )
    assert [message.to for message in mailoutbox] == [[manager_a.email]]
    former = StaffVerifiedClient()
    former.force_login(member_a)
    assert former.get(partner_a.get_absolute_url()).status_code == 404
    assert former.get(reverse("interventions:update", args=[concept_a.pk])).status_code == 404


def test_the_last_manager_stays(client, manager_a, partner_a):
    own = manager_a.memberships.get()
    url = reverse("membership_end", args=[partner_a.slug, own.pk])
    client.force_login(manager_a)

    response = client.post(url)
    assertContains(response, "Een organisatie houdt altijd minstens één manager", status_code=400)
    assert Membership.objects.filter(pk=own.pk).exists()

    MembershipFactory(organisation=partner_a, role=Membership.Role.MANAGER)
    assertRedirects(client.post(url), reverse("home"), fetch_redirect_response=False)
    assert not Membership.objects.filter(pk=own.pk).exists()


def test_only_managers_of_the_organisation_end_memberships(
    client, manager_a, member_a, member_b, partner_a
):
    theirs = member_b.memberships.get()
    client.force_login(manager_a)
    assert client.post(reverse("membership_end", args=["hofstad", theirs.pk])).status_code == 404
    assert (
        client.post(reverse("membership_end", args=[partner_a.slug, theirs.pk])).status_code == 404
    )
    own = manager_a.memberships.get()
    client.force_login(member_a)
    assert client.post(reverse("membership_end", args=[partner_a.slug, own.pk])).status_code == 403
    assert Membership.objects.count() == 3


@pytest.mark.parametrize("rows", [1, 10])
def test_the_members_page_has_a_constant_number_of_queries(
    client, manager_a, partner_a, rows, django_assert_num_queries
):
    for _ in range(rows):
        MembershipFactory(organisation=partner_a)
        InvitationFactory(organisation=partner_a, invited_by=manager_a)
    client.force_login(manager_a)
    url = reverse("organisation_members", args=[partner_a.slug])
    # Session, user, organisation (and whether the user manages it), members, invitations.
    with django_assert_num_queries(5):
        response = client.get(url)
    assert len(response.context["memberships"]) == rows + 1
    assert len(response.context["invitations"]) == rows


# Programme staff in the administration


def test_programme_staff_invite_into_any_partner_in_the_administration(
    client, programme_staff, partner_b, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(programme_staff)
    data = {"organisation": partner_b.pk, "email": "nieuw@hofstad.example", "role": "manager"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:wwidw_invitation_add"), data)

    assertRedirects(response, reverse("admin:wwidw_invitation_changelist"))
    invitation = Invitation.objects.get()
    assert (invitation.organisation, invitation.role, invitation.invited_by) == (
        partner_b,
        "manager",
        programme_staff,
    )
    assert mailoutbox[-1].to == ["nieuw@hofstad.example"]
    assert "/organisaties/hofstad/uitnodiging/" in mailoutbox[-1].body
    changelist = reverse("admin:wwidw_invitation_changelist")
    assertContains(client.get(changelist), "nieuw@hofstad.example")
    change_page = reverse("admin:wwidw_invitation_change", args=[invitation.pk])
    assertContains(client.get(change_page), "Uitgenodigd door")
    client.post(change_page, {"organisation": "abc", "email": "ander@hofstad.example"})
    invitation.refresh_from_db()
    assert (invitation.organisation, invitation.email) == (partner_b, "nieuw@hofstad.example")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "resend_selected", "_selected_action": [invitation.pk]})
    assert len(mailoutbox) == 2
    newest = Invitation.objects.get(revoked_at=None)
    client.post(changelist, {"action": "revoke_selected", "_selected_action": [newest.pk]})
    assert not Invitation.objects.open().exists()


@pytest.mark.parametrize(
    "data",
    [
        {"organisation": "abc", "email": "x@partner.example", "role": "medewerker"},
        {"organisation": "99999999999999999999", "email": "geen-adres", "role": "baas"},
        {"organisation": "", "email": "", "role": ""},
        {"email": "a" * 300 + "@partner.example"},
    ],
)
def test_the_administration_form_answers_bad_input_with_messages(
    client, programme_staff, data, mailoutbox
):
    client.force_login(programme_staff)
    response = client.post(reverse("admin:wwidw_invitation_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert Invitation.objects.count() == 0


def test_the_administration_refuses_a_member_or_a_staff_address(
    client, programme_staff, member_a, partner_a
):
    client.force_login(programme_staff)
    url = reverse("admin:wwidw_invitation_add")
    for email, message in [
        (member_a.email, "is al lid van deze organisatie"),
        (programme_staff.email, "hoort bij een account van het programmabureau"),
    ]:
        data = {"organisation": partner_a.pk, "email": email, "role": "medewerker"}
        assertContains(client.post(url, data), message)
    assert Invitation.objects.count() == 0


def test_partner_accounts_do_not_reach_the_invitations_of_the_administration(client, manager_a):
    client.force_login(UserFactory(is_staff=True))  # staff, but not programme staff
    assert client.get(reverse("admin:wwidw_invitation_add")).status_code == 403
    client.force_login(manager_a)
    response = client.get(reverse("admin:wwidw_invitation_add"))
    assert response.status_code == 302
