"""The official forms of Circular 03/2025/TT-VPCP Annex I, produced for dossiers taken through the lifecycle and
read back from the real PDF (pdftotext) and DOCX (python-docx) files."""

import datetime
import io
import re
import subprocess

import pytest
import segno
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from PIL import Image

from dossier_helpers import CENTRE, UBND, at, intake, processing, user
from motcua.accounts.models import Role, RoleAssignment, User
from motcua.catalog.models import AgencyOffering
from motcua.documents.dossier_forms import (
    FORMS,
    FormNotAvailable,
    filename,
    form_event,
    render_form,
    render_tracking_book,
    tracking_book_filename,
    tracking_url,
)
from motcua.documents.dossier_forms.control_slip import timeliness
from motcua.documents.dossier_forms.formats import dateline
from motcua.documents.dossier_forms.tracking_book import book_context, book_size
from motcua.dossiers import lifecycle
from motcua.dossiers.models import DossierEvent, ReturnMethod
from motcua.orgs.models import Agency

pytestmark = pytest.mark.django_db
SITE = "https://motcua.example.vn"
RECEIPT_APPLICANT = lifecycle.Applicant(
    kind="person",
    name="Trần Thị Bình",
    id_number="001190012345",
    phone="0987654321",
    email="binh@example.com",
    address="Thôn Văn Giáp, xã Hồng Vân",
    submitter_name="Trần Văn Cường",
)


def squash(text: str) -> str:
    """Without any whitespace: table cells wrap long values (codes, names) wherever they like."""
    return "".join(text.split())


def assert_contains(text: str, *expected: str) -> None:
    flat = squash(text)
    missing = [item for item in expected if squash(item) not in flat]
    assert not missing, f"missing {missing} in:\n{text}"


def pdf_text(data: bytes, tmp_path, name: str = "form.pdf") -> str:
    assert data.startswith(b"%PDF-")
    path = tmp_path / name
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True).stdout


def _blocks(container):
    for block in container.iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                for cell in row.cells:
                    yield from _blocks(cell)
        else:
            yield block.text


def docx_text(data: bytes) -> str:
    return "\n".join(_blocks(Document(io.BytesIO(data))))


def docx_table(data: bytes, first_header: str) -> list[list[str]]:
    """The rows (cell texts) of the table whose first header cell reads `first_header`."""
    for table in Document(io.BytesIO(data)).tables:
        if table.rows and table.rows[0].cells[0].text.strip() == first_header:
            return [[cell.text for cell in row.cells] for row in table.rows]
    raise AssertionError(f"no table headed {first_header!r}")


def both(tmp_path, form: str, dossier, **options) -> tuple[str, str]:
    pdf = render_form(form, dossier, fmt="pdf", **options)
    docx = render_form(form, dossier, fmt="docx", **options)
    return pdf_text(pdf, tmp_path, f"mau-{form}.pdf"), docx_text(docx)


def moment(instant: datetime.datetime) -> str:
    local = instant.astimezone(at(2026, 1, 1).tzinfo)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


def qr_payload_matches(png: bytes, url: str) -> bool:
    """Read the QR symbol's modules off the picture and compare them with the symbol of `url`."""
    image = Image.open(io.BytesIO(png)).convert("L")
    left, top, right, _bottom = Image.eval(image, lambda value: 255 - value).getbbox()  # the dark modules' box
    expected = segno.make(url, error="m").matrix
    size = len(expected)
    module = (right - left) / size
    for row in range(size):
        for column in range(size):
            x, y = int(left + (column + 0.5) * module), int(top + (row + 0.5) * module)
            if (image.getpixel((x, y)) < 128) != bool(expected[row][column]):
                return False
    return True


@pytest.fixture
def desk(demo):
    return user("tiepnhan.hongvan")


