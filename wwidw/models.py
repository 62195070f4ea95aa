import hashlib
import secrets

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wwidw import permissions


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username: str) -> "User":
        # E-mail addresses are case-insensitive at login.
        return self.get(email__iexact=username)

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        if not email:
            raise ValueError("Users need an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """An account; people log in with their e-mail address."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("May log in to the administration (programme staff)."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Switch off instead of deleting an account."),
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)
    # Changes when something that only this person's own pages show changes (what they follow:
    # a trigger of conversation 0003). Their own cached parts of pages are keyed by it, read
    # with the account on every request, so no page reads it separately.
    pages_version = models.PositiveIntegerField(
        _("version of own pages"), default=0, db_default=0, editable=False
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="wwidw_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_programme_staff(self) -> bool:
        """Staff of the programme office, for templates (`permissions.is_programme_staff`)."""
        return permissions.is_programme_staff(self)


# The choices live at module level so the models' CHECK constraints can name their values;
# code uses them as Organisation.Kind and Membership.Role.
class OrganisationKind(models.TextChoices):
    HOUSING_CORPORATION = "woningcorporatie", _("housing corporation")
    MUNICIPALITY = "gemeente", _("municipality")
    WELFARE = "welzijnsorganisatie", _("welfare organisation")
    KNOWLEDGE_INSTITUTE = "kennisinstituut", _("knowledge institute")
    OTHER = "overig", _("other")


class MembershipRole(models.TextChoices):
    MEMBER = "medewerker", _("staff member")
    MANAGER = "manager", _("manager")


class MembershipChangeAction(models.TextChoices):
    CREATED = "toegevoegd", _("added")
    CHANGED = "gewijzigd", _("role changed")
    DELETED = "verwijderd", _("removed")


class OrganisationQuerySet(models.QuerySet):
    def active(self) -> "OrganisationQuerySet":
        return self.filter(is_active=True)

    def of_member(self, user) -> "OrganisationQuerySet":
        """The organisations the user is a member of."""
        return self.filter(permissions.organisation_member_q(user, field=""))

    def annotate_member_count(self) -> "OrganisationQuerySet":
        return self.annotate(member_count=models.Count("memberships"))

    def managed_by(self, user) -> "OrganisationQuerySet":
        return self.filter(pk__in=permissions.managed_organisation_ids(user))

    def annotate_is_managed(self, user) -> "OrganisationQuerySet":
        """`is_managed`: whether the signed-in user manages the organisation, in the same query
        (the rule of `permissions.can_manage_organisation`)."""
        managing = permissions.managing_memberships(user).filter(
            organisation=models.OuterRef("pk")
        )
        return self.annotate(is_managed=models.Exists(managing))


class Organisation(models.Model):
    """A partner organisation of the programme."""

    Kind = OrganisationKind

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name in web addresses"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    city = models.CharField(_("city"), max_length=100)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(
        _("active partner"),
        default=True,
        help_text=_("Switch off when the organisation leaves the programme."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganisationKind.values),
                name="wwidw_organisation_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(name=""), name="wwidw_organisation_name_not_empty"
            ),
            models.CheckConstraint(
                condition=~models.Q(slug=""), name="wwidw_organisation_slug_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation_dashboard", kwargs={"slug": self.slug})


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user) -> "MembershipQuerySet":
        """Memberships of the organisations the user belongs to."""
        return self.filter(permissions.organisation_member_q(user))

    def managers(self) -> "MembershipQuerySet":
        return self.filter(role=MembershipRole.MANAGER)

    def organisation_ids(self) -> frozenset[int]:
        """The ids of the organisations of these memberships (`user.memberships` for a user's)."""
        return frozenset(self.values_list("organisation_id", flat=True))

    def role_counts(self) -> dict[str, int]:
        """How many memberships there are in all, and how many of them are managers."""
        return self.aggregate(
            total=models.Count("pk"),
            managers=models.Count("pk", filter=models.Q(role=MembershipRole.MANAGER)),
        )


