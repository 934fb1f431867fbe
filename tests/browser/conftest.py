"""What every browser test shares: Debian's chromium driven by Playwright, skipped with a reason where it is
missing, the `browser` marker on every test of this folder, and the axe-core accessibility check."""

import os
from pathlib import Path

import pytest

from journeys import FEE_VND, UBND
from motcua.catalog.models import FeeItem, ProcedureMethod
from motcua.demo.seed import seed
from motcua.documents import signing

CHROMIUM = Path("/usr/bin/chromium")
# axe-core comes from the npm registry (tests/browser/axe/package.json, installed by `make install`) and is read
# from disk into the page: no CDN is involved.
AXE_SCRIPT = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    missing = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium (/usr/bin/chromium) is not installed")
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.browser)
            item.add_marker(missing)


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM would otherwise refuse to run here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def axe_violations():
    """A function giving the serious and critical accessibility violations axe-core finds on a page.

    Each violation is a dict of axe's result (id, impact, help, nodes); an empty list means the page passes.
    """
    if not AXE_SCRIPT.exists():
        pytest.skip("axe-core is not installed: run `make install` (needs npm) to fetch tests/browser/axe")
    source = AXE_SCRIPT.read_text(encoding="utf-8")

    def check(page) -> list[dict]:
        # page.evaluate runs through the DevTools protocol, so the site's CSP (script-src 'self') still holds for
        # the page's own scripts while the checker is loaded.
        page.evaluate(source)
        results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        return [v for v in results["violations"] if v.get("impact") in BLOCKING_IMPACTS]

    return check


@pytest.fixture
def paying_site(transactional_db, live_server, settings, tmp_path):
    """The demo units and staff on a live server where procedure 1.002211 charges a fee, paid through the local
    VNPAY sandbox, and the UBND's results are signed with a certificate made for the test: the citizen's journeys."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PAYMENT_SANDBOX = True
    settings.PAYMENT_VNPAY_URL = ""
    settings.PAYMENT_VNPAY_TMN_CODE = "JOURNEY1"
    settings.PAYMENT_VNPAY_HASH_SECRET = "journey-test-secret"
    settings.SIGNING_PKCS12 = str(tmp_path / "agency.p12")
    settings.SIGNING_PASSPHRASE = ""
    settings.SIGNING_AGENCIES = {}
    seed()
    signing.create_demo_certificate(tmp_path / "agency.p12", common_name=UBND, organisation=UBND)
    method = ProcedureMethod.objects.get(version__procedure__code="1.002211", channel="online")
    FeeItem.objects.create(version=method.version, kind="charge", name="Lệ phí công nhận", amount_vnd=FEE_VND)
    return live_server.url
