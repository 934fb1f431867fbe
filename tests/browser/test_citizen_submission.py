"""A citizen on a 360 px phone submits a dossier online from the procedure's public page: the steps, an error
next to its field with what was typed kept, a refused file named while the good one stays, the review, and the
dossier waiting for the desk's check — every page without serious accessibility violations."""

from urllib.parse import urlsplit

import pytest
import weasyprint
from playwright.sync_api import expect

from journeys import fits_the_screen
from motcua.demo.seed import DEMO_PASSWORD, seed
from motcua.dossiers.models import Dossier, State

PHONE = {"width": 360, "height": 780}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
USERNAME_LABEL = "Tên đăng nhập, thư điện tử hoặc số điện thoại"


@pytest.fixture
def site(transactional_db, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    seed()
    return live_server.url


def citizen_page(browser, site: str):
    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(30_000)  # a shared, busy machine: generous, never a sleep
    page.requested_urls = []
    page.on("request", lambda request: page.requested_urls.append(request.url))
    page.goto(site + "/tai-khoan/dang-nhap/")
    page.get_by_label(USERNAME_LABEL).fill("congdan")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(site + "/cong-dan/")
    return page


def check_page(page, axe_violations) -> None:
    assert fits_the_screen(page), page.url
    violations = axe_violations(page)
    assert [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations] == [], page.url


def test_a_citizen_submits_online_with_uploads_on_a_phone(browser, site, tmp_path, axe_violations):
    minutes = tmp_path / "bien-ban.pdf"
    minutes.write_bytes(weasyprint.HTML(string="<p>Biên bản kiểm phiếu bầu hòa giải viên</p>").write_pdf())
    names = tmp_path / "danh-sach.pdf"
    names.write_bytes(weasyprint.HTML(string="<p>Danh sách đề nghị công nhận</p>").write_pdf())
    fake = tmp_path / "anh-chup.pdf"
    fake.write_text("chỉ là chữ, không phải PDF")

    page = citizen_page(browser, site)
    page.goto(site + "/cong-dan/thu-tuc/1.002211/")
    page.get_by_role("link", name="Nộp trực tuyến").click()
    expect(page.get_by_text("PDF, JPG, PNG, TIFF, DOCX, XLSX").first).to_be_visible()  # what is accepted, up front
    check_page(page, axe_violations)
    page.get_by_role("button", name="Bắt đầu nộp hồ sơ").click()

    # Step 1: the only desk and the only resolving agency are already chosen.
    page.wait_for_url("**/noi-nop/")
    assert page.get_by_label("Trung tâm Phục vụ hành chính công xã Hồng Vân").is_checked()
    check_page(page, axe_violations)
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    # Step 2: prefilled from the profile; a wrong phone number is shown next to its field, nothing is lost.
    page.wait_for_url("**/nguoi-nop/")
    assert page.get_by_label("Số CCCD (cá nhân) hoặc mã số thuế (tổ chức)").input_value() == "001090012345"
    page.get_by_label("Địa chỉ").fill("Số 5, thôn Hồng Vân")
    page.get_by_label("Số điện thoại").fill("12ab")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.wait_for_load_state()
    assert (
        page.locator("#id_applicant_phone-loi").inner_text()
        == "Số điện thoại gồm 10 hoặc 11 chữ số, bắt đầu bằng số 0."
    )
    assert page.get_by_label("Địa chỉ").input_value() == "Số 5, thôn Hồng Vân"
    check_page(page, axe_violations)
    page.get_by_label("Số điện thoại").fill("0912345678")
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    # Step 3: the request and where the result goes.
    page.wait_for_url("**/yeu-cau/")
    page.get_by_label("Nội dung yêu cầu giải quyết").fill("Đề nghị công nhận hòa giải viên thôn Hồng Vân")
    page.get_by_label("Trực tuyến (bản điện tử)").check()
    check_page(page, axe_violations)
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    # Step 4: the files; a fake PDF is refused by name, the good file beside it is kept.
    page.wait_for_url("**/giay-to/1/")
    check_page(page, axe_violations)
    inputs = page.get_by_label("Chọn tệp")
    inputs.nth(0).set_input_files(str(minutes))
    inputs.nth(1).set_input_files(str(fake))
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Tệp «anh-chup.pdf» không đúng định dạng cho phép")).to_be_visible()
    expect(page.get_by_text("bien-ban.pdf", exact=True)).to_be_visible()
    check_page(page, axe_violations)
    page.get_by_label("Chọn tệp").first.set_input_files(str(names))
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    # Review, then submit.
    page.wait_for_url("**/xem-lai/")
    expect(page.get_by_text("Số 5, thôn Hồng Vân")).to_be_visible()
    expect(page.get_by_text("danh-sach.pdf", exact=True)).to_be_visible()
    check_page(page, axe_violations)
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_url("**/cong-dan/ho-so/*/")

    dossier = Dossier.objects.get()
    assert dossier.state == State.SUBMITTED and dossier.intake_due_at is not None
    assert sorted(dossier.documents.values_list("name", flat=True)) == ["bien-ban.pdf", "danh-sach.pdf"]
    assert page.locator(".dossier-state").inner_text() == "Chờ tiếp nhận (nộp trực tuyến)"
    expect(page.get_by_text("Bạn đã nộp hồ sơ trực tuyến.")).to_be_visible()
    check_page(page, axe_violations)

    remote = [url for url in page.requested_urls if urlsplit(url).hostname not in LOCAL_HOSTS]
    assert remote == []
    page.context.close()
