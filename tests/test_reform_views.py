"""The staff pages of administrative reform: permissions, the flow through the pages, and the real files they give
(XLSX read with openpyxl, DOCX with python-docx, PDF with pdftotext and pdffonts)."""

import datetime
import io
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from dossier_helpers import user
from motcua.accounts.models import Role
from motcua.reform.models import Area, IndexTemplate, Inspection, PlanTask, Recommendation, ReformPlan, Score
from motcua.reform.services import followup, inspections, plans
from reform_helpers import CENTRE, OTHER_COMMUNE, UBND, agency, city_leader, planned, ready_to_sign, staff

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def pdf_text(data: bytes, tmp_path) -> str:
    assert data.startswith(b"%PDF-")
    path = tmp_path / "record.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return " ".join(text.split())  # table cells wrap their lines


@pytest.fixture
def plan(demo):
    admin = user("quantri.hongvan")
    made = plans.create_plan(
        admin,
        agency(UBND),
        year=2026,
        kind=ReformPlan.Kind.REFORM,
        title="Kế hoạch CCHC năm 2026",
        number="05/KH-UBND",
        issued_on=datetime.date(2026, 1, 10),
    )
    plans.add_task(
        admin,
        made,
        area=Area.COMMUNICATION,
        title="Tuyên truyền trên loa",
        owner="VH-XH",
        deadline=datetime.date(2026, 2, 28),
    )
    plans.add_task(
        admin,
        made,
        area=Area.DIRECTION,
        title="Báo cáo CCHC quý",
        owner="VP",
        deadline=datetime.date(2099, 3, 31),
        expected_output="Báo cáo",
    )
    return made


def test_admin_makes_a_plan_and_reports_progress_with_a_file(client, demo):
    client.force_login(user("quantri.hongvan"))
    response = client.post(
        reverse("desk:reform-plan-create"),
        {"agency": agency(UBND).pk, "year": 2026, "kind": "reform", "title": "KH CCHC", "number": "", "issued_on": ""},
    )
    plan = ReformPlan.objects.get(title="KH CCHC")
    assert response.status_code == 302 and response.url == reverse("desk:reform-plan", args=[plan.pk])
    response = client.post(
        reverse("desk:reform-plan", args=[plan.pk]),
        {
            "form": "task",
            "area": "digital",
            "title": "Số hóa",
            "owner": "VP",
            "deadline": "2025-12-31",
            "expected_output": "",
        },
    )
    assert response.status_code == 200  # refused: the deadline before the plan's year, what was typed is kept
    page = response.content.decode()
    assert "Thời hạn phải từ năm 2026" in page and ">\nSố hóa</textarea>" in page
    client.post(
        reverse("desk:reform-plan", args=[plan.pk]),
        {
            "form": "task",
            "area": "digital",
            "title": "Số hóa",
            "owner": "VP",
            "deadline": "2026-12-31",
            "expected_output": "",
        },
    )
    task = PlanTask.objects.get(title="Số hóa")
    upload = SimpleUploadedFile("ket-qua.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("desk:reform-task", args=[task.pk]),
        {"form": "progress", "status": "in_progress", "progress": 30, "note": "Đang số hóa", "files": [upload]},
    )
    assert response.status_code == 302
    stored = task.updates.get().files.get()
    download = client.get(reverse("desk:reform-file", args=["tien-do", stored.pk]))
    assert b"".join(download.streaming_content) == PDF
    client.force_login(user("lanhdao.congan.hongvan"))
    assert client.get(reverse("desk:reform-file", args=["tien-do", stored.pk])).status_code == 404


def test_plan_is_read_only_for_inspectors_and_hidden_from_other_agencies(client, plan):
    url = reverse("desk:reform-plan", args=[plan.pk])
    client.force_login(user("thanhtra.hanoi"))
    page = client.get(url)
    assert page.status_code == 200 and "Bạn chỉ được xem kế hoạch này." in page.content.decode()
    assert (
        client.post(
            url, {"form": "task", "area": "digital", "title": "x", "owner": "y", "deadline": "2026-05-01"}
        ).status_code
        == 403
    )
    for outsider in (user("lanhdao.congan.hongvan"), staff("qt.tt", Role.AGENCY_ADMIN, OTHER_COMMUNE)):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.get(reverse("desk:reform-plan-export", args=[plan.pk, "xlsx"])).status_code == 404


