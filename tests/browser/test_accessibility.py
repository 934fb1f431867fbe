"""The public pages pass axe-core's accessibility check (no serious or critical violation) on a 360 px phone."""

import pytest

from motcua.catalog.models import Procedure
from motcua.demo.seed import seed

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def site(transactional_db, live_server):
    seed()
    return live_server.url, Procedure.objects.order_by("code").values_list("code", flat=True).first()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(5_000)
    yield page
    context.close()


PUBLIC_PATHS = [
    "/",
    "/cong-dan/",
    "/cong-dan/thu-tuc/",
    "/cong-dan/thu-tuc/?q=khai+sinh",
    "/cong-dan/thu-tuc/{code}/",
    "/cong-dan/niem-yet/",
    "/tai-khoan/dang-nhap/",
]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_page_has_no_serious_accessibility_violation(site, phone_page, axe_violations, path):
    url, code = site
    response = phone_page.goto(url + path.format(code=code))
    assert response.ok
    violations = axe_violations(phone_page)
    assert [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations] == []
    # Usable at 360 px: nothing wider than the screen forces a sideways scroll.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
