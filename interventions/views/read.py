"""Reading a description: the page, the PDF, its history, and JSON (comparing: compare.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from reversion.models import Version

from archetypes.models import Archetype
from budgets.models import BudgetApplication
from conversation import views as conversation
from conversation.models import can_ask, followed_by, with_contact
from interventions import completeness, documents, row_versions, services
from interventions.diffs import diff_versions
from interventions.models import Intervention
from monitoring import shared
from wwidw import pagecache, permissions
from wwidw.pdf import pdf_response

SIMILAR_LIMIT = 5


def _visible(request, pk: int) -> Intervention:
    visible = _with_follow(request, Intervention.objects.visible_to(request.user))
    queryset = documents.readable(visible)
    return get_object_or_404(queryset, pk=pk)


def _with_follow(request, queryset):
    """`is_followed` by the reader, for the follow button outside the cached part."""
    return queryset.annotate(is_followed=followed_by(request.user, "intervention"))


def _similar(request, intervention: Intervention) -> list[Intervention]:
    similar = Intervention.objects.visible_to(request.user).similar_to(intervention)
    return list(similar.select_related("organisation")[:SIMILAR_LIMIT])


@require_safe
@login_required
def intervention_detail(request, pk: int):
    # The whole page is kept per reader: their rights and the data version in the key decide
    # whether they may see it and whether they are its contact.
    key = pagecache.reader_page_key(request, "description-page", pk)
    return pagecache.cached_whole_page(request, key, lambda: _description(request, pk))


def _description(request, pk: int) -> HttpResponse:
    """The page built around its part of the description's own rows, kept under their version
    (interventions/row_versions.py) per kind of reader and contact person; what it shows of the
    rest of the site (archetypes, budget applications, shared monitoring, questions, similar
    descriptions) in slots, kept under the site's data version."""
    visible = _with_follow(request, with_contact(Intervention.objects.visible_to(request.user)))
    readable = get_object_or_404(
        visible.select_related("organisation").annotate(rows=row_versions.fingerprint()), pk=pk
    )
    is_contact = readable.contact_id is not None and readable.contact_id == request.user.pk
    can_change = permissions.can_change(request.user, readable)
    part = pagecache.CachedPart.look_up(
        pagecache.page_key(request, "description", pk, is_contact, version=readable.rows)
    )
    context = {"intervention": readable, "can_change": can_change, "page_cache": part}
    if part.html is None:
        prefetch_related_objects([readable], *documents.prefetches())
        missing, share = completeness.check(readable) if can_change else ([], None)
        context |= {
            "sections": documents.document(readable),
            "missing": missing,
            "share": share,
            "can_ask": can_ask(request.user),
        }
    context["page_slots"] = pagecache.slots(
        request,
        "description",
        pk,
        is_contact,
        build=lambda: _slots(request, readable, can_change=can_change),
    )
    return TemplateResponse(request, "interventions/intervention_detail.html", context)


def _slots(request, intervention: Intervention, *, can_change: bool) -> dict[str, str]:
    """What the description's page shows of the rest of the site, as HTML per slot."""

    def partial(name: str, context: dict) -> str:
        return render_to_string(f"interventions/intervention_detail.html#{name}", context)

    thread = conversation.thread(request, intervention)
    return {
        "archetypes": partial("archetypes", {"archetypes": _archetypes(intervention)}),
        "budget": partial(
            "budget",
            {
                "budget_applications": (
                    _budget_applications(request, intervention) if can_change else []
                )
            },
        ),
        "shared": render_to_string(
            "monitoring/includes/shared_figures.html",
            {
                "section": _shared_figures(intervention),
                "can_change": can_change,
                "intervention_pk": intervention.pk,
                "is_public": intervention.is_shared_with_partners,
            },
        ),
        # Its forms hold the placeholder of the CSRF token, which each response replaces.
        "thread": render_to_string(
            "conversation/includes/thread.html",
            {"intervention": intervention, **thread, "csrf_token": pagecache.CSRF_PLACEHOLDER},
        ),
        "similar": partial(
            "similar", {"similar": _similar(request, intervention), "intervention": intervention}
        ),
    }


def _budget_applications(request, intervention: Intervention) -> list[BudgetApplication]:
    """The description's applications for a liveability budget that the user may read."""
    applications = BudgetApplication.objects.visible_to(request.user).filter(
        intervention=intervention
    )
    return list(applications.select_related("round").order_by("-round__year", "-pk"))


def _archetypes(intervention: Intervention) -> list[Archetype]:
    """The published archetypes that take the description as a practice example."""
    archetypes = Archetype.objects.published().filter(links__intervention=intervention)
    return list(archetypes.order_by("title"))


def _shared_figures(intervention: Intervention) -> SafeString | None:
    """The key figures of the monitoring, when its owner shares them with all partners."""
    if not intervention.is_shared_with_partners:
        return None
    return shared.section(intervention, intervention.organisation.name)


@require_safe
@login_required
def intervention_pdf(request, pk: int):
    intervention = _visible(request, pk)
    html = documents.render_intervention_html(intervention, request=request)
    return pdf_response(request, html, f"{slugify(intervention.title)[:80] or 'interventie'}.pdf")


def _versions(intervention: Intervention):
    return Version.objects.get_for_object(intervention).select_related("revision__user")


@require_safe
@login_required
def intervention_history(request, pk: int):
    # Earlier versions may hold text that was never published: owners only.
    intervention = get_object_or_404(Intervention.objects.editable_by(request.user), pk=pk)
    versions = list(_versions(intervention))
    context = {
        "intervention": intervention,
        "versions": [(len(versions) - index, version) for index, version in enumerate(versions)],
        "can_change": permissions.can_change(request.user, intervention),
    }
    return render(request, "interventions/intervention_history.html", context)


def _chosen_version_ids(request) -> tuple[int, int] | None:
    try:
        old_id, new_id = int(request.GET["van"]), int(request.GET["naar"])
    except (KeyError, ValueError):
        return None
    return (old_id, new_id) if old_id != new_id else None


@require_safe
@login_required
def intervention_diff(request, pk: int):
    intervention = get_object_or_404(Intervention.objects.editable_by(request.user), pk=pk)
    chosen = _chosen_version_ids(request)
    if chosen is None:
        messages.error(request, _("Choose two different versions to compare."))
        return redirect("interventions:history", pk=intervention.pk)
    versions = _versions(intervention)
    old = get_object_or_404(versions, pk=chosen[0])
    new = get_object_or_404(versions, pk=chosen[1])
    context = {
        "intervention": intervention,
        "old": old,
        "new": new,
        "changes": diff_versions(old, new),
        "can_change": permissions.can_change(request.user, intervention),
    }
    return render(request, "interventions/intervention_diff.html", context)


@require_POST
@login_required
def intervention_restore(request, pk: int, version_id: int):
    intervention = get_object_or_404(Intervention.objects.editable_by(request.user), pk=pk)
    version = get_object_or_404(_versions(intervention), pk=version_id)
    services.restore_version(intervention=intervention, version=version, by=request.user)
    when = date_format(timezone.localtime(version.revision.date_created), "DATETIME_FORMAT")
    messages.success(
        request,
        _("The version of %(date)s is back. The previous text is kept in the history.")
        % {"date": when},
    )
    return redirect(intervention)


@require_safe
@login_required
def intervention_json(request, pk: int):
    intervention = _visible(request, pk)
    data = documents.as_json(
        intervention, url=request.build_absolute_uri(intervention.get_absolute_url())
    )
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
