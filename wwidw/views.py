from urllib.parse import urlencode, urlsplit

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import AdminSite
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from conversation.models import Follow
from conversation.start_page import start_page
from interventions.models import Intervention
from monitoring import benchmark, portfolio, reminders
from monitoring.portfolio import PortfolioRow
from wwidw import pagecache, permissions, services, two_factor
from wwidw.auth import password_reset_allowed
from wwidw.forms import (
    InvitationForm,
    LoginForm,
    NewAccountForm,
    TwoFactorCodeForm,
    TwoFactorDisableForm,
    TwoFactorSetupForm,
)
from wwidw.models import Invitation, Membership, MembershipChange, Organisation, User

MEMBERSHIP_CHANGES_PER_PAGE = 50

HOME_SECTIONS = [
    {
        "label": _("Knowledge base"),
        "url_name": "interventions:list",
        "description": _(
            "Descriptions of neighbourhood interventions in the shared format: problem, goals, "
            "approach, active ingredients, costs and results."
        ),
    },
    {
        "label": _("Archetypes"),
        "url_name": "archetypes:list",
        "description": _(
            "Syntheses of many interventions of one type, with their active ingredients and "
            "research evidence."
        ),
    },
    {
        "label": _("Sessions"),
        "url_name": "events:list",
        "description": _(
            'Theme sessions "What works in …" where professionals define the active ingredients '
            "of one type of intervention together."
        ),
    },
]


def home(request):
    def build() -> dict:
        organisations = Organisation.objects.of_member(request.user).order_by("name")
        context = {"organisations": organisations, "sections": HOME_SECTIONS}
        if request.user.is_authenticated:
            followed = Follow.objects.of(request.user).followed()
            context["start"] = start_page(request.user, followed, now=timezone.now())
        return context

    # It greets the reader by name and shows their start page: their own part. What they
    # follow changes no version of the site's data but their account's `pages_version`.
    pages_version = getattr(request.user, "pages_version", None)
    key = pagecache.page_key(request, "home", pages_version, personal=True)
    return pagecache.render(
        request,
        "wwidw/home.html",
        key=key,
        build=build,
        around=dict,
        whole_key=pagecache.whole_page_key(request, key),
    )


@login_required
def my_organisation(request):
    organisation = Organisation.objects.of_member(request.user).order_by("name").first()
    if organisation is None:
        context = {"is_programme_staff": permissions.is_programme_staff(request.user)}
        return render(request, "wwidw/no_organisation.html", context)
    return redirect(organisation)


@login_required
def organisation_dashboard(request, slug):
    organisation = get_object_or_404(Organisation.objects.of_member(request.user), slug=slug)
    sort = request.GET.get("sort", "")
    if sort.lstrip("-") not in PORTFOLIO_SORT_KEYS:
        sort = "title"
    rows = portfolio.portfolio_rows(request.user, organisation)
    plans = [row.plan for row in rows if row.plan]
    context = {
        "organisation": organisation,
        "own_organisations": Organisation.objects.of_member(request.user).order_by("name"),
        "counts": Membership.objects.filter(organisation=organisation).role_counts(),
        "can_manage": permissions.can_manage_organisation(request.user, organisation),
        "rows": _sorted_rows(rows, sort),
        "totals": portfolio.portfolio_totals(row.figures for row in rows if row.figures),
        "to_do": reminders.overdue_items(plans, timezone.localdate()),
        "benchmarks": benchmark.plan_benchmarks(plans, request.user),
        "columns": _portfolio_columns(sort),
        "sort": sort,
    }
    return render(request, "wwidw/organisation_dashboard.html", context)


# The portfolio on the dashboard: one row per description, with the figures of its monitoring.


PHASE_ORDER = {value: index for index, value in enumerate(Intervention.Phase.values)}
# Sort key → (column heading, the value a row sorts by). Empty values sort last either way.
PORTFOLIO_SORT_KEYS = {
    "title": (_("Intervention"), lambda row: row.intervention.title.casefold()),
    "phase": (_("Phase"), lambda row: PHASE_ORDER.get(row.intervention.phase, len(PHASE_ORDER))),
    "cost": (_("Total cost"), lambda row: row.total_cost),
    "own_share": (_("Own share"), lambda row: row.own_share),
    "realisation": (_("Results realised"), lambda row: row.realisation),
    "ratio": (_("SROI ratio"), lambda row: row.ratio),
    "shared": (_("Results shared"), lambda row: row.is_shared),
}
NUMBER_COLUMNS = {"cost", "own_share", "realisation", "ratio"}


