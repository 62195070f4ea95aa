"""The expensive part of a page, rendered once per version of the data and kind of reader.

A page that many read and few change (a description, its monitoring, an archetype, the list,
the theme sessions, a budget round's review) wraps what is costly to compute and render in
`{% pagecached %}…{% endpagecached %}` (templatetags/pagecache.py) and its view calls `render`
below with two contexts: what the page needs around that part (the object for its title, say),
and a function that builds the rest, called only when the part is not in the cache.

The key holds everything the part may depend on, so a cached part is never stale:
- the list version (interventions.ListVersion), which database triggers change when any write
  to a table that a page shows commits (interventions 0006 and 0007, monitoring 0012, events
  0003); across processes and replicas it is read from PostgreSQL on every request;
- the kind of reader: their organisations, the ones they manage, whether they are programme
  staff, staff or superuser: everything wwidw/permissions.py decides by. Two colleagues with the
  same memberships share the part; nothing in it may name the reader (their name or own
  registrations stay outside the tag);
- the language, today's date (for "upcoming" and "overdue"), the page and its query string.

The CSRF token is the one thing of the reader inside a cached part (its forms): the part is
rendered with a placeholder, which each response replaces with the reader's own token.

A part kept under a narrower version than the site's (`version=` of page_key(): a plan's, say)
leaves a slot, `{% pageslot "name" %}`, for what it shows that this version does not cover: the
part is kept with a placeholder there, and each response puts the view's `page_slots[name]`
(HTML, kept by slots() under the site's data version) in its place. A write elsewhere then
costs the slots, not the part.

The parts live in the memory of each web process (the cache `pages`, a bounded LocMemCache):
a hit costs no query beyond reading the version, and a miss none beyond that either, where the
shared cache table would add five (its count, cull, look-up and write). Keyed by the version in
PostgreSQL, a process never serves what another process's or replica's write made stale; each
process fills its own after a write.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from wwidw import permissions
from wwidw.models import Membership, MembershipRole

CSRF_PLACEHOLDER = "wwidw-pagecache-csrf-7f3c9a1e"
SLOT_PLACEHOLDER = "<!-- wwidw-pagecache-slot {} -->"
CACHE_SECONDS = 60 * 60
CACHE = "pages"
VERSION_SQL = "SELECT token, number FROM interventions_listversion WHERE id = 1"
VERSION_AND_MEMBERSHIPS_SQL = """
SELECT version.token, version.number, membership.organisation_id, membership.role
FROM interventions_listversion version
LEFT JOIN wwidw_membership membership ON membership.user_id = %s
WHERE version.id = 1
"""


def data_version(request=None) -> str | None:
    """The list version: a text that changes when a write that a page (or the facet counts,
    interventions/facets.py) shows commits; None while there is none. For a request it is read
    once, with the reader's memberships (one query for both)."""
    if request is None:
        with connection.cursor() as cursor:
            cursor.execute(VERSION_SQL)
            return _version(cursor.fetchall())
    _read_version_and_memberships(request)
    return request._wwidw_data_version


def reader_key(request) -> str:
    """What a page's content may depend on of its reader: their organisations and roles."""
    user = request.user
    if not (user and user.is_authenticated):
        return "anonymous"
    _read_version_and_memberships(request)
    parts = (
        sorted(permissions.organisation_ids(user)),
        sorted(permissions.managed_organisation_ids(user)),
        permissions.is_programme_staff(user),
        user.is_staff,
        user.is_superuser,
        user.is_active,
    )
    return repr(parts)


def _version(rows: list[tuple]) -> str | None:
    return f"{rows[0][0]}/{rows[0][1]}" if rows and rows[0][0] is not None else None


def _read_version_and_memberships(request) -> None:
    """The version, and both sets of organisation ids of permissions.py for the reader, from
    one statement (the memberships would be read for the page anyway); once per request.

    For a GET, what load_user() read with the account at the start of the request is taken:
    nothing of this request has written since. Any other request reads them when needed, so a
    change it made itself (a new membership, say) is seen."""
    if hasattr(request, "_wwidw_data_version"):
        return
    user = request.user
    signed_in = bool(user and user.is_authenticated and user.is_active)
    preloaded = getattr(user, "_wwidw_version_rows", None)
    if signed_in and preloaded is not None and request.method in ("GET", "HEAD"):
        rows = preloaded
    else:
        with connection.cursor() as cursor:
            if signed_in:
                cursor.execute(VERSION_AND_MEMBERSHIPS_SQL, [user.pk])
            else:
                cursor.execute(VERSION_SQL)
            rows = cursor.fetchall()
    request._wwidw_data_version = _version(rows)
    if signed_in:
        memberships = [(row[2], row[3]) for row in rows if row[2] is not None]
        user._wwidw_organisation_ids = frozenset(organisation for organisation, _ in memberships)
        user._wwidw_managed_organisation_ids = frozenset(
            organisation for organisation, role in memberships if role == MembershipRole.MANAGER
        )