def full_path(received: datetime.datetime):
    """Accepted 02/03 (due 09/03 09:00), transferred the same day, appraised the day before its step was due,
    signed three days after its step was due, returned on the due day before the due time."""
    desk, leader, specialist = user("tiepnhan.hongvan"), user("lanhdao.hongvan"), user("chuyenvien.hongvan")
    dossier = processing(received)  # accepted at `received`, transferred +1 h, assigned +2 h
    dossier = lifecycle.submit_for_signature(specialist, dossier, at=at(2026, 3, 5, 16))
    dossier = lifecycle.sign(leader, dossier, at=at(2026, 3, 9, 8))
    dossier = lifecycle.mark_ready(desk, dossier, at=at(2026, 3, 9, 8, 20))
    return lifecycle.return_result(desk, dossier, at=at(2026, 3, 9, 8, 40))


# -- Mẫu 01 ---------------------------------------------------------------------------------------------------------


def test_receipt_has_the_applicant_the_documents_the_dates_the_fees_and_the_tracking_qr(desk, tmp_path):
    received = at(2026, 3, 2, 9, 15)
    dossier = lifecycle.accept(
        desk,
        intake(
            "1.014063",
            applicant=RECEIPT_APPLICANT,
            request_summary="Xin cấp bản sao trích lục cho con",
            copies=2,
            return_method=ReturnMethod.POST,
        ),
        at=received,
    )
    url = f"{SITE}/cong-dan/tra-cuu/?ma={dossier.code}"
    assert tracking_url(dossier.code, SITE) == url
    documents = [doc.name for doc in dossier.version.documents.filter(required=True)]
    assert documents
    pdf, docx = both(tmp_path, "01", dossier, site_url=SITE)
    for text in (pdf, docx):
        # TT 03/2025/TT-VPCP Phụ lục I Mẫu 01 (layout of the TT 01/2018 form it replaces, docs/forms.md): the number
        # written by hand, the desk that received, phone and e-mail on one line, the notes on the two copies and on
        # where the result can be received (Decree 118/2025 Art. 15).
        assert_contains(
            text,
            "Số: ……/……",
            f"Bộ phận Một cửa: {CENTRE}",
            "Số điện thoại: 0987654321 Email: binh@example.com",
            "(Ký và ghi rõ họ tên)",
            "Ghi chú:",
            "- Giấy tiếp nhận được lập thành 02 liên",
            "- Tổ chức, cá nhân có thể đăng ký nhận kết quả trực tiếp tại Bộ phận Một cửa, qua dịch vụ bưu chính "
            "công ích hoặc trực tuyến trên Cổng Dịch vụ công quốc gia.",
        )
        assert "Thư điện tử" not in text
        assert any("Số điện thoại:" in line and "Email:" in line for line in text.splitlines())  # on one line
        assert_contains(
            text,
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "ỦY BAN NHÂN DÂN XÃ HỒNG VÂN",  # the centre's governing body above it
            "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ HỒNG VÂN",
            "Hồng Vân, ngày 02 tháng 3 năm 2026",
            "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            f"Mã hồ sơ: {dossier.code}",
            "Tiếp nhận hồ sơ của: Trần Thị Bình",
            "Người nộp thay: Trần Văn Cường",
            "Địa chỉ: Thôn Văn Giáp, xã Hồng Vân",
            "Số điện thoại: 0987654321",
            "binh@example.com",
            f"{dossier.version.name} (1.014063)",
            "Nội dung yêu cầu giải quyết: Xin cấp bản sao trích lục cho con",
            *documents,
            "2. Số lượng hồ sơ: 2 bộ",
            "3. Thời gian giải quyết hồ sơ theo quy định là: 7 ngày làm việc",
            "4. Thời gian nhận hồ sơ: 09 giờ 15 phút, ngày 02/03/2026",
            f"5. Thời gian trả kết quả giải quyết hồ sơ: {moment(dossier.due_at)}",
            "6. Đăng ký nhận kết quả tại: Qua dịch vụ bưu chính",
            "Lệ phí",
            "50.000 đồng",
            url,
            "NGƯỜI NỘP HỒ SƠ",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
            "Nguyễn Thị Lan",
        )
    assert dossier.due_at > received
    # The DOCX carries the QR code as a picture: it is the symbol of the tracking address.
    package = Document(io.BytesIO(render_form("01", dossier, fmt="docx", site_url=SITE))).part.package
    pictures = [part.blob for part in package.parts if part.content_type == "image/png"]
    assert len(pictures) == 1
    assert qr_payload_matches(pictures[0], url)
    assert not qr_payload_matches(pictures[0], f"{SITE}/cong-dan/tra-cuu/?ma=000.00.87.H26-260302-9999")


