"""Finding descriptions: the knowledge base list with search and facets, and its exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from conversation.following import list_subject
from interventions import exports, models
from interventions.facets import cached_facet_counts
from interventions.filters import InterventionFilter
from interventions.models import SNIPPET_END, SNIPPET_START, Intervention
from wwidw import pagecache, permissions, spreadsheets

PAGE_SIZE = 20


class CountedPaginator(Paginator):
    """A paginator told the number of rows when it is known (the facet counts hold it)."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.count = count


class KeysFirstPaginator(CountedPaginator):
    """Finds the keys of a page first, then loads just those rows.

    The keys of the plain list come from the covering index `interventions_list` alone, so a
    deep page costs little more than the first (bench/search.py).
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        keys = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        return self._get_page(_rows_in_order(self.object_list, keys), number, self)


def _rows_in_order(queryset, keys: list[int]) -> list:
    rows = {row.pk: row for row in queryset.filter(pk__in=keys)}
    return [rows[key] for key in keys if key in rows]


def _page(filterset, counts, number) -> Page:
    """The page of results, in two or three queries at any depth and length of the list."""
    text = filterset.search_text
    if not text:
        results = filterset.qs.for_list()
        paginator = KeysFirstPaginator(results, PAGE_SIZE, count=_result_count(filterset, counts))
        return paginator.get_page(number)
    if filterset.results_are_matches:
        # At most SEARCH_CANDIDATES rows by primary key, counted by the facets: the page
        # itself, ranked, with snippets, is one query.
        results = filterset.qs.for_list().with_snippet(text)
        paginator = CountedPaginator(results, PAGE_SIZE, count=_result_count(filterset, counts))
        return paginator.get_page(number)
    # A search of the filtered set: its ordered keys, then the rows of the page.
    page = Paginator(filterset.qs.ids(), PAGE_SIZE).get_page(number)
    rows = Intervention.objects.for_list().with_snippet(text)
    page.object_list = _rows_in_order(rows, list(page.object_list))
    return page


def _result_count(filterset, counts) -> int:
    """The number of results: the status facet counts them under every other filter."""
    status = filterset.chosen_status
    return sum(row[3] for row in counts if row[0] == "status" and row[1] == status)


def _filterset(request) -> InterventionFilter:
    permissions.organisation_ids(request.user)  # once, for the facets and every condition
    visible = Intervention.objects.visible_to(request.user)
    return InterventionFilter(request.GET, queryset=visible, request=request)


def _mark_snippets(page: Page) -> None:
    """Escape each snippet, then turn the markers around the matched words into <mark> tags."""
    for intervention in page:
        snippet = escape(getattr(intervention, "snippet", "") or "")
        # Safe: the snippet was escaped; only the markers become tags.
        intervention.snippet_html = mark_safe(  # nosec B308 B703
            snippet.replace(SNIPPET_START, "<mark>").replace(SNIPPET_END, "</mark>")
        )


def _xlsx_too_long_message() -> str:
    limit = formats.number_format(exports.XLSX_MAX_ROWS, force_grouping=True)
    return _(
        "This list is too long for Excel (more than %(limit)s descriptions). Narrow it down "
        "with the filters, or download it as CSV, which Excel opens as well."
    ) % {"limit": limit}


def _export_filename(extension: str) -> str:
    return f"kennisbank-{timezone.localdate().isoformat()}.{extension}"


@login_required
def intervention_list(request):
    def build() -> dict:
        filterset = _filterset(request)
        counts = cached_facet_counts(filterset)
        page = _page(filterset, counts, request.GET.get("page"))
        _mark_snippets(page)
        return {
            "filterset": filterset,
            "facets": filterset.facets(counts),
            "page_obj": page,
            "suggestion": filterset.suggestion(page),
            "can_create": bool(permissions.organisation_ids(request.user)),
            "reached_search_cap": bool(filterset.search_text)
            and page.paginator.count >= models.SEARCH_CANDIDATES,
        }

    def follow() -> dict:
        # Outside the cached part: the type or theme the list shows alone, to follow.
        return {"subject": list_subject(request.user, request.GET)}

    return pagecache.render(
        request,
        "interventions/intervention_list.html",
        key=pagecache.page_key(request, "knowledge-base"),
        build=lambda: build() | follow(),
        around=follow,
    )


@login_required
def intervention_export_csv(request):
    interventions = _filterset(request).qs
    response = StreamingHttpResponse(
        exports.csv_lines(interventions, base_url=request.build_absolute_uri("/")),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(True, _export_filename("csv"))
    return response


@login_required
def intervention_export_xlsx(request):
    interventions = _filterset(request).qs
    if interventions.count() > exports.XLSX_MAX_ROWS:
        messages.warning(request, _xlsx_too_long_message())
        return redirect(f"{reverse('interventions:list')}?{request.GET.urlencode()}")
    response = HttpResponse(
        exports.xlsx_bytes(interventions, base_url=request.build_absolute_uri("/")),
        content_type=spreadsheets.XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = content_disposition_header(True, _export_filename("xlsx"))
    return response
