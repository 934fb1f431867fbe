"""Paying online in Debian's chromium on a 360 px phone: the citizen opens the payment page of their dossier, is
sent to the sandbox gateway (VNPAY 2.1.0 protocol), pays; the sandbox calls the IPN over real HTTP on the live
server, and the browser comes back to a page that shows the payment as the IPN recorded it, with the receipt.
Then anybody tracks the dossier by code and phone. Every page fits the screen and passes axe-core."""

import subprocess
import sys
from pathlib import Path

import pytest

from motcua.demo.seed import DEMO_PASSWORD, seed
from motcua.payments.models import Payment

sys.path.insert(0, str(Path(__file__).parent.parent))
from playwright.sync_api import expect

from test_payments_support import TOTAL_VND, dossier_with_fees

PHONE = {"width": 360, "height": 780}
USERNAME_LABEL = "Tên đăng nhập, thư điện tử hoặc số điện thoại"


@pytest.fixture
def site(transactional_db, live_server, settings):
    settings.PAYMENT_SANDBOX = True
    settings.PAYMENT_VNPAY_URL = ""
    settings.PAYMENT_VNPAY_TMN_CODE = "BROWSER1"
    settings.PAYMENT_VNPAY_HASH_SECRET = "browser-test-secret"
    seed()
    return live_server.url


def open_page(browser):
    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def fits_the_screen(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth") <= page.viewport_size["width"]


def blocking(axe_violations, page) -> list:
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in axe_violations(page)]


def check_page(page, axe_violations) -> None:
    assert fits_the_screen(page), page.url
    assert blocking(axe_violations, page) == []


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "bien-nhan.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


def test_the_citizen_pays_online_through_the_sandbox(browser, site, axe_violations, tmp_path):
    dossier = dossier_with_fees()
    page = open_page(browser)
    page.goto(f"{site}/cong-dan/thanh-toan/ho-so/{dossier.pk}/")
    page.get_by_label(USERNAME_LABEL).fill("congdan")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == f"Thanh toán hồ sơ {dossier.code}"
    expect(page.get_by_text("Chọn cách nộp 70.000 đồng")).to_be_visible()
    check_page(page, axe_violations)

    page.get_by_role("button", name="Thanh toán trực tuyến").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Cổng thanh toán thử nghiệm"
    assert "/sandbox-thanh-toan/paymentv2/vpcpay.html?" in page.url and "vnp_SecureHash=" in page.url
    check_page(page, axe_violations)

    page.get_by_role("button", name="Thanh toán", exact=True).click()
    page.wait_for_load_state()
    payment = Payment.objects.get(dossier=dossier)
    assert payment.status == "paid" and payment.method == "gateway" and payment.amount_vnd == TOTAL_VND
    expect(page.get_by_text("Thanh toán thành công. Cảm ơn bạn.")).to_be_visible()
    assert page.locator("#tinh-trang").inner_text() == "Đã thanh toán"
    check_page(page, axe_violations)

    receipt = page.get_by_role("link", name="Tải biên nhận thanh toán (PDF)")
    response = page.context.request.get(site + receipt.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body(), tmp_path)
    assert "70.000 đồng" in text and dossier.code in text and payment.reference in text

    # Back on the dossier's payment page nothing is left to pay.
    page.goto(f"{site}/cong-dan/thanh-toan/ho-so/{dossier.pk}/")
    expect(page.get_by_text("Hồ sơ đã nộp đủ phí, lệ phí.")).to_be_visible()


def test_anybody_tracks_a_dossier_by_code_and_phone(browser, site, axe_violations):
    dossier = dossier_with_fees()
    page = open_page(browser)
    page.goto(f"{site}/cong-dan/tra-cuu/?ma={dossier.code}")
    assert page.get_by_label("Mã hồ sơ").input_value() == dossier.code
    check_page(page, axe_violations)
    page.get_by_label("Số điện thoại hoặc số CCCD của người nộp").fill("0900000000")
    page.get_by_role("button", name="Tra cứu").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").inner_text().startswith("Không tìm thấy hồ sơ")
    check_page(page, axe_violations)
    page.get_by_label("Số điện thoại hoặc số CCCD của người nộp").fill("0912 345 678")
    page.get_by_role("button", name="Tra cứu").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Đã tiếp nhận, đang chuyển đến cơ quan giải quyết.")).to_be_visible()
    assert page.get_by_text("Nguyễn Văn An").count() == 0
    check_page(page, axe_violations)


def test_the_desk_officer_records_cash_on_a_phone(browser, site, axe_violations):
    dossier = dossier_with_fees()
    page = open_page(browser)
    page.goto(f"{site}/can-bo/thanh-toan/")
    page.get_by_label(USERNAME_LABEL).fill("tiepnhan.hongvan")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    check_page(page, axe_violations)
    page.get_by_label("Mã hồ sơ hoặc mã thanh toán").fill(dossier.code)
    page.get_by_role("button", name="Tìm").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == f"Phí, lệ phí hồ sơ {dossier.code}"
    assert page.get_by_label("Số tiền đã thu (đồng)").input_value() == str(TOTAL_VND)
    check_page(page, axe_violations)
    page.get_by_role("button", name="Ghi nhận đã thu").click()
    page.wait_for_load_state()
    payment = Payment.objects.get(dossier=dossier)
    assert payment.method == "cash" and payment.status == "paid"
    expect(page.get_by_text(f"Đã ghi nhận thu tiền mặt, mã {payment.reference}.")).to_be_visible()
    expect(page.get_by_role("link", name="Biên nhận (PDF)")).to_be_visible()
    check_page(page, axe_violations)