def test_receipt_pdf_embeds_the_times_metric_serif(desk, tmp_path):
    dossier = lifecycle.accept(desk, intake(), at=at(2026, 3, 2, 9))
    path = tmp_path / "mau-01.pdf"
    path.write_bytes(render_form("01", dossier, site_url=SITE))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    serif = [line for line in fonts.splitlines() if re.search(r"\+Liberation-?Serif", line)]
    assert serif, fonts
    assert all(line.split()[-5] == "yes" for line in serif), fonts


def test_the_tracking_address_is_the_configured_site_unless_the_caller_gives_one(desk, settings):
    dossier = lifecycle.accept(desk, intake(), at=at(2026, 3, 2, 9))
    settings.SITE_URL = "https://dichvucong.hongvan.example/"
    text = docx_text(render_form("01", dossier, fmt="docx"))
    assert f"https://dichvucong.hongvan.example/cong-dan/tra-cuu/?ma={dossier.code}" in text
    text = docx_text(render_form("01", dossier, fmt="docx", site_url="http://10.0.0.5:8000"))
    assert f"http://10.0.0.5:8000/cong-dan/tra-cuu/?ma={dossier.code}" in text


# -- Mẫu 02 ---------------------------------------------------------------------------------------------------------


def test_supplement_request_at_intake_lists_every_item_and_has_no_code_yet(desk, tmp_path):
    dossier = lifecycle.request_intake_supplement(
        desk,
        intake(),
        items=["Biên bản kiểm phiếu có chữ ký của tổ trưởng", "Danh sách người được đề nghị công nhận"],
        reason="Hồ sơ chưa đủ thành phần theo quy định",
        at=at(2026, 3, 3, 8, 30),
    )
    assert dossier.code is None
    pdf, docx = both(tmp_path, "02", dossier)
    for text in (pdf, docx):
        assert_contains(
            text,
            "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            "Hồng Vân, ngày 03 tháng 3 năm 2026",
            "Hồ sơ của: Nguyễn Văn An",
            dossier.version.name,
            # TT 03/2025/TT-VPCP Phụ lục I Mẫu 02 (the TT 01/2018 wording, docs/forms.md)
            "Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:",
            "1. Biên bản kiểm phiếu có chữ ký của tổ trưởng",
            "2. Danh sách người được đề nghị công nhận",
            "Lý do: Hồ sơ chưa đủ thành phần theo quy định",
            "Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ "
            f"Nguyễn Thị Lan – {CENTRE} để được hướng dẫn./.",
            "NGƯỜI HƯỚNG DẪN",
            "(Ký và ghi rõ họ tên)",
        )
        assert "Mã hồ sơ" not in text
        assert "Hạn nộp hồ sơ bổ sung" not in text


def test_supplement_request_after_appraisal_gives_the_deadline_to_supplement(demo, tmp_path):
    dossier = processing(at(2026, 3, 2, 9))
    dossier = lifecycle.request_supplement(
        user("chuyenvien.hongvan"),
        dossier,
        items=["Bản chính biên bản họp thôn"],
        reason="Bản sao nộp kèm không rõ chữ ký",
        at=at(2026, 3, 3, 10),
    )
    pdf, docx = both(tmp_path, "02", dossier)
    for text in (pdf, docx):
        assert_contains(
            text,
            f"Mã hồ sơ: {dossier.code}",
            "Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:",
            "1. Bản chính biên bản họp thôn",
            "Lý do: Bản sao nộp kèm không rõ chữ ký",
            f"Hạn nộp hồ sơ bổ sung: đến {moment(dossier.supplement_due_at)}",
            "Trần Văn Minh",
            "CÁN BỘ GIẢI QUYẾT HỒ SƠ",
            "khoản 5 Điều 19 Nghị định 118/2025/NĐ-CP",
        )
        assert "đề nghị Ông/Bà bổ sung" not in text  # the 2025 wording replaced our own introduction
    assert dossier.supplement_due_at.date() == datetime.date(2026, 3, 18)


