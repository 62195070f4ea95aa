"""Every page of the site and of the administration, for the checks that open them all: the Nu
HTML Checker (tests/test_html_valid.py) and axe in a browser (tests/browser/test_accessibility.py).

The site's pages are found by walking the URL configuration, as tests/test_safe_requests.py
does; each URL name is either a page in PAGES, opened by the role named there, or in NOT_PAGES
with the reason it is not one. A new URL that is in neither fails `site_pages()` with a message
that says where to add it. The administration's pages come from the models registered in it
and their views; a view of its own that is not in ADMIN_VIEWS fails `admin_pages()` likewise.
"""

import decimal

import reversion
from django.contrib import admin
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from reversion.admin import VersionAdmin
from reversion.models import Version

from api import services as api_services
from archetypes import choices as archetype_choices
from conversation.digest import unsubscribe_token
from conversation.models import Answer, Question
from events.models import CalendarFeed
from monitoring import services as monitoring_services
from tests.factories import (
    ActiveIngredientFactory,
    ArchetypeFactory,
    ArchetypeInterventionFactory,
    BudgetApplicationFactory,
    BudgetRoundFactory,
    EffectVerdictFactory,
    InvitationFactory,
    ReferenceFactory,
    RegistrationFactory,
    SessionIngredientFactory,
    ThemeSessionFactory,
    make_plan,
    make_published,
)
from wwidw.models import invitation_token_hash

ANONYMOUS, MEMBER, MANAGER, STAFF = "anonymous", "member", "manager", "staff"

# Who opens each page (a tuple: each of them, where the page differs per role).
PAGES = {
    "home": (ANONYMOUS, MEMBER, STAFF),
    "organisation_dashboard": MEMBER,
    "organisation_members": MANAGER,
    "membership_change_list": MANAGER,
    "api_keys:list": MANAGER,
    "login": ANONYMOUS,
    "password_reset": ANONYMOUS,
    "password_reset_done": ANONYMOUS,
    "password_reset_complete": ANONYMOUS,
    "password_change": MEMBER,
    "password_change_done": MEMBER,
    "two_factor": MEMBER,
    "two_factor_setup": MEMBER,
    "interventions:list": MEMBER,
    "interventions:create": MEMBER,
    "interventions:update": MEMBER,
    "interventions:detail": MEMBER,
    "interventions:history": MEMBER,
    "interventions:diff": MEMBER,
    "interventions:compare": MEMBER,
    "interventions:import_start": MEMBER,
    "interventions:import_list": MEMBER,
    "monitoring:detail": MEMBER,
    "monitoring:plan": MEMBER,
    "monitoring:periods": MEMBER,
    "monitoring:costs": MEMBER,
    "monitoring:results": MEMBER,
    "monitoring:outcomes": MEMBER,
    "monitoring:effects": MEMBER,
    "monitoring:import": MEMBER,
    "monitoring:history": MEMBER,
    "budgets:round_list": MEMBER,
    "budgets:round_create": MANAGER,
    "budgets:round_detail": MEMBER,
    "budgets:round_update": MANAGER,
    "budgets:round_review": MANAGER,
    "budgets:application_create": MEMBER,
    "budgets:application_detail": MEMBER,
    "budgets:application_update": MEMBER,
    "budgets:application_decide": MANAGER,
    "archetypes:list": MEMBER,
    "archetypes:detail": MEMBER,
    "events:list": MEMBER,
    "events:my_registrations": MEMBER,
    "events:calendar_subscription": MEMBER,
    "events:detail": MEMBER,
    "glossary": (ANONYMOUS, MEMBER),
    "how_it_works": ANONYMOUS,
    "invitation_create": MANAGER,
    "invitation_accept": ANONYMOUS,
    "membership_end": MANAGER,
    "conversation:question_create": MEMBER,
    "conversation:answer_create": MEMBER,
    "conversation:question_hide": MANAGER,
    "conversation:answer_hide": MANAGER,
    "follows:list": MEMBER,
    "follows:unsubscribe": ANONYMOUS,
}

