from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from wwidw import emails, two_factor
from wwidw.models import Membership, MembershipChange, User
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
    *, action: str, organisation_id: int, member: User, old_role: str, new_role: str, by: User
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
    emails.send_membership_change_email(change)
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


def _record_removal(membership: Membership, *, by: User) -> None:
    _record_change(
        action=MembershipChange.Action.DELETED,
        organisation_id=membership.organisation_id,
        member=membership.user,
        old_role=membership.role,
        new_role="",
        by=by,
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