def test_plan_exports_xlsx_and_docx(client, plan):
    client.force_login(user("lanhdao.hongvan"))
    response = client.get(reverse("desk:reform-plan-export", args=[plan.pk, "xlsx"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == UBND and rows[1][0] == "Kế hoạch CCHC năm 2026"
    assert rows[5][:4] == ["STT", "Nhiệm vụ", "Chủ trì", "Thời hạn"]
    body = [row for row in rows[6:] if any(row)]
    assert body[0][0] == "Công tác chỉ đạo, điều hành CCHC"  # areas in their order, each heading its tasks
    assert body[1][:4] == [1, "Báo cáo CCHC quý", "VP", "31/03/2099"] and body[1][7] in (None, "")
    assert body[2][0] == "Thông tin, tuyên truyền CCHC"
    assert body[3][:2] == [2, "Tuyên truyền trên loa"] and body[3][7] == "Quá hạn"
    assert "quá hạn 1" in rows[3][0]
    response = client.get(reverse("desk:reform-plan-export", args=[plan.pk, "docx"]))
    text = docx_text(response.content)
    assert "KẾ HOẠCH CCHC NĂM 2026" in text and "Số: 05/KH-UBND" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Hồng Vân, ngày 10 tháng 01 năm 2026" in text
    assert "Tuyên truyền trên loa" in text and "Quá hạn" in text


def test_inspection_through_the_pages_to_the_signed_record(client, demo, tmp_path):
    lead = city_leader()
    client.force_login(lead)
    response = client.post(
        reverse("desk:reform-inspection-create"),
        {
            "inspecting_agency": agency("Ủy ban nhân dân Thành phố Hà Nội").pk,
            "target_agency": agency(UBND).pk,
            "title": "công tác CCHC và kiểm soát TTHC",
            "decision_number": "125/QĐ-UBND",
            "period_start": "2026-01-01",
            "period_end": "2026-08-31",
            "inspected_on": "2026-09-15",
            "template": "",
        },
    )
    inspection = Inspection.objects.get()
    url = reverse("desk:reform-inspection", args=[inspection.pk])
    assert response.status_code == 302 and response.url == url
    page = client.get(url).content.decode()
    assert "Hồ sơ giải quyết quá hạn trong kỳ" in page and "hồ sơ giải quyết quá hạn" in page
    for item in inspection.checklist.all():
        client.post(
            reverse("desk:reform-assess", args=[item.pk]), {f"item-{item.pk}-result": "met", f"item-{item.pk}-note": ""}
        )
    client.post(
        url,
        {
            "form": "finding",
            "finding-kind": "shortcoming",
            "finding-area": "procedures",
            "finding-text": "Niêm yết TTHC chưa kịp thời.",
        },
    )
    client.post(
        url,
        {
            "form": "recommendation",
            "rec-area": "procedures",
            "rec-text": "Niêm yết đầy đủ TTHC.",
            "rec-responsible_agency": agency(CENTRE).pk,
            "rec-deadline": "2026-10-15",
        },
    )
    client.post(url, {"form": "conclusion", "conclusion": "Đề nghị khắc phục các tồn tại."})
    sign_url = reverse("desk:reform-inspection-sign", args=[inspection.pk])
    assert "Ký biên bản kiểm tra?" in client.get(sign_url).content.decode()  # a confirmation first
    client.force_login(user("thanhtra.hanoi"))
    assert client.get(url).status_code == 200
    assert client.post(url, {"form": "conclusion", "conclusion": "Sửa"}).status_code == 403
    assert client.post(sign_url).status_code == 403
    client.force_login(lead)
    assert client.post(sign_url).status_code == 302
    inspection.refresh_from_db()
    assert inspection.is_signed and inspection.conclusion == "Đề nghị khắc phục các tồn tại."
    assert client.post(url, {"form": "conclusion", "conclusion": "Sửa"}).status_code == 403

    pdf = client.get(reverse("desk:reform-record", args=[inspection.pk, "pdf"]))
    text = pdf_text(pdf.content, tmp_path)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BIÊN BẢN KIỂM TRA",
        "ĐOÀN KIỂM TRA",
        "Hồng Vân, ngày 15 tháng 9 năm 2026",
        "Niêm yết TTHC chưa kịp thời.",
        "Niêm yết đầy đủ TTHC.",
        "15/10/2026",
        "Đề nghị khắc phục các tồn tại.",
        "Đã ký lúc",
    ):
        assert expected in text, expected
    fonts = subprocess.run(["pdffonts", str(tmp_path / "record.pdf")], capture_output=True, check=True, text=True)
    assert "Liberation-Serif" in fonts.stdout
    docx = client.get(reverse("desk:reform-record", args=[inspection.pk, "docx"]))
    text = docx_text(docx.content)
    assert "BIÊN BẢN KIỂM TRA" in text and "Niêm yết đầy đủ TTHC." in text and "TRƯỞNG ĐOÀN KIỂM TRA" in text
    assert lead.full_name in text


def test_draft_record_prints_as_a_draft(client, demo, tmp_path):
    lead = city_leader()
    inspection = planned(lead)
    client.force_login(lead)
    text = pdf_text(client.get(reverse("desk:reform-record", args=[inspection.pk, "pdf"])).content, tmp_path)
    assert "DỰ THẢO" in text


def test_follow_up_through_the_pages(client, demo):
    lead = city_leader()
    inspection = ready_to_sign(lead, planned(lead))
    recommendation = inspections.add_recommendation(
        lead,
        inspection,
        area="procedures",
        text="Niêm yết",
        responsible=agency(CENTRE),
        deadline=datetime.date(2026, 5, 1),
    )
    url = reverse("desk:reform-recommendation", args=[recommendation.pk])
    client.force_login(user("quantri.hongvan"))
    assert client.get(url).status_code == 404  # not signed yet: the inspected side does not see it
    inspections.sign(lead, inspection)
    home = client.get(reverse("desk:reform-home")).content.decode()
    assert "Niêm yết" in home and "kiến nghị sau kiểm tra đã quá hạn" in home  # the deadline is past
    upload = SimpleUploadedFile("anh.pdf", PDF, content_type="application/pdf")
    response = client.post(url, {"form": "report", "text": "Đã niêm yết đủ.", "files": [upload]})
    assert response.status_code == 302
    assert client.post(url, {"form": "decision", "decision": "accept"}).status_code == 403
    client.force_login(lead)
    response = client.post(url, {"form": "decision", "decision": "reopen", "decision_note": ""})
    assert "Nêu lý do" in response.content.decode()
    client.post(url, {"form": "decision", "decision": "accept", "decision_note": ""})
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.ACCEPTED
    assert followup.overdue_count(lead) == 0
    summary = client.get(reverse("desk:reform-summary") + "?nam=2026").content.decode()
    assert "Cải cách thủ tục hành chính" in summary


def test_assessment_pages(client, demo):
    client.force_login(user("quantri.hongvan"))
    response = client.post(
        reverse("desk:reform-assessments"),
        {
            "template": IndexTemplate.objects.get().pk,
            "agency": agency(UBND).pk,
            "year": 2026,
        },
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "giá trị tạm" in page and "Công tác chỉ đạo, điều hành CCHC" in page
    score = Score.objects.filter(node__code="1.1.1").get()
    response = client.post(
        reverse("desk:reform-score", args=[score.pk]), {f"s{score.pk}-points": "9", f"s{score.pk}-note": ""}
    )
    assert response.status_code == 302
    score.refresh_from_db()
    assert score.self_score is None  # more than the maximum: refused with a message
    client.post(reverse("desk:reform-score", args=[score.pk]), {f"s{score.pk}-points": "1", f"s{score.pk}-note": "KH"})
    score.refresh_from_db()
    assert score.self_score == 1
    client.force_login(user("thanhtra.hanoi"))
    assert client.get(response.url).status_code == 200
    assert client.post(reverse("desk:reform-score", args=[score.pk]), {f"s{score.pk}-points": "0"}).status_code == 403


def test_records_behind_a_figure_link_only_where_the_reader_may_go(client, demo):
    lead = city_leader()
    plan = plans.create_plan(
        user("quantri.hongvan"), agency(UBND), year=2026, kind=ReformPlan.Kind.REFORM, title="KH CCHC 2026"
    )
    plans.add_task(
        user("quantri.hongvan"),
        plan,
        area=Area.COMMUNICATION,
        title="Tuyên truyền",
        owner="VH",
        deadline=datetime.date(2026, 3, 1),
    )
    inspection = planned(lead)
    url = reverse("desk:reform-evidence", args=[inspection.pk, "communication"])
    plan_url = reverse("desk:reform-plan", args=[plan.pk])
    client.force_login(lead)
    page = client.get(url).content.decode()
    assert "0/1 (0,0%) nhiệm vụ hoàn thành, 1 quá hạn" in page
    assert "Tuyên truyền" in page and plan_url not in page  # the city's leader does not read the commune's plans
    client.force_login(user("thanhtra.hanoi"))
    assert plan_url in client.get(url).content.decode()
    assert client.get(reverse("desk:reform-evidence", args=[inspection.pk, "nothing"])).status_code == 404
    client.force_login(user("quantri.hongvan"))
    assert client.get(url).status_code == 404  # a draft: not shown to the inspected side