def _sorted_rows(rows: list[PortfolioRow], sort: str) -> list[PortfolioRow]:
    value_of = PORTFOLIO_SORT_KEYS[sort.lstrip("-")][1]
    descending = sort.startswith("-")
    known = [row for row in rows if value_of(row) is not None]
    unknown = [row for row in rows if value_of(row) is None]
    known.sort(key=lambda row: row.intervention.title.casefold())
    known.sort(key=value_of, reverse=descending)
    return known + unknown


def _portfolio_columns(sort: str) -> list[dict]:
    """The sortable headings: a click sorts ascending, a second click descending."""
    columns = []
    for key, (label, _value_of) in PORTFOLIO_SORT_KEYS.items():
        direction = ""
        if sort.lstrip("-") == key:
            direction = "descending" if sort.startswith("-") else "ascending"
        next_sort = f"-{key}" if direction == "ascending" else key
        columns.append(
            {
                "key": key,
                "label": label,
                "sort": next_sort,
                "direction": direction,
                "is_number": key in NUMBER_COLUMNS,
            }
        )
    return columns


@login_required
def organisation_members(request, slug):
    organisation = _managed_organisation(request, slug)
    memberships = (
        Membership.objects.visible_to(request.user)
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "user__full_name")  # managers first
    )
    invitations = (
        organisation.invitations.open()
        .annotate_expired(timezone.now())
        .select_related("invited_by")
        .order_by("-created_at", "-pk")
    )
    context = {
        "organisation": organisation,
        "memberships": memberships,
        "invitations": invitations,
    }
    return render(request, "wwidw/organisation_members.html", context)


@login_required
def membership_change_list(request, slug):
    """The trail of membership changes made in the administration, for the managers."""
    organisation = get_object_or_404(Organisation.objects.of_member(request.user), slug=slug)
    if not permissions.can_manage_organisation(request.user, organisation):
        raise PermissionDenied
    changes = (
        MembershipChange.objects.visible_to(request.user)
        .filter(organisation=organisation)
        .order_by("-changed_at", "-pk")
    )
    page = Paginator(changes, MEMBERSHIP_CHANGES_PER_PAGE).get_page(request.GET.get("page"))
    context = {"organisation": organisation, "page_obj": page}
    return render(request, "wwidw/membership_change_list.html", context)


