"""The citizen's whole journey of issue 6 in Debian's chromium, the citizen on a 360 px phone: find a procedure,
submit it online with documents, pay through the sandbox gateway, follow it, send the supplement the specialist
asked for, download the result signed by the agency, and rate the service — while the desk, the leader and the
specialist act on their own pages and see each step."""

import io
from concurrent.futures import ThreadPoolExecutor

import pytest
import weasyprint
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from journeys import FEE_VND, UBND, fits_the_screen
from motcua.accounts.models import User
from motcua.demo.seed import DEMO_PASSWORD
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier, DossierDocument, State
from motcua.dossiers.uploads import Upload
from motcua.feedback.models import DossierRating
from motcua.payments.models import Payment

PHONE = {"width": 360, "height": 780}
USERNAME_LABEL = "Tên đăng nhập, thư điện tử hoặc số điện thoại"


@pytest.fixture
def site(paying_site):
    return paying_site


def login(browser, site: str, username: str, home: str, viewport=None):
    context = browser.new_context(locale="vi-VN", viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)  # a shared, busy machine: generous waits, never a sleep
    page.goto(site + "/tai-khoan/dang-nhap/")
    page.get_by_label(USERNAME_LABEL).fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(site + home)
    return page


def act(page, button: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_text(f"Đã thực hiện: {button}.")).to_be_visible()


def pdf(text: str) -> bytes:
    return weasyprint.HTML(string=f"<p>{text}</p>").write_pdf()


def trust_root(path) -> asn1_x509.Certificate:
    _key, certificate, _chain = pkcs12.load_key_and_certificates(path.read_bytes(), None)
    return asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))


def validated(content: bytes, root):
    """pyHanko's validator runs its own event loop, which cannot nest in Playwright's: it runs in a thread."""
    signature = PdfFileReader(io.BytesIO(content)).embedded_signatures[0]
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(validate_pdf_signature, signature, ValidationContext(trust_roots=[root])).result()


def accessible(page, axe_violations) -> bool:
    """Fits a 360 px screen and has no serious or critical axe-core violation."""
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in axe_violations(page)]
    assert violations == [], page.url
    return fits_the_screen(page)


