"""HTML → PDF with WeasyPrint, reading nothing but our own static files.

The print templates link their stylesheet by its static URL, as the browser's print view does. Here that URL is
answered from the static files on disk instead of over HTTP; any other address (except inline data:) stops the
rendering, so a document never makes a network request nor reads a file outside the static folders.
"""

import hashlib
import mimetypes
import os
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.core.exceptions import SuspiciousFileOperation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

CACHE_SECONDS = 24 * 3600


class StaticOnlyFetcher(URLFetcher):
    def __init__(self):
        super().__init__(allowed_protocols={"data", "http", "https"}, allow_redirects=False, fail_on_errors=True)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = urlsplit(url).path
        found = None
        if path.startswith(settings.STATIC_URL):
            name = path.removeprefix(settings.STATIC_URL)
            try:
                found = finders.find(name) or _collected(name)
            except SuspiciousFileOperation:  # "../" out of the static folders
                found = None
        if not found:
            raise ValueError(f"Không tải tài nguyên ngoài tệp tĩnh: {url}")
        with open(found, "rb") as handle:
            body = handle.read()
        mime_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": mime_type})


def _collected(name: str) -> str | None:
    """The collected copy of a static file: in production `{% static %}` names the hashed copy that
    collectstatic wrote (ManifestStaticFilesStorage), which the finders do not know."""
    try:
        found = staticfiles_storage.path(name)
    except NotImplementedError:  # a storage without local files
        return None
    return found if os.path.isfile(found) else None


def render_pdf(html: str, base_url: str, *, public: bool = False) -> bytes:
    """The PDF of a rendered print template; `base_url` is the site address its relative links start from.

    Laying out a long document takes seconds (a commune's 240-procedure posting sheet: about 14 s, 140 pages), and
    public pages must not let anyone make the server repeat that at will. A `public` PDF (the same for every
    visitor, no personal data) is therefore cached under a hash of its HTML: the same content is rendered once, and
    any change of content is a new key, so nothing goes stale. Any other PDF — a receipt, a form, a record naming
    the applicant — is never put in the shared cache: its file would outlive the request in a folder every worker
    reads (issue 16 item 10).
    """
    if not public:
        return HTML(string=html, base_url=base_url, url_fetcher=StaticOnlyFetcher()).write_pdf()
    key = "documents.pdf:" + hashlib.sha256(f"{base_url}\n{html}".encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = HTML(string=html, base_url=base_url, url_fetcher=StaticOnlyFetcher()).write_pdf()
        cache.set(key, pdf, timeout=CACHE_SECONDS)
    return pdf