class LoginView(auth_views.LoginView):
    """Django's login view; an account with an authenticator app goes on to the code step."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get(self, request, *args, **kwargs):
        # The page an anonymous visitor gets is the same for each path and language: kept whole.
        if request.user.is_authenticated:
            return super().get(request, *args, **kwargs)
        key = pagecache.anonymous_page_key(request, "login")
        return pagecache.cached_whole_page(
            request, key, lambda: super(LoginView, self).get(request, *args, **kwargs)
        )

    def form_valid(self, form):
        user = form.get_user()
        if not two_factor.has_device(user):
            return super().form_valid(form)
        two_factor.start_pending_login(self.request, user, next_url=self.get_success_url())
        return redirect("two_factor_login")


def admin_login(request, extra_context=None):
    """The administration's login page takes the site's steps, the code step included, so a
    password alone never signs anyone in there; a signed-in account without access gets the
    administration's own explanation."""
    if request.user.is_authenticated:
        return AdminSite.login(admin.site, request, extra_context)
    return LoginView.as_view()(request)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password-reset view, with links built from SITE_URL (never from the Host
    header a request brings) and a limit per address and per client.

    Over the limit it sends nothing but shows the same "check your e-mail" page, so the page
    tells nobody whether the address has an account.
    """

    def form_valid(self, form):
        if not password_reset_allowed(self.request, form.cleaned_data["email"]):
            return redirect(self.get_success_url())
        site = urlsplit(settings.SITE_URL)
        form.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            token_generator=self.token_generator,
            from_email=self.from_email,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            request=self.request,
            html_email_template_name=self.html_email_template_name,
            extra_email_context=self.extra_email_context,
        )
        return redirect(self.get_success_url())


def two_factor_login(request):
    """The second login step: a code from the app or a recovery code, throttled with the
    password step (five failures for one account from one address, then fifteen minutes)."""
    user, backend, next_url = _user_to_verify(request)
    if user is None:
        return redirect(next_url)
    credentials = {"username": user.email}
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not AxesProxyHandler.is_allowed(request, credentials):
            return get_lockout_response(request, None, credentials)
        device = two_factor.verify_code(user, form.cleaned_data["code"])
        if device is not None:
            two_factor.complete_login(request, user, device, backend=backend)
            _say_recovery_codes_left(request, device)
            return redirect(next_url)
        form.add_error("code", _("This code is not right. Enter the code the app shows now."))
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return render(request, "registration/two_factor_login.html", {"form": form})


def _user_to_verify(request) -> tuple:
    """(user, backend of a pending login or None, next URL); user None when nothing to do."""
    home = resolve_url(settings.LOGIN_REDIRECT_URL)
    if request.user.is_authenticated:
        next_url = two_factor.safe_next(request, request.GET.get("next", ""), home)
        if request.user.is_verified() or not two_factor.has_device(request.user):
            return None, None, next_url
        return request.user, None, next_url
    pending = two_factor.pending_login(request)
    if pending is None:
        return None, None, resolve_url(settings.LOGIN_URL)
    return pending


def _say_recovery_codes_left(request, device) -> None:
    if not isinstance(device, StaticDevice):
        return
    left = two_factor.recovery_codes_left(request.user)
    messages.warning(
        request,
        ngettext(
            "You used a recovery code. You have %(count)d code left; make new ones in time.",
            "You used a recovery code. You have %(count)d codes left; make new ones in time.",
            left,
        )
        % {"count": left},
    )


def _verification_first(request):
    """A redirect to the code step when this session has not passed it though the account has
    an app linked; None otherwise. Guards the pages that change two-step verification."""
    if request.user.is_verified() or not two_factor.has_device(request.user):
        return None
    return redirect(f"{reverse('two_factor_login')}?{urlencode({'next': request.path})}")


@login_required
def two_factor_overview(request):
    user = request.user
    context = {
        "is_enabled": two_factor.has_device(user),
        "is_required": two_factor.is_required(user),
        "recovery_codes_left": two_factor.recovery_codes_left(user),
    }
    return render(request, "wwidw/two_factor_overview.html", context)


@login_required
def two_factor_setup(request):
    """Link an authenticator app: scan the QR code (or type the key), confirm with a code."""
    if two_factor.has_device(request.user):
        return redirect("two_factor")
    key = request.session.setdefault(two_factor.SETUP_KEY_SESSION_KEY, two_factor.new_key())
    form = TwoFactorSetupForm(request.POST or None, key=key)
    next_url = two_factor.safe_next(request, request.GET.get("next", ""), "")
    if request.method == "POST" and form.is_valid():
        device, codes = services.enable_two_factor(
            user=request.user, key=key, time_step=form.time_step
        )
        del request.session[two_factor.SETUP_KEY_SESSION_KEY]
        otp_login(request, device)
        return _show_new_recovery_codes(request, codes, next_url)
    config_url = two_factor.unsaved_device(request.user, key).config_url
    context = {
        "form": form,
        "qr_code": two_factor.qr_code_data_uri(config_url),
        "manual_key": two_factor.manual_key(key),
    }
    return render(request, "wwidw/two_factor_setup.html", context)


def _show_new_recovery_codes(request, codes: list[str], next_url: str = ""):
    request.session[two_factor.NEW_RECOVERY_CODES_SESSION_KEY] = codes
    url = reverse("two_factor_recovery_codes")
    return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)


@login_required
def two_factor_recovery_codes(request):
    """New recovery codes, shown once: the session forgets them as this page shows them."""
    codes = request.session.pop(two_factor.NEW_RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("two_factor")
    next_url = two_factor.safe_next(request, request.GET.get("next", ""), reverse("two_factor"))
    context = {"codes": codes, "next_url": next_url}
    return render(request, "wwidw/two_factor_recovery_codes.html", context)


@require_POST
@login_required
def two_factor_recovery_codes_replace(request):
    if response := _verification_first(request):
        return response
    if not two_factor.has_device(request.user):
        return redirect("two_factor")
    return _show_new_recovery_codes(request, services.replace_recovery_codes(user=request.user))


@login_required
def two_factor_disable(request):
    """Turn two-step verification off, after the password."""
    if response := _verification_first(request):
        return response
    form = TwoFactorDisableForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        services.disable_two_factor(user=request.user)
        messages.success(request, _("Two-step verification is off."))
        return redirect("two_factor")
    return render(request, "wwidw/two_factor_disable.html", {"form": form})


# Invitations and ending memberships, by the organisation's managers.


def _managed_organisation(request, slug: str) -> Organisation:
    """The organisation of a page for its managers: another partner's is a 404, one of which
    the user is a member but not a manager a 403."""
    organisations = Organisation.objects.of_member(request.user).annotate_is_managed(request.user)
    organisation = get_object_or_404(organisations, slug=slug)
    if not organisation.is_managed:
        raise PermissionDenied
    return organisation


def _members_page(organisation: Organisation):
    return redirect("organisation_members", slug=organisation.slug)


@login_required
def invitation_create(request, slug):
    organisation = _managed_organisation(request, slug)
    invitation = Invitation(organisation=organisation)
    form = InvitationForm(request.POST or None, instance=invitation)
    if request.method == "POST" and form.is_valid():
        services.send_invitation(invitation=invitation, by=request.user)
        messages.success(
            request,
            gettext("The invitation is on its way to %(email)s.") % {"email": invitation.email},
        )
        return _members_page(organisation)
    context = {"organisation": organisation, "form": form}
    return render(
        request, "wwidw/invitation_form.html", context, status=400 if form.errors else 200
    )


def _managed_invitation(request, slug: str, pk: int) -> Invitation:
    organisation = _managed_organisation(request, slug)
    invitations = Invitation.objects.managed_by(request.user).filter(organisation=organisation)
    return get_object_or_404(invitations.select_related("organisation"), pk=pk)


@require_POST
@login_required
def invitation_revoke(request, slug, pk):
    invitation = _managed_invitation(request, slug, pk)
    try:
        services.revoke_invitation(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        message = gettext("The invitation of %(email)s is withdrawn: its link no longer works.")
        messages.success(request, message % {"email": invitation.email})
    return _members_page(invitation.organisation)


@require_POST
@login_required
def invitation_resend(request, slug, pk):
    invitation = _managed_invitation(request, slug, pk)
    try:
        services.resend_invitation(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        message = gettext(
            "A new invitation is on its way to %(email)s; the old link no longer works."
        )
        messages.success(request, message % {"email": invitation.email})
    return _members_page(invitation.organisation)


@login_required
def membership_end(request, slug, pk):
    """Confirm, then end a colleague's membership; their descriptions stay as they are."""
    organisation = _managed_organisation(request, slug)
    memberships = Membership.objects.visible_to(request.user).filter(organisation=organisation)
    membership = get_object_or_404(memberships.select_related("user"), pk=pk)
    error = None
    if request.method == "POST":
        try:
            services.end_membership(membership=membership, by=request.user)
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            message = gettext("The membership of %(name)s has ended.")
            messages.success(request, message % {"name": membership.user})
            if membership.user_id == request.user.pk:
                return redirect("home")
            return _members_page(organisation)
    context = {"organisation": organisation, "membership": membership, "error": error}
    return render(request, "wwidw/membership_end.html", context, status=400 if error else 200)


