"""Every link each demo role is shown leads somewhere it may go (issue 14, "Done when": a crawler test as each demo
role follows every link that role is shown and finds no 5xx and no 403/404).

The demo data of `motcua demo` (300 dossiers, payments, ratings, a survey, the reform records) is made once for the
module inside a transaction rolled back at its end; each role then crawls breadth-first from its home page with
the test client, GET only, bounded as tests/crawl.py describes. A failure names the link and the page it was on.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from crawl import crawl, links_of, pattern, same_site
from motcua.accounts.models import User
from motcua.documents import signing

STAFF_HOME = "/can-bo/"
ROLES = {
    "tiepnhan.hongvan": STAFF_HOME,
    "chuyenvien.hongvan": STAFF_HOME,
    "lanhdao.hongvan": STAFF_HOME,
    "chuyenvien.congan.hongvan": STAFF_HOME,
    "lanhdao.congan.hongvan": STAFF_HOME,
    "quantri.hongvan": STAFF_HOME,
    "thanhtra.hanoi": STAFF_HOME,
    "thanhtra.thuongtin": STAFF_HOME,
    "truongdoan.hanoi": STAFF_HOME,
    "quantri.hethong": STAFF_HOME,
    # The citizen and the visitor start on the landing page, which leads to the portal.
    "congdan": "/",
    "": "/",
}
# Per role: at most three samples of one URL pattern, at most this many requests (tests/crawl.py).
SAMPLES = 3
MAX_PAGES = 120


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """`motcua demo` and `make run`'s self-signed certificate, once for the module, undone at its end."""
    folder = tmp_path_factory.mktemp("crawl")
    isolated = override_settings(
        MEDIA_ROOT=folder / "media",
        SIGNING_PKCS12=str(folder / "agency.p12"),
        SIGNING_PASSPHRASE="",
        SIGNING_AGENCIES={},
        PAYMENT_SANDBOX=True,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    )
    with isolated, django_db_blocker.unblock():
        signing.create_demo_certificate(
            folder / "agency.p12", common_name="Ủy ban nhân dân xã Hồng Vân", organisation="UBND xã Hồng Vân"
        )
        with transaction.atomic():
            call_command("demo", stdout=io.StringIO())
            yield {}  # the posting-sheet pages already fetched, shared by every role's crawl (tests/crawl.py)
            transaction.set_rollback(True)


@pytest.mark.parametrize("username", list(ROLES), ids=lambda name: name or "anonymous")
def test_every_link_a_role_is_shown_can_be_followed(demo_site, db, username):
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    result = crawl(
        client,
        ROLES[username],
        logged_in=bool(username),
        samples=SAMPLES,
        max_pages=MAX_PAGES,
        shared=demo_site,
    )

    slowest = ", ".join(f"{url} {seconds:.1f} s" for seconds, url in result.slow[:3])
    print(f"{username or 'anonymous'}: {result.fetched} pages, {len(result.patterns)} patterns; slowest {slowest}")
    assert result.fetched > 5  # the home page and its menu were reached: the crawl itself worked
    assert not result.failures, "\n".join(str(failure) for failure in result.failures)


# -- The crawler itself (tests/crawl.py): what it counts as one page, what it follows, what it reports.


def test_ids_pages_and_dates_collapse_into_one_pattern():
    assert pattern("/can-bo/ho-so/123/") == pattern("/can-bo/ho-so/124/") == "/can-bo/ho-so/#/"
    assert pattern("/can-bo/thong-ke/?tu=2026-03-01&pham_vi=a4") == "/can-bo/thong-ke/?pham_vi=a#&tu=#-#-#"
    # Different queues of one page are different patterns.
    assert pattern("/can-bo/ho-so/?hang-doi=overdue") != pattern("/can-bo/ho-so/?hang-doi=intake")


def test_only_this_sites_pages_are_followed():
    assert same_site("../12/?trang=2#bang", "/can-bo/ho-so/11/") == "/can-bo/ho-so/12/?trang=2"
    assert same_site("http://testserver/cong-dan/", "/") == "/cong-dan/"
    for href in ("https://dichvucong.gov.vn/", "mailto:a@b.vn", "tel:0912345678", "#noi-dung", "/static/x.css"):
        assert same_site(href, "/") is None, href
    assert links_of('<a href="/a/">A</a><a href="/b/" data-no-crawl>B</a><a>C</a>') == ["/a/"]


def test_a_missing_page_and_a_login_wall_are_reported(db):
    client = Client()
    missing = crawl(client, "/khong-co-trang-nay/", logged_in=False)
    assert [(f.url, f.status) for f in missing.failures] == [("/khong-co-trang-nay/", 404)]
    # A staff page sends a visitor to log in: a failure for someone the link was shown to as logged in.
    walled = crawl(client, "/can-bo/", logged_in=True)
    assert [(f.url, f.status, f.detail) for f in walled.failures] == [
        ("/can-bo/", 302, "sends a logged-in user to the login page")
    ]