# Why a URL name is not a page to check.
FILE = "a download (PDF, spreadsheet, calendar or JSON), not an HTML page"
POST = "only answers a POST; the page it belongs to holds its button"
NOT_PAGES = {
    "healthz": "the load balancer's check, plain text",
    "my_organisation": "redirects to the dashboard of the member's organisation",
    "two_factor_recovery_codes": "shows codes just made, once (tests/wwidw/test_two_factor.py)",
    "monitoring:start": POST,
    "two_factor_login": "the second step of a staff login, opened by logging in (tests/wwidw)",
    "two_factor_recovery_codes_replace": POST,
    "two_factor_disable": POST,
    "logout": POST,
    "password_reset_confirm": "needs a one-time token from an e-mail",
    "set_language": POST,
    "interventions:export_csv": FILE,
    "interventions:export_xlsx": FILE,
    "interventions:publish": POST,
    "interventions:unpublish": POST,
    "interventions:archive": POST,
    "interventions:unarchive": POST,
    "interventions:pdf": FILE,
    "interventions:report": FILE,
    "interventions:restore": POST,
    "interventions:json": FILE,
    "interventions:import_template_xlsx": FILE,
    "interventions:import_template_csv": FILE,
    "interventions:import_export_xlsx": FILE,
    "interventions:import_detail": "needs an uploaded spreadsheet (tests/browser/"
    "test_import_descriptions.py checks it with axe)",
    "interventions:import_run": POST,
    "interventions:import_file": FILE,
    "monitoring:import_confirm": POST,
    "monitoring:import_status": "needs a running import (tests/browser/"
    "test_keys_feed_and_monitoring_import.py checks it with axe)",
    "monitoring:restore": POST,
    "monitoring:report_pdf": FILE,
    "monitoring:export_xlsx": FILE,
    "monitoring:portfolio_pdf": FILE,
    "monitoring:portfolio_pdf_status": "needs a report being rendered; a progress line",
    "monitoring:portfolio_pdf_download": FILE,
    "monitoring:portfolio_xlsx": FILE,
    "budgets:round_status": POST,
    "budgets:application_submit": POST,
    "budgets:application_unsubmit": POST,
    "budgets:application_withdraw": POST,
    "budgets:round_pdf": FILE,
    "budgets:round_pdf_status": "needs a report being rendered; a progress line",
    "budgets:round_pdf_download": FILE,
    "budgets:round_xlsx": FILE,
    "archetypes:pdf": FILE,
    "events:register": POST,
    "events:cancel": POST,
    "events:ical": FILE,
    "events:calendar_feed": FILE,
    "api_keys:revoke": POST,
    "invitation_revoke": POST,
    "invitation_resend": POST,
    "interventions:draft_save": POST,
    "interventions:draft_save_new": POST,
    "interventions:draft_discard": POST,
    "interventions:draft_discard_new": POST,
    "conversation:answer_useful": POST,
    "conversation:question_show": POST,
    "conversation:answer_show": POST,
    "follows:intervention_type": POST,
    "follows:theme": POST,
    "follows:archetype": POST,
    "follows:intervention": POST,
    "follows:remove": POST,
    "follows:digest_settings": POST,
}
# URL namespaces not walked, and why.
NOT_WALKED = {
    "admin": "the administration's pages come from its registered models (admin_pages())",
    "api_v1": "the read API answers JSON; its documentation is Swagger's own page, vendored, "
    "which tests/browser/test_api_docs.py checks with axe",
}


