"""Staff dossier pages through the real HTTP stack: intake at the desk, the work queues, the dossier page and its
actions by the three roles, conflicts, scope, bulk reassignment, files and forms."""

import datetime
import io
import re
import subprocess
from zoneinfo import ZoneInfo

import docx
import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.catalog.models import AgencyOffering, ProcedureMethod
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent, State
from motcua.orgs.models import Agency

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DESK, SPECIALIST, LEADER, INSPECTOR = "tiepnhan.hongvan", "chuyenvien.hongvan", "lanhdao.hongvan", "thanhtra.hanoi"
CONFLICT_TEXT = "vừa được người khác xử lý"


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=VN)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="module")
def scan_pdf() -> bytes:
    """A real one-page PDF, as a scanner would produce."""
    return weasyprint.HTML(string="<p>Biên bản kiểm phiếu bầu hòa giải viên</p>").write_pdf()


@pytest.fixture
def desk(demo):
    """1.002211 (công nhận hòa giải viên): received at the centre, resolved by the People's Committee, 5 working
    days, two required components."""
    method = ProcedureMethod.objects.select_related("version__procedure").get(
        version__procedure__code="1.002211", version__status="published", channel="direct"
    )
    return {
        "officer": User.objects.get(username=DESK),
        "specialist": User.objects.get(username=SPECIALIST),
        "leader": User.objects.get(username=LEADER),
        "centre": Agency.objects.get(name="Trung tâm Phục vụ hành chính công xã Hồng Vân"),
        "ubnd": Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân"),
        "method": method,
        "procedure": method.version.procedure,
        "requirements": list(method.version.documents.all()),
    }


def intake_url(desk) -> str:
    return reverse("desk:dossier_intake") + f"?thu-tuc={desk['procedure'].pk}"


def intake_form(desk, **overrides) -> dict:
    data = {
        "method": str(desk["method"].pk),
        "competent_agency": str(desk["ubnd"].pk),
        "applicant_kind": "person",
        "applicant_name": "Nguyễn Văn An",
        "applicant_id_number": "001090012345",
        "applicant_phone": "0912345678",
        "applicant_email": "an@example.com",
        "applicant_address": "Thôn Vân Tảo, xã Hồng Vân",
        "submitter_name": "Trần Thị Bình",
        "request_summary": "Công nhận hòa giải viên tổ hòa giải thôn Vân Tảo",
        "copies": "1",
        "return_method": "desk",
        "decision": "accept",
    }
    for requirement in desk["requirements"]:
        data[f"doc_{requirement.pk}_present"] = "on"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def accepted(desk, received_at, name="Nguyễn Văn An") -> Dossier:
    intake = lifecycle.Intake(
        method=desk["method"],
        receiving_agency=desk["centre"],
        competent_agency=desk["ubnd"],
        applicant=lifecycle.Applicant(kind="person", name=name, id_number="001090012345"),
    )
    return lifecycle.accept(desk["officer"], intake, at=received_at)


def processing(desk, received_at, specialist=None) -> Dossier:
    """Accepted, transferred and assigned: at the specialist."""
    dossier = accepted(desk, received_at)
    lifecycle.transfer(desk["officer"], dossier, at=received_at + datetime.timedelta(minutes=30))
    return lifecycle.assign(
        desk["leader"],
        dossier,
        specialist=specialist or desk["specialist"],
        at=received_at + datetime.timedelta(hours=1),
    )


def act(client, dossier: Dossier, action: str, **fields):
    """Post an action's form as the page shows it: with the revision the page was rendered with."""
    dossier.refresh_from_db()
    data = {f"{action}-revision": str(dossier.revision)}
    data.update({f"{action}-{name}": value for name, value in fields.items()})
    return client.post(reverse("desk:dossier_action", args=[dossier.pk, action]), data)


def action_names(page: str) -> set[str]:
    return set(re.findall(r'id="thao-tac-([a-z_]+)"', page))


def error_next_to(page: str, name: str, message: str) -> bool:
    """The message is in the error list right after the field named `name` (a textarea)."""
    pattern = rf'name="{re.escape(name)}".*?</textarea>\s*<ul class="errorlist"[^>]*><li>{re.escape(message)}</li>'
    return re.search(pattern, page, re.S) is not None


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


# -- intake ----------------------------------------------------------------------------------------------------


