"""Each demo user logs in through the real form in Debian's chromium and lands on their role's home page."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from motcua.accounts.models import Role
from motcua.demo.seed import DEMO_PASSWORD, seed

LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
USERNAME_LABEL = "Tên đăng nhập, thư điện tử hoặc số điện thoại"

STAFF_ROLES = {
    "tiepnhan.hongvan": Role.RECEIVING_OFFICER,
    "chuyenvien.hongvan": Role.SPECIALIST,
    "lanhdao.hongvan": Role.LEADER,
    "quantri.hongvan": Role.AGENCY_ADMIN,
    "thanhtra.hanoi": Role.INSPECTOR,
    "thanhtra.thuongtin": Role.INSPECTOR,
    "quantri.hethong": Role.SYSTEM_ADMIN,
}


@pytest.fixture
def site(transactional_db, live_server):
    seed()
    return live_server.url


@pytest.fixture
def page(browser):
    """A fresh browser context whose every request is recorded."""
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    # Every page here is local and small; a missing element should fail fast, not after 30 s.
    page.set_default_timeout(5_000)
    page.requested_urls = []
    page.on("request", lambda request: page.requested_urls.append(request.url))
    yield page
    context.close()


def log_in(page, site: str, username: str) -> None:
    page.goto(site + "/")
    page.get_by_role("navigation").get_by_role("link", name="Đăng nhập").click()
    page.get_by_label(USERNAME_LABEL).fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def assert_only_local_requests(page) -> None:
    assert page.requested_urls
    remote = [url for url in page.requested_urls if urlsplit(url).hostname not in LOCAL_HOSTS]
    assert remote == []


@pytest.mark.parametrize("username", sorted(STAFF_ROLES))
def test_staff_member_lands_on_the_desk_showing_their_role(page, site, username):
    role = STAFF_ROLES[username]
    log_in(page, site, username)

    assert urlsplit(page.url).path == "/can-bo/"
    assert page.get_by_role("heading", level=1).inner_text() == "Trang làm việc"
    assert str(role.label) in page.locator(f'[data-role="{role.value}"]').first.inner_text()
    assert page.locator("html").get_attribute("lang") == "vi"
    assert_only_local_requests(page)


def test_citizen_lands_on_their_own_page(page, site):
    log_in(page, site, "congdan")

    assert urlsplit(page.url).path == "/cong-dan/"
    assert page.get_by_role("heading", level=1).inner_text() == "Trang của tôi"
    assert "Nguyễn Văn An" in page.locator("main").inner_text()
    assert page.locator("html").get_attribute("lang") == "vi"
    assert_only_local_requests(page)


def test_skip_link_is_the_first_focusable_element(page, site):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert focused == ["skip-link", "#noi-dung"]
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "noi-dung"


def test_home_page_fits_a_phone_screen(browser, site, tmp_path):
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    page.goto(site + "/")
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert page.locator("html").get_attribute("lang") == "vi"
    expect(page.get_by_role("link", name="Đăng nhập").first).to_be_visible()
    page.screenshot(path=tmp_path / "home-390x844.png", full_page=True)
    context.close()
