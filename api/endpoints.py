"""The read API, /api/v1/: descriptions, their monitoring figures, archetypes and theme
sessions, with django-ninja. Every answer starts from the site's own QuerySets with the key's
reader (api/auth.py), so the API sees exactly what a member of the key's organisation sees.

Descriptions are listed oldest change first, by (updated_at, id), in pages linked by an opaque
cursor: a description changed while a client walks the pages moves to the end and comes again,
so nothing is missed; `updated_since` starts a synchronisation where the last one ended.
"""

import datetime
import hashlib
import json
from collections.abc import Callable

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger

from api import schemas
from api.auth import KeyAuth, KeyReader, RateLimited
from archetypes import documents as archetype_documents
from archetypes import figures as archetype_figures
from archetypes.filters import ArchetypeFilter
from archetypes.models import Archetype
from events.filters import SessionFilter
from events.models import ThemeSession
from interventions import documents
from interventions.filters import InterventionFilter
from interventions.models import LIST_FIELDS, Intervention
from monitoring import calculations
from monitoring.models import MonitoringPlan

PAGE_SIZE = 50
PAGE_SIZE_MAX = 200
CURSOR_SALT = "api.descriptions.cursor"
# Parameters of the list that are the API's, not the knowledge base's FilterSet.
PAGING_PARAMETERS = ("cursor", "limit", "updated_since", "sort")


# The refusals every endpoint may give, each with a Dutch `detail`.
REFUSALS = {
    401: schemas.Error,
    404: schemas.Error,
    422: schemas.InvalidInput,
    429: schemas.Error,
}


class Docs(Swagger):
    """Swagger UI from django-ninja's own static files (no CDN), under a Dutch introduction."""

    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings),
            "rate_limit": settings.API_RATE_LIMIT,
        }
        return render(request, self.template, context)


api = NinjaAPI(
    title="Wat Werkt in de Wijk",
    version="1",
    description=gettext_lazy(
        "Read the knowledge base of Wat Werkt in de Wijk: descriptions, key monitoring figures, "
        "archetypes and theme sessions. Authenticate with `Authorization: Bearer <key>`."
    ),
    urls_namespace="api_v1",
    auth=KeyAuth(),
    # No badge from validator.swagger.io: the page loads nothing from elsewhere.
    docs=Docs(settings={"validatorUrl": None}),
)


# Errors: JSON with a Dutch `detail`.


def _error(request: HttpRequest, status: int, detail: str, **extra) -> HttpResponse:
    return api.create_response(request, {"detail": detail, **extra}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthorised(request, exc):
    # Missing, unknown and revoked keys get the same answer: nothing tells them apart.
    response = _error(request, 401, _("Give a valid API key: Authorization: Bearer <key>."))
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(RateLimited)
def _rate_limited(request, exc):
    response = _error(request, 429, _("Too many requests with this key. Try again in a minute."))
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, _("Not found, or not visible with this key."))


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return _error(request, 422, _("Invalid parameters."), errors=exc.errors)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return _error(request, exc.status_code, str(exc))


class InvalidFilters(Exception):  # noqa: N818 (named for the answer, 400)
    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__(errors)


def _check(filterset) -> None:
    """A filter value the site would leave out (and show as an error) is a 400 here."""
    if filterset.form.errors:
        errors = filterset.form.errors.items()
        raise InvalidFilters({name: list(messages) for name, messages in errors})


@api.exception_handler(InvalidFilters)
def _invalid_filters(request, exc):
    return _error(request, 400, _("Invalid filter values."), errors=exc.errors)


# Conditional requests.


def _etag(*parts) -> str:
    digest = hashlib.sha256(":".join(str(part) for part in parts).encode()).hexdigest()
    return f'"{digest[:32]}"'


def _body_etag(reader: KeyReader, data) -> str:
    return _etag(reader.organisation_id, json.dumps(data, sort_keys=True, default=str))


def _not_modified(request: HttpRequest, etag: str) -> HttpResponse | None:
    sent = [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]
    if etag in sent or "*" in sent:
        response = HttpResponseNotModified()
        _fresh(response, etag)
        return response
    return None


def _fresh(response: HttpResponse, etag: str) -> None:
    response["ETag"] = etag
    # Clients revalidate with If-None-Match; nothing stores it on the way (organisation data).
    response["Cache-Control"] = "private, no-cache"
    response["Vary"] = "Authorization"


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