class Membership(models.Model):
    """A user's place in a partner organisation, with a role."""

    Role = MembershipRole

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="wwidw_membership_user_organisation_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=MembershipRole.values),
                name="wwidw_membership_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    @property
    def is_manager(self) -> bool:
        return self.role == self.Role.MANAGER

    def is_last_manager(self) -> bool:
        """Whether ending this membership would leave its organisation without a manager."""
        if not self.is_manager:
            return False
        others = Membership.objects.filter(organisation=self.organisation_id).exclude(pk=self.pk)
        return not others.managers().exists()

    def validate_granted_by(self, user: User) -> None:
        """Only a superuser gives a membership to themselves or to another staff account: with
        it, programme staff could read the organisation's unshared monitoring."""
        if self.user_id == user.pk and not user.is_superuser:
            message = _("You cannot give yourself a membership. Ask an administrator to add you.")
            raise ValidationError({"user": message}, code="own_membership")
        if not permissions.can_change_account(user, self.user):
            message = _(
                "Only an administrator can give a membership to an account with access to the "
                "administration. Choose a partner's account, or ask an administrator."
            )
            raise ValidationError({"user": message}, code="staff_membership")


class MembershipChangeQuerySet(models.QuerySet):
    def visible_to(self, user) -> "MembershipChangeQuerySet":
        """The changes of the organisations the user manages."""
        return self.filter(permissions.managed_q(user))


