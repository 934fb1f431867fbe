"""The citizen's journey of issue 14 in Debian's chromium, on a 360 px phone and a 1280 px screen: search a procedure
without diacritics from the home page, file it online and get a reference at once, answer the desk's intake
supplement (Mẫu 02) online, pay the fee through the sandbox gateway, track the dossier by its reference without
logging in, download the result signed by the agency, and rate the service. The staff's steps in between are the
lifecycle calls their pages make (their own journeys are tests/browser/test_journeys_desk.py and
test_journeys_processing.py). Every page the citizen touches fits the screen and axe-core finds no serious or
critical violation on it."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect
from test_citizen_journey import trust_root, validated

from dossier_helpers import user
from journeys import FEE_VND, SCREENS, UBND, PageChecker, login, menu, pdf
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier, State
from motcua.dossiers.uploads import Upload
from motcua.feedback.models import DossierRating
from motcua.payments.models import Payment

MISSING = "Biên bản họp thôn có chữ ký của trưởng thôn"


@pytest.fixture
def site(paying_site):
    return paying_site


def decided_and_returned(dossier: Dossier) -> None:
    """The agency's part, as its staff's pages call it: assign, attach the result, submit, sign, return online."""
    specialist, leader, desk = user("chuyenvien.hongvan"), user("lanhdao.hongvan"), user("tiepnhan.hongvan")
    dossier = lifecycle.assign(leader, dossier, specialist=specialist)
    result = SimpleUploadedFile("quyet-dinh.pdf", pdf("Quyết định công nhận hòa giải viên"), "application/pdf")
    dossier = lifecycle.add_result(specialist, dossier, documents=[Upload(result)])
    dossier = lifecycle.submit_for_signature(specialist, dossier)
    dossier = lifecycle.sign(leader, dossier)
    dossier = lifecycle.mark_ready(desk, dossier)
    lifecycle.return_result(desk, dossier, method="electronic")


@pytest.mark.parametrize("screen", SCREENS)
def test_citizen_searches_files_supplements_pays_tracks_downloads_and_rates(
    browser, site, tmp_path, axe_violations, screen
):
    files = {}
    for name, text in [("bien-ban.pdf", "Biên bản bầu"), ("danh-sach.pdf", "Danh sách"), ("hop-thon.pdf", "Họp")]:
        files[name] = tmp_path / name
        files[name].write_bytes(pdf(text))
    checked = PageChecker(axe_violations)

    # -- Search without diacritics from the citizen's home page, open the procedure, file it online.
    citizen = login(browser, site, "congdan", screen, home="/cong-dan/")
    checked(citizen)
    citizen.get_by_label("Tìm thủ tục hành chính").fill("hoa giai vien")
    citizen.get_by_role("button", name="Tìm", exact=True).click()
    citizen.get_by_role("link", name="Thủ tục công nhận hòa giải viên (cấp xã)").first.click()
    checked(citizen)
    citizen.get_by_role("link", name="Nộp trực tuyến").click()
    checked(citizen)
    citizen.get_by_role("button", name="Bắt đầu nộp hồ sơ").click()
    checked(citizen)
    citizen.get_by_role("button", name="Lưu và tiếp tục").click()  # the desk and the agency, preselected
    checked(citizen)
    citizen.get_by_role("button", name="Lưu và tiếp tục").click()  # the applicant, from the profile
    citizen.get_by_label("Trực tuyến (bản điện tử)").check()
    checked(citizen)
    citizen.get_by_role("button", name="Lưu và tiếp tục").click()
    citizen.wait_for_url("**/giay-to/1/")
    checked(citizen)
    choosers = citizen.get_by_label("Chọn tệp")
    choosers.nth(0).set_input_files(str(files["bien-ban.pdf"]))
    choosers.nth(1).set_input_files(str(files["danh-sach.pdf"]))
    citizen.get_by_role("button", name="Lưu và tiếp tục").click()
    checked(citizen)
    citizen.get_by_role("button", name="Nộp hồ sơ").click()
    citizen.wait_for_url("**/cong-dan/ho-so/*/")
    my_dossier = citizen.url
    dossier = Dossier.objects.get()
    assert dossier.state == State.SUBMITTED and dossier.reference
    # A reference to track it by, at once (issue 14 item 3).
    assert citizen.get_by_role("heading", level=1).inner_text() == f"Hồ sơ {dossier.reference}"
    checked(citizen)

    # -- The desk asks for a supplement at intake (Mẫu 02); the citizen sees what is missing and sends it online.
    lifecycle.request_intake_supplement(user("tiepnhan.hongvan"), dossier, items=[MISSING], reason="Thiếu giấy tờ")
    citizen.goto(my_dossier)
    expect(citizen.get_by_role("heading", name="Cần bổ sung hồ sơ trước khi được tiếp nhận")).to_be_visible()
    expect(citizen.get_by_text(MISSING, exact=True).first).to_be_visible()
    checked(citizen)
    citizen.get_by_label("Giấy tờ bổ sung").set_input_files(str(files["hop-thon.pdf"]))
    citizen.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
    citizen.get_by_text("Bộ phận Một cửa sẽ kiểm tra lại để tiếp nhận hồ sơ").wait_for()
    dossier.refresh_from_db()
    assert dossier.state == State.SUBMITTED
    checked(citizen)

    # -- The desk accepts it and hands it on; the citizen pays the fee the dossier page shows.
    desk = user("tiepnhan.hongvan")
    dossier = lifecycle.transfer(desk, lifecycle.accept(desk, dossier))
    citizen.goto(my_dossier)
    expect(citizen.get_by_text("Còn phải nộp")).to_be_visible()
    checked(citizen)
    citizen.get_by_role("link", name="Thanh toán 20.000 đồng").click()
    checked(citizen)
    citizen.get_by_role("button", name="Thanh toán trực tuyến").click()
    citizen.get_by_role("heading", name="Cổng thanh toán thử nghiệm").wait_for()
    citizen.get_by_role("button", name="Thanh toán", exact=True).click()
    citizen.get_by_text("Thanh toán thành công. Cảm ơn bạn.").wait_for()
    checked(citizen)
    payment = Payment.objects.get(dossier=dossier)
    assert (payment.method, payment.status, payment.amount_vnd) == ("gateway", "paid", FEE_VND)

    # -- Anybody with the reference and the applicant's phone number tracks it, without logging in.
    visitor = citizen.context.browser.new_context(locale="vi-VN", viewport=SCREENS[screen]).new_page()
    visitor.set_default_timeout(30_000)
    visitor.goto(site + "/")
    menu(visitor, None, "Tra cứu hồ sơ")
    checked(visitor)
    visitor.get_by_label("Mã hồ sơ hoặc mã tra cứu").fill(dossier.reference)
    visitor.get_by_label("Số điện thoại hoặc số CCCD của người nộp").fill("0912345678")
    visitor.get_by_role("button", name="Tra cứu").click()
    visitor.wait_for_load_state()
    assert dossier.code in visitor.locator("main").inner_text()
    checked(visitor)
    visitor.context.close()

    # -- The agency decides and returns the result electronically; the citizen downloads it, signed by the agency.
    # Signing runs pyHanko's own event loop, which cannot nest in Playwright's: the agency's part runs in a thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(decided_and_returned, dossier).result()
    citizen.goto(my_dossier)
    link = citizen.get_by_role("link", name="Tải kết quả có chữ ký số: quyet-dinh.pdf")
    checked(citizen)
    response = citizen.context.request.get(site + link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    status = validated(response.body(), trust_root(tmp_path / "agency.p12"))
    assert status.bottom_line and status.signing_cert.subject.native["common_name"] == UBND

    # -- And rates the service.
    citizen.get_by_role("link", name="Đánh giá việc giải quyết hồ sơ").click()
    citizen.get_by_role("button", name="Gửi đánh giá").wait_for()
    checked(citizen)
    for group in citizen.locator("main").get_by_role("group").all():
        group.get_by_label("Hài lòng", exact=True).check()
    citizen.get_by_role("button", name="Gửi đánh giá").click()
    citizen.get_by_text("Cảm ơn anh/chị đã đánh giá.").wait_for()
    checked(citizen)
    rating = DossierRating.objects.get(dossier=dossier)
    assert rating.overall == 4 and rating.channel == "web"
    # Filed online: Art. 33 b)/c) are the citizen's numbers, left at the history's prefill.
    assert rating.contacts_count_source == "citizen" and rating.contacts_count is not None
    citizen.context.close()
