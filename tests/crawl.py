"""A bounded, breadth-first link crawler over Django's test client: it follows every same-site `<a href>` a user is
shown, GET only, and records each link that does not answer as a link should (issue 14: "a user is never shown a
link they may not follow").

Bounds keep it fast on the demo data: ids collapse into one URL pattern (/can-bo/ho-so/123/ and /124/ are one),
each pattern is fetched at most `samples` times (a document — PDF, DOCX, XLSX, CSV — once), one path is fetched with
at most `variants` different query patterns (the dashboards link every figure with its own filter), and at most
`max_pages` pages are fetched in all. The posting sheets (under SHARED_PREFIXES: public, the same printable sheet
and PDF for every visitor, and slow: one page per procedure) are fetched once per `shared` memo, i.e. once for all
roles of a test module; every other page is fetched by each role, since the links a page shows depend on who asks.

Links not followed, and why:
- other sites, `mailto:`, `tel:`, `javascript:` and in-page `#anchors`: not this site's pages;
- `/static/…`: files served by the web server, not by Django (the test client has no static server);
- `/i18n/…`: Django's language switch answers a POST (a link there would be a bug of its own, not a crawl target);
- links marked `data-no-crawl`: a page may mark a link whose GET acts (none does today).
Forms are never submitted, so logging out (a POST form in the header) never happens mid-crawl.
"""

import dataclasses
import re
import time
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

SKIPPED_PREFIXES = ("/static/", "/i18n/")
LOGIN_PATH = "/tai-khoan/dang-nhap/"
LOCAL_HOSTS = {"", "testserver"}
DIGITS = re.compile(r"\d+")
DOCUMENT = re.compile(r"(\.|/)(pdf|docx|xlsx|csv)/?$")
SHARED_PREFIXES = ("/cong-dan/niem-yet/",)


class LinkParser(HTMLParser):
    """The `href` of every `<a>` of a page, except those marked `data-no-crawl`."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag != "a":
            return
        attributes = dict(attrs)
        href = attributes.get("href")
        if href and "data-no-crawl" not in attributes:
            self.links.append(href)


def links_of(html: str) -> list[str]:
    parser = LinkParser()
    parser.feed(html)
    return parser.links


def pattern(url: str) -> str:
    """The URL with every run of digits replaced by `#`, its query keys sorted: one pattern for the pages that differ
    only by an id, a page number or a date."""
    parts = urlsplit(url)
    query = sorted((key, DIGITS.sub("#", value)) for key, value in parse_qsl(parts.query, keep_blank_values=True))
    path = DIGITS.sub("#", parts.path)
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query) if query else "")


def same_site(href: str, base: str) -> str | None:
    """The site-relative URL (path and query, no fragment) a link leads to, or None when it is not crawled."""
    href = href.strip()
    if href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    absolute, _fragment = urldefrag(urljoin("http://testserver" + base, href))
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or parts.hostname not in LOCAL_HOSTS | {"testserver"}:
        return None
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclasses.dataclass
class Failure:
    url: str
    status: int
    found_on: str
    detail: str = ""

    def __str__(self):
        return f"{self.status} {self.url} (linked from {self.found_on}){' ' + self.detail if self.detail else ''}"


@dataclasses.dataclass
class CrawlResult:
    fetched: int = 0
    patterns: set = dataclasses.field(default_factory=set)
    failures: list[Failure] = dataclasses.field(default_factory=list)
    slow: list[tuple[float, str]] = dataclasses.field(default_factory=list)
    capped: int = 0  # links not fetched because the page cap was reached


def is_document(url: str) -> bool:
    return bool(DOCUMENT.search(urlsplit(url).path))


def crawl(
    client,
    start: str,
    *,
    logged_in: bool,
    samples: int = 3,
    variants: int = 4,
    max_pages: int = 300,
    shared: dict | None = None,
) -> CrawlResult:
    """Breadth-first from `start`, GET only. A link fails when it answers 4xx/5xx, or, for a logged-in user, when it
    sends them to the login page (a link they may not follow)."""
    result = CrawlResult()
    seen: set[str] = {start}
    per_pattern: dict[str, int] = {pattern(start): 1}
    per_path: dict[str, set[str]] = {}
    shared = {} if shared is None else shared
    queue: deque[tuple[str, str]] = deque([(start, "(start)")])
    while queue:
        url, found_on = queue.popleft()
        if result.fetched >= max_pages:
            result.capped += 1 + len(queue)
            break
        began = time.perf_counter()
        response = client.get(url)
        content = b"" if getattr(response, "streaming", False) else response.content
        if getattr(response, "streaming", False):
            # Read the file through, as a browser would, so an error while streaming surfaces here; the test client
            # closes the response once it is read (calling close() again here would fire request_finished, whose
            # close_old_connections drops PostgreSQL's connection inside the test's transaction).
            b"".join(response.streaming_content)
        result.slow.append((time.perf_counter() - began, url))
        result.fetched += 1
        result.patterns.add(pattern(url))
        status = response.status_code
        if url.startswith(SHARED_PREFIXES):
            shared[pattern(url)] = status
        targets: list[str] = []
        if status >= 400:
            result.failures.append(Failure(url, status, found_on))
            continue
        if status in (301, 302, 303, 307, 308):
            location = response.headers.get("Location", "")
            if logged_in and urlsplit(location).path == LOGIN_PATH:
                result.failures.append(Failure(url, status, found_on, "sends a logged-in user to the login page"))
                continue
            targets = [location]
            found_on = url  # the redirect's target was reached from this URL
        elif "text/html" in response.headers.get("Content-Type", ""):
            targets = links_of(content.decode(response.charset or "utf-8", errors="replace"))
            found_on = url
        for href in targets:
            target = same_site(href, url)
            if target is None or target in seen:
                continue
            seen.add(target)
            key = pattern(target)
            path_variants = per_path.setdefault(key.partition("?")[0], set())
            if key not in path_variants and len(path_variants) >= variants:
                continue
            if per_pattern.get(key, 0) >= (1 if is_document(target) else samples) or key in shared:
                continue
            path_variants.add(key)
            per_pattern[key] = per_pattern.get(key, 0) + 1
            queue.append((target, found_on))
    result.slow.sort(reverse=True)
    return result
