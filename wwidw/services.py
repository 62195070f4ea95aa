from collections.abc import Iterable
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from wwidw import emails, permissions, two_factor
from wwidw.models import (
    INVITATION_DAYS,
    Invitation,
    Membership,
    MembershipChange,
    Organisation,
    User,
    invitation_token_hash,
    new_invitation_token,
)
from wwidw.permissions import PROGRAMME_STAFF_GROUP

VOCABULARY_MODELS = ["theme", "interventiontype", "targetgroup", "effect"]

# What programme staff may do in the admin, per app: every action (None), or the named actions
# ("view" for every model) and permissions ("delete_membership"). Apps that gain models later are
# covered by their label.
PROGRAMME_STAFF_ACTIONS = {
    "archetypes": None,
    "events": None,
    "interventions": [
        "view",
        *[f"{action}_{model}" for action in ("add", "change") for model in VOCABULARY_MODELS],
    ],
    # Monitoring is the partners' own; programme staff keep the shared libraries of proxies
    # and of standard effect indicators.
    "monitoring": [
        f"{action}_{model}"
        for action in ("view", "add", "change")
        for model in ("financialproxy", "standardindicator")
    ],
    "wwidw": ["view", "add", "change", "delete_membership"],
    "axes": ["view", "delete"],
    # Someone who lost both phone and recovery codes asks the programme office, which
    # deletes the linked app; the admin never shows keys or codes (settings.py).
    "otp_totp": ["view", "delete"],
    "otp_static": ["view", "delete"],
    # Partners' API keys: seen, and revoked when one leaks (api/admin.py).
    "api": ["view_apikey", "change_apikey"],
    # Questions and answers: read, and hidden when improper (conversation/admin.py).
    "conversation": [
        f"{action}_{model}" for action in ("view", "change") for model in ("question", "answer")
    ],
}


@transaction.atomic
def sync_programme_staff_group(*, using: str = "default") -> Group:
    """Create the Programmabureau group and give it exactly the curation permissions."""
    group, _ = Group.objects.using(using).get_or_create(name=PROGRAMME_STAFF_GROUP)
    condition = Q(pk__in=[])
    for app_label, actions in PROGRAMME_STAFF_ACTIONS.items():
        app_condition = Q(content_type__app_label=app_label)
        if actions is not None:
            action_condition = Q(pk__in=[])
            for action in actions:
                action_condition |= Q(codename__startswith=f"{action}_") | Q(codename=action)
            app_condition &= action_condition
        condition |= app_condition
    group.permissions.set(Permission.objects.using(using).filter(condition))
    return group


# Memberships written in the administration: each change goes into the organisation's trail and
# is e-mailed to its managers, so nobody joins a partner unseen.


def _record_change(
    *,
    action: str,
    organisation_id: int,
    member: User,
    old_role: str,
    new_role: str,
    by: User,
    in_administration: bool = True,
) -> MembershipChange:
    change = MembershipChange.objects.create(
        organisation_id=organisation_id,
        member=member,
        member_name=str(member),
        action=action,
        old_role=old_role,
        new_role=new_role,
        by=by,
        by_name=str(by),
    )
    emails.send_membership_change_email(change, in_administration=in_administration)
    return change


@transaction.atomic
def save_membership(*, membership: Membership, by: User) -> Membership:
    """Save a membership added or changed in the administration and record what changed. Moving
    it to another person or organisation counts as a removal and an addition. Nobody but a
    superuser gives themselves a membership."""
    before = None
    if membership.pk:
        before = (
            Membership.objects.select_for_update()
            .select_related("user")
            .filter(pk=membership.pk)
            .first()
        )
    same_place = before is not None and (before.user_id, before.organisation_id) == (
        membership.user_id,
        membership.organisation_id,
    )
    if same_place and before.role == membership.role:
        membership.save()
        return membership
    membership.validate_granted_by(by)
    membership.save()
    if same_place:
        action, old_role = MembershipChange.Action.CHANGED, before.role
    else:
        if before is not None:
            _record_removal(before, by=by)
        action, old_role = MembershipChange.Action.CREATED, ""
    _record_change(
        action=action,
        organisation_id=membership.organisation_id,
        member=membership.user,
        old_role=old_role,
        new_role=membership.role,
        by=by,
    )
    return membership


def _record_removal(membership: Membership, *, by: User, in_administration: bool = True) -> None:
    _record_change(
        action=MembershipChange.Action.DELETED,
        organisation_id=membership.organisation_id,
        member=membership.user,
        old_role=membership.role,
        new_role="",
        by=by,
        in_administration=in_administration,
    )


@transaction.atomic
def delete_memberships(*, memberships: Iterable[Membership], by: User) -> None:
    """Remove memberships in the administration, recording each removal."""
    for membership in memberships:
        _record_removal(membership, by=by)
        membership.delete()


@transaction.atomic
def delete_accounts(*, users: Iterable[User], by: User) -> None:
    """Delete accounts in the administration; their memberships are recorded as removed."""
    for user in users:
        delete_memberships(memberships=user.memberships.select_related("user"), by=by)
        user.delete()


