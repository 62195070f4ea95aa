"""The archetypes for every account: the list, the synthesis as a document, and its PDF."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, prefetch_related_objects
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from archetypes import documents, row_versions
from archetypes.filters import ArchetypeFilter
from archetypes.models import Archetype
from conversation.models import followed_by
from interventions.models import Intervention
from wwidw import pagecache
from wwidw.pdf import pdf_response

PAGE_SIZE = 20


@require_safe
@login_required
def archetype_list(request):
    visible = Intervention.objects.visible_to(request.user).values("pk")
    archetypes = (
        Archetype.objects.visible_to(request.user)
        .select_related("intervention_type")
        .annotate(examples=Count("links", filter=Q(links__intervention__in=visible)))
        .order_by("title", "pk")
    )
    filterset = ArchetypeFilter(request.GET, queryset=archetypes)
    context = {
        "filterset": filterset,
        "page_obj": Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page")),
        "is_filtered": any(filterset.form.data.get(name) for name in filterset.filters),
    }
    return render(request, "archetypes/archetype_list.html", context)


def _visible(request, slug: str) -> Archetype:
    """A draft is a 404 for anyone but the programme staff."""
    visible = _with_follow(request, Archetype.objects.visible_to(request.user))
    queryset = documents.readable(visible)
    return get_object_or_404(queryset, slug=slug)


def _with_follow(request, queryset):
    """Whether the reader follows the archetype and its type, for the follow buttons outside
    the cached part."""
    return queryset.annotate(
        is_followed=followed_by(request.user, "archetype"),
        type_is_followed=followed_by(request.user, "intervention_type", "intervention_type"),
    )


@require_safe
@login_required
def archetype_detail(request, slug: str):
    """The page built around its part, kept under the version of the rows it shows
    (archetypes/row_versions.py) per kind of reader: a write elsewhere leaves it as it is."""

    def respond() -> TemplateResponse:
        visible = _with_follow(request, Archetype.objects.visible_to(request.user))
        archetype = get_object_or_404(
            visible.select_related("intervention_type").annotate(rows=row_versions.fingerprint()),
            slug=slug,
        )
        part = pagecache.CachedPart.look_up(
            pagecache.page_key(request, "archetype", slug, version=archetype.rows)
        )
        context = {"archetype": archetype}
        if part.html is None:
            prefetch_related_objects([archetype], *documents.READABLE)
            context = documents.document(archetype, user=request.user)
        context["page_cache"] = part
        return TemplateResponse(request, "archetypes/archetype_detail.html", context)

    return pagecache.cached_whole_page(
        request, pagecache.reader_page_key(request, "archetype-page", slug), respond
    )


@require_safe
@login_required
def archetype_pdf(request, slug: str):
    archetype = _visible(request, slug)
    html = documents.render_archetype_html(archetype, user=request.user, request=request)
    return pdf_response(request, html, f"archetype-{archetype.slug}.pdf")
