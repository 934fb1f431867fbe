"""Pagination that keeps the other query parameters (filters, other lists' pages) in its links."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import QueryDict

from motcua.core.validators import parse_id

# A page number past this is a typing error or a probe, not a reader: the unbounded lists stop here.
MAX_PAGE_NUMBER = 10_000


@dataclass(frozen=True)
class PagedList:
    page: Page
    previous_url: str | None
    next_url: str | None


def _url(params: QueryDict, name: str, number: int) -> str:
    query = params.copy()
    query[name] = str(number)
    return f"?{query.urlencode()}"


def page_number(params: QueryDict, name: str = "trang") -> int:
    """The page asked for by the `name` parameter of a list counted without its total (queues, dashboards'
    lists): 1 when absent or not a number (a NUL, "²", 20 digits), at most MAX_PAGE_NUMBER."""
    number = parse_id(params.get(name))
    return min(number, MAX_PAGE_NUMBER) if number else 1


def paginate(items, params: QueryDict, name: str, per_page: int) -> PagedList:
    """One page of `items`, chosen by the `name` parameter; a bad or too large number shows the nearest page."""
    page = Paginator(items, per_page).get_page(params.get(name))
    return PagedList(
        page,
        _url(params, name, page.previous_page_number()) if page.has_previous() else None,
        _url(params, name, page.next_page_number()) if page.has_next() else None,
    )