@transaction.atomic
def enable_two_factor(*, user: User, key: str, time_step: int) -> tuple[TOTPDevice, list[str]]:
    """Link the authenticator app whose code matched `key` at `time_step`, and make recovery
    codes. That code cannot be used again. Returns the device and the new recovery codes."""
    if two_factor.has_device(user):
        raise ValidationError(_("Two-step verification is on already."))
    device = two_factor.unsaved_device(user, key)
    device.last_t = time_step
    device.save()
    return device, replace_recovery_codes(user=user)


@transaction.atomic
def replace_recovery_codes(*, user: User) -> list[str]:
    """Ten new recovery codes in place of the old ones, which stop working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "Herstelcodes"}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(two_factor.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def disable_two_factor(*, user: User) -> None:
    """Unlink the authenticator app and drop the recovery codes."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


# Invitations and ending memberships on the site, by an organisation's managers (and by
# programme staff in the administration). Each change goes into the same trail.


def _may_invite(user: User, organisation: Organisation) -> bool:
    return permissions.can_manage_organisation(user, organisation) or (
        permissions.is_programme_staff(user)
    )


@transaction.atomic
def send_invitation(*, invitation: Invitation, by: User) -> Invitation:
    """Send `invitation` (organisation, address and role filled in by a form) with a new link,
    valid for INVITATION_DAYS days. An open invitation of the same address to the same
    organisation is withdrawn: its link stops working. The token is only in the e-mail."""
    # One invitation at a time per organisation, so two at once cannot both stay open.
    organisation = Organisation.objects.select_for_update().get(pk=invitation.organisation_id)
    if not _may_invite(by, organisation):
        raise PermissionDenied
    now = timezone.now()
    invitation.organisation = organisation
    token = new_invitation_token()
    invitation.token_hash = invitation_token_hash(token)
    invitation.invited_by = by
    invitation.created_at = now
    invitation.expires_at = now + timedelta(days=INVITATION_DAYS)
    invitation.full_clean(validate_constraints=False)
    Invitation.objects.open().filter(
        organisation=organisation, email__iexact=invitation.email
    ).update(revoked_at=now, revoked_by=by)
    invitation.save()
    emails.send_invitation_email(invitation, token)
    return invitation


def _locked_open_invitation(invitation: Invitation) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    )
    if not invitation.is_open:
        raise ValidationError(_("This invitation was accepted or withdrawn already."))
    return invitation


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by: User) -> Invitation:
    """Withdraw an open invitation: its link stops working."""
    if not _may_invite(by, invitation.organisation):
        raise PermissionDenied
    invitation = _locked_open_invitation(invitation)
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = by
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    return invitation


@transaction.atomic
def resend_invitation(*, invitation: Invitation, by: User) -> Invitation:
    """Send an open invitation again with a new link; the old link stops working."""
    if not _may_invite(by, invitation.organisation):
        raise PermissionDenied
    old = _locked_open_invitation(invitation)
    new = Invitation(organisation=old.organisation, email=old.email, role=old.role)
    return send_invitation(invitation=new, by=by)


def _locked_invitation_for(invitation: Invitation, user) -> Invitation:
    """The invitation locked until the transaction ends, so a link clicked twice at once is
    used once; raises ValidationError when `user` may not accept it."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation", "invited_by")
        .get(pk=invitation.pk)
    )
    refusal = invitation.refusal(user, timezone.now())
    if refusal:
        raise ValidationError(refusal, code="refused")
    return invitation


def _join(invitation: Invitation, user: User) -> Membership:
    membership = Membership.objects.create(
        user=user, organisation=invitation.organisation, role=invitation.role
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    _record_change(
        action=MembershipChange.Action.CREATED,
        organisation_id=invitation.organisation_id,
        member=user,
        old_role="",
        new_role=membership.role,
        by=invitation.invited_by or user,
        in_administration=False,
    )
    return membership


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user: User) -> Membership:
    """The invited person, signed in with the invited address, joins the organisation."""
    return _join(_locked_invitation_for(invitation, user), user)


@transaction.atomic
def accept_invitation_with_new_account(*, invitation: Invitation, account: User) -> Membership:
    """A new account for the invited address (`account` filled in by the form, its password
    set), which joins the organisation."""
    invitation = _locked_invitation_for(invitation, AnonymousUser())
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(
            _("An account with this address exists already. Log in to accept the invitation."),
            code="account_exists",
        )
    account.email = invitation.email
    account.save()
    return _join(invitation, account)


@transaction.atomic
def end_membership(*, membership: Membership, by: User) -> None:
    """A manager ends a membership of their organisation. The person's descriptions and
    versions stay theirs; only the membership goes, recorded in the trail."""
    organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    if not permissions.can_manage_organisation(by, organisation):
        raise PermissionDenied
    membership = Membership.objects.select_related("user").filter(pk=membership.pk).first()
    if membership is None:
        raise ValidationError(_("This membership has ended already."), code="ended")
    if membership.is_last_manager():
        raise ValidationError(
            _(
                "An organisation keeps at least one manager. Make a colleague manager first, "
                "then end this membership."
            ),
            code="last_manager",
        )
    _record_removal(membership, by=by, in_administration=False)
    membership.delete()