@api.get("/", auth=None, include_in_schema=False, url_name="home")
def home(request):
    """/api/v1/ itself: to the docs page."""
    return redirect("api_v1:openapi-view")


# Descriptions.


class DescriptionFilters(Schema):
    """The knowledge base's own parameters (interventions/filters.py), plus synchronisation."""

    q: str | None = Field(None, description="Search words, as in the knowledge base.")
    status: str | None = Field(
        None,
        description="gepubliceerd (default), concept or gearchiveerd: the latter two of "
        "the key's own organisation only.",
    )
    type: list[str] = Field([], description="Intervention type slugs.")
    thema: list[str] = Field([], description="Theme slugs.")
    effect: list[str] = Field([], description="Effect codes, e.g. LB.01.")
    organisatie: list[str] = Field([], description="Organisation slugs.")
    gemeente: list[str] = Field([], description="Municipality names.")
    doelgroep: list[str] = Field([], description="Target group slugs.")
    fase: list[str] = Field([], description="Phase codes.")
    met: list[str] = Field([], description="monitoring, effectmeting or sroi.")
    bewijskracht: list[int] = Field([], description="Evidence levels 0–5.")
    jaar: list[int] = Field([], description="Start years.")
    start_vanaf: datetime.date | None = None
    start_tot: datetime.date | None = None
    updated_since: datetime.datetime | None = Field(
        None, description="Only descriptions changed after this moment (ISO 8601)."
    )
    cursor: str | None = Field(None, description="The `next_cursor` of the previous page.")
    limit: int = Field(PAGE_SIZE, ge=1, le=PAGE_SIZE_MAX)


def _cursor_position(cursor: str) -> tuple[datetime.datetime, int]:
    try:
        moment, pk = signing.loads(cursor, salt=CURSOR_SALT)
        return datetime.datetime.fromisoformat(moment), int(pk)
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidFilters({"cursor": [_("This cursor is not valid; start again.")]}) from None


def _after(position: tuple[datetime.datetime, int]) -> Q:
    """After `position` in the order (updated_at, id). The first condition, implied by the
    others, lets the index on the date start there: a deep page costs what the first does."""
    moment, pk = position
    return Q(updated_at__gte=moment) & (Q(updated_at__gt=moment) | Q(updated_at=moment, pk__gt=pk))


def _filterset(request: HttpRequest) -> InterventionFilter:
    data = request.GET.copy()
    for name in PAGING_PARAMETERS:
        data.pop(name, None)
    visible = Intervention.objects.visible_to(request.auth)
    filterset = InterventionFilter(data, queryset=visible, request=request)
    _check(filterset)
    return filterset


# A key no row has: reverse() once per list, then fill in each row's (reverse() per row took a
# quarter of a page of 200).
PLACEHOLDER = str(2**62)


def _addresses(request: HttpRequest, name: str) -> Callable[[int], str]:
    """The absolute address of the URL `name` for any primary key."""
    template = _absolute(request, reverse(name, args=[PLACEHOLDER]))
    return lambda pk: template.replace(PLACEHOLDER, str(pk))


def _list_item(intervention: Intervention, url: Callable, site_url: Callable) -> dict:
    organisation = intervention.organisation
    return {
        "id": intervention.pk,
        "url": url(intervention.pk),
        "site_url": site_url(intervention.pk),
        "title": intervention.title,
        "summary": intervention.summary,
        "organisation": {"slug": organisation.slug, "name": organisation.name},
        "status": intervention.status,
        "visibility": intervention.visibility,
        "phase": intervention.phase,
        "start_date": intervention.start_date,
        "end_date": intervention.end_date,
        "municipality": intervention.municipality,
        "intervention_types": intervention.type_names,
        "evidence_level": intervention.evidence_level,
        "published_at": intervention.published_at,
        "updated_at": intervention.updated_at,
    }


LIST_ITEM_FIELDS = [
    *LIST_FIELDS,
    "summary",
    "start_date",
    "end_date",
    "published_at",
    "organisation__slug",
]


