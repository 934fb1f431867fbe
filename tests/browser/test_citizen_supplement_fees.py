"""The citizen answers the desk's intake supplement (Mẫu 02) online and finds what they owe on the dossier page, in
Debian's chromium on a 360 px phone and a 1280 px screen: the list of what is missing, the upload, the fees with
one primary way to pay; every page fits the screen and axe-core finds no serious or critical violation."""

import sys
from pathlib import Path

import pytest
import weasyprint

from motcua.demo.seed import DEMO_PASSWORD, seed
from motcua.dossiers import lifecycle
from motcua.dossiers.models import DossierDocument, State

sys.path.insert(0, str(Path(__file__).parent.parent))
from playwright.sync_api import expect

from dossier_helpers import PERSON, intake, user
from test_payments_support import dossier_with_fees
from test_portal_my_dossiers import online
from test_portal_my_dossiers import processing as processing_online

USERNAME_LABEL = "Tên đăng nhập, thư điện tử hoặc số điện thoại"
MISSING = "Giấy xác nhận cư trú của người được giới thiệu"
SCREENS = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def site(transactional_db, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    seed()
    return live_server.url


def asked_at_intake():
    applicant = lifecycle.Applicant(**{**PERSON.__dict__, "user": user("congdan")})
    dossier = lifecycle.submit_online(user("congdan"), intake(channel="online", applicant=applicant))
    return lifecycle.request_intake_supplement(
        user("tiepnhan.hongvan"), dossier, items=[MISSING], reason="Thiếu giấy tờ theo quy định"
    )


def logged_in_page(browser, site, viewport, next_url):
    page = browser.new_context(locale="vi-VN", viewport=viewport).new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{site}{next_url}")
    page.get_by_label(USERNAME_LABEL).fill("congdan")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    return page


def check_page(page, axe_violations) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= page.viewport_size["width"], page.url
    blocking = [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in axe_violations(page)]
    assert blocking == []


@pytest.mark.parametrize("screen", SCREENS)
def test_the_citizen_sends_the_intake_supplement_and_sees_the_fees(browser, site, axe_violations, tmp_path, screen):
    # Fees first: a published version's fee items are read once per process (catalog.versions.components).
    owing = dossier_with_fees()
    asked = asked_at_intake()
    page = logged_in_page(browser, site, SCREENS[screen], f"/cong-dan/ho-so/{asked.pk}/")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == f"Hồ sơ {asked.reference}"
    expect(page.get_by_role("heading", name="Cần bổ sung hồ sơ trước khi được tiếp nhận")).to_be_visible()
    expect(page.get_by_text(MISSING, exact=True).first).to_be_visible()
    check_page(page, axe_violations)

    scan = tmp_path / "xac-nhan-cu-tru.pdf"
    scan.write_bytes(weasyprint.HTML(string="<p>Xác nhận cư trú</p>").write_pdf())
    page.get_by_label("Giấy tờ bổ sung").set_input_files(str(scan))
    page.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Bộ phận Một cửa sẽ kiểm tra lại để tiếp nhận hồ sơ")).to_be_visible()
    asked.refresh_from_db()
    assert asked.state == State.SUBMITTED
    assert asked.documents.filter(stage=DossierDocument.Stage.SUPPLEMENT, name="xac-nhan-cu-tru.pdf").exists()
    check_page(page, axe_violations)

    page.goto(f"{site}/cong-dan/ho-so/{owing.pk}/")
    expect(page.get_by_text("Còn phải nộp")).to_be_visible()
    pay = page.get_by_role("link", name="Thanh toán 70.000 đồng")
    expect(pay).to_be_visible()
    withdraw = page.get_by_role("link", name="Rút hồ sơ…")
    expect(withdraw).to_be_visible()
    assert withdraw.bounding_box()["y"] > pay.bounding_box()["y"]
    check_page(page, axe_violations)
    pay.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == f"Thanh toán hồ sơ {owing.code}"

    page.goto(f"{site}/cong-dan/thanh-toan/")
    expect(page.get_by_role("link", name=f"Thanh toán hồ sơ {owing.code}")).to_be_visible()
    check_page(page, axe_violations)
    page.context.close()


def test_the_citizen_pages_fit_a_phone(browser, site, axe_violations):
    """Home page search, the citizen's pages, an overdue dossier in the list and public tracking by reference."""
    overdue = processing_online(online())  # submitted, accepted and assigned in March 2026: long past its due date
    asked = asked_at_intake()
    page = browser.new_context(locale="vi-VN", viewport=SCREENS["phone"]).new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{site}/")
    check_page(page, axe_violations)
    page.get_by_label("Tìm thủ tục hành chính").fill("hoa giai vien")
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.wait_for_load_state()
    assert "/cong-dan/thu-tuc/?q=hoa+giai+vien" in page.url
    expect(page.get_by_role("link", name="Thủ tục công nhận hòa giải viên (cấp xã)").first).to_be_visible()

    page.goto(f"{site}/cong-dan/tra-cuu/?ma={asked.reference}")
    page.get_by_label("Số điện thoại hoặc số CCCD của người nộp").fill("0912345678")
    page.get_by_role("button", name="Tra cứu").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name=f"Hồ sơ {asked.reference}")).to_be_visible()
    check_page(page, axe_violations)
    page.context.close()

    page = logged_in_page(browser, site, SCREENS["phone"], "/cong-dan/")
    search_box = page.get_by_label("Tìm thủ tục hành chính")
    expect(search_box).to_be_visible()
    check_page(page, axe_violations)
    page.goto(f"{site}/cong-dan/ho-so/")
    expect(page.get_by_text("Quá hạn", exact=False).first).to_be_visible()
    expect(page.get_by_role("link", name=asked.reference)).to_be_visible()
    check_page(page, axe_violations)
    page.goto(f"{site}/cong-dan/ho-so/{overdue.pk}/")
    expect(page.get_by_role("heading", name="Hồ sơ đã quá hạn giải quyết")).to_be_visible()
    check_page(page, axe_violations)
    page.context.close()