def test_intake_lists_the_procedures_the_desk_receives_and_searches_without_diacritics(login_as, desk):
    client = login_as(DESK)
    page = client.get(reverse("desk:dossier_intake"), {"q": "cong nhan hoa giai vien"}).text
    assert "1.002211" in page and "Thủ tục công nhận hòa giải viên" in page
    assert "1.004837" not in page
    assert "1.002211" in client.get(reverse("desk:dossier_intake"), {"q": "1.002211"}).text
    form = client.get(intake_url(desk)).text
    # The checklist: every component of the version in force, with its own file input and scan box.
    for requirement in desk["requirements"]:
        assert f'name="doc_{requirement.pk}_file"' in form and f'name="doc_{requirement.pk}_scan"' in form
    assert "Bản quét từ giấy" in form and "Bắt buộc" in form
    # The only competent agency is the choice; online is not offered at the desk.
    assert f'<option value="{desk["ubnd"].pk}">Ủy ban nhân dân xã Hồng Vân</option>' in form
    assert "Chọn cơ quan giải quyết" not in form
    assert "Trực tiếp – 5 ngày làm việc" in form and "Trực tuyến –" not in form


def test_only_receiving_officers_take_in_dossiers(login_as, desk):
    assert login_as(SPECIALIST).get(reverse("desk:dossier_intake")).status_code == 403
    home = login_as(SPECIALIST).get(reverse("desk:home")).text
    assert reverse("desk:dossiers") in home and reverse("desk:dossier_intake") not in home
    assert reverse("desk:dossier_intake") in login_as(DESK).get(reverse("desk:home")).text


