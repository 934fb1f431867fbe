"""Whole public pages kept for visitors who are not logged in (motcua.core.page_cache, issue 17): rendered once,
served with each visitor's own CSRF token, never for a logged-in user, a visitor with a message, or a page that
shows what a visitor typed; a catalog change is seen at once."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from motcua.accounts.models import User
from motcua.core.page_cache import CSRF_PLACEHOLDER, anonymous_page_cache
from motcua.orgs.models import Agency

PROCEDURE = reverse("portal:catalog-detail", args=["1.001193"])  # khai sinh, offered by xã Hồng Vân in the demo
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def without_token(page: str) -> str:
    token = TOKEN.search(page)[1]
    return page.replace(token, "")


def kept_pages() -> list[str]:
    """The keys of the whole pages in the tests' LocMemCache (conftest.isolated_cache)."""
    return [key for key in cache._cache if ":page." in key]


PUBLIC_PAGES = ["home", "portal:catalog", "portal:stats", "portal:tracking"]


def test_a_public_page_is_rendered_once_and_then_served_without_the_database(demo, django_assert_num_queries):
    for path in [PROCEDURE, *map(reverse, PUBLIC_PAGES)]:
        first = Client().get(path)
        assert first.status_code == 200, path
        with django_assert_num_queries(0):  # another visitor: neither the view nor its queries run
            second = Client().get(path)
        assert second.status_code == 200
        assert without_token(second.text) == without_token(first.text), path  # but for the visitor's own token
        assert CSRF_PLACEHOLDER not in first.text + second.text


def test_each_visitor_gets_a_token_of_their_own_that_the_language_form_accepts(demo):
    visitors = [Client(enforce_csrf_checks=True) for _ in range(2)]
    pages = [visitor.get(PROCEDURE) for visitor in visitors]
    secrets = [visitor.cookies["csrftoken"].value for visitor in visitors]
    assert secrets[0] != secrets[1]
    for visitor, page in zip(visitors, pages, strict=True):
        token = TOKEN.search(page.text)[1]
        assert page.text.count(token) >= 2  # the language form and the htmx header of the frame
        form = {"language": "en", "next": PROCEDURE, "csrfmiddlewaretoken": token}
        switched = visitor.post(reverse("set_language"), form)
        assert switched.status_code == 302
        english = visitor.get(PROCEDURE)
        assert english.headers["Content-Language"] == "en" and 'lang="en"' in english.text
    # The other language is a page of its own; the Vietnamese one is still served to a new visitor.
    assert 'lang="vi"' in Client().get(PROCEDURE).text


def test_a_logged_in_user_gets_their_own_page(demo):
    Client().get(PROCEDURE)  # kept for visitors
    citizen = Client()
    citizen.force_login(User.objects.get(username="congdan"))
    page = citizen.get(PROCEDURE).text
    assert User.objects.get(username="congdan").get_full_name() in page
    assert "Đăng xuất" in page


def test_a_catalog_change_is_seen_at_once(demo):
    assert "Ủy ban nhân dân xã Hồng Vân" in Client().get(PROCEDURE).text
    Agency.objects.filter(name="Ủy ban nhân dân xã Hồng Vân").update(name="x")  # no signal: the cache cannot know
    assert "Ủy ban nhân dân xã Hồng Vân" in Client().get(PROCEDURE).text
    agency = Agency.objects.get(name="x")
    agency.name = "Ủy ban nhân dân xã Hồng Vân mới"
    agency.save()  # a saved agency renews the catalog stamp the page is keyed by
    assert "Ủy ban nhân dân xã Hồng Vân mới" in Client().get(PROCEDURE).text


@pytest.mark.django_db
def test_what_a_visitor_typed_is_never_kept(demo):
    typed = "Nguyen Van Typed"
    for path in [f"{reverse('portal:catalog')}?q={typed}", f"{reverse('portal:tracking')}?ma={typed}"]:
        assert typed in Client().get(path).text
    assert kept_pages() == []
    # Made-up query strings are rendered for their visitor: none of them can fill the cache.
    for path in [
        "/?x=1",
        f"{PROCEDURE}?a=b",
        f"{reverse('portal:catalog')}?khac=1",
        f"{reverse('portal:catalog')}?trang={'9' * 20}",
    ]:
        assert Client().get(path).status_code == 200
    assert kept_pages() == []
    # The list by a filter, as the form sends it (the empty search box too), is kept.
    Client().get(reverse("portal:catalog") + "?q=&cap=commune&trang=1")
    assert len(kept_pages()) == 1


def _request(path="/trang/", *, method="get", user=None, message=None):
    request = getattr(RequestFactory(), method)(path)
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    if message:
        request._messages.add(20, message)
    return request


@pytest.mark.django_db
def test_the_decorator_renders_for_whoever_is_not_served_alike(settings):
    calls = []

    @anonymous_page_cache("test", 60)
    def view(request):
        calls.append(request.method)
        status = 404 if request.GET.get("missing") else 200
        return HttpResponse(f"page {len(calls)}", status=status)

    assert view(_request()).content == b"page 1"
    assert view(_request()).content == b"page 1"  # kept
    assert view(_request(method="post")).content == b"page 2"
    assert view(_request(message="Đã lưu.")).content == b"page 3"
    staff = User(username="x")
    assert view(_request(user=staff)).content == b"page 4"
    missing = _request("/khac/?missing=1")
    assert view(missing).status_code == view(missing).status_code == 404
    assert len(calls) == 6  # a 404 is never kept
    settings.DEBUG = True  # `make run`: a template just edited shows at once
    assert view(_request()).content == b"page 7"