# -- Mẫu 03 ---------------------------------------------------------------------------------------------------------


def test_refusal_at_intake_prints_the_reason_even_with_markup_and_control_characters(desk, tmp_path):
    reason = "Không thuộc thẩm quyền <cấp xã> & phải nộp tại Sở Tư pháp\x0b"
    dossier = lifecycle.refuse_intake(desk, intake(), reason=reason, at=at(2026, 3, 4, 15))
    pdf, docx = both(tmp_path, "03", dossier)
    for text in (pdf, docx):
        assert_contains(
            text,
            "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
            "Hồng Vân, ngày 04 tháng 3 năm 2026",
            "Tiếp nhận hồ sơ của: Nguyễn Văn An",
            f"Qua xem xét, {CENTRE} thông báo không tiếp nhận, giải quyết hồ sơ này",
            "Không thuộc thẩm quyền <cấp xã> & phải nộp tại Sở Tư pháp",
            # TT 03/2025/TT-VPCP Phụ lục I Mẫu 03 (the TT 01/2018 closing, ended by "./." as Decree 30/2020 asks)
            "Xin thông báo cho Ông/Bà được biết và thực hiện./.",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
            "(Ký và ghi rõ họ tên)",
            "Nguyễn Thị Lan",
        )


def test_refusal_after_appraisal_is_signed_by_the_head_of_the_agency(demo, tmp_path):
    dossier = processing(at(2026, 3, 2, 9))
    dossier = lifecycle.refuse(
        user("chuyenvien.hongvan"), dossier, reason="Người được đề nghị chưa đủ 18 tuổi", at=at(2026, 3, 5, 9)
    )
    pdf, docx = both(tmp_path, "03", dossier)
    for text in (pdf, docx):
        assert_contains(
            text,
            f"Mã hồ sơ: {dossier.code}",
            "Qua thẩm định, Ủy ban nhân dân xã Hồng Vân thông báo không giải quyết hồ sơ này",
            "Người được đề nghị chưa đủ 18 tuổi",
            "THỦ TRƯỞNG CƠ QUAN",
            "(Ký, ghi rõ họ tên và đóng dấu)",
        )
        assert "Trần Văn Minh" not in text  # a specialist does not sign for the head of the agency


# -- Mẫu 04 ---------------------------------------------------------------------------------------------------------


def test_apology_and_extension_gives_the_old_and_new_dates_and_the_reason(demo, tmp_path):
    dossier = processing(at(2026, 3, 2, 9))
    original_due = dossier.due_at
    dossier = lifecycle.request_extension(
        user("lanhdao.hongvan"),
        dossier,
        reason="Cần xác minh thêm tại thôn Văn Giáp",
        new_due_at=at(2026, 3, 12, 16),
        at=at(2026, 3, 5, 10),
    )
    pdf, docx = both(tmp_path, "04", dossier)
    for text in (pdf, docx):
        assert_contains(
            text,
            "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
            "ỦY BAN NHÂN DÂN XÃ HỒNG VÂN",
            "Hồng Vân, ngày 05 tháng 3 năm 2026",
            "Kính gửi: Nguyễn Văn An",
            "Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 02/03/2026",
            f"Mã hồ sơ: {dossier.code}",
            dossier.version.name,
            f"Thời gian hẹn trả kết quả giải quyết hồ sơ: {moment(original_due)}",
            # TT 03/2025/TT-VPCP Phụ lục I Mẫu 04, with what Decree 118/2025 Art. 19.6 asks the letter to state:
            # "lý do quá hạn" and "thời gian đề nghị gia hạn trả kết quả".
            "Số: ……/……",
            "Lý do quá hạn: Cần xác minh thêm tại thôn Văn Giáp",
            "xin lỗi Ông/Bà",
            "Thời gian đề nghị gia hạn trả kết quả: đến 16 giờ 00 phút, ngày 12/03/2026",
            "hợp tác của Ông/Bà./.",
            "THỦ TRƯỞNG CƠ QUAN",
            "Lê Văn Hùng",
            "Nơi nhận:",
        )
        # A People's Committee prints no governing body above its name.
        assert "THÀNH PHỐ HÀ NỘI" not in text
        assert "kết quả mới" not in text
    assert str(FORMS["04"]) == "Mẫu 04 – Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"  # the Annex's title


