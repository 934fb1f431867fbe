"""The dashboards in Debian's chromium on a 360 px phone: an inspector picks Hồng Vân and March 2026, reads the
figures, which fit the screen and pass axe-core, and opens the dossiers behind a chart point."""

import pytest
from playwright.sync_api import expect

from motcua.demo.seed import DEMO_PASSWORD, seed
from reports_scenario import build_scenario

USERNAME_LABEL = "Tên đăng nhập, thư điện tử hoặc số điện thoại"


@pytest.fixture
def site(transactional_db, live_server):
    seed()
    return live_server.url, build_scenario()


def test_an_inspector_reads_the_dashboard_and_opens_a_chart_point(browser, site, axe_violations):
    url, scenario = site
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(url + "/tai-khoan/dang-nhap/")
    page.get_by_label(USERNAME_LABEL).fill("thanhtra.hanoi")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(url + "/can-bo/")

    page.goto(url + "/can-bo/thong-ke/")
    page.get_by_label("Địa bàn hoặc cơ quan").select_option(label="Xã Hồng Vân")
    page.get_by_label("Từ ngày").fill("2026-03-01")
    page.get_by_label("Đến ngày").fill("2026-03-31")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Thống kê, bảng điều hành: Xã Hồng Vân"
    # Form II.06a for March (tests/reports_scenario.py): 12 decided, 8 of them early or on time (H is late against
    # its first due date, ii06a.legal_due); the rate leaves out L (withdrawn), M (closed) and P (refused after
    # appraisal, ii06a.refused_after_appraisal): 5/9. 2 of 14 online.
    tiles = page.locator("ul.cards li")
    assert tiles.filter(has_text="Tỷ lệ giải quyết đúng hạn").locator("p").inner_text() == "55,6%"
    assert tiles.filter(has_text="Tỷ lệ hồ sơ trực tuyến").locator("p").inner_text() == "14,3%"
    assert page.locator("svg.chart").count() >= 5
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []

    page.locator("figure", has_text="Tỷ lệ giải quyết đúng hạn").locator("svg a").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Tỷ lệ giải quyết đúng hạn: danh sách hồ sơ"
    # The whole of the rate: the 9 decided dossiers it judges (L, M and P are left out, as above).
    assert page.locator("tbody tr").count() == 9
    expect(page.get_by_role("link", name=scenario["C"].code)).to_be_visible()
    assert axe_violations(page) == []
    context.close()


def test_anybody_reads_the_public_statistics_of_an_agency(browser, site, axe_violations):
    url, _scenario = site
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(url + "/cong-dan/thong-ke/")
    page.get_by_role("link", name="Ủy ban nhân dân xã Hồng Vân", exact=True).click()
    page.wait_for_load_state()
    # The People's Committee with its service centre received every dossier of the scenario: March as form II.06a.
    march = page.locator("tr", has=page.get_by_role("rowheader", name="03/2026"))
    # The same rate as the dashboards: 5 of the 9 decided, the withdrawn L, the closed M and the refused P left out.
    assert march.locator("td").all_inner_texts()[-1] == "55,6%"
    assert page.locator("svg.chart[role=img]").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []
    context.close()
