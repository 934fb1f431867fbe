"""The staff dossier page's actions in Debian's chromium at 360 px and 1280 px: the usual next step first, the
preview before signing, the confirmation of a destructive action, and no serious or critical axe finding
(issue 14 items 9 and 11)."""

import datetime

import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from motcua.accounts.models import User
from motcua.catalog.models import ProcedureMethod
from motcua.demo.seed import DEMO_PASSWORD, seed
from motcua.documents import signing
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier, State
from motcua.dossiers.uploads import Upload
from motcua.orgs.models import Agency

USERNAME_LABEL = "Tên đăng nhập, thư điện tử hoặc số điện thoại"
UBND = "Ủy ban nhân dân xã Hồng Vân"


@pytest.fixture
def site(transactional_db, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SIGNING_PKCS12 = str(tmp_path / "agency.p12")
    settings.SIGNING_PASSPHRASE = ""
    settings.SIGNING_AGENCIES = {}
    signing.create_demo_certificate(tmp_path / "agency.p12", common_name=UBND, organisation=UBND)
    seed()
    return live_server.url


def staff(username: str) -> User:
    return User.objects.get(username=username)


def awaiting_signature() -> Dossier:
    method = ProcedureMethod.objects.get(
        version__procedure__code="1.002211", version__status="published", channel="direct"
    )
    intake = lifecycle.Intake(
        method=method,
        receiving_agency=Agency.objects.get(name="Trung tâm Phục vụ hành chính công xã Hồng Vân"),
        competent_agency=Agency.objects.get(name=UBND),
        applicant=lifecycle.Applicant(kind="person", name="Nguyễn Văn An", id_number="001090012345"),
    )
    start = timezone.now() - datetime.timedelta(hours=4)
    desk, leader, specialist = staff("tiepnhan.hongvan"), staff("lanhdao.hongvan"), staff("chuyenvien.hongvan")
    dossier = lifecycle.transfer(desk, lifecycle.accept(desk, intake, at=start), at=start)
    dossier = lifecycle.assign(leader, dossier, specialist=specialist, at=start)
    pdf = weasyprint.HTML(string="<h1>Quyết định công nhận hòa giải viên</h1>").write_pdf()
    dossier = lifecycle.add_result(specialist, dossier, documents=[Upload(SimpleUploadedFile("quyet-dinh.pdf", pdf))])
    return lifecycle.submit_for_signature(specialist, dossier, note="Đủ điều kiện công nhận")


def open_as(browser, site: str, username: str, width: int):
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(site + "/tai-khoan/dang-nhap/")
    page.get_by_label(USERNAME_LABEL).fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(site + "/can-bo/")
    return page


@pytest.mark.parametrize("width", [360, 1280])
def test_the_leader_previews_then_signs_and_the_page_passes_axe(browser, site, axe_violations, width):
    dossier = awaiting_signature()
    page = open_as(browser, site, "lanhdao.hongvan", width)
    page.goto(f"{site}/can-bo/ho-so/{dossier.pk}/")
    assert axe_violations(page) == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    # The usual next step is the first action and the main button; refusing comes last.
    headings = page.locator(".actions h3").all_inner_texts()
    assert "Ký, ban hành kết quả" in headings[0]
    assert "Từ chối giải quyết" in headings[-1] or "Trả lại" in headings[-1]
    sign = page.get_by_role("region", name="Ký, ban hành kết quả")
    expect(sign.get_by_role("link", name="quyet-dinh.pdf")).to_be_visible()
    expect(sign.get_by_text("Đủ điều kiện công nhận")).to_be_visible()
    # Without the tick nothing is signed, and the message says why.
    sign.get_by_role("button", name="Ký, ban hành kết quả").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Hãy xem các tệp kết quả rồi đánh dấu ô xác nhận trước khi ký.").first).to_be_visible()
    dossier.refresh_from_db()
    assert dossier.state == State.AWAITING_SIGNATURE
    page.get_by_label("Tôi đã xem các tệp kết quả và dự thảo ở trên; ký, ban hành kết quả.").check()
    page.get_by_role("region", name="Ký, ban hành kết quả").get_by_role("button", name="Ký, ban hành kết quả").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Đã thực hiện: Ký, ban hành kết quả.")).to_be_visible()
    dossier.refresh_from_db()
    assert dossier.state == State.RESULT_ISSUED
    page.context.close()