@api.get(
    "/descriptions",
    response={200: schemas.DescriptionPage, 400: schemas.InvalidInput, **REFUSALS},
    url_name="description_list",
    tags=["descriptions"],
)
def description_list(request, filters: Query[DescriptionFilters]):
    """Descriptions the key's organisation may read, with the knowledge base's filters,
    oldest change first. Walk the pages with `next` until it is null."""
    results = _filterset(request).qs.order_by("updated_at", "pk")
    if filters.updated_since:
        results = results.filter(updated_at__gt=filters.updated_since)
    if filters.cursor:
        results = results.filter(_after(_cursor_position(filters.cursor)))
    rows = list(results.for_list().only(*LIST_ITEM_FIELDS)[: filters.limit + 1])
    cursor = _cursor_after(rows[filters.limit - 1]) if len(rows) > filters.limit else None
    url = _addresses(request, "api_v1:description_detail")
    site_url = _addresses(request, "interventions:detail")
    return {
        "items": [_list_item(row, url, site_url) for row in rows[: filters.limit]],
        "next": _with_cursor(request, cursor) if cursor else None,
        "next_cursor": cursor,
    }


def _cursor_after(last: Intervention) -> str:
    """The opaque, signed position after `last` in the order (updated_at, id)."""
    return signing.dumps([last.updated_at.isoformat(), last.pk], salt=CURSOR_SALT)


def _with_cursor(request: HttpRequest, cursor: str) -> str:
    """This request's address, every filter kept, for the page from `cursor`."""
    query = request.GET.copy()
    query["cursor"] = cursor
    return _absolute(request, f"{request.path}?{query.urlencode()}")


def _description_etag(reader: KeyReader, pk: int) -> str:
    """From the description's last change and revision, as the key's organisation sees it; a
    404 when it may not."""
    visible = Intervention.objects.visible_to(reader).filter(pk=pk)
    row = visible.values_list("updated_at", "revision").first()
    if row is None:
        raise Http404
    return _etag("description", reader.organisation_id, pk, row[0].isoformat(), row[1])


def _detail(request: HttpRequest, intervention: Intervention) -> dict:
    site_url = _absolute(request, intervention.get_absolute_url())
    data = documents.as_json(intervention, url=site_url)
    organisation = intervention.organisation
    return {
        **data,
        "url": _absolute(request, reverse("api_v1:description_detail", args=[intervention.pk])),
        "site_url": site_url,
        "organisation": {"slug": organisation.slug, "name": organisation.name},
        "visibility": intervention.visibility,
    }


@api.get(
    "/descriptions/{int:pk}",
    response={200: schemas.DescriptionDetail, 304: None, **REFUSALS},
    url_name="description_detail",
    tags=["descriptions"],
)
def description_detail(request, pk: int, response: HttpResponse):
    """Every section of the description in the WWidW format. Send the ETag back in
    If-None-Match to get 304 while it is unchanged."""
    etag = _description_etag(request.auth, pk)
    if unchanged := _not_modified(request, etag):
        return unchanged
    readable = documents.readable(Intervention.objects.visible_to(request.auth))
    intervention = get_object_or_404(readable, pk=pk)
    _fresh(response, etag)
    return _detail(request, intervention)


# Monitoring.


def _output(output) -> dict:
    attainment = output.attainment
    return {
        "indicator": attainment.indicator,
        "unit": attainment.unit,
        "target": attainment.target,
        "realised": attainment.realised,
        "realisation_percentage": attainment.realisation,
        "cost_per_unit": output.cost_per_unit,
    }


def _effect(effect) -> dict:
    indicator, result = effect.indicator, effect.result
    return {
        "effect_code": indicator.effect.code,
        "effect": indicator.effect.name,
        "indicator": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "baseline_value": indicator.baseline_value,
        "baseline_date": indicator.baseline_date,
        "target_value": indicator.target_value,
        "latest_value": result.latest.value if result.latest else None,
        "latest_date": result.latest.date if result.latest else None,
        "status": result.status,
        "change": result.change,
        "improvement": result.deciding_improvement,
        "attainment_percentage": result.attainment,
    }