# -- Mẫu 05 ---------------------------------------------------------------------------------------------------------


def test_stop_notice_records_the_request_the_stage_the_decision_and_the_refund(demo, tmp_path):
    dossier = processing(at(2026, 3, 2, 9))
    dossier = lifecycle.stop(
        user("tiepnhan.hongvan"),
        dossier,
        reason="Người nộp rút hồ sơ để nộp lại sau",
        refund="Trả lại toàn bộ hồ sơ giấy đã nộp",
        at=at(2026, 3, 4, 14),
    )
    pdf, docx = both(tmp_path, "05", dossier)
    for text in (pdf, docx):
        assert_contains(
            text,
            "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
            "Hồng Vân, ngày 04 tháng 3 năm 2026",
            "Kính gửi: Nguyễn Văn An",
            f"Mã hồ sơ: {dossier.code}",
            "Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 02/03/2026",
            "Người nộp rút hồ sơ để nộp lại sau",
            "Giai đoạn giải quyết khi dừng: Đang giải quyết",
            f"{CENTRE} dừng giải quyết hồ sơ nêu trên kể từ 14 giờ 00 phút, ngày 04/03/2026.",
            "Trả lại toàn bộ hồ sơ giấy đã nộp",
        )


# -- Mẫu 06 ---------------------------------------------------------------------------------------------------------


def test_timeliness_before_on_and_after_the_due_day():
    due = at(2026, 3, 6, 10)
    assert timeliness(at(2026, 3, 5, 16), due) == "Trước hạn"
    assert timeliness(at(2026, 3, 6, 8), due) == "Đúng hạn"
    assert timeliness(due, due) == "Đúng hạn"
    assert timeliness(due + datetime.timedelta(minutes=1), due) == "Quá hạn"
    assert timeliness(None, due) == timeliness(due, None) == ""


def test_control_slip_shows_each_hand_over_and_whether_it_was_on_time(demo, tmp_path):
    dossier = full_path(at(2026, 3, 2, 9))
    pdf_bytes, docx_bytes = render_form("06", dossier), render_form("06", dossier, fmt="docx")
    rows = docx_table(docx_bytes, "TÊN CƠ QUAN")[1:]
    # Applicant → desk; desk → committee (transferred on the day it was due); appraisal (a day early); signature
    # (after its due instant); return to the applicant (on the dossier's due day, before the due time).
    assert [row[2].strip() for row in rows] == ["", "Đúng hạn", "Trước hạn", "Quá hạn", "Đúng hạn"]
    assert_contains(rows[1][0], f"Giao: {CENTRE}", f"Nhận: {UBND}")
    assert_contains(
        rows[1][1],
        "Giao: 10 giờ 00 phút, ngày 02/03/2026",
        "Người giao: Nguyễn Thị Lan",
        "Người nhận: Trần Văn Minh",
    )
    assert_contains(rows[2][1], "Giao: 16 giờ 00 phút, ngày 05/03/2026", "Người nhận: Lê Văn Hùng")
    assert_contains(rows[3][1], "Giao: 08 giờ 00 phút, ngày 09/03/2026", "Người giao: Lê Văn Hùng")
    assert_contains(rows[4][0], "Nhận: Người nộp hồ sơ")
    assert_contains(rows[4][1], "Nhận: 08 giờ 40 phút, ngày 09/03/2026", "Người nhận: Nguyễn Văn An")
    text = pdf_text(pdf_bytes, tmp_path)
    for either in (text, docx_text(docx_bytes)):
        assert_contains(
            either,
            # TT 03/2025/TT-VPCP Phụ lục I Mẫu 06 (the TT 01/2018 Mẫu 05 it renumbers): the receipt's number is
            # written by hand, the code is in the header, and the note on hand-overs by post.
            f"Mã hồ sơ: {dossier.code}",
            "(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả số: ……)",
            "Trường hợp hồ sơ được chuyển qua dịch vụ bưu chính thì thời gian giao, nhận hồ sơ và việc ký nhận thể "
            "hiện trong hóa đơn của cơ quan bưu chính.",
        )
        assert "mã hồ sơ: " + dossier.code not in either  # the code is not repeated in the attached line
    assert_contains(
        text,
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        "Hồ sơ của: Nguyễn Văn An",
        dossier.version.name,
        f"Cơ quan (bộ phận) giải quyết hồ sơ: {UBND}",
        "Giao: 10 giờ 00 phút, ngày 02/03/2026",
        "Người giao: Nguyễn Thị Lan",
    )
    # The column's header, on every page, wherever the narrow column wraps it.
    body = re.sub(r"\(Trước hạn/\s*đúng hạn/\s*quá\s+hạn\)", "", " ".join(text.split()))
    assert re.findall(r"Trước hạn|Đúng hạn|Quá hạn", body) == ["Đúng hạn", "Trước hạn", "Quá hạn", "Đúng hạn"]


