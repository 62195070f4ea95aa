"""Who may see, change and report on what: the one place that decides.

Organisation-owned objects carry an `organisation` foreign key. An object that its owner can share
with every partner says so through an `is_shared_with_partners` property, and its QuerySet passes
the same condition as `shared` to `visible_q`.

- see: members of the owning organisation, and every active account once the object is shared;
- change: members of the owning organisation (any role);
- report: members of the owning organisation (staff members and managers);
- manage the organisation (its members, its liveability budget rounds and their decisions):
  managers of that organisation.
- programme staff: active staff accounts in the Programmabureau group, and superusers
  (`is_programme_staff`, the one answer to that question).
- change an account in the administration: superusers any account, other staff only partner
  accounts (no staff or superuser account, their own included), and never a password.

QuerySets filter with the `…_q` functions, views and templates ask the `can_…` functions, so a
list and a detail page never disagree. Programme staff curate through the Django admin, which
uses Django's groups and permissions for what they may do there; what partner content they see
there is what the site shows them (the same QuerySet methods), so the admin never shows a draft
or an organisation's own description that the site keeps from them. Superusers see everything.

This module imports no models: a user's organisations come through `user.memberships`
(`MembershipQuerySet.organisation_ids`), so the models may ask it without an import cycle.
"""

from django.db.models import Q

# The Django group of the programme office; its members are programme staff (with is_staff).
PROGRAMME_STAFF_GROUP = "Programmabureau"


def _field(prefix: str, name: str) -> str:
    return f"{prefix}__{name}" if prefix else name


def _is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def organisation_ids(user) -> frozenset[int]:
    """The ids of the user's organisations, looked up once per user object."""
    if not _is_signed_in(user):
        return frozenset()
    if not hasattr(user, "_wwidw_organisation_ids"):
        user._wwidw_organisation_ids = user.memberships.organisation_ids()
    return user._wwidw_organisation_ids


def managed_organisation_ids(user) -> frozenset[int]:
    if not _is_signed_in(user):
        return frozenset()
    if not hasattr(user, "_wwidw_managed_organisation_ids"):
        user._wwidw_managed_organisation_ids = user.memberships.managers().organisation_ids()
    return user._wwidw_managed_organisation_ids


def is_programme_staff(user) -> bool:
    """Staff of the programme office: active staff users in the Programmabureau group, and
    superusers. The one answer to "is this programme staff?" everywhere."""
    if not (_is_signed_in(user) and user.is_staff):
        return False
    if user.is_superuser:
        return True
    return any(group.name == PROGRAMME_STAFF_GROUP for group in user.groups.all())


# Rules for one object.


def can_view(user, obj) -> bool:
    if not _is_signed_in(user):
        return False
    if obj.organisation_id in organisation_ids(user):
        return True
    return bool(getattr(obj, "is_shared_with_partners", False))


def can_change(user, obj) -> bool:
    return _is_signed_in(user) and obj.organisation_id in organisation_ids(user)


def can_report(user, obj) -> bool:
    return _is_signed_in(user) and obj.organisation_id in organisation_ids(user)


def is_member(user, organisation) -> bool:
    return organisation.pk in organisation_ids(user)


def can_manage_organisation(user, organisation) -> bool:
    return organisation.pk in managed_organisation_ids(user)


def managing_memberships(user):
    """The user's memberships as a manager, as a query to use inside another (`Exists`), so a
    page finds an organisation and whether the user manages it in one query."""
    return user.memberships.managers()


def can_change_account(user, account) -> bool:
    """Whether `user` may change `account` (its details, memberships) or delete it in
    the administration. Only superusers touch staff and superuser accounts: otherwise programme
    staff could raise themselves or a colleague to superuser."""
    if not _is_signed_in(user):
        return False
    return user.is_superuser or not (account.is_staff or account.is_superuser)


# The same rules as query conditions, for QuerySet methods.


def organisation_member_q(user, field: str = "organisation") -> Q:
    """Objects whose organisation (reached through `field`) has the user as a member."""
    if not _is_signed_in(user):
        return Q(pk__in=[])
    if hasattr(user, "_wwidw_organisation_ids"):
        # Already read for this request: a plain list is cheaper to plan than a subquery.
        return Q(**{_field(field, "pk__in"): sorted(organisation_ids(user))})
    members = user.memberships.values("organisation_id")
    return Q(**{_field(field, "pk__in"): members})


def visible_q(user, *, shared: Q | None = None, field: str = "organisation") -> Q:
    if not _is_signed_in(user):
        return Q(pk__in=[])
    condition = organisation_member_q(user, field)
    if shared is not None:
        condition |= shared
    return condition


def changeable_q(user, field: str = "organisation") -> Q:
    return organisation_member_q(user, field)


def reportable_q(user, field: str = "organisation") -> Q:
    return organisation_member_q(user, field)


def managed_q(user, field: str = "organisation") -> Q:
    """Objects whose organisation (reached through `field`) the user manages."""
    if not _is_signed_in(user):
        return Q(pk__in=[])
    return Q(**{_field(field, "pk__in"): sorted(managed_organisation_ids(user))})