def _monitoring(plan: MonitoringPlan) -> dict:
    """The key figures as the site shows them (MonitoringPlan.figures()), never recomputed."""
    figures = plan.figures()
    return {
        "description_id": plan.intervention_id,
        "is_shared": plan.is_shared,
        "is_forecast": figures.is_forecast,
        "total_cost": figures.costs.total,
        "pv_benefits": figures.sroi.pv_benefits,
        "pv_costs": figures.sroi.pv_costs,
        "net_present_value": figures.sroi.npv,
        "sroi_ratio": calculations.shown_ratio(figures.sroi.ratio),
        "sroi_ratio_lowest": figures.sensitivity.lowest,
        "sroi_ratio_highest": figures.sensitivity.highest,
        "outputs": [_output(output) for output in figures.outputs],
        "effects": [_effect(effect) for effect in figures.effects],
        "updated_at": plan.updated_at,
    }


@api.get(
    "/descriptions/{int:pk}/monitoring",
    response={200: schemas.MonitoringOut, 304: None, **REFUSALS},
    url_name="monitoring_detail",
    tags=["descriptions"],
)
def monitoring_detail(request, pk: int, response: HttpResponse):
    """The key figures of the description's monitoring: of the key's own organisation, or
    shared by its owner with all partners; otherwise 404."""
    description = Intervention.objects.visible_to(request.auth).filter(pk=pk)
    plans = MonitoringPlan.objects.open_to(request.auth).filter(intervention__in=description)
    plan = get_object_or_404(plans.with_details())
    data = _monitoring(plan)
    etag = _body_etag(request.auth, data)
    if unchanged := _not_modified(request, etag):
        return unchanged
    _fresh(response, etag)
    return data


# Archetypes.


def _type(intervention_type) -> dict | None:
    if intervention_type is None:
        return None
    return {"slug": intervention_type.slug, "name": intervention_type.name}


def _archetype_item(request: HttpRequest, archetype: Archetype) -> dict:
    return {
        "slug": archetype.slug,
        "url": _absolute(request, reverse("api_v1:archetype_detail", args=[archetype.slug])),
        "site_url": _absolute(request, archetype.get_absolute_url()),
        "title": archetype.title,
        "intervention_type": _type(archetype.intervention_type),
        "summary": archetype.summary,
        "verdict": archetype.verdict,
        "evidence_level": archetype.evidence_level,
        "published_at": archetype.published_at,
        "updated_at": archetype.updated_at,
    }


class ArchetypeFilters(Schema):
    type: str | None = Field(None, description="Intervention type slug.")
    thema: str | None = Field(None, description="Theme slug.")


@api.get(
    "/archetypes",
    response={200: schemas.ArchetypeList, 400: schemas.InvalidInput, **REFUSALS},
    url_name="archetype_list",
    tags=["archetypes"],
)
def archetype_list(request, filters: Query[ArchetypeFilters]):
    """The published archetypes, by title, with the site's filters."""
    archetypes = Archetype.objects.visible_to(request.auth).select_related("intervention_type")
    filterset = ArchetypeFilter(request.GET, queryset=archetypes.order_by("title", "pk"))
    _check(filterset)
    return {"items": [_archetype_item(request, archetype) for archetype in filterset.qs]}


def _enough(figure) -> dict | None:
    """A spread or range as the page shows it: only over enough values."""
    return vars(figure) if figure.is_enough else None


def _archetype_figures(archetype: Archetype) -> dict:
    """archetypes/figures.py's figures, never recomputed, kept to what the page shows."""
    figures = archetype_figures.archetype_figures(archetype)
    return {
        "minimum_n": figures.minimum_n,
        "descriptions": figures.descriptions,
        "partners": figures.partners,
        "with_monitoring": figures.with_monitoring,
        "total_cost": _enough(figures.total_cost),
        "cost_per_year": _enough(figures.cost_per_year),
        "sroi_ratio": _enough(figures.sroi),
        "effects": [
            {
                "code": effect.code,
                "name": effect.name,
                "descriptions": effect.descriptions,
                "measured": effect.measured,
                "median_improvement": effect.improvement if effect.is_enough else None,
            }
            for effect in figures.effects
        ],
    }


