"""HTML → PDF for every document: WeasyPrint with fonts and styles from `static/`.

A document is an HTML template rendered in `<app>/documents.py`; `html_to_pdf` sets it for
paper, and `pdf_response` sends it as a download (or as HTML in DEBUG with `?html=1`, to work
on the print CSS in a browser). A URL fetcher serves the site's own static files, so rendering
never touches the network.

What a process can keep between documents it keeps: the fetcher (making one costs 50 ms, for
an HTTPS context that it never uses) and the font configuration with the bundled fonts loaded
(one per thread: Pango's is not thread-safe). `document_key` tells two documents apart without
rendering them, for the PDFs that are stored once rendered (monitoring/documents.py).

WeasyPrint's own style sheet for HTML gives every element six pseudo-elements (the list marker,
footnote and note calls and markers), each with a computed style: for a report of 1,200
elements, 7,000 styles and a fifth of its time. `Document` renders with that style sheet less
those rules, keeping the marker of list items; our documents have no footnotes or notes.

While it renders, the garbage collector waits: WeasyPrint makes some hundred thousand objects
for a report and drops most of them only at its end, so the collections it would trigger on
the way find little and cost some 3.5 % of the rendering (bench/monitoring_reports.py).
"""

import contextlib
import functools
import gc
import hashlib
import mimetypes
import re
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from weasyprint import CSS, HTML, __version__
from weasyprint.css.counters import CounterStyle
from weasyprint.html import UA, UA_FORM_STYLESHEET
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from wwidw import svg_text

svg_text.install()

# Base of the URLs in a document's HTML; only the fetcher below ever resolves them.
PDF_BASE_URL = "https://wwidw.invalid/"


class StaticFilesFetcher(URLFetcher):
    """Serves the site's own static files (styles, fonts) and refuses every other URL."""

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        path = unquote(urlsplit(url).path)
        if not path.startswith(settings.STATIC_URL):
            raise ValueError(f"Only static files are available to PDFs, not {url}")
        name = path.removeprefix(settings.STATIC_URL)
        try:
            found = finders.find(name) or _collected(name)
        except SuspiciousFileOperation:
            found = None
        if not found:
            raise ValueError(f"No static file {name}")
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, Path(found).read_bytes(), headers={"Content-Type": content_type}
        )


def _collected(name: str) -> str | None:
    """A collected (possibly hashed) file name, as production's templates refer to them."""
    root = Path(settings.STATIC_ROOT).resolve()
    candidate = (root / name).resolve()
    if candidate.is_relative_to(root) and candidate.is_file():
        return str(candidate)
    return None


@functools.cache
def _fetcher() -> StaticFilesFetcher:
    return StaticFilesFetcher(fail_on_errors=True)


_local = threading.local()


def _font_config() -> FontConfiguration:
    """This thread's font configuration: the bundled fonts are loaded by its first document."""
    if not hasattr(_local, "font_config"):
        _local.font_config = FontConfiguration()
    return _local.font_config


# WeasyPrint's rules that select every element, and what takes their place.
_EVERY_ELEMENT_RULES = {
    "::marker {": "li::marker, summary::marker {",
    "::footnote-call {": None,
    "::footnote-marker {": None,
    "::note-call {": None,
    "::note-marker {": None,
    "::note-callback {": None,
}


@functools.cache
def _user_agent_stylesheet() -> CSS:
    """WeasyPrint's style sheet for HTML with the rules of _EVERY_ELEMENT_RULES replaced or
    left out; fails when it no longer has one of them (a new WeasyPrint: look again)."""
    lines = UA.splitlines()
    for start, replacement in _EVERY_ELEMENT_RULES.items():
        (index,) = [i for i, line in enumerate(lines) if line.startswith(start)]
        if replacement is None:
            lines[index] = ""
        else:
            lines[index] = replacement + lines[index].removeprefix(start)
    # Its @counter-style rules go into a counter style of their own: the document's counter
    # styles are WeasyPrint's, which hold the same.
    return CSS(string="\n".join(lines), counter_style=CounterStyle())


class Document(HTML):
    """WeasyPrint's HTML document with the user-agent style sheet above."""

    def _ua_stylesheets(self, forms=False):
        return [_user_agent_stylesheet(), *([UA_FORM_STYLESHEET] if forms else [])]


def html_to_pdf(html: str, *, base_url: str = PDF_BASE_URL) -> bytes:
    """The document as a PDF; a file it refers to outside `static/` fails the rendering."""
    with collector_waiting():
        return Document(string=html, base_url=base_url, url_fetcher=_fetcher()).write_pdf(
            font_config=_font_config()
        )


@contextlib.contextmanager
def collector_waiting():
    """Python's garbage collector off for the block, and on again after it if it was on before.
    Two renders at once in two threads: the first to start turns it on again when it ends,
    so the other finishes with the collector on, as every render did before."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# Element names and references to them, for links and assistive technology: nothing of them
# shows on paper, and a chart numbers its own per process (monitoring/charts.py).
_NAMES = re.compile(r'\s(?:id|aria-labelledby|aria-describedby)="[^"]*"')


def document_key(html: str) -> str:
    """What a PDF of `html` shows, as a digest: the HTML (every text and figure, the date on the
    cover, the language) but for its element names, and the renderer_key(). Two documents with
    the same key look the same on paper."""
    digest = hashlib.sha256(renderer_key().encode())
    digest.update(_NAMES.sub("", html).encode())
    return digest.hexdigest()


def renderer_key() -> str:
    """How this process draws a document, as a digest: the renderer (WeasyPrint's version and
    the code here that drives it) and the print styles and fonts a document may use. A PDF kept
    from another renderer_key may look otherwise (monitoring/tasks.py renders them again)."""
    digest = hashlib.sha256(_renderer())
    for path in _print_files():
        digest.update(f"{path.name} {path.stat().st_size}\n".encode())
        if path.suffix == ".css":
            digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def _renderer() -> bytes:
    """WeasyPrint's version and the source of this module and of svg_text.py."""
    sources = [Path(__file__).read_bytes(), Path(svg_text.__file__).read_bytes()]
    return b"\n".join([f"weasyprint {__version__}".encode(), *sources])


def _print_files() -> list[Path]:
    """The styles and fonts under `static/`; a font counts by its name and size."""
    files = []
    for directory in settings.STATICFILES_DIRS:
        for pattern in ["css/*.css", "fonts/**/*.ttf"]:
            files.extend(Path(directory).glob(pattern))
    return sorted(files)


def pdf_response(
    request: HttpRequest, html: str, filename: str, *, to_pdf: Callable[[str], bytes] = html_to_pdf
) -> HttpResponse:
    """The document as a PDF download, or its HTML in DEBUG when the URL asks `?html=1`.
    `to_pdf` renders it (or takes the rendering that was kept of it)."""
    if settings.DEBUG and request.GET.get("html"):
        return HttpResponse(html)
    response = HttpResponse(to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
