"""The staff header in Debian's chromium: one compact line on a 360 px phone with a menu button, the grouped bar on a
1280 px screen usable from the keyboard alone, and no serious or critical axe violation on the home and queue pages
(issue 14, item 11)."""

import pytest
from playwright.sync_api import expect

from motcua.demo.seed import DEMO_PASSWORD, seed

USERNAME_LABEL = "Tên đăng nhập, thư điện tử hoặc số điện thoại"
PHONE = {"width": 360, "height": 740}
WIDE = {"width": 1280, "height": 900}
COLLAPSED_HEADER_MAX_PX = 64


@pytest.fixture
def site(transactional_db, live_server):
    seed()
    return live_server.url


def session(browser, site: str, username: str, viewport: dict):
    context = browser.new_context(locale="vi-VN", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(20_000)  # a shared, busy machine: the first pages can be slow
    page.goto(site + "/tai-khoan/dang-nhap/")
    page.get_by_label(USERNAME_LABEL).fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(site + "/can-bo/")
    return page


def header_height(page) -> float:
    return page.evaluate("() => document.querySelector('.site-header').getBoundingClientRect().height")


def blocking(violations) -> list:
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_the_phone_header_is_one_line_and_its_menu_opens_with_the_keyboard(browser, site, axe_violations, tmp_path):
    page = session(browser, site, "lanhdao.hongvan", PHONE)
    assert header_height(page) <= COLLAPSED_HEADER_MAX_PX
    menu = page.locator(".site-menu > summary")
    expect(menu).to_be_visible()
    assert menu.inner_text().strip().endswith("Menu")
    logout = page.get_by_role("button", name="Đăng xuất")
    expect(logout).to_be_hidden()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert blocking(axe_violations(page)) == []

    page.screenshot(path=tmp_path / "staff-360.png")
    menu.focus()
    page.keyboard.press("Enter")
    expect(logout).to_be_visible()
    page.screenshot(path=tmp_path / "staff-360-menu.png", full_page=True)
    records = page.get_by_text("Hồ sơ", exact=True)
    expect(records).to_be_visible()
    records.focus()
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Danh sách hồ sơ").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(site + "/can-bo/ho-so/")
    assert header_height(page) <= COLLAPSED_HEADER_MAX_PX  # the menu closes on the new page
    assert blocking(axe_violations(page)) == []
    page.context.close()


def test_the_wide_header_groups_the_links_and_works_from_the_keyboard(browser, site, axe_violations, tmp_path):
    page = session(browser, site, "quantri.hethong", WIDE)
    # No menu button: the bar is there, one summary per group, each label once.
    expect(page.locator(".site-menu > summary")).to_be_hidden()
    groups = page.locator(".main-nav .nav-group > details > summary").all_inner_texts()
    assert [g.strip() for g in groups] == ["Hồ sơ", "Thủ tục", "Báo cáo & thống kê", "Cải cách", "Quản trị"]
    labels = page.locator(".main-nav a").evaluate_all("links => links.map(a => a.textContent.trim())")
    assert "Nhật ký hệ thống" in labels
    assert len(labels) == len(set(labels))
    assert header_height(page) <= 2 * COLLAPSED_HEADER_MAX_PX
    assert blocking(axe_violations(page)) == []

    # Tab from the home link to the groups; Enter opens one; its links are next in the tab order.
    page.get_by_role("link", name="Trang làm việc").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Hồ sơ"
    page.keyboard.press("Tab")  # closed groups hide their links from the tab order
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Thủ tục"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Báo cáo & thống kê"
    statistics = page.get_by_role("link", name="Thống kê, điều hành")
    expect(statistics).to_be_hidden()
    page.keyboard.press("Enter")
    expect(statistics).to_be_visible()
    page.screenshot(path=tmp_path / "staff-1280-open.png")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Báo cáo"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(site + "/can-bo/thong-ke/")

    page.goto(site + "/can-bo/ho-so/?hang-doi=all")
    assert blocking(axe_violations(page)) == []
    page.context.close()


def test_the_leaders_waiting_queue_passes_axe_on_both_screens(browser, site, axe_violations):
    for viewport in (PHONE, WIDE):
        page = session(browser, site, "lanhdao.hongvan", viewport)
        page.goto(site + "/can-bo/ho-so/?hang-doi=unassigned")
        assert page.get_by_role("heading", level=1).inner_text() == "Hồ sơ: Chờ phân công"
        assert blocking(axe_violations(page)) == []
        page.context.close()