def test_control_slip_adds_consultations_and_notes(demo, tmp_path):
    dossier = processing(at(2026, 3, 2, 9))
    police = Agency.objects.get(name="Công an xã Hồng Vân")
    dossier = lifecycle.request_consultation(
        user("chuyenvien.hongvan"),
        dossier,
        requests=[lifecycle.ConsultationRequest(police, "Xác minh nơi cư trú của người được đề nghị", 480)],
        at=at(2026, 3, 3, 9),
    )
    officer = User.objects.create(username="congan.hongvan", full_name="Phan Văn Quân")
    RoleAssignment.objects.create(user=officer, role=Role.SPECIALIST, agency=police)
    lifecycle.answer_consultation(
        officer, dossier.consultations.get(), answer="Có đăng ký thường trú tại thôn", at=at(2026, 3, 5, 9)
    )
    rows = docx_table(render_form("06", dossier, fmt="docx"), "TÊN CƠ QUAN")[1:]
    sent = next(row for row in rows if "Xác minh nơi cư trú" in row[3])
    answered = next(row for row in rows if squash("Giao: Công an xã Hồng Vân") in squash(row[0]))
    assert_contains(sent[0], f"Giao: {UBND}", "Nhận: Công an xã Hồng Vân")
    assert_contains(answered[1], "Giao: 09 giờ 00 phút, ngày 05/03/2026", "Người giao: Phan Văn Quân")
    assert answered[2].strip() == "Quá hạn"  # 8 working hours from 03/03 09:00, answered two days later
    assert_contains(docx_text(render_form("06", dossier, fmt="docx")), "Cơ quan phối hợp giải quyết hồ sơ: Công an")


# -- Mẫu 07 ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def thuong_tin(demo):
    """A second commune receiving 1.002211, so that the book can leave another agency's dossiers out."""
    centre = Agency.objects.get(name="Trung tâm Phục vụ hành chính công xã Thường Tín")
    committee = Agency.objects.get(name="Ủy ban nhân dân xã Thường Tín")
    procedure = intake().method.version.procedure
    AgencyOffering.objects.create(procedure=procedure, agency=centre, receives=True, channels=["direct"])
    AgencyOffering.objects.create(procedure=procedure, agency=committee, receives=False, resolves=True)
    officer = User.objects.create(username="tiepnhan.thuongtin", full_name="Lý Thị Hạnh")
    RoleAssignment.objects.create(user=officer, role=Role.RECEIVING_OFFICER, agency=centre)
    return officer, centre, committee


def _thuong_tin_intake(centre, committee):
    base = intake()
    return lifecycle.Intake(
        method=base.method, receiving_agency=centre, competent_agency=committee, applicant=base.applicant
    )


