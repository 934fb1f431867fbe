"""Whole public pages kept in the shared cache for visitors who are not logged in (trang công khai).

A citizen browsing the catalog, the statistics or the home page sees what every other visitor who is not logged in
sees, but for two things: the CSRF token of the page's forms (the language form, the tracking form), which is the
visitor's own, and the messages of a step they just took. So the page is rendered once with a placeholder where
the token goes (the context processor `csrf_placeholder` below) and served to the next visitors with their own
token put in; a visitor with a message waiting, a logged-in user, and any request other than GET get the page
rendered for them as before. Issue 17: the public pages were 4 to 10 times the CPU of a trivial view.

The key holds what the page is made from: its full address (scheme, host, path and query), the active language,
the release (a new deploy's pages name new hashed static files) and what the view passes (the catalog stamp and
the day for catalog pages). Pages are kept a short time (`timeout`), which also bounds a change made around the
stamp. Only a 200 answer is kept. Never use this for a page that shows text a visitor typed or anything of one
visitor's: a request with a query string is rendered for its visitor unless the view says which queries are safe
to keep (`cacheable`: the catalog's filters and page number, never its typed search).
"""

import functools
from collections.abc import Callable, Iterable
from importlib.metadata import version

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.templatetags.static import static

from motcua.core.fragments import fragment_key

# Only letters and dashes: HTML escaping leaves it as it is, and no page has it as text.
CSRF_PLACEHOLDER = "motcua-page-cache-csrf-token-placeholder"
RENDERING_FOR_CACHE = "_motcua_page_cache_rendering"


def csrf_placeholder(request: HttpRequest) -> dict[str, str]:
    """Context processor: while a page is rendered for the cache, {% csrf_token %} and {{ csrf_token }} write the
    placeholder, not the token of the visitor who happened to ask first. It runs after Django's own csrf
    processor, so its value wins."""
    return {"csrf_token": CSRF_PLACEHOLDER} if getattr(request, RENDERING_FOR_CACHE, False) else {}


@functools.cache  # reading the installed version parses its metadata file: once per process, not per request
def _release() -> tuple[str, str]:
    # The stylesheet's address is hashed by its content in production (ManifestStaticFilesStorage): a cached page
    # of the previous release would name a file the new one no longer serves.
    return version("motcua"), static("core/motcua.css")


def _served_alike(request: HttpRequest) -> bool:
    """Whether this request gets what every visitor who is not logged in gets. Never with DEBUG on (`make run`):
    a template a developer just edited is shown at once."""
    return (
        not settings.DEBUG
        and request.method == "GET"
        and not request.user.is_authenticated
        and not len(get_messages(request))
    )


def _with_token(request: HttpRequest, content: str) -> str:
    # get_token also marks the CSRF cookie to be sent, as rendering {% csrf_token %} does.
    return content.replace(CSRF_PLACEHOLDER, get_token(request)) if CSRF_PLACEHOLDER in content else content


def without_query(request: HttpRequest) -> bool:
    """The default of `cacheable`: an address with a query string is rendered for its visitor. Each address is an
    entry of its own, and anyone can make up query strings by the million to fill the cache with."""
    return not request.GET


def anonymous_page_cache(
    name: str,
    timeout: int,
    parts: Callable[[HttpRequest], Iterable[object]] = lambda request: (),
    cacheable: Callable[[HttpRequest], bool] = without_query,
):
    """Decorate a view (innermost, under its cache_control or never_cache) to keep its page for visitors who are not
    logged in, `timeout` seconds, keyed by the address, the language, the release and `parts(request)`; only when
    `cacheable(request)` (by default: no query string)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not (_served_alike(request) and cacheable(request)):
                return view(request, *args, **kwargs)
            key = fragment_key(f"page.{name}", [request.build_absolute_uri(), *_release(), *parts(request)])
            kept = cache.get(key)
            if kept is None:
                setattr(request, RENDERING_FOR_CACHE, True)
                try:
                    response = view(request, *args, **kwargs)
                finally:
                    setattr(request, RENDERING_FOR_CACHE, False)
                if response.status_code != 200 or response.streaming or response.cookies:
                    # Not a page to keep: served as rendered, its placeholder (if any) filled in.
                    if not response.streaming:
                        response.content = _with_token(request, response.content.decode(response.charset))
                    return response
                kept = (response.content.decode(response.charset), response["Content-Type"])
                cache.set(key, kept, timeout)
            content, content_type = kept
            return HttpResponse(_with_token(request, content), content_type=content_type)

        return wrapper

    return decorator
