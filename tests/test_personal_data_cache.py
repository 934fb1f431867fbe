"""`Cache-Control: no-store` on every answer that carries personal data, and no PDF with personal data in the shared
cache (issue 16 item 10; Law 91/2025/QH15; docs/security.md, "Personal data").

The crawler (tests/crawl.py) follows every link a citizen, a specialist and a visitor are shown over `motcua demo`'s
data and records each answer's Cache-Control: every answer to a logged-in user, and every answer under a
personal-data prefix, must forbid storing it.
"""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.views.decorators.cache import cache_control

from crawl import crawl
from motcua.accounts.models import User
from motcua.core.middleware import PERSONAL_DATA_PREFIXES, NoStoreMiddleware
from motcua.documents import signing
from motcua.documents.pdf import render_pdf

MAX_PAGES = 80
# Pages whose view chose its own policy, and why it fits: the public statistics (aggregate figures only) are kept
# ten minutes, "private", i.e. by the user's own browser and never by a shared proxy.
OWN_POLICY = {"/cong-dan/thong-ke/": "private, max-age=600"}


class RecordingClient:
    """A test client that remembers each answer's URL, status and Cache-Control for the crawler's GETs."""

    def __init__(self, client):
        self.client = client
        self.answers: list[tuple[str, int, str]] = []

    def get(self, url, *args, **kwargs):
        response = self.client.get(url, *args, **kwargs)
        self.answers.append((url, response.status_code, response.headers.get("Cache-Control", "")))
        return response


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("nostore")
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
        signing.create_demo_certificate(folder / "agency.p12", common_name="UBND xã Hồng Vân", organisation="UBND")
        with transaction.atomic():
            call_command("demo", stdout=io.StringIO())
            yield {}
            transaction.set_rollback(True)


@pytest.mark.parametrize(
    ("username", "start"),
    [("congdan", "/cong-dan/"), ("chuyenvien.hongvan", "/can-bo/"), ("tiepnhan.hongvan", "/can-bo/ho-so/")],
)
def test_every_page_a_logged_in_user_reaches_forbids_storing(demo_site, db, username, start):
    client = Client()
    client.force_login(User.objects.get(username=username))
    recording = RecordingClient(client)

    result = crawl(recording, start, logged_in=True, max_pages=MAX_PAGES, shared=demo_site)

    assert result.fetched > 10
    stored = [
        f"{status} {url}: {policy or '(none)'}"
        for url, status, policy in recording.answers
        if "no-store" not in policy and not _own_policy(url, policy)
    ]
    assert not stored, "\n".join(stored)


def test_a_visitors_personal_data_pages_forbid_storing_and_public_pages_may_be_cached(demo_site, db):
    recording = RecordingClient(Client())
    crawl(recording, "/cong-dan/", logged_in=False, max_pages=MAX_PAGES, shared=demo_site)
    for start in ("/cong-dan/tra-cuu/", "/api/v1/dossiers/", "/tai-khoan/dang-nhap/"):
        recording.get(start)

    personal = [(url, policy) for url, _status, policy in recording.answers if url.startswith(PERSONAL_DATA_PREFIXES)]
    assert {url for url, _policy in personal} >= {"/cong-dan/tra-cuu/", "/api/v1/dossiers/"}
    assert all("no-store" in policy for _url, policy in personal), personal
    catalog = [policy for url, _status, policy in recording.answers if url.startswith("/cong-dan/thu-tuc/")]
    assert catalog and not any("no-store" in policy for policy in catalog)


def _own_policy(url: str, policy: str) -> bool:
    return any(url.startswith(prefix) and policy == chosen for prefix, chosen in OWN_POLICY.items())


def _answer(request, view=lambda request: HttpResponse("ok")):
    return NoStoreMiddleware(view)(request)


def test_a_view_that_chose_its_own_policy_keeps_it(db):
    request = RequestFactory().get("/can-bo/")
    request.user = User.objects.create_user("staff")

    chosen = _answer(request, cache_control(max_age=0, no_cache=True, private=True)(lambda request: HttpResponse()))
    plain = _answer(request)

    assert chosen["Cache-Control"] == "max-age=0, no-cache, private"
    assert plain["Cache-Control"] == "no-store, private"


def test_a_pdf_with_personal_data_is_not_kept_in_the_shared_cache():
    cache.clear()
    html = "<html><body><p>Biên nhận — Nguyễn Văn An, CCCD 001099012345</p></body></html>"

    private = render_pdf(html, base_url="http://testserver/")
    public = render_pdf("<html><body><p>Niêm yết thủ tục</p></body></html>", base_url="http://testserver/", public=True)

    assert private.startswith(b"%PDF") and public.startswith(b"%PDF")
    kept = [key for key in cache._cache if "documents.pdf:" in key]  # LocMemCache's store (tests/conftest.py)
    assert len(kept) == 1  # the public sheet only