class MembershipChange(models.Model):
    """A membership that was added, changed or removed in the administration: the trail that
    the organisation's managers read. Names are copied, so the trail outlives the accounts."""

    Action = MembershipChangeAction
    Role = MembershipRole

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="membership_changes",
        verbose_name=_("organisation"),
    )
    member = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="membership_changes",
        verbose_name=_("member"),
    )
    member_name = models.CharField(_("member"), max_length=254)
    action = models.CharField(_("change"), max_length=20, choices=MembershipChangeAction.choices)
    old_role = models.CharField(
        _("previous role"), max_length=20, choices=MembershipRole.choices, blank=True
    )
    new_role = models.CharField(
        _("new role"), max_length=20, choices=MembershipRole.choices, blank=True
    )
    by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    by_name = models.CharField(_("changed by"), max_length=254)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    objects = MembershipChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership change")
        verbose_name_plural = _("membership changes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=MembershipChangeAction.values),
                name="wwidw_membershipchange_action_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(old_role__in=["", *MembershipRole.values])
                & models.Q(new_role__in=["", *MembershipRole.values]),
                name="wwidw_membershipchange_roles_valid",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(action=MembershipChangeAction.CREATED, old_role="")
                    & ~models.Q(new_role="")
                )
                | (
                    models.Q(action=MembershipChangeAction.CHANGED)
                    & ~models.Q(old_role="")
                    & ~models.Q(new_role="")
                )
                | (
                    models.Q(action=MembershipChangeAction.DELETED, new_role="")
                    & ~models.Q(old_role="")
                ),
                name="wwidw_membershipchange_roles_match_action",
            ),
        ]
        indexes = [
            # The trail page: an organisation's changes, newest first.
            models.Index(
                "organisation", models.F("changed_at").desc(), name="wwidw_mchange_org_at_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.member_name} ({self.get_action_display()})"

    def describe(self) -> str:
        """What happened, in one sentence, for the trail page and the managers' e-mail."""
        names = {
            "member": self.member_name,
            "old_role": self.get_old_role_display(),
            "new_role": self.get_new_role_display(),
        }
        if self.action == self.Action.CREATED:
            return gettext("%(member)s was added as %(new_role)s.") % names
        if self.action == self.Action.CHANGED:
            return gettext("The role of %(member)s changed from %(old_role)s to %(new_role)s.") % (
                names
            )
        return gettext("%(member)s (%(old_role)s) was removed.") % names


# How long an invitation link works.
INVITATION_DAYS = 7


class InvitationQuerySet(models.QuerySet):
    def managed_by(self, user) -> "InvitationQuerySet":
        """The invitations of the organisations the user manages."""
        return self.filter(permissions.managed_q(user))

    def pending(self, now) -> "InvitationQuerySet":
        """Neither accepted nor withdrawn, and not yet expired."""
        return self.filter(accepted_at=None, revoked_at=None, expires_at__gt=now)

    def open(self) -> "InvitationQuerySet":
        """Neither accepted nor withdrawn, expired or not: what a new invitation replaces."""
        return self.filter(accepted_at=None, revoked_at=None)

    def annotate_expired(self, now) -> "InvitationQuerySet":
        """`has_expired`: whether the link no longer works at `now`."""
        expired = models.ExpressionWrapper(
            models.Q(expires_at__lte=now), output_field=models.BooleanField()
        )
        return self.annotate(has_expired=expired)

    def with_token(self, token: str) -> "InvitationQuerySet":
        return self.filter(token_hash=invitation_token_hash(token))


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


def invitation_token_hash(token: str) -> str:
    """Only a fingerprint of the link's token is stored: the database alone opens no invitation."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """An e-mailed invitation to become a member of an organisation: its link works once, for
    INVITATION_DAYS days, for the invited address only."""

    Role = MembershipRole

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    token_hash = models.CharField(_("fingerprint of the link"), max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=MembershipRole.values),
                name="wwidw_invitation_role_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="wwidw_invitation_expires_after_sent",
            ),
            models.CheckConstraint(
                condition=models.Q(accepted_at=None) | models.Q(revoked_at=None),
                name="wwidw_invitation_accepted_or_withdrawn",
            ),
            # One open invitation per address and organisation: a new one replaces the old.
            models.UniqueConstraint(
                Lower("email"),
                "organisation",
                condition=models.Q(accepted_at=None, revoked_at=None),
                name="wwidw_invitation_one_open_per_address",
            ),
        ]
        indexes = [
            # The members page: an organisation's pending invitations, newest first.
            models.Index(
                "organisation",
                models.F("created_at").desc(),
                condition=models.Q(accepted_at=None, revoked_at=None),
                name="wwidw_invitation_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation} ({self.get_role_display()})"

    def clean(self) -> None:
        super().clean()
        self.email = User.objects.normalize_email(self.email).lower()
        if not self.organisation_id or not self.email:
            return
        if not self.organisation.is_active:
            message = _("This organisation no longer takes part; nobody can be invited to it.")
            raise ValidationError(message, code="inactive_organisation")
        account = User.objects.filter(email__iexact=self.email).first()
        if account is None:
            return
        if account.memberships.filter(organisation=self.organisation_id).exists():
            message = _("%(email)s is a member of this organisation already.")
            raise ValidationError(
                {"email": message % {"email": self.email}}, code="already_member"
            )
        if account.is_staff or account.is_superuser or not account.is_active:
            message = _(
                "This address belongs to an account of the programme office or an account that "
                "is switched off; it cannot be invited. Ask the programme office."
            )
            raise ValidationError({"email": message}, code="account_not_invitable")

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None

    def is_expired(self, now) -> bool:
        return now >= self.expires_at

    def status(self, now) -> str:
        """Accepted, withdrawn, expired or pending, for the administration's list."""
        if self.accepted_at is not None:
            return gettext("accepted")
        if self.revoked_at is not None:
            return gettext("withdrawn")
        if self.is_expired(now):
            return gettext("expired")
        return gettext("pending")

    def refusal(self, user, now) -> str | None:
        """Why `user` (perhaps anonymous) cannot accept this invitation at `now`, in a sentence
        for the page; None when they can."""
        inviter = {"name": str(self.invited_by or gettext("the programme office"))}
        if self.accepted_at is not None:
            return gettext(
                "This invitation has been used already: an invitation link works only once. "
                "Log in with your e-mail address and password."
            )
        if self.revoked_at is not None:
            return (
                gettext(
                    "This invitation was withdrawn or replaced by a newer one. Use the link in "
                    "the newest invitation e-mail, or ask %(name)s to invite you again."
                )
                % inviter
            )
        if self.is_expired(now):
            return gettext(
                "This invitation has expired: a link is valid for %(days)d days. Ask %(name)s "
                "to send it again."
            ) % {**inviter, "days": INVITATION_DAYS}
        if not self.organisation.is_active:
            return gettext("This organisation no longer takes part in the programme.")
        if user.is_authenticated and user.email.lower() != self.email.lower():
            return gettext(
                "This invitation is for %(email)s, but you are logged in as %(current)s. Log out "
                "and open the link from the e-mail again."
            ) % {"email": self.email, "current": user.email}
        account = user if user.is_authenticated else self.invited_account()
        if account is not None and (account.is_staff or account.is_superuser):
            return gettext(
                "An account of the programme office cannot accept an invitation. Ask an "
                "administrator for the membership."
            )
        if account is not None and not account.is_active:
            return gettext(
                "The account of this address is switched off. Ask the programme office."
            )
        if (
            account is not None
            and account.memberships.filter(organisation=self.organisation_id).exists()
        ):
            return gettext("You are a member of %(organisation)s already.") % {
                "organisation": self.organisation.name
            }
        return None

    def invited_account(self) -> User | None:
        """The existing account of the invited address, if there is one."""
        return User.objects.filter(email__iexact=self.email).first()
