"""The II.06a workbook in the official layout: heading, merged header rows, numbered columns, totals, signatures."""

import datetime
import io

import openpyxl

from motcua.reports.ii06a import Cells, II06aReport, Row
from motcua.reports.xlsx_ii06a import Heading, workbook


def small_report() -> II06aReport:
    mediation = Cells(5, 1, 3, 1, 4, 1, 2, 1, 1, 1, 0)
    births = Cells(2, 2, 0, 0, 1, 1, 0, 0, 1, 0, 1)
    rows = (
        Row(Row.FIELD, "I", "Hòa giải ở cơ sở", 1, None, "", mediation),
        Row(Row.PROCEDURE, "1", "Thủ tục công nhận hòa giải viên", 1, 10, "1.002211", mediation),
        Row(Row.FIELD, "II", "Hộ tịch", 2, None, "", births),
        Row(Row.PROCEDURE, "1", "Thủ tục đăng ký khai sinh", 2, 11, "1.001193", births),
    )
    return II06aReport((1, 2), datetime.date(2026, 1, 1), datetime.date(2026, 3, 31), rows, mediation + births)


def open_sheet():
    heading = Heading(
        reporting_unit="Ủy ban nhân dân xã Hồng Vân",
        superior_unit="Ủy ban nhân dân Thành phố Hà Nội",
        receiving_unit="Văn phòng UBND Thành phố",
        place="Hồng Vân",
        prepared_by="Phạm Thị Hoa",
    )
    return openpyxl.load_workbook(io.BytesIO(workbook(small_report(), heading))).active


def test_heading_of_decree_30_and_of_the_form():
    sheet = open_sheet()
    assert sheet["A1"].value == "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"
    assert sheet["A2"].value == "ỦY BAN NHÂN DÂN XÃ HỒNG VÂN" and sheet["A2"].font.b
    assert sheet["F1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert sheet["F2"].value == "Độc lập - Tự do - Hạnh phúc"
    assert sheet["A3"].value == "Biểu số II.06a/VPCP/KSTT"
    assert sheet["A5"].value == "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
    assert sheet["A6"].value == "Kỳ báo cáo: từ ngày 01/01/2026 đến ngày 31/03/2026"
    assert "Đơn vị báo cáo: Ủy ban nhân dân xã Hồng Vân" in sheet["A7"].value
    assert "Đơn vị nhận báo cáo: Văn phòng UBND Thành phố" in sheet["A7"].value
    assert sheet["K7"].value == "Đơn vị tính: hồ sơ"


def test_the_header_rows_are_merged_as_in_the_form():
    sheet = open_sheet()
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A9:A11", "B9:B11", "C9:F9", "G9:M9", "C10:C11", "D10:F10", "G10:J10", "K10:M10"} <= merged
    assert {"A1:B1", "A2:B2", "F1:M1", "F2:M2", "A5:M5", "A6:M6"} <= merged
    assert sheet["C9"].value == "Số hồ sơ nhận giải quyết" and sheet["G9"].value == "Kết quả giải quyết"
    assert sheet["G10"].value == "Số hồ sơ đã giải quyết" and sheet["K10"].value == "Số hồ sơ đang giải quyết"
    assert [sheet.cell(11, c).value for c in range(4, 14)] == [
        "Trực tuyến",
        "Trực tiếp, dịch vụ bưu chính",
        "Từ kỳ trước chuyển sang",
        "Tổng số",
        "Trước hạn",
        "Đúng hạn",
        "Quá hạn",
        "Tổng số",
        "Trong hạn",
        "Quá hạn",
    ]
    assert [sheet.cell(12, c).value for c in range(1, 14)] == [f"({n})" for n in range(1, 14)]
    assert sheet["A9"].border.left.style == "thin" and sheet["M12"].border.right.style == "thin"


def test_totals_fields_and_procedures():
    sheet = open_sheet()
    rows = [[sheet.cell(r, c).value for c in range(1, 14)] for r in range(13, 18)]
    assert rows[0] == [None, "Tổng cộng", 7, 3, 3, 1, 5, 2, 2, 1, 2, 1, 1]
    assert rows[1] == ["I", "Hòa giải ở cơ sở", 5, 1, 3, 1, 4, 1, 2, 1, 1, 1, 0]
    assert rows[2] == ["1", "Thủ tục công nhận hòa giải viên (1.002211)", 5, 1, 3, 1, 4, 1, 2, 1, 1, 1, 0]
    assert rows[3][:3] == ["II", "Hộ tịch", 2] and rows[4][1] == "Thủ tục đăng ký khai sinh (1.001193)"
    assert sheet["B13"].font.b and sheet["B14"].font.b and not sheet["B15"].font.b


def test_signature_block():
    sheet = open_sheet()
    values = {sheet.cell(r, c).value: (r, c) for r in range(18, 30) for c in range(1, 14) if sheet.cell(r, c).value}
    assert "NGƯỜI LẬP BIỂU" in values and "THỦ TRƯỞNG ĐƠN VỊ" in values
    assert "(Ký, đóng dấu, ghi rõ họ tên)" in values and "Phạm Thị Hoa" in values
    assert values["NGƯỜI LẬP BIỂU"][0] == values["THỦ TRƯỞNG ĐƠN VỊ"][0]
    assert any(str(value).startswith("Hồng Vân, ngày ") for value in values)
