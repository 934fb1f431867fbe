"""The public catalog's cached parts (issue 17): the search's matches and rows and a procedure's page come from the
cache, a publication shows at once, each visitor still gets their own menus and button, and nothing a visitor
typed is kept in the cache."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import User
from motcua.catalog import versions
from motcua.catalog.search import in_force
from motcua.portal import drafts

CATALOG = reverse("portal:catalog")


def online_procedure_code() -> str:
    """A demo procedure a citizen can file online (its page shows the "Nộp trực tuyến" button to citizens)."""
    for version in in_force().select_related("procedure").order_by("procedure__code"):
        if drafts.online_offer(version.procedure) is not None:
            return version.procedure.code
    raise AssertionError("the demo offers no procedure online")


def main_part(page: str) -> str:
    """The page's own content, without the per-response nonce and CSRF token of its head."""
    return page[page.index('<main id="noi-dung"') : page.index("</main>")]


def statements_on(table: str, captured: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in captured.captured_queries if f'"{table}"' in query["sql"]]


@pytest.mark.django_db
def test_the_procedure_page_is_kept_once_yet_each_visitor_gets_their_own_button_and_menu(client, demo):
    code = online_procedure_code()
    url = reverse("portal:catalog-detail", args=[code])
    with CaptureQueriesContext(connection) as first:
        anonymous = client.get(url).text
    with CaptureQueriesContext(connection) as again:
        assert main_part(client.get(url).text) == main_part(anonymous)
    assert statements_on("catalog_requireddocument", first)
    assert not statements_on("catalog_requireddocument", again)  # the page's body came from the cache
    assert "Nộp trực tuyến" in anonymous and "Đăng nhập" in anonymous

    citizen = User.objects.get(username="congdan")
    client.force_login(citizen)
    own = client.get(url).text
    assert "Nộp trực tuyến" in own and citizen.get_full_name() in own and "Trang của tôi" in own

    officer = User.objects.get(username="tiepnhan.hongvan")
    client.force_login(officer)
    staff = client.get(url).text
    assert "Nộp trực tuyến" not in staff  # staff do not file for themselves
    assert officer.get_full_name() in staff and citizen.get_full_name() not in staff

    client.logout()
    after = client.get(url).text
    assert citizen.get_full_name() not in after and officer.get_full_name() not in after
    assert main_part(after) == main_part(anonymous)


@pytest.mark.django_db
def test_a_published_version_shows_at_once_on_its_page_and_in_the_search(client, demo):
    admin = User.objects.get(username="quantri.hethong")
    code = online_procedure_code()
    url = reverse("portal:catalog-detail", args=[code])
    current = in_force().get(procedure__code=code)
    assert current.name in client.get(url).text
    search = {"q": code}
    assert current.name in client.get(CATALOG, search).text

    draft = versions.new_draft(admin, current.procedure)
    draft.name = "Tên mới của thủ tục sau khi công bố lại"
    versions.save_draft(admin, draft)
    assert "Tên mới" not in client.get(url).text  # a draft is not public: the cached page stands
    versions.publish(admin, draft, number="12/QĐ-UBND", effective_on=timezone.localdate() - datetime.timedelta(days=1))

    assert "Tên mới của thủ tục sau khi công bố lại" in client.get(url).text
    assert "Quyết định số 12/QĐ-UBND" in client.get(url).text
    assert "Tên mới của thủ tục sau khi công bố lại" in client.get(CATALOG, search).text


@pytest.mark.django_db
def test_a_repeated_search_reads_no_procedure_rows_and_spacing_does_not_matter(client, demo):
    first = client.get(CATALOG, {"q": "khai sinh"}).text
    with CaptureQueriesContext(connection) as captured:
        again = client.get(CATALOG, {"q": "  khai   sinh "}).text
    assert not statements_on("catalog_procedureversion", captured)
    assert main_part(again) == main_part(first)
    assert 'value="khai sinh"' in again


@pytest.mark.django_db
def test_what_a_visitor_types_is_not_kept_in_the_cache(client, demo):
    typed = "Nguyễn Văn Bình 001090012345 khai sinh"
    page = client.get(CATALOG, {"q": typed}).text
    assert 'value="Nguyễn Văn Bình 001090012345 khai sinh"' in page  # shown back to the visitor who typed it
    stored = b"".join(cache._cache.values()) + "".join(cache._cache).encode()  # the test's in-memory cache
    assert stored, "the search kept nothing in the cache"
    for piece in ("Nguyễn Văn Bình", "nguyen van binh", "001090012345"):
        assert piece.encode() not in stored, piece
