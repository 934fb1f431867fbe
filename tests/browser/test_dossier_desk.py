"""A dossier from intake to return in Debian's chromium: the desk takes it in with a scanned file and gets the
receipt, the leader assigns it, the specialist submits it, the leader signs, the desk returns the result."""

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import weasyprint
from playwright.sync_api import expect

from journeys import fits_the_screen
from motcua.accounts.models import User
from motcua.catalog.models import ProcedureMethod
from motcua.demo.seed import DEMO_PASSWORD, seed
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier, State
from motcua.orgs.models import Agency

LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
USERNAME_LABEL = "Tên đăng nhập, thư điện tử hoặc số điện thoại"
PHONE = {"width": 360, "height": 780}


@pytest.fixture
def site(transactional_db, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    seed()
    return live_server.url


def session(browser, site: str, username: str, viewport=None):
    """A logged-in page of its own browser context (its own cookies); every request is recorded."""
    context = browser.new_context(locale="vi-VN", viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.requested_urls = []
    page.on("request", lambda request: page.requested_urls.append(request.url))
    page.goto(site + "/tai-khoan/dang-nhap/")
    page.get_by_label(USERNAME_LABEL).fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(site + "/can-bo/")
    return page


def act(page, button: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_text(f"Đã thực hiện: {button}.")).to_be_visible()


def test_a_dossier_goes_from_the_desk_to_the_leader_and_back(browser, site, tmp_path):
    scan = tmp_path / "bien-ban.pdf"
    scan.write_bytes(weasyprint.HTML(string="<p>Biên bản kiểm phiếu</p>").write_pdf())

    # The desk officer, on a 360 px phone: finds the procedure, ticks the checklist, attaches a scan, accepts.
    desk = session(browser, site, "tiepnhan.hongvan", viewport=PHONE)
    desk.locator(".site-menu > summary").click()  # the phone's menu, then the "Hồ sơ" group
    desk.locator("summary#nhom-ho-so").click()
    desk.get_by_role("link", name="Tiếp nhận hồ sơ").first.click()
    desk.get_by_label("Mã hoặc tên thủ tục").fill("hoa giai vien")
    desk.get_by_role("button", name="Tìm").click()
    desk.get_by_role("link", name="1.002211 Thủ tục công nhận hòa giải viên (cấp xã)").click()
    applicant = desk.get_by_label("Họ và tên cá nhân hoặc tên tổ chức")
    expect(applicant).to_be_visible()  # the intake form has come, before its width is measured
    assert fits_the_screen(desk)
    applicant.fill("Nguyễn Văn An")
    desk.get_by_label("Số CCCD (cá nhân) hoặc mã số thuế (tổ chức)").fill("001090012345")
    desk.get_by_label("Số điện thoại").fill("0912345678")
    for checkbox in desk.get_by_label("Đã có", exact=True).all():
        checkbox.check()
    desk.get_by_label("Tệp (bản quét, ảnh chụp)").first.set_input_files(str(scan))
    desk.get_by_label("Bản quét từ giấy").first.check()
    desk.get_by_role("button", name="Tiếp nhận", exact=True).click()
    desk.wait_for_load_state()

    dossier = Dossier.objects.get()
    assert dossier.state == State.RECEIVED
    assert desk.get_by_role("heading", level=1).inner_text() == f"Hồ sơ {dossier.code}"
    receipt = desk.get_by_role("link", name="Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF)").first
    expect(receipt).to_be_visible()
    response = desk.request.get(site + receipt.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf" and response.body().startswith(b"%PDF")
    expect(desk.get_by_role("link", name="bien-ban.pdf")).to_be_visible()
    assert fits_the_screen(desk)
    act(desk, "Chuyển cơ quan giải quyết")
    dossier_url = desk.url

    # The leader assigns the specialist.
    leader = session(browser, site, "lanhdao.hongvan")
    leader.goto(dossier_url)
    leader.get_by_label("Chuyên viên xử lý").select_option(label="Trần Văn Minh")
    act(leader, "Phân công xử lý")

    # The specialist submits the draft for signature; the leader signs.
    specialist = session(browser, site, "chuyenvien.hongvan")
    specialist.locator("summary#nhom-ho-so").click()
    specialist.get_by_role("link", name="Danh sách hồ sơ").click()
    specialist.get_by_role("link", name=dossier.code).click()
    signing = specialist.get_by_role("region", name="Trình ký")
    signing.get_by_label("Ghi chú (không bắt buộc)").fill("Đủ điều kiện công nhận")
    act(specialist, "Trình ký")
    leader.reload()
    # Signing is never one click: the leader ticks that they have looked at what is signed.
    leader.get_by_label("Tôi đã xem các tệp kết quả và dự thảo ở trên; ký, ban hành kết quả.").check()
    act(leader, "Ký, ban hành kết quả")

    # Back at the desk, on the phone: the result arrives and is handed over.
    desk.reload()
    act(desk, "Nhận kết quả, chờ trả")
    act(desk, "Trả kết quả")
    assert desk.locator(".dossier-state").inner_text().startswith("Đã trả kết quả")
    assert fits_the_screen(desk)
    dossier.refresh_from_db()
    assert dossier.state == State.RETURNED and dossier.assignee.username == "chuyenvien.hongvan"

    for page in (desk, leader, specialist):
        remote = [url for url in page.requested_urls if urlsplit(url).hostname not in LOCAL_HOSTS]
        assert remote == []
        page.context.close()


def test_the_queue_fits_a_phone_and_says_overdue_in_words(browser, site):
    method = ProcedureMethod.objects.get(
        version__procedure__code="1.002211", version__status="published", channel="direct"
    )
    intake = lifecycle.Intake(
        method=method,
        receiving_agency=Agency.objects.get(name="Trung tâm Phục vụ hành chính công xã Hồng Vân"),
        competent_agency=Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân"),
        applicant=lifecycle.Applicant(kind="person", name="Phạm Văn Muộn", id_number="001090012345"),
    )
    late = lifecycle.accept(
        User.objects.get(username="tiepnhan.hongvan"),
        intake,
        at=datetime.datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )
    page = session(browser, site, "tiepnhan.hongvan", viewport=PHONE)
    page.goto(site + "/can-bo/ho-so/?hang-doi=overdue")
    row = page.get_by_role("row").filter(has_text=late.code)
    assert "Quá hạn" in row.inner_text()
    assert fits_the_screen(page)
    page.context.close()