def load_user(user_id):
    """The account `user_id` for a request (wwidw.auth.SiteBackend), with the data version and
    its memberships read in the same statement, for _read_version_and_memberships(); None when
    there is no such account."""
    model = get_user_model()
    try:
        user_id = model._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    fields = model._meta.concrete_fields
    columns = ", ".join(f'account."{field.column}"' for field in fields)
    # The model's own columns and tables; the id is a parameter.
    statement = (
        f"SELECT {columns}, version.token, version.number, membership.organisation_id, "  # nosec B608
        f'membership.role FROM "{model._meta.db_table}" account '
        "LEFT JOIN interventions_listversion version ON version.id = 1 "
        f'LEFT JOIN "{Membership._meta.db_table}" membership '
        "ON membership.user_id = account.id WHERE account.id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [user_id])
        rows = cursor.fetchall()
    if not rows:
        return None
    count = len(fields)
    user = model.from_db(connection.alias, [field.attname for field in fields], rows[0][:count])
    user._wwidw_version_rows = [row[count:] for row in rows]
    return user


def page_key(
    request,
    name: str,
    *parts,
    personal: bool = False,
    by_minute: bool = False,
    version: str | None = None,
) -> str:
    """The cache key of a page's cached part: its name and parts (an object's id, say), the
    path with its query string, and everything of the data and the reader it depends on.
    `personal`: the part shows something of the reader themselves (their own registrations),
    so it is kept per account. `by_minute`: it says what is upcoming or past to the minute.
    `version`: the part shows only data that this version covers, in place of the site's data
    version (a plan's version, monitoring/row_versions.py); what it shows of the rest of the
    site goes into a slot (`{% pageslot %}`)."""
    now = timezone.localtime()
    material = repr(
        (
            name,
            parts,
            request.get_full_path(),
            version if version is not None else data_version(request),
            reader_key(request),
            request.user.pk if personal else None,
            translation.get_language(),
            now.strftime("%Y-%m-%dT%H:%M") if by_minute else now.date().isoformat(),
        )
    )
    return f"page:{name}:{hashlib.sha256(material.encode()).hexdigest()}"


def shared_key(name: str, *parts) -> str:
    """The cache key of a part that is the same for every reader who may see it (whether they
    may is checked around it): its name and parts (an object's version, say), the language and
    today's date."""
    material = repr((name, parts, translation.get_language(), timezone.localdate().isoformat()))
    return f"{name}:{hashlib.sha256(material.encode()).hexdigest()}"


@dataclass
class CachedPart:
    """The state of one page's cached part: its HTML when the cache had it, else the key to
    store it under once rendered."""

    key: str
    html: str | None = None

    @classmethod
    def look_up(cls, key: str) -> "CachedPart":
        return cls(key=key, html=caches[CACHE].get(key))

    def store(self, html: str) -> None:
        caches[CACHE].set(self.key, html, CACHE_SECONDS)
        self.html = html


def render(
    request,
    template_name: str,
    *,
    key: str,
    build: Callable[[], dict],
    around: Callable[[], dict | None],
    whole_key: str | None = None,
):
    """Render a page whose `{% pagecached %}` part comes from the cache under `key` when it is
    there. `build()` makes the page's whole context and runs only when the cache lacks the part;
    `around()` makes what the page needs around the part, when it is there. `build()` may
    return a response instead (a page that is not this one after all). Both check what
    the reader may see (a 404 in either is a 404 either way); `around()` may return None to
    have the page built after all.

    `whole_key` (see whole_page_key()): the page around the part depends on nothing more than
    that key, so the whole page is kept under it too and, when there, sent without rendering.
    The response is a TemplateResponse, so that a caller may keep the whole page itself
    (cached_whole_page())."""

    def respond() -> HttpResponse:
        part = CachedPart.look_up(key)
        context = around() if part.html is not None else None
        if context is None:
            context = build()
        if isinstance(context, HttpResponse):
            return context
        context["page_cache"] = part
        return TemplateResponse(request, template_name, context)

    if whole_key is None:
        return respond()
    return cached_whole_page(request, whole_key, respond)


def slots(
    request,
    name: str,
    *parts,
    build: Callable[[], dict[str, str]],
    version: tuple | None = None,
) -> dict[str, str]:
    """The HTML of a page's slots (`{% pageslot %}`): what its part, kept under a narrower
    version, shows of the rest of the site. Kept under page_key() (the data version and the
    kind of reader), so a colleague of the reader, or the reader again, gets them without
    working them out; `build()` makes them (HTML per slot name) when they are not there.
    `version`: the slots too show only rows that this version covers (the rows of the plans
    a comparison reads, say), in place of the site's data version."""
    key = page_key(
        request, f"{name}-slots", *parts, version=None if version is None else repr(version)
    )
    kept = caches[CACHE].get(key)
    if kept is None:
        kept = {slot: str(html) for slot, html in build().items()}
        caches[CACHE].set(key, kept, CACHE_SECONDS)
    # Rendered by the site's templates, with autoescaping.
    return {slot: mark_safe(html) for slot, html in kept.items()}  # nosec B308 B703


# Whole pages. Around every page is the site's frame (base.html): the menu for the kind of
# reader, the current section, the language switch, the reader's name and the messages of the
# previous request. Rendering it is most of a cached page's time, so the pages read most (the
# start page, the login page) keep it with the part, for exactly what it shows.


def is_whole_page_request(request) -> bool:
    """Whether a whole page may come from the cache or go into it: a GET that has no messages
    of a previous request to show (they are shown once; peeking does not use them up)."""
    if request.method != "GET":
        return False
    storage = getattr(request, "_messages", None)
    return storage is None or len(storage) == 0


def whole_page_key(request, part_key: str) -> str:
    """The key of a whole page around the part under `part_key` (page_key(), which holds the
    path, the kind of reader, the data version and the language): the frame adds the reader's
    name. Only for a part that is `personal` or read anonymously."""
    user = request.user
    name = user.get_full_name() if user.is_authenticated else ""
    digest = hashlib.sha256(repr((part_key, name)).encode()).hexdigest()
    return f"whole:{digest}"


def reader_page_key(request, name: str, *parts) -> str:
    """The key of a whole page kept for its reader (whole_page_key()): page_key() for the
    account, with the account's `pages_version`, which a trigger raises on every write to their
    follows (the follow buttons). The rest that decides what the reader may see of the page (their
    organisations and roles, the data version) is in page_key() already."""
    pages_version = getattr(request.user, "pages_version", None)
    part_key = page_key(request, name, *parts, pages_version, personal=True)
    return whole_page_key(request, part_key)


def anonymous_page_key(request, name: str) -> str:
    """The key of a page that shows an anonymous visitor nothing of the data (the login page):
    its name, path with query string and language; no statement is run for it."""
    material = repr((name, request.get_full_path(), translation.get_language()))
    return f"whole:{name}:{hashlib.sha256(material.encode()).hexdigest()}"


def cached_whole_page(request, key: str, respond: Callable[[], HttpResponse]) -> HttpResponse:
    """The response of `respond()` (a TemplateResponse, not yet rendered), its HTML kept under
    `key` while it answers 200; sent from the cache, with this reader's CSRF token, when there."""
    if not is_whole_page_request(request):
        return respond()
    html = caches[CACHE].get(key)
    if html is not None:
        return HttpResponse(with_csrf_token(request, html))
    response = respond()
    if response.status_code != 200 or not hasattr(response, "render"):
        return response
    response.context_data = {**(response.context_data or {}), "csrf_token": CSRF_PLACEHOLDER}
    html = response.render().content.decode()
    caches[CACHE].set(key, html, CACHE_SECONDS)
    response.content = with_csrf_token(request, html)
    return response


def with_csrf_token(request, html: str) -> str:
    """`html` with the reader's own CSRF token where the placeholder is (setting the cookie)."""
    if CSRF_PLACEHOLDER not in html:
        return html
    return html.replace(CSRF_PLACEHOLDER, get_token(request))