def _named_urls(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in NOT_WALKED:
                continue
            inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
            yield from _named_urls(pattern.url_patterns, inner.strip(":"))
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, set(pattern.pattern.converters)


def make_world(*, partner_a, member_a, manager_a, shared_a, concept_a) -> dict:
    """One of everything of partner A, with content on every page: URL parameters per app."""
    plan = make_plan(shared_a, cost=decimal.Decimal("1000"), benefits=decimal.Decimal("2500"))
    for comment in ["Opzet", "Kosten"]:
        with monitoring_services.plan_version(plan, by=member_a, comment=comment):
            plan.save()
    budget_round = BudgetRoundFactory(organisation=partner_a)
    application = BudgetApplicationFactory(
        round=budget_round, applicant=member_a, intervention=shared_a
    )
    archetype = ArchetypeFactory(status=archetype_choices.Status.PUBLISHED)
    reference = ReferenceFactory(archetype=archetype)
    ActiveIngredientFactory(archetype=archetype)
    EffectVerdictFactory(archetype=archetype).references.add(reference)
    ArchetypeInterventionFactory(archetype=archetype, intervention=shared_a)
    session = ThemeSessionFactory(archetype=archetype)
    RegistrationFactory(session=session, user=member_a, organisation=partner_a)
    SessionIngredientFactory(session=session)
    with reversion.create_revision():
        shared_a.summary += " Hij kent de bewoners bij naam."
        shared_a.save()
        reversion.set_user(member_a)
    versions = Version.objects.get_for_object(shared_a).order_by("pk")
    other = make_published(partner_a, member_a, title="Buurtconciërge")
    CalendarFeed.objects.create(user=member_a, key="agenda-van-member-a")
    api_services.create_api_key(organisation=partner_a, name="Intranet", by=manager_a)
    question = Question.objects.create(intervention=shared_a, author=member_a, body="Hoe?")
    answer = Answer.objects.create(question=question, author=manager_a, body="Zo.")
    InvitationFactory(
        organisation=partner_a, token_hash=invitation_token_hash("wereld"), invited_by=manager_a
    )
    return {
        # The query string a page needs besides its URL.
        "?": {
            "interventions:diff": f"?van={versions.first().pk}&naar={versions.last().pk}",
            "interventions:compare": f"?id={shared_a.pk}&id={other.pk}",
        },
        "interventions": {"pk": shared_a.pk},
        "monitoring": {"pk": shared_a.pk},
        "budgets:round": {"pk": budget_round.pk},
        "budgets:application_create": {"pk": budget_round.pk},
        "budgets:application": {"pk": application.pk},
        "archetypes": {"slug": archetype.slug},
        "events": {"slug": session.slug},
        "conversation": {"pk": shared_a.pk, "question_pk": question.pk, "answer_pk": answer.pk},
        "follows": {"token": unsubscribe_token(member_a)},
        "": {"slug": partner_a.slug, "pk": member_a.memberships.get().pk, "token": "wereld"},
    }


def site_pages(world: dict) -> list[tuple[str, str, str]]:
    """(role, URL name, URL) of every page of the site, with the parameters of `world`."""
    pages = []
    for name, parameters in _named_urls(get_resolver().url_patterns):
        if name in NOT_PAGES:
            continue
        assert name in PAGES, (
            f"{name} is a new URL: add it to PAGES in tests/pages.py with the role that opens "
            "it (and its parameters to make_world()), or to NOT_PAGES with the reason it is "
            "not an HTML page"
        )
        values = world[next(key for key in world if name.startswith(key))]  # "" comes last
        missing = parameters - set(values)
        assert not missing, f"{name}: add {missing} to make_world() in tests/pages.py"
        kwargs = {parameter: values[parameter] for parameter in parameters}
        url = reverse(name, kwargs=kwargs) + world["?"].get(name, "")
        roles = PAGES[name] if isinstance(PAGES[name], tuple) else (PAGES[name],)
        pages.extend((role, name, url) for role in roles)
    return pages


# The administration's own views beside the list and the forms: a page (opened with the first
# object, if it takes one) or the reason it is not one.
ADMIN_VIEWS = {
    "archetypes_archetype_candidates": STAFF,
    "archetypes_archetype_recoverlist": STAFF,
    "interventions_intervention_recoverlist": "not for programme staff (superusers only)",
    "auth_user_password_change": "not for programme staff (superusers only)",
    "archetypes_archetype_recover": "needs a deleted version; shows the change form",
    "archetypes_archetype_revision": "needs a version; shows the change form",
    "interventions_intervention_recover": "needs a deleted version; shows the change form",
    "interventions_intervention_revision": "needs a version; shows the change form",
    "events_themesession_attendees": FILE,
    "events_themesession_signin_sheet": FILE,
    "otp_totp_totpdevice_config": "django-otp's set-up of a device, with its QR code",
    "otp_totp_totpdevice_qrcode": FILE,
}
# Django's own views of every model: the list and the form are opened for each, and the history
# where its versions are kept (django-reversion's template). Programme staff archive; they do not
# delete.
STANDARD_VIEWS = {"changelist", "add", "change", "history", "delete"}


def admin_pages(staff) -> list[tuple[str, str, str]]:
    """(role, name, URL) of the administration's pages that programme staff use: its index;
    of every model registered in it the list, the form of its first object and the empty form
    (when there is no object yet, or when it has searchable selects), and its own views of
    ADMIN_VIEWS."""
    request = RequestFactory().get("/")
    request.user = staff
    pages = [(STAFF, "admin:index", reverse("admin:index"))]
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_or_change_permission(request):
            continue
        first = model._default_manager.order_by("pk").first()
        for pattern in model_admin.get_urls():
            if not pattern.name:
                continue
            view = pattern.name.removeprefix(f"{model._meta.app_label}_{model._meta.model_name}_")
            if view in STANDARD_VIEWS:
                wanted = _standard_view(view, model_admin, request, first)
            else:
                assert pattern.name in ADMIN_VIEWS, (
                    f"admin:{pattern.name} is a new view of the administration: add it to "
                    "ADMIN_VIEWS in tests/pages.py, as a page or with the reason it is not one"
                )
                wanted = ADMIN_VIEWS[pattern.name] == STAFF
            if wanted:
                name = f"admin:{pattern.name}"
                args = [first.pk] if pattern.pattern.converters and first else []
                pages.append((STAFF, name, reverse(name, args=args)))
    return pages


def _standard_view(view: str, model_admin, request, first) -> bool:
    if view == "changelist":
        return True
    if view == "add":  # and where searchable selects start empty
        wanted = first is None or model_admin.get_autocomplete_fields(request)
        return bool(wanted) and model_admin.has_add_permission(request)
    if view == "change":
        return first is not None
    if view == "history":
        return (
            isinstance(model_admin, VersionAdmin)
            and model_admin.get_history_queryset(request)
            .filter(pk=getattr(first, "pk", None))
            .exists()
        )
    return False