def test_find_submit_pay_follow_supplement_download_and_rate(browser, site, tmp_path, axe_violations):
    files = {}
    for name, text in [("bien-ban.pdf", "Biên bản bầu"), ("danh-sach.pdf", "Danh sách"), ("hop-thon.pdf", "Họp")]:
        files[name] = tmp_path / name
        files[name].write_bytes(pdf(text))

    # -- The citizen finds the procedure and submits it online with its documents.
    citizen = login(browser, site, "congdan", "/cong-dan/", viewport=PHONE)
    citizen.goto(site + "/cong-dan/thu-tuc/")
    citizen.get_by_label("Tìm thủ tục").fill("hoa giai vien")
    citizen.get_by_role("button", name="Tìm", exact=True).click()
    citizen.get_by_role("link", name="Thủ tục công nhận hòa giải viên (cấp xã)").click()
    citizen.get_by_role("link", name="Nộp trực tuyến").click()
    citizen.get_by_role("button", name="Bắt đầu nộp hồ sơ").click()
    citizen.get_by_role("button", name="Lưu và tiếp tục").click()  # the desk and the agency, preselected
    citizen.get_by_role("button", name="Lưu và tiếp tục").click()  # the applicant, from the profile
    citizen.get_by_label("Trực tuyến (bản điện tử)").check()
    citizen.get_by_role("button", name="Lưu và tiếp tục").click()
    citizen.wait_for_url("**/giay-to/1/")
    choosers = citizen.get_by_label("Chọn tệp")
    choosers.nth(0).set_input_files(str(files["bien-ban.pdf"]))
    choosers.nth(1).set_input_files(str(files["danh-sach.pdf"]))
    citizen.get_by_role("button", name="Lưu và tiếp tục").click()
    citizen.get_by_role("button", name="Nộp hồ sơ").click()
    citizen.wait_for_url("**/cong-dan/ho-so/*/")
    my_dossier = citizen.url
    dossier = Dossier.objects.get()
    assert dossier.state == State.SUBMITTED and dossier.applicant_user.username == "congdan"
    assert fits_the_screen(citizen)

    # -- The desk sees it waiting with its 8-working-hour clock, accepts it and hands it on.
    desk = login(browser, site, "tiepnhan.hongvan", "/can-bo/")
    desk.goto(site + "/can-bo/ho-so/?hang-doi=intake")
    due = timezone.localtime(dossier.intake_due_at).strftime("%H:%M %d/%m/%Y")
    expect(desk.get_by_role("cell", name=due, exact=True)).to_be_visible()
    desk.goto(f"{site}/can-bo/ho-so/{dossier.pk}/")
    expect(desk.get_by_role("link", name="bien-ban.pdf")).to_be_visible()
    act(desk, "Tiếp nhận hồ sơ")
    act(desk, "Chuyển cơ quan giải quyết")
    dossier.refresh_from_db()
    assert dossier.code and dossier.fees.get().amount_vnd == FEE_VND

    # -- The citizen follows it (receipt issued) and pays the fee through the sandbox gateway.
    citizen.goto(my_dossier)
    expect(citizen.get_by_text("Hồ sơ đã được tiếp nhận; thời hạn giải quyết bắt đầu tính")).to_be_visible()
    expect(citizen.get_by_role("link", name="Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF)")).to_be_visible()
    citizen.get_by_role("link", name="Thanh toán 20.000 đồng").click()
    citizen.get_by_role("button", name="Thanh toán trực tuyến").click()
    citizen.get_by_role("heading", name="Cổng thanh toán thử nghiệm").wait_for()
    citizen.get_by_role("button", name="Thanh toán", exact=True).click()
    citizen.get_by_text("Thanh toán thành công. Cảm ơn bạn.").wait_for()
    payment = Payment.objects.get(dossier=dossier)
    assert (payment.method, payment.status, payment.amount_vnd) == ("gateway", "paid", FEE_VND)

    # -- The leader assigns it; the specialist asks for a supplement (Mẫu 02).
    leader = login(browser, site, "lanhdao.hongvan", "/can-bo/")
    leader.goto(f"{site}/can-bo/ho-so/{dossier.pk}/")
    leader.get_by_label("Chuyên viên xử lý").select_option(label="Trần Văn Minh")
    act(leader, "Phân công xử lý")
    specialist = login(browser, site, "chuyenvien.hongvan", "/can-bo/")
    specialist.goto(f"{site}/can-bo/ho-so/{dossier.pk}/")
    asking = specialist.get_by_role("region", name="Yêu cầu bổ sung hồ sơ (Mẫu 02)")
    asking.get_by_label("Nội dung cần bổ sung, hoàn thiện (mỗi dòng một nội dung)").fill("Biên bản họp thôn")
    act(specialist, "Yêu cầu bổ sung hồ sơ (Mẫu 02)")

    # -- The citizen sees the request and sends the supplement online.
    citizen.goto(my_dossier)
    expect(citizen.get_by_role("region", name="Cần bổ sung hồ sơ").get_by_text("Biên bản họp thôn")).to_be_visible()
    assert accessible(citizen, axe_violations)
    citizen.get_by_label("Giấy tờ bổ sung").set_input_files(str(files["hop-thon.pdf"]))
    citizen.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
    citizen.get_by_text("Đã gửi hồ sơ bổ sung.").wait_for()
    assert accessible(citizen, axe_violations)

    # -- The desk sees the file and confirms the supplement; the clock restarts.
    desk.goto(f"{site}/can-bo/ho-so/{dossier.pk}/")
    expect(desk.get_by_role("link", name="hop-thon.pdf")).to_be_visible()
    act(desk, "Nhận hồ sơ bổ sung")

    # -- The specialist attaches the result (no desk page for it yet: the lifecycle call the REST API also makes),
    # submits it for signature; the leader signs; the desk receives and returns it electronically.
    lifecycle.add_documents(
        User.objects.get(username="chuyenvien.hongvan"),
        dossier,
        documents=[Upload(SimpleUploadedFile("quyet-dinh.pdf", pdf("Quyết định công nhận hòa giải viên")))],
        stage=DossierDocument.Stage.RESULT,
    )
    specialist.reload()
    act(specialist, "Trình ký")
    leader.reload()
    leader.get_by_label("Tôi đã xem các tệp kết quả và dự thảo ở trên; ký, ban hành kết quả.").check()
    act(leader, "Ký, ban hành kết quả")
    desk.reload()
    act(desk, "Nhận kết quả, chờ trả")
    act(desk, "Trả kết quả")
    dossier.refresh_from_db()
    assert dossier.state == State.RETURNED and dossier.return_method == "electronic"

    # -- The citizen downloads the result: signed by the agency, intact, trusted against the agency's certificate.
    citizen.goto(my_dossier)
    link = citizen.get_by_role("link", name="Tải kết quả có chữ ký số: quyet-dinh.pdf")
    assert accessible(citizen, axe_violations)
    response = citizen.context.request.get(site + link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    status = validated(response.body(), trust_root(tmp_path / "agency.p12"))
    assert status.bottom_line and status.signing_cert.subject.native["common_name"] == UBND

    # -- And rates the service.
    citizen.get_by_role("link", name="Đánh giá việc giải quyết hồ sơ").click()
    # The groups are listed at once: wait for the rating page itself, not the page the click left.
    citizen.get_by_role("button", name="Gửi đánh giá").wait_for()
    for group in citizen.locator("main").get_by_role("group").all():
        group.get_by_label("Hài lòng", exact=True).check()
    citizen.get_by_role("button", name="Gửi đánh giá").click()
    citizen.get_by_text("Cảm ơn anh/chị đã đánh giá.").wait_for()
    rating = DossierRating.objects.get(dossier=dossier)
    assert rating.overall == 4 and rating.channel == "web"
    assert fits_the_screen(citizen)

    for page in (citizen, desk, leader, specialist):
        page.context.close()
