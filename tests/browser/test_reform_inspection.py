"""An inspection of Hồng Vân in Debian's chromium: the city's leader plans it, sees the evidence computed from the
dossiers, assesses the criteria, writes a finding and a recommendation, signs the record and downloads its PDF."""

import datetime
import io
import subprocess

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from dossier_helpers import at, processing, user
from motcua.accounts.models import Role, RoleAssignment, User
from motcua.demo.seed import DEMO_PASSWORD, seed
from motcua.dossiers import lifecycle
from motcua.orgs.models import Agency
from motcua.reform.models import Inspection

USERNAME_LABEL = "Tên đăng nhập, thư điện tử hoặc số điện thoại"


@pytest.fixture
def site(transactional_db, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # A transactional test empties the tables after itself, the shipped templates of the data migration included.
    call_command("load_reform_templates", stdout=io.StringIO())
    seed()
    leader = User.objects.create_user(
        "truongdoan", password=DEMO_PASSWORD, full_name="Trịnh Văn Sơn", account_type=User.AccountType.STAFF
    )
    RoleAssignment.objects.create(
        user=leader, role=Role.LEADER, agency=Agency.objects.get(name="Ủy ban nhân dân Thành phố Hà Nội")
    )
    # A mediation dossier (5 working days) received on 02/03/2026 and decided on 20/03: resolved late.
    dossier = processing(at(2026, 3, 2, 10))
    dossier = lifecycle.submit_for_signature(user("chuyenvien.hongvan"), dossier, at=at(2026, 3, 20, 9))
    lifecycle.sign(user("lanhdao.hongvan"), dossier, at=at(2026, 3, 20, 10))
    return live_server.url


def test_plan_an_inspection_see_the_evidence_sign_and_print(browser, site, tmp_path, axe_violations):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(site + "/tai-khoan/dang-nhap/")
    page.get_by_label(USERNAME_LABEL).fill("truongdoan")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(site + "/can-bo/")

    page.goto(site + "/can-bo/cai-cach/")
    page.get_by_role("link", name="Lập cuộc kiểm tra").first.click()
    page.get_by_label("Cơ quan kiểm tra").select_option(label="Ủy ban nhân dân Thành phố Hà Nội")
    page.get_by_label("Cơ quan được kiểm tra").select_option(label="Ủy ban nhân dân xã Hồng Vân")
    page.get_by_label("Số quyết định kiểm tra").fill("125/QĐ-UBND")
    page.get_by_label("Kỳ kiểm tra từ ngày").fill("2026-03-01")
    page.get_by_label("Đến ngày").fill("2026-03-31")
    page.get_by_label("Ngày kiểm tra").fill("2026-04-10")
    page.get_by_role("button", name="Lập cuộc kiểm tra").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Kiểm tra Ủy ban nhân dân xã Hồng Vân"

    assert axe_violations(page) == []
    inspection = Inspection.objects.get()
    late = inspection.checklist.get(measure="late_dossiers")
    card = page.locator(f"#tieu-chi-{late.pk}")
    assert "1 hồ sơ giải quyết quá hạn, 0 hồ sơ đang giải quyết đã quá hạn" in card.inner_text()
    card.get_by_role("link", name="Xem 1 bản ghi liên quan").click()
    dossier_code = inspection.target_agency.competent_dossiers.get().code
    # The city's leader may not open a commune dossier: it is listed without a link.
    expect(page.get_by_text(dossier_code)).to_be_visible()
    assert page.get_by_role("link", name=dossier_code).count() == 0
    page.go_back()

    for item in inspection.checklist.all():
        section = page.locator(f"#tieu-chi-{item.pk}")
        section.get_by_label("Đánh giá").select_option(label="Chưa đạt" if item.pk == late.pk else "Đạt")
        section.get_by_role("button", name="Lưu đánh giá").click()
        page.wait_for_load_state()
    page.get_by_label("Loại").select_option(label="Tồn tại, hạn chế")
    page.get_by_label("Nội dung", exact=True).fill("Còn hồ sơ giải quyết quá hạn, chưa có văn bản xin lỗi.")
    page.get_by_role("button", name="Thêm kết quả kiểm tra").click()
    page.wait_for_load_state()
    page.get_by_label("Nội dung kiến nghị").fill("Ban hành văn bản xin lỗi cho mọi hồ sơ quá hạn.")
    page.get_by_label("Cơ quan thực hiện").select_option(label="Ủy ban nhân dân xã Hồng Vân")
    page.get_by_label("Thời hạn thực hiện").fill("2026-05-10")
    page.get_by_role("button", name="Thêm kiến nghị").click()
    page.wait_for_load_state()
    page.get_by_label("Kết luận").fill("Đề nghị UBND xã khắc phục các tồn tại nêu trên.")
    page.get_by_role("button", name="Lưu kết luận").click()
    page.wait_for_load_state()

    page.get_by_role("link", name="Ký biên bản").click()
    page.get_by_role("button", name="Ký biên bản").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Đã ký biên bản; số liệu kiểm chứng đã được lưu cố định.")).to_be_visible()
    inspection.refresh_from_db()
    assert inspection.is_signed and inspection.signed_by.username == "truongdoan"

    assert axe_violations(page) == []
    phone = context.new_page()
    phone.set_viewport_size({"width": 360, "height": 780})
    phone.goto(page.url)
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 360
    response = page.request.get(site + f"/can-bo/cai-cach/kiem-tra/{inspection.pk}/bien-ban.pdf")
    assert response.headers["content-type"] == "application/pdf"
    path = tmp_path / "bien-ban.pdf"
    path.write_bytes(response.body())
    text = " ".join(
        subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True).stdout.split()
    )
    assert "BIÊN BẢN KIỂM TRA" in text and "Ban hành văn bản xin lỗi cho mọi hồ sơ quá hạn." in text
    assert "1 hồ sơ giải quyết quá hạn" in text and "Trịnh Văn Sơn" in text
    assert inspection.decision_number == "125/QĐ-UBND" and inspection.inspected_on == datetime.date(2026, 4, 10)
    context.close()