@pytest.fixture
def march(thuong_tin, desk):
    """Dossiers around March 2026 at Hồng Vân (and one at Thường Tín)."""
    officer, centre, committee = thuong_tin
    returned = full_path(at(2026, 3, 2, 9))
    in_progress = processing(at(2026, 3, 5, 14))
    last_minute = lifecycle.accept(desk, intake(applicant=RECEIPT_APPLICANT), at=at(2026, 3, 31, 23, 50))
    lifecycle.accept(desk, intake(), at=at(2026, 2, 27, 9))  # before the period
    lifecycle.accept(desk, intake(), at=at(2026, 4, 1, 0, 5))  # after it
    lifecycle.refuse_intake(desk, intake(), reason="Sai thẩm quyền", at=at(2026, 3, 10, 9))  # never received
    elsewhere = lifecycle.accept(officer, _thuong_tin_intake(centre, committee), at=at(2026, 3, 4, 9))
    return {"rows": [returned, in_progress, last_minute], "elsewhere": elsewhere, "committee": committee}


def test_tracking_book_lists_exactly_the_dossiers_of_the_period_and_agency(march, tmp_path):
    ubnd = Agency.objects.get(name=UBND)
    returned, in_progress, last_minute = march["rows"]
    first, last = datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)
    pdf = pdf_text(render_tracking_book(ubnd, first, last, "pdf"), tmp_path)
    docx_bytes = render_tracking_book(ubnd, first, last, "docx")
    rows = docx_table(docx_bytes, "TT")[1:]
    assert [row[1] for row in rows] == [returned.code, in_progress.code, last_minute.code]
    number, code, name, copies, applicant, contact, competent, *dates, signature, note = rows[0]
    assert (number, code, copies, applicant, competent) == ("1", returned.code, "1", "Nguyễn Văn An", UBND)
    assert name == returned.version.name
    assert contact == "Thôn Hồng Vân, 0912345678"
    assert dates == [
        "09 giờ 00 phút, ngày 02/03/2026",
        moment(returned.due_at),
        "10 giờ 00 phút, ngày 02/03/2026",  # transferred
        "08 giờ 20 phút, ngày 09/03/2026",  # result received at the desk
        "08 giờ 40 phút, ngày 09/03/2026",  # returned
    ]
    assert (signature, note) == ("", "")  # resolved on time, returned: nothing to note
    assert rows[1][9:12] == ["15 giờ 00 phút, ngày 05/03/2026", "", ""]
    assert rows[1][-1] == "Đang giải quyết"
    for text in (pdf, docx_text(docx_bytes)):
        assert_contains(
            text,
            "SỔ THEO DÕI HỒ SƠ",
            "Từ ngày 01/03/2026 đến ngày 31/03/2026",
            "ỦY BAN NHÂN DÂN XÃ HỒNG VÂN",
            returned.code,
            in_progress.code,
            last_minute.code,
            "Trần Thị Bình",
        )
        assert march["elsewhere"].code not in text
    other = docx_table(render_tracking_book(march["committee"], first, last, "docx"), "TT")[1:]
    assert [row[1] for row in other] == [march["elsewhere"].code]
    # The receiving centre keeps the same book for what it received.
    centre = Agency.objects.get(name=CENTRE)
    assert [r["code"] for r in book_context(centre, first, last)["rows"]] == [r[1] for r in rows]


def test_tracking_book_reads_its_rows_in_a_fixed_number_of_queries(march, desk):
    first, last = datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)
    ubnd = Agency.objects.get(name=UBND)
    with CaptureQueriesContext(connection) as few:
        before = book_context(ubnd, first, last)["rows"]
    for day in (11, 12, 13, 16):
        dossier = lifecycle.accept(desk, intake(), at=at(2026, 3, day, 9))
        lifecycle.transfer(desk, dossier, at=at(2026, 3, day, 10))
    ubnd = Agency.objects.get(name=UBND)
    with CaptureQueriesContext(connection) as many:
        after = book_context(ubnd, first, last)["rows"]
    assert len(after) == len(before) + 4
    assert len(many) == len(few) <= 4, [query["sql"] for query in many]
    assert after[3]["transferred_at"] == "10 giờ 00 phút, ngày 12/03/2026"


