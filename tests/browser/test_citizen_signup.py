"""A citizen signs up on a 360 px phone in Debian's chromium: the form (a mistake first, nothing typed lost), the
code read from the mail the site sent, the profile page, then a login by the e-mail address. Every page passes
axe-core with no serious or critical violation and needs no sideways scrolling."""

import re

import pytest
from playwright.sync_api import expect

from motcua.accounts.models import ApplicantProfile, ExternalIdentity, User
from oidc_provider import OIDCProvider

PHONE = {"width": 360, "height": 740}
PASSWORD = "cay-lua-xanh-2026"


@pytest.fixture
def site(transactional_db, live_server):
    return live_server.url


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(5_000)
    # The machine is shared; the first page of a fresh live server may take a while to render.
    page.set_default_navigation_timeout(30_000)
    yield page
    context.close()


def assert_accessible_on_a_phone(page, axe_violations) -> None:
    violations = axe_violations(page)
    assert [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_signup_code_and_login_on_a_phone(site, phone_page, axe_violations, mailoutbox):
    page = phone_page
    page.goto(site + "/tai-khoan/dang-nhap/")
    page.get_by_role("link", name="Đăng ký tài khoản").click()
    expect(page.get_by_role("heading", name="Đăng ký tài khoản")).to_be_visible()
    assert_accessible_on_a_phone(page, axe_violations)

    page.get_by_label("Công dân (cá nhân)").check()
    page.get_by_label("Họ và tên").fill("Lê Thị Hoa")
    page.get_by_label("Thư điện tử hoặc số điện thoại di động").fill("hoa@example.vn")
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill("go-nham-mat-khau")
    page.get_by_label("Tôi đã đọc thông báo xử lý dữ liệu cá nhân ở trên và đồng ý.").check()
    page.get_by_role("button", name="Gửi mã xác minh").click()

    # The mistake is said next to its field, in Vietnamese; what was typed is still there.
    expect(page.get_by_text("Hai lần nhập mật khẩu không giống nhau.")).to_be_visible()
    assert page.get_by_label("Họ và tên").input_value() == "Lê Thị Hoa"
    assert page.get_by_label("Thư điện tử hoặc số điện thoại di động").input_value() == "hoa@example.vn"
    assert page.get_by_label("Mật khẩu", exact=True).input_value() == PASSWORD
    assert_accessible_on_a_phone(page, axe_violations)
    assert mailoutbox == []

    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Gửi mã xác minh").click()
    expect(page.get_by_role("heading", name="Nhập mã xác minh")).to_be_visible()
    expect(page.get_by_text("ho***@example.vn")).to_be_visible()
    assert_accessible_on_a_phone(page, axe_violations)

    [mail] = mailoutbox
    assert mail.to == ["hoa@example.vn"]
    code = re.search(r"\b(\d{6})\b", mail.body).group(1)
    page.get_by_label("Mã xác minh (6 chữ số)").fill(code)
    page.get_by_role("button", name="Xác nhận").click()

    expect(page.get_by_role("heading", name="Thông tin cá nhân")).to_be_visible()
    expect(page.get_by_text("Đã tạo tài khoản.")).to_be_visible()
    expect(page.get_by_text("đã xác minh")).to_be_visible()
    assert_accessible_on_a_phone(page, axe_violations)
    page.get_by_label("Số định danh cá nhân (CCCD)").fill("001190012377")
    page.get_by_label("Địa chỉ").fill("Thôn Đông, xã Hồng Vân, Hà Nội")
    page.get_by_role("button", name="Lưu thông tin").click()
    expect(page.get_by_text("Đã lưu thông tin cá nhân.")).to_be_visible()
    user = User.objects.get(email="hoa@example.vn")
    assert user.email_verified_at is not None
    assert ApplicantProfile.objects.get(user=user).personal_id == "001190012377"

    page.get_by_role("link", name="Thêm hoặc đổi thư điện tử, số điện thoại").click()
    expect(page.get_by_label("Thư điện tử hoặc số điện thoại di động mới")).to_be_visible()
    assert_accessible_on_a_phone(page, axe_violations)
    page.go_back()

    page.get_by_role("link", name="Nhận thông báo").click()
    expect(page.get_by_role("heading", name="Nhận thông báo")).to_be_visible()
    assert_accessible_on_a_phone(page, axe_violations)

    page.locator(".site-menu > summary").click()  # on a phone the account's links are in the menu
    page.get_by_role("button", name="Đăng xuất").click()
    page.goto(site + "/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập, thư điện tử hoặc số điện thoại").fill("hoa@example.vn")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Trang của tôi")).to_be_visible()
    expect(page.get_by_text("Xin chào Lê Thị Hoa.")).to_be_visible()


def test_vneid_login_on_a_phone(site, phone_page, axe_violations, settings):
    """The button appears once a provider is configured; the browser goes to the (local) provider and back."""
    with OIDCProvider() as provider:
        provider.redirect_uris.add(f"{site}/tai-khoan/dang-nhap/vneid/tra-ve/")
        provider.person = {"sub": "vneid-b1", "name": "Đỗ Thị Bích", "citizen_id": "001190012388"}
        settings.OIDC_ISSUER, settings.OIDC_RP_CLIENT_ID = provider.issuer, provider.client_id
        settings.OIDC_RP_CLIENT_SECRET = provider.client_secret
        page = phone_page
        page.goto(site + "/tai-khoan/dang-nhap/")
        assert_accessible_on_a_phone(page, axe_violations)
        page.get_by_role("link", name="Đăng nhập bằng VNeID").click()
        page.wait_for_load_state()
        expect(page.get_by_role("heading", name="Trang của tôi")).to_be_visible()
        expect(page.get_by_text("Xin chào Đỗ Thị Bích.")).to_be_visible()
    user = ExternalIdentity.objects.get(subject="vneid-b1").user
    assert user.applicant_profile.personal_id == "001190012388"
