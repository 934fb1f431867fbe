"""Pagination that keeps the other query parameters (filters, other lists' pages) in its links."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import QueryDict


@dataclass(frozen=True)
class PagedList:
    page: Page
    previous_url: str | None
    next_url: str | None


def _url(params: QueryDict, name: str, number: int) -> str:
    query = params.copy()
    query[name] = str(number)
    return f"?{query.urlencode()}"


def paginate(items, params: QueryDict, name: str, per_page: int) -> PagedList:
    """One page of `items`, chosen by the `name` parameter; a bad or too large number shows the nearest page."""
    page = Paginator(items, per_page).get_page(params.get(name))
    return PagedList(
        page,
        _url(params, name, page.previous_page_number()) if page.has_previous() else None,
        _url(params, name, page.next_page_number()) if page.has_next() else None,
    )