def test_a_long_tracking_book_is_printed_in_parts(march, monkeypatch, tmp_path):
    monkeypatch.setattr("motcua.documents.dossier_forms.tracking_book.MAX_ROWS", 2)
    ubnd = Agency.objects.get(name=UBND)
    returned, in_progress, last_minute = march["rows"]
    first, last = datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)
    one = pdf_text(render_tracking_book(ubnd, first, last, "pdf"), tmp_path)
    two = docx_text(render_tracking_book(ubnd, first, last, "docx", part=2))
    assert_contains(one, returned.code, in_progress.code, "Phần 1 của sổ: hồ sơ thứ 1 đến 2", "ở phần 2")
    assert last_minute.code not in one
    assert_contains(two, last_minute.code, "Phần 2 của sổ: hồ sơ thứ 3 đến 3")
    assert returned.code not in two
    assert "ở phần 3" not in two
    assert book_context(ubnd, first, last, max_rows=3)["notice"] == ""  # one part: nothing to say
    assert book_size(ubnd, first, last) == 3
    name = tracking_book_filename(ubnd, first, last, "pdf", part=2)
    assert name == f"so-theo-doi-{ubnd.pk}-20260301-20260331-phan-2.pdf"
    with pytest.raises(ValueError):
        render_tracking_book(ubnd, last, first, "pdf")


# -- which event, which form ----------------------------------------------------------------------------------------


def test_forms_come_from_the_event_that_produced_them(demo):
    dossier = processing(at(2026, 3, 2, 9))
    accepted = form_event(dossier, "01")
    assert filename("1", dossier, "docx") == f"mau-01-{dossier.code}.docx"
    assert (accepted.kind, accepted.form) == (DossierEvent.Kind.ACCEPTED, "01")
    with pytest.raises(FormNotAvailable) as missing:
        render_form("04", dossier)
    assert dossier.code in missing.value.message and "Mẫu 04" in missing.value.message
    with pytest.raises(ValueError):
        render_form("03", dossier, event=accepted)  # an acceptance does not produce a refusal
    with pytest.raises(ValueError):
        render_form("07", dossier)
    with pytest.raises(ValueError):
        render_form("08", dossier)
    with pytest.raises(ValueError):
        render_form("06", dossier, fmt="odt")
    refused = lifecycle.refuse_intake(user("tiepnhan.hongvan"), intake(), reason="Sai thẩm quyền")
    with pytest.raises(FormNotAvailable):
        render_form("06", refused)  # never received: no control slip


def test_dateline_follows_decree_30(demo):
    commune = Agency.objects.get(name=UBND)
    city = Agency.objects.get(name="Ủy ban nhân dân Thành phố Hà Nội")
    assert dateline(commune, datetime.date(2026, 1, 5)) == "Hồng Vân, ngày 05 tháng 01 năm 2026"
    assert dateline(commune, datetime.date(2026, 2, 28)) == "Hồng Vân, ngày 28 tháng 02 năm 2026"
    assert dateline(city, datetime.date(2026, 11, 20)) == "Hà Nội, ngày 20 tháng 11 năm 2026"
    # 23:30 UTC on 31 March is already 1 April in Vietnam.
    assert dateline(city, datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC)) == (
        "Hà Nội, ngày 01 tháng 4 năm 2026"
    )


def test_pdf_stylesheet_is_read_from_the_collected_copy_in_production(settings, tmp_path):
    """In production {% static %} names the hashed copy that collectstatic wrote; the finders do not know it."""
    from motcua.documents.pdf import StaticOnlyFetcher

    settings.STATIC_ROOT = tmp_path
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "forms.0123abcd.css").write_text("@page { size: A4 }")
    fetcher = StaticOnlyFetcher()
    assert b"@page" in fetcher.fetch("http://testserver/static/documents/forms.0123abcd.css").read()
    with pytest.raises(ValueError):
        fetcher.fetch("http://testserver/static/../secret.txt")