def _archetype_detail(request: HttpRequest, archetype: Archetype) -> dict:
    examples = archetype_documents.practice_examples(archetype, user=request.auth)
    return {
        **_archetype_item(request, archetype),
        "themes": [theme.name for theme in archetype.themes.all()],
        **{
            name: getattr(archetype, name)
            for name in (
                "problem",
                "for_whom",
                "mechanism",
                "variants",
                "preconditions",
                "risks",
                "evidence_summary",
                "lessons",
                "knowledge_gaps",
            )
        },
        "active_ingredients": [
            {
                "name": ingredient.name,
                "description": ingredient.description,
                "is_essential": ingredient.is_essential,
                "support": ingredient.support,
            }
            for ingredient in archetype.active_ingredients.all()
        ],
        "references": [
            {
                "authors": reference.authors,
                "year": reference.year,
                "title": reference.title,
                "publisher": reference.publisher,
                "doi": reference.doi,
                "url": reference.url,
                "finding": reference.finding,
            }
            for reference in archetype.references.all()
        ],
        "practice_examples": [
            {
                "id": link.intervention_id,
                "url": _absolute(
                    request, reverse("api_v1:description_detail", args=[link.intervention_id])
                ),
                "title": link.intervention.title,
                "organisation": link.intervention.organisation.name,
                "role": link.role,
                "is_exemplary": link.is_exemplary,
            }
            for link in examples
        ],
        "figures": _archetype_figures(archetype),
    }


@api.get(
    "/archetypes/{slug:slug}",
    response={200: schemas.ArchetypeDetail, 304: None, **REFUSALS},
    url_name="archetype_detail",
    tags=["archetypes"],
)
def archetype_detail(request, slug: str, response: HttpResponse):
    """The archetype with its active ingredients, research and the practice examples the key's
    organisation may read."""
    readable = archetype_documents.readable(Archetype.objects.visible_to(request.auth))
    data = _archetype_detail(request, get_object_or_404(readable, slug=slug))
    etag = _body_etag(request.auth, data)
    if unchanged := _not_modified(request, etag):
        return unchanged
    _fresh(response, etag)
    return data


# Theme sessions.


def _session_item(request: HttpRequest, session: ThemeSession) -> dict:
    return {
        "slug": session.slug,
        "url": _absolute(request, reverse("api_v1:session_detail", args=[session.slug])),
        "site_url": _absolute(request, session.get_absolute_url()),
        "title": session.title,
        "kind": session.kind,
        "status": session.status,
        "intervention_type": _type(session.intervention_type),
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "venue": session.venue,
        "places_left": session.places_left_count,
        "registration_opens_at": session.registration_opens_at,
        "registration_closes_at": session.registration_closes_at,
        "updated_at": session.updated_at,
    }


class SessionFilters(Schema):
    wanneer: str | None = Field(None, description="komend (default) or voorbij.")
    soort: str | None = Field(None, description="Kind of session.")
    type: str | None = Field(None, description="Intervention type slug.")


@api.get(
    "/theme-sessions",
    response={200: schemas.SessionList, 400: schemas.InvalidInput, **REFUSALS},
    url_name="session_list",
    tags=["theme sessions"],
)
def session_list(request, filters: Query[SessionFilters]):
    """Upcoming theme sessions, the first first (`wanneer=voorbij`: past ones, the latest
    first), with the site's filters."""
    now = timezone.now()
    sessions = ThemeSession.objects.select_related("intervention_type").with_places_left()
    sessions = sessions.past(now) if filters.wanneer == "voorbij" else sessions.upcoming(now)
    filterset = SessionFilter(request.GET, queryset=sessions)
    _check(filterset)
    return {"items": [_session_item(request, session) for session in filterset.qs]}


@api.get(
    "/theme-sessions/{slug:slug}",
    response={200: schemas.SessionDetail, 304: None, **REFUSALS},
    url_name="session_detail",
    tags=["theme sessions"],
)
def session_detail(request, slug: str, response: HttpResponse):
    """The theme session with its programme and, once held, its outcome."""
    sessions = ThemeSession.objects.select_related("intervention_type", "archetype")
    session = get_object_or_404(sessions.with_places_left(), slug=slug)
    archetype = session.archetype
    data = {
        **_session_item(request, session),
        "description": session.description,
        "programme": session.programme,
        "address": session.address,
        "capacity": session.capacity,
        "archetype": archetype.slug if archetype and archetype.is_published else None,
        "outcome_summary": session.outcome_summary,
    }
    etag = _body_etag(request.auth, data)
    if unchanged := _not_modified(request, etag):
        return unchanged
    _fresh(response, etag)
    return data
