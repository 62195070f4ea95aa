"""HTML → PDF for every document: WeasyPrint with fonts and styles from `static/`.

A document is an HTML template rendered in `<app>/documents.py`; `html_to_pdf` sets it for
paper, and `pdf_response` sends it as a download (or as HTML in DEBUG with `?html=1`, to work
on the print CSS in a browser). A URL fetcher serves the site's own static files, so rendering
never touches the network.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

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


def html_to_pdf(html: str, *, base_url: str = PDF_BASE_URL) -> bytes:
    """The document as a PDF; a file it refers to outside `static/` fails the rendering."""
    return HTML(
        string=html, base_url=base_url, url_fetcher=StaticFilesFetcher(fail_on_errors=True)
    ).write_pdf()


def pdf_response(request: HttpRequest, html: str, filename: str) -> HttpResponse:
    """The document as a PDF download, or its HTML in DEBUG when the URL asks `?html=1`."""
    if settings.DEBUG and request.GET.get("html"):
        return HttpResponse(html)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