def test_desk_accepts_a_dossier_with_a_scanned_pdf_and_prints_the_receipt(login_as, desk, scan_pdf, tmp_path):
    client = login_as(DESK)
    first = desk["requirements"][0]
    upload = SimpleUploadedFile("bien ban kiem phieu.pdf", scan_pdf, content_type="application/pdf")
    response = client.post(
        intake_url(desk), intake_form(desk, **{f"doc_{first.pk}_file": upload, f"doc_{first.pk}_scan": "on"})
    )
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response.url == reverse("desk:dossier", args=[dossier.pk])
    assert dossier.state == State.RECEIVED and dossier.code.startswith("000.00.87.H26-")
    assert (dossier.applicant_name, dossier.submitter_name, dossier.received_by) == (
        "Nguyễn Văn An",
        "Trần Thị Bình",
        desk["officer"],
    )
    document = DossierDocument.objects.get()
    assert (document.requirement, document.is_scan, document.name) == (first, True, "bien_ban_kiem_phieu.pdf")

    page = client.get(response.url).text
    assert f"Đã tiếp nhận hồ sơ {dossier.code}." in page
    receipt = reverse("desk:dossier_form", args=[dossier.pk, "01", "pdf"])
    assert "In Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in page and receipt in page
    assert "Mẫu 06 – Phiếu kiểm soát quá trình giải quyết hồ sơ" in page

    pdf = client.get(receipt)
    assert pdf["Content-Type"] == "application/pdf" and pdf["Content-Disposition"].startswith("attachment")
    text = pdf_text(pdf.content, tmp_path)
    assert dossier.code in text and "Nguyễn Văn An" in text
    word = client.get(reverse("desk:dossier_form", args=[dossier.pk, "01", "docx"]))
    assert dossier.code in docx_text(word.content)

    # The file comes back only through the scoped view, as an attachment, byte for byte.
    download = client.get(reverse("desk:dossier_document", args=[dossier.pk, document.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == scan_pdf


def test_a_fake_file_and_a_bad_cccd_keep_everything_else_typed(login_as, desk):
    client = login_as(DESK)
    first, second = desk["requirements"]
    fake = SimpleUploadedFile("danh-sach.pdf", b"Day khong phai la PDF, chi la chu.", content_type="application/pdf")
    response = client.post(
        intake_url(desk),
        intake_form(
            desk,
            applicant_id_number="123456789012",
            supplement_items="Ghi chú thử",
            **{f"doc_{second.pk}_file": fake, f"doc_{second.pk}_scan": "on", f"doc_{first.pk}_present": None},
        ),
    )
    assert response.status_code == 422
    page = response.text
    assert "Tệp «danh-sach.pdf» không đúng định dạng cho phép (PDF, JPG, PNG, TIFF, DOCX, XLSX)." in page
    assert "không phải mã tỉnh, thành phố" in page
    # Nothing typed is lost, and the page says which file must be chosen again.
    for value in ("Nguyễn Văn An", "0912345678", "an@example.com", "Thôn Vân Tảo, xã Hồng Vân", "Trần Thị Bình"):
        assert f'value="{value}"' in page
    assert 'value="123456789012"' in page
    assert "Công nhận hòa giải viên tổ hòa giải thôn Vân Tảo</textarea>" in page
    assert "Ghi chú thử</textarea>" in page
    assert f'name="doc_{second.pk}_present" id="id_doc_{second.pk}_present" checked' in page
    assert f'name="doc_{second.pk}_scan" id="id_doc_{second.pk}_scan" checked' in page
    assert f'name="doc_{first.pk}_present" id="id_doc_{first.pk}_present">' in page
    assert "Đã chọn «danh-sach.pdf»: hãy chọn lại tệp này." in page
    assert not Dossier.objects.exists() and not DossierDocument.objects.exists()


def test_a_supplement_request_lists_the_unticked_components_and_the_extra_lines(login_as, desk):
    client = login_as(DESK)
    first, second = desk["requirements"]
    response = client.post(
        intake_url(desk),
        intake_form(
            desk,
            decision="supplement",
            supplement_items="Bản sao CCCD của hòa giải viên\n\n",
            supplement_reason="Thiếu danh sách",
            **{f"doc_{second.pk}_present": None},
        ),
    )
    dossier = Dossier.objects.get()
    assert response.url == reverse("desk:dossier", args=[dossier.pk])
    assert dossier.state == State.INTAKE_SUPPLEMENT and dossier.code is None
    event = dossier.events.get()
    assert event.form == "02"
    assert event.details["items"] == [second.name, "Bản sao CCCD của hòa giải viên"]
    assert event.details["reason"] == "Thiếu danh sách"
    page = client.get(response.url).text
    assert "In Mẫu 02 – Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ" in page
    assert first.name not in event.details["items"]


def test_a_refusal_needs_a_reason_and_prints_form_03(login_as, desk):
    client = login_as(DESK)
    without = client.post(intake_url(desk), intake_form(desk, decision="refuse"))
    assert without.status_code == 422
    assert error_next_to(without.text, "refusal_reason", "Hãy ghi rõ lý do.")
    assert not Dossier.objects.exists()
    client.post(intake_url(desk), intake_form(desk, decision="refuse", refusal_reason="Không thuộc thẩm quyền"))
    dossier = Dossier.objects.get()
    assert dossier.state == State.INTAKE_REFUSED
    assert dossier.events.get().details == {"reason": "Không thuộc thẩm quyền"}
    page = client.get(reverse("desk:dossier", args=[dossier.pk])).text
    assert "In Mẫu 03 – Phiếu từ chối tiếp nhận giải quyết hồ sơ" in page


# -- the dossier page and its actions ---------------------------------------------------------------------------


def test_from_intake_to_return_through_the_pages_by_the_three_roles(login_as, desk):
    client = login_as(DESK)
    client.post(intake_url(desk), intake_form(desk))
    dossier = Dossier.objects.get()
    url = reverse("desk:dossier", args=[dossier.pk])
    assert action_names(client.get(url).text) == {"transfer", "stop", "add_documents"}
    assert act(client, dossier, "transfer").status_code == 302

    client = login_as(LEADER)
    page = client.get(url).text
    assert action_names(page) == {"assign"}
    assert act(client, dossier, "assign", specialist=str(desk["specialist"].pk)).url == url

    client = login_as(SPECIALIST)
    assert {"submit_for_signature", "request_supplement", "refuse", "request_consultation"} <= action_names(
        client.get(url).text
    )
    act(client, dossier, "submit_for_signature", note="Đủ điều kiện công nhận")

    client = login_as(LEADER)
    assert {"sign", "send_back", "request_extension", "refuse"} <= action_names(client.get(url).text)
    act(client, dossier, "sign", confirm="on")

    client = login_as(DESK)
    act(client, dossier, "mark_ready")
    assert action_names(client.get(url).text) == {"return_result"}
    response = act(client, dossier, "return_result", method="desk")
    assert response.url == url
    dossier.refresh_from_db()
    assert (dossier.state, dossier.outcome) == (State.RETURNED, "granted")
    page = client.get(url).text
    assert "Đã thực hiện: Trả kết quả." in page
    kinds = list(dossier.events.values_list("kind", "actor__username"))
    assert kinds == [
        ("accepted", DESK),
        ("transferred", DESK),
        ("assigned", LEADER),
        ("submitted_for_signature", SPECIALIST),
        ("signed", LEADER),
        ("ready_for_return", DESK),
        ("returned", DESK),
    ]
    # The history shows every hand-over with its actor and states; the steps table each step and its timing.
    for text in ("Lê Văn Hùng", "Trần Văn Minh", "Đủ điều kiện công nhận", "Chờ lãnh đạo ký → Đã có kết quả"):
        assert text in page
    assert "Thẩm định hồ sơ, dự thảo kết quả" in page


def test_a_stale_page_gets_the_conflict_message_instead_of_acting_twice(login_as, desk):
    dossier = accepted(desk, at(2026, 3, 2, 9))
    client = login_as(DESK)
    stale = {"transfer-revision": str(dossier.revision)}
    url = reverse("desk:dossier_action", args=[dossier.pk, "transfer"])
    assert client.post(url, stale).status_code == 302
    second = client.post(url, stale)
    assert second.status_code == 409
    assert CONFLICT_TEXT in second.text
    assert dossier.events.filter(kind=DossierEvent.Kind.TRANSFERRED).count() == 1
    # The page shown with the message is the current one: no transfer offered any more.
    assert "transfer" not in action_names(second.text)


def test_a_refused_action_keeps_what_was_typed_and_says_why(login_as, desk):
    dossier = processing(desk, at(2026, 3, 2, 9))  # due 09/03/2026: a late apology, but its new date is past
    client = login_as(LEADER)
    new_due = {"new_due_at": "10/03/2026 16:00"}  # one box, dd/mm/yyyy hh:mm
    response = act(client, dossier, "request_extension", reason="Cần xác minh thêm", **new_due)
    assert response.status_code == 422
    assert "Ngày hẹn trả mới phải sau thời điểm hiện tại." in response.text  # Decree 118 Art. 19.6
    assert "Cần xác minh thêm</textarea>" in response.text and 'value="10/03/2026 16:00"' in response.text
    # A blank reason is the service's ValidationError, shown next to the field.
    response = act(login_as(SPECIALIST), dossier, "refuse", reason="  ", confirm="on")
    assert response.status_code == 422
    assert error_next_to(response.text, "refuse-reason", "Hãy ghi rõ lý do.")
    assert Dossier.objects.get(pk=dossier.pk).state == State.PROCESSING
    assert not Dossier.objects.get(pk=dossier.pk).events.filter(kind__in=["extended", "refused"]).exists()


def test_the_supplement_form_sends_one_item_per_line(login_as, desk):
    dossier = processing(desk, datetime.datetime.now(VN) - datetime.timedelta(minutes=90))
    client = login_as(SPECIALIST)
    response = act(client, dossier, "request_supplement", items="Bản sao giấy khai sinh\n  \nẢnh 3x4", reason="Thiếu")
    assert response.status_code == 302
    dossier.refresh_from_db()
    event = dossier.events.get(kind=DossierEvent.Kind.SUPPLEMENT_REQUESTED)
    assert event.details["items"] == ["Bản sao giấy khai sinh", "Ảnh 3x4"]
    assert dossier.state == State.SUPPLEMENT_REQUESTED


def test_a_dossier_outside_the_scope_is_not_found(login_as, desk, scan_pdf):
    dossier = accepted(desk, at(2026, 3, 2, 9))
    lifecycle.add_documents(
        desk["officer"],
        dossier,
        documents=[lifecycle.Upload(SimpleUploadedFile("a.pdf", scan_pdf), None, True)],
        at=at(2026, 3, 2, 10),
    )
    document = dossier.documents.get()
    other = User.objects.create(
        username="chuyenvien.thuongtin", full_name="Ngô Văn Bảy", account_type=User.AccountType.STAFF
    )
    RoleAssignment.objects.create(
        user=other, role=Role.SPECIALIST, agency=Agency.objects.get(name="Ủy ban nhân dân xã Thường Tín")
    )
    client = login_as("chuyenvien.thuongtin")
    assert client.get(reverse("desk:dossier", args=[dossier.pk])).status_code == 404
    assert client.get(reverse("desk:dossier_document", args=[dossier.pk, document.pk])).status_code == 404
    assert client.get(reverse("desk:dossier_form", args=[dossier.pk, "01", "pdf"])).status_code == 404
    action = reverse("desk:dossier_action", args=[dossier.pk, "transfer"])
    assert client.post(action, {"transfer-revision": str(dossier.revision)}).status_code == 404
    assert dossier.code not in client.get(reverse("desk:dossiers"), {"hang-doi": "all"}).text
    # Inside the scope the same file is served.
    assert login_as(DESK).get(reverse("desk:dossier_document", args=[dossier.pk, document.pk])).status_code == 200


def test_an_inspector_reads_everything_but_gets_no_action(login_as, desk):
    dossier = accepted(desk, at(2026, 3, 2, 9))
    client = login_as(INSPECTOR)
    page = client.get(reverse("desk:dossier", args=[dossier.pk])).text
    assert dossier.code in page and "Nguyễn Văn An" in page
    assert action_names(page) == set() and "/thao-tac/" not in page
    assert "Bạn chỉ được xem hồ sơ này." in page
    assert dossier.code in client.get(reverse("desk:dossiers")).text  # an inspector's list shows everything
    forbidden = client.post(
        reverse("desk:dossier_action", args=[dossier.pk, "transfer"]), {"transfer-revision": str(dossier.revision)}
    )
    assert forbidden.status_code == 403
    assert Dossier.objects.get(pk=dossier.pk).state == State.RECEIVED


def test_a_specialist_cannot_sign(login_as, desk):
    dossier = processing(desk, at(2026, 3, 2, 9))
    lifecycle.submit_for_signature(desk["specialist"], dossier, at=at(2026, 3, 3, 9))
    response = act(login_as(SPECIALIST), dossier, "sign", confirm="on")
    assert response.status_code == 403
    assert "Chỉ lãnh đạo của Ủy ban nhân dân xã Hồng Vân được làm việc này." in response.text


# -- queues ------------------------------------------------------------------------------------------------------


def test_overdue_is_said_in_words_in_the_queue_and_on_the_page(login_as, desk):
    late = accepted(desk, at(2026, 3, 2, 9), name="Phạm Quá Hạn")  # due 09/03/2026 09:00
    client = login_as(DESK)
    page = client.get(reverse("desk:dossiers"), {"hang-doi": "overdue"}).text
    days = (datetime.datetime.now(VN) - at(2026, 3, 9, 9)).days
    assert late.code in page
    assert f'<strong class="due due-overdue"><span aria-hidden="true">⚠ </span>Quá hạn {days} ngày</strong>' in page
    assert '<tr class="overdue">' in page
    detail = client.get(reverse("desk:dossier", args=[late.pk])).text
    assert f"Quá hạn {days} ngày (hạn 09:00 09/03/2026)." in detail
    # In the desk's own queue too, not only in the overdue one.
    assert f"Quá hạn {days} ngày" in client.get(reverse("desk:dossiers")).text


def test_queue_filters_sort_and_keep_the_filters_across_pages(login_as, desk):
    march = [accepted(desk, at(2026, 3, day, 9), name=f"Người nộp {day:02d}") for day in (2, 3, 4)]
    client = login_as(DESK)
    url = reverse("desk:dossiers")
    by_name = client.get(url, {"hang-doi": "all", "applicant": "Người nộp 03"}).text
    assert march[1].code in by_name and march[0].code not in by_name
    by_code = client.get(url, {"hang-doi": "all", "applicant": march[2].code}).text
    assert march[2].code in by_code and march[1].code not in by_code
    dated = client.get(url, {"hang-doi": "all", "received_from": "2026-03-03", "received_to": "2026-03-03"}).text
    assert march[1].code in dated and march[0].code not in dated and march[2].code not in dated
    by_procedure = client.get(url, {"hang-doi": "all", "procedure": "hoa giai vien"}).text
    assert all(d.code in by_procedure for d in march)
    assert march[0].code not in client.get(url, {"hang-doi": "all", "procedure": "1.004837"}).text
    newest_first = client.get(url, {"hang-doi": "all", "sort": "due_desc"}).text
    assert newest_first.index(march[2].code) < newest_first.index(march[0].code)
    oldest_first = client.get(url, {"hang-doi": "all", "sort": "due"}).text
    assert oldest_first.index(march[0].code) < oldest_first.index(march[2].code)
    bad = client.get(url, {"hang-doi": "all", "received_from": "2026-03-05", "received_to": "2026-03-01"})
    assert "“Đến ngày” phải bằng hoặc sau “Từ ngày”." in bad.text


def test_the_queue_page_runs_the_same_queries_for_3_or_60_dossiers(login_as, desk, django_assert_max_num_queries):
    for hour in range(3):
        accepted(desk, at(2026, 3, 2, 8 + hour))
    client = login_as(LEADER)
    url = reverse("desk:dossiers")
    params = {"hang-doi": "agency", "sort": "due"}
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, params).status_code == 200
    day = datetime.date(2026, 3, 3)
    while Dossier.objects.count() < 60:
        moment = datetime.datetime.combine(day, datetime.time(9), VN)
        if moment.weekday() < 5:
            accepted(desk, moment)
        day += datetime.timedelta(days=1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        first = client.get(url, params)
    assert first.text.count('<tr class="overdue">') == 50
    assert 'rel="next"' in first.text and "hang-doi=agency" in first.text and "sort=due" in first.text
    second = client.get(url, {**params, "trang": "2"}).text
    assert second.count('<tr class="overdue">') == 10 and 'rel="next"' not in second and 'rel="prev"' in second
    # No COUNT(*) over the table: the pages fetch one row more than they show.
    assert not any("COUNT(" in q["sql"].upper() for q in few.captured_queries)


def test_the_overdue_queue_shows_each_row_in_full_with_a_fixed_number_of_queries(login_as, desk):
    """Rows are worded in Python and link by a reversed pattern: the statements per page do not grow with the rows,
    for the leader (with the bulk form) and the desk officer alike."""
    late = processing(desk, at(2026, 3, 2, 9))  # due 09/03/2026 09:00, with the specialist
    url, params = reverse("desk:dossiers"), {"hang-doi": "overdue"}

    def overdue_page(username: str) -> tuple[str, int]:
        client = login_as(username)
        client.get(url, params)  # the session is read and the calendar built once, as on any later page
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url, params).text
        return page, len(captured.captured_queries)

    counts = {}
    for username in (LEADER, DESK):
        page, counts[username] = overdue_page(username)
        start = page.index('<tr class="overdue">')
        row = page[start : page.index("</tr>", start)]
        assert f'<a href="{reverse("desk:dossier", args=[late.pk])}">{late.code}</a>' in row
        assert '<span class="code">1.002211</span>' in row
        assert "Đang giải quyết" in row and desk["specialist"].get_full_name() in row
        assert "09:00 02/03/2026" in row and "09:00 09/03/2026" in row
        if username == LEADER:
            assert f'value="{late.pk}" id="chon-{late.pk}"' in row and f"Chọn hồ sơ {late.code}" in row
    day = datetime.date(2026, 3, 3)
    while Dossier.objects.count() < 60:
        moment = datetime.datetime.combine(day, datetime.time(9), VN)
        if moment.weekday() < 5:
            accepted(desk, moment)
        day += datetime.timedelta(days=1)
    for username in (LEADER, DESK):
        page, count = overdue_page(username)
        assert page.count('<tr class="overdue">') == 50
        assert count == counts[username]


def test_a_leader_reassigns_several_dossiers_at_once_all_or_nothing(login_as, desk):
    second = User.objects.create(
        username="chuyenvien2.hongvan", full_name="Đinh Thị Hạnh", account_type=User.AccountType.STAFF
    )
    RoleAssignment.objects.create(user=second, role=Role.SPECIALIST, agency=desk["ubnd"])
    mine = [processing(desk, at(2026, 3, day, 9)) for day in (2, 3)]
    not_yet = accepted(desk, at(2026, 3, 4, 9))  # still at the desk: cannot be assigned
    client = login_as(LEADER)
    url = reverse("desk:dossiers") + "?hang-doi=agency"
    page = client.get(url).text
    assert 'name="dossiers"' in page and "Đinh Thị Hạnh" in page

    refused = client.post(url, {"dossiers": [str(d.pk) for d in [*mine, not_yet]], "specialist": str(second.pk)})
    assert refused.status_code == 409
    assert "Chưa chuyển hồ sơ nào:" in refused.text and "phân công xử lý" in refused.text
    assert f'value="{not_yet.pk}" id="chon-{not_yet.pk}" checked' in refused.text
    assert set(Dossier.objects.filter(pk__in=[d.pk for d in mine]).values_list("assignee", flat=True)) == {
        desk["specialist"].pk
    }

    done = client.post(url, {"dossiers": [str(d.pk) for d in mine], "specialist": str(second.pk)})
    assert done.status_code == 302 and done.url == url
    assert set(Dossier.objects.filter(pk__in=[d.pk for d in mine]).values_list("assignee", flat=True)) == {second.pk}
    assert "Đã chuyển 2 hồ sơ cho Đinh Thị Hạnh xử lý." in client.get(url).text
    # Nobody but a leader may post it.
    by_specialist = login_as(SPECIALIST).post(url, {"dossiers": [str(mine[0].pk)], "specialist": str(second.pk)})
    assert by_specialist.status_code == 403


# -- forms -------------------------------------------------------------------------------------------------------


def test_the_control_slip_and_the_tracking_book_download(login_as, desk, tmp_path):
    dossier = processing(desk, at(2026, 3, 2, 9))
    client = login_as(DESK)
    slip = client.get(reverse("desk:dossier_form", args=[dossier.pk, "06", "pdf"]))
    assert slip.status_code == 200 and dossier.code in pdf_text(slip.content, tmp_path)
    assert client.get(reverse("desk:dossier_form", args=[dossier.pk, "04", "pdf"])).status_code == 404
    book_url = reverse("desk:dossier_tracking_book")
    assert "Sổ theo dõi hồ sơ (Mẫu 07)" in client.get(book_url).text
    params = {"agency": str(desk["centre"].pk), "date_from": "2026-03-01", "date_to": "2026-03-31", "fmt": "pdf"}
    book = client.get(book_url, {**params, "part": "1"})
    assert book["Content-Type"] == "application/pdf" and book["Content-Disposition"].startswith("attachment")
    assert dossier.code in pdf_text(book.content, tmp_path)
    refused = client.get(book_url, {**params, "date_to": "2026-02-01", "part": "1"})
    assert refused.status_code == 422 and "“Đến ngày” phải bằng hoặc sau “Từ ngày”." in refused.text


def test_the_staff_home_counts_the_main_queues_of_each_role(login_as, desk):
    accepted(desk, at(2026, 3, 2, 9))  # overdue since 09/03/2026, still at the desk
    processing(desk, at(2026, 3, 3, 9))  # overdue, with the specialist
    home = login_as(DESK).get(reverse("desk:home")).text
    queue = reverse("desk:dossiers")
    overdue_link = f'<a href="{queue}?hang-doi=overdue&amp;agency={desk["centre"].pk}" class="due-overdue">'
    assert f'{overdue_link}<span class="queue-count">2</span> Quá hạn</a>' in home
    assert '<span class="queue-count">1</span> Việc của tôi</a>' in home
    specialist_home = login_as(SPECIALIST).get(reverse("desk:home")).text
    assert '<span class="queue-count">1</span> Việc của tôi</a>' in specialist_home
    assert '<span class="queue-count">0</span> Chờ ký</a>' in login_as(LEADER).get(reverse("desk:home")).text


def recent(desk) -> Dossier:
    """At the specialist since a moment ago: still inside every legal window (supplement, extension)."""
    return processing(desk, datetime.datetime.now(VN) - datetime.timedelta(minutes=90))


def test_a_consultation_goes_out_and_comes_back_through_the_pages(login_as, desk):
    police = Agency.objects.get(name="Công an xã Hồng Vân")
    officer = User.objects.create(
        username="congan.hongvan", full_name="Vũ Văn Công", account_type=User.AccountType.STAFF
    )
    RoleAssignment.objects.create(user=officer, role=Role.SPECIALIST, agency=police)
    dossier = recent(desk)
    client = login_as(SPECIALIST)
    response = act(
        client,
        dossier,
        "request_consultation",
        agencies=[str(police.pk)],
        content="Xác minh nơi cư trú",
        amount="2",
        unit="days",
        parallel="1",
    )
    assert response.status_code == 302
    consultation = dossier.consultations.get()
    assert (consultation.agency, consultation.allotted_minutes, consultation.parallel) == (police, 2 * 480, True)

    client = login_as("congan.hongvan")
    assert dossier.code in client.get(reverse("desk:dossiers"), {"hang-doi": "consultation"}).text
    page = client.get(reverse("desk:dossier", args=[dossier.pk])).text
    assert action_names(page) == {"answer_consultation"} and "Xác minh nơi cư trú" in page
    assert (
        act(
            client, dossier, "answer_consultation", consultation=str(consultation.pk), answer="Đúng nơi cư trú"
        ).status_code
        == 302
    )
    dossier.refresh_from_db()
    assert dossier.state == State.PROCESSING
    assert dossier.consultations.get().answer == "Đúng nơi cư trú"


def test_a_supplement_is_received_at_the_desk_with_its_file(login_as, desk, scan_pdf):
    dossier = recent(desk)
    lifecycle.request_supplement(desk["specialist"], dossier, items=["Bản sao CCCD"])
    client = login_as(DESK)
    assert "receive_supplement" in action_names(client.get(reverse("desk:dossier", args=[dossier.pk])).text)
    dossier.refresh_from_db()
    upload = SimpleUploadedFile("bo-sung.pdf", scan_pdf, content_type="application/pdf")
    response = client.post(
        reverse("desk:dossier_action", args=[dossier.pk, "receive_supplement"]),
        {"receive_supplement-revision": str(dossier.revision), "receive_supplement-files": [upload]},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.PROCESSING
    assert list(dossier.documents.values_list("stage", "name")) == [("supplement", "bo-sung.pdf")]


def test_an_extension_prints_form_04_and_a_stop_prints_form_05(login_as, desk, tmp_path):
    dossier = recent(desk)
    later = timezone.localtime(dossier.due_at) + datetime.timedelta(days=10)
    client = login_as(LEADER)
    response = act(
        client,
        dossier,
        "request_extension",
        reason="Cần xác minh thêm",
        new_due_at=f"{later:%d/%m/%Y %H:%M}",
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.extended_due_at == later.replace(second=0, microsecond=0)
    page = client.get(response.url).text
    assert "In Mẫu 04 – Văn bản xin lỗi và đề nghị gia hạn" in page
    # Only once (Art. 19.6): the action is no longer offered, and a page that still showed it is told why.
    assert "request_extension" not in action_names(page)
    again = act(client, dossier, "request_extension", reason="Lần hai", new_due_at=f"{later:%d/%m/%Y} 17:00")
    assert again.status_code == 409 and "Điều 19.6" in again.text

    client = login_as(DESK)
    act(client, dossier, "stop", reason="Người nộp rút hồ sơ", refund="Không", confirm="on")
    dossier.refresh_from_db()
    assert dossier.state == State.STOPPED
    form = client.get(reverse("desk:dossier_form", args=[dossier.pk, "05", "pdf"]))
    assert "Người nộp rút hồ sơ" in pdf_text(form.content, tmp_path)


def test_when_several_agencies_resolve_the_procedure_the_local_one_is_preselected(login_as, desk):
    elsewhere = Agency.objects.get(name="Ủy ban nhân dân xã Thường Tín")
    AgencyOffering.objects.create(procedure=desk["procedure"], agency=elsewhere, receives=False, resolves=True)
    page = login_as(DESK).get(intake_url(desk)).text
    assert f'<option value="{desk["ubnd"].pk}" selected>Ủy ban nhân dân xã Hồng Vân</option>' in page
    assert f'<option value="{elsewhere.pk}">Ủy ban nhân dân xã Thường Tín</option>' in page


def test_an_online_dossier_waits_in_the_intake_queue_and_is_accepted_from_its_page(login_as, desk):
    online = ProcedureMethod.objects.get(version=desk["method"].version, channel="online")
    citizen = User.objects.get(username="congdan")
    dossier = lifecycle.submit_online(
        citizen,
        lifecycle.Intake(
            method=online,
            receiving_agency=desk["centre"],
            competent_agency=desk["ubnd"],
            applicant=lifecycle.Applicant(kind="person", name="Nguyễn Văn An", id_number="001090012345", user=citizen),
        ),
    )
    client = login_as(DESK)
    waiting = client.get(reverse("desk:dossiers"), {"hang-doi": "intake"}).text
    assert reverse("desk:dossier", args=[dossier.pk]) in waiting and "Còn " in waiting
    page = client.get(reverse("desk:dossier", args=[dossier.pk])).text
    assert action_names(page) == {"accept", "request_intake_supplement", "refuse_intake"}
    response = act(client, dossier, "accept")
    dossier.refresh_from_db()
    assert dossier.state == State.RECEIVED and dossier.code
    assert "In Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in client.get(response.url).text