# Accepting an invitation: the link from the e-mail, opened signed in or not.


def _invitation_refused(request, message: str, *, status: int = 403):
    return render(request, "wwidw/invitation_refused.html", {"message": message}, status=status)


def invitation_accept(request, slug, token):
    invitation = (
        Invitation.objects.with_token(token).select_related("organisation", "invited_by").first()
    )
    if invitation is None or invitation.organisation.slug != slug:
        message = gettext(
            "This invitation link is not valid: it does not belong to an invitation of this "
            "organisation. Open the link exactly as it is in the e-mail, or ask for a new "
            "invitation."
        )
        return _invitation_refused(request, message, status=404)
    refusal = invitation.refusal(request.user, timezone.now())
    if refusal:
        return _invitation_refused(request, refusal)
    if request.user.is_authenticated:
        return _accept_signed_in(request, invitation)
    if invitation.invited_account() is not None:
        context = {"invitation": invitation, "login_needed": True}
        return render(request, "wwidw/invitation_accept.html", context)
    return _accept_with_new_account(request, invitation)


def _accept_signed_in(request, invitation: Invitation):
    if request.method == "POST":
        try:
            services.accept_invitation(invitation=invitation, user=request.user)
        except ValidationError as error:
            return _invitation_refused(request, error.messages[0])
        return _welcome(request, invitation)
    return render(request, "wwidw/invitation_accept.html", {"invitation": invitation})


def _accept_with_new_account(request, invitation: Invitation):
    form = NewAccountForm(request.POST or None, instance=User(email=invitation.email))
    if request.method == "POST" and form.is_valid():
        account = form.save(commit=False)
        try:
            services.accept_invitation_with_new_account(invitation=invitation, account=account)
        except ValidationError as error:
            return _invitation_refused(request, error.messages[0])
        auth_login(request, account, backend="wwidw.auth.SiteBackend")
        return _welcome(request, invitation)
    context = {"invitation": invitation, "form": form}
    return render(
        request, "wwidw/invitation_accept.html", context, status=400 if form.errors else 200
    )


def _welcome(request, invitation: Invitation):
    message = gettext("Welcome! You are a member of %(organisation)s now.")
    messages.success(request, message % {"organisation": invitation.organisation.name})
    return redirect(invitation.organisation)
