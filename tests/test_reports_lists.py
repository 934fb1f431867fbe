"""The inspection lists: overdue now, decided late with the apology letter, returned or refused with the reasons;
on screen (paged) and as CSV and XLSX files that are opened and read back."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from dossier_helpers import UBND
from motcua.orgs.models import Agency
from motcua.reports import lists
from motcua.reports.areas import agency_ids_of_area
from reports_scenario import MARCH, NOW, build_scenario


@pytest.fixture
def scenario(demo):
    return build_scenario()


@pytest.fixture
def ids(scenario):
    return agency_ids_of_area(Agency.objects.get(name=UBND).unit)


def letters_of(scenario, pks) -> list[str]:
    letter = {dossier.pk: name for name, dossier in scenario.items()}
    return [letter[pk] for pk in pks]


def test_overdue_now_is_the_work_queue_rule(scenario, ids):
    overdue = lists.overdue_now(ids, now=NOW)
    # Longest overdue first: D (due 04/03), O (24/03), the unchecked online filing W (01/04), S (09/04).
    assert letters_of(scenario, overdue.values_list("pk", flat=True)) == ["D", "O", "W", "S"]


def test_resolved_late_names_the_apology_letter(scenario, ids):
    late = list(lists.resolved_late(ids, *MARCH, now=NOW))
    # H is late against its first due date (ii06a.legal_due), though decided before its new appointment.
    assert letters_of(scenario, [d.pk for d in late]) == ["C", "G", "H", "I"]
    apologies = {d.code: d.apology_at for d in late}
    assert apologies[scenario["I"].code] == scenario["I"].events.get(kind="extended").at
    assert apologies[scenario["C"].code] is None and apologies[scenario["G"].code] is None


def test_returns_with_their_reasons(scenario, ids):
    events = list(lists.returns(ids, *MARCH))
    rows = [(letters_of(scenario, [e.dossier_id])[0], e.kind, lists.reason_of(e)) for e in events]
    assert rows == [
        ("K", "supplement_requested", "Bản sao giấy tờ tùy thân – Thiếu giấy tờ"),
        ("M", "supplement_requested", "Bản sao giấy tờ tùy thân – Thiếu giấy tờ"),
        ("R", "intake_refused", "Giấy tờ bị tẩy xóa"),
        ("X", "intake_supplement", "Đơn đề nghị"),
        ("P", "refused", "Không đủ điều kiện"),
        ("J", "supplement_requested", "Bản sao giấy tờ tùy thân – Thiếu giấy tờ"),
    ]
    # April holds none of them.
    assert not lists.returns(ids, MARCH[1].replace(month=4, day=1), MARCH[1].replace(month=4, day=30)).exists()


def params(**extra):
    return {"tu": "2026-03-01", "den": "2026-03-31", **extra}


def test_late_list_on_screen_and_as_csv(scenario, login_as):
    client = login_as("thanhtra.hanoi")
    unit = f"u{Agency.objects.get(name=UBND).unit_id}"
    url = reverse("desk:report-list", args=["giai-quyet-tre-han"])
    page = client.get(url, params(pham_vi=unit))
    html = page.content.decode()
    for letter in "CGI":
        assert scenario[letter].code in html
    assert "Xin lỗi đúng hạn (chậm nhất 01 ngày trước hạn), 20/03/2026" in html  # Decree 118 Art. 19.6
    assert "Quá hạn, chưa có văn bản xin lỗi" in html  # C and G
    download = client.get(url, params(pham_vi=unit, **{"dinh-dang": "csv"}))
    assert download["Content-Disposition"].endswith('.csv"')
    assert download.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    table = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert table[0] == [
        "Mã hồ sơ",
        "Thủ tục",
        "Người nộp",
        "Cơ quan giải quyết",
        "Ngày tiếp nhận",
        "Hạn giải quyết",
        "Hẹn lại (Mẫu 04)",
        "Có kết quả",
        "Văn bản xin lỗi (Mẫu 04)",
    ]
    by_code = {row[0]: row for row in table[1:]}
    assert set(by_code) == {scenario[letter].code for letter in "CGHI"}
    # The deadline judged is the first one (ii06a.legal_due, Decree 118 Art. 19.6); the new appointment beside it.
    assert by_code[scenario["I"].code][5:] == [
        "24/03/2026 10:00",
        "26/03/2026 10:00",
        "27/03/2026 10:00",
        "Xin lỗi đúng hạn (chậm nhất 01 ngày trước hạn), 20/03/2026",
    ]


def test_returns_as_xlsx(scenario, login_as):
    client = login_as("thanhtra.hanoi")
    unit = f"u{Agency.objects.get(name=UBND).unit_id}"
    download = client.get(reverse("desk:report-list", args=["tra-lai"]), params(pham_vi=unit, **{"dinh-dang": "xlsx"}))
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    assert sheet["A1"].value == "HỒ SƠ YÊU CẦU BỔ SUNG, TỪ CHỐI TRONG KỲ"
    assert "từ ngày 01/03/2026 đến ngày 31/03/2026" in sheet["A2"].value
    assert sheet["A4"].value == "STT" and sheet["G4"].value == "Lý do, thành phần cần bổ sung"
    data = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=5)]
    assert [row[0] for row in data] == [1, 2, 3, 4, 5, 6]
    assert data[2][6] == "Giấy tờ bị tẩy xóa" and data[2][5] == "Từ chối tiếp nhận"
    assert data[4][4].strftime("%d/%m/%Y %H:%M") == "11/03/2026 10:00"


def test_overdue_list_is_paged_and_scoped(scenario, login_as, monkeypatch):
    monkeypatch.setattr("motcua.desk.report_views.PER_PAGE", 2)
    client = login_as("lanhdao.hongvan")  # the People's Committee only: not the police's dossiers
    url = reverse("desk:report-list", args=["qua-han"])
    first = client.get(url)
    assert first.status_code == 200 and first.context["paged"].next_url
    second = client.get(url + first.context["paged"].next_url)
    seen = {d.pk for d, _ in first.context["rows"]} | {d.pk for d, _ in second.context["rows"]}
    assert scenario["D"].pk not in seen  # resolved by the police
    assert {scenario["O"].pk, scenario["W"].pk, scenario["S"].pk} <= seen


def test_an_unknown_list_is_not_found(demo, login_as):
    assert login_as("thanhtra.hanoi").get(reverse("desk:report-list", args=["khong-co"])).status_code == 404
