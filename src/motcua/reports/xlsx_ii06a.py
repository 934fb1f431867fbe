"""Form II.06a as an Excel workbook in the official layout (Biểu số II.06a/VPCP/KSTT, Thông tư 01/2020/TT-VPCP).

The heading follows Decree 30/2020/NĐ-CP (the reporting agency on the left under its superior, the national motto on
the right), then the form's own lines (form number, period, reporting and receiving units, "Đơn vị tính: hồ sơ"),
the three merged header rows, the column numbers (1)–(13), the total row, the fields with their procedures, and the
signature block (người lập biểu, thủ trưởng đơn vị).
"""

import datetime
import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from motcua.core.spreadsheet import keep_text
from motcua.reports.ii06a import CELL_NAMES, Cells, II06aReport, Row

LAST_COLUMN = 13
HEADER_TOP = 9  # first row of the table header
FONT = "Times New Roman"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
WIDTHS = {1: 6, 2: 48, **{column: 11 for column in range(3, LAST_COLUMN + 1)}}


@dataclass(frozen=True)
class Heading:
    """What the sheet says about itself: who reports to whom, and who prepared it."""

    reporting_unit: str
    superior_unit: str = ""
    receiving_unit: str = ""
    place: str = ""
    prepared_by: str = ""


def _write(sheet, row: int, column: int, value, *, bold=False, italic=False, size=12, align=None, box=False):
    cell = keep_text(sheet.cell(row=row, column=column, value=value))
    cell.font = Font(name=FONT, bold=bold, italic=italic, size=size)
    cell.alignment = align or Alignment(vertical="center", wrap_text=True)
    if box:
        cell.border = BOX
    return cell


def _merged(sheet, top: int, left: int, bottom: int, right: int, value, **style):
    _write(sheet, top, left, value, **style)
    if (top, left) != (bottom, right):
        sheet.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
    if style.get("box"):
        for row in range(top, bottom + 1):
            for column in range(left, right + 1):
                sheet.cell(row=row, column=column).border = BOX


def _heading(sheet, report: II06aReport, heading: Heading) -> None:
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    _merged(sheet, 1, 1, 1, 2, heading.superior_unit.upper(), align=centre)
    _merged(sheet, 2, 1, 2, 2, heading.reporting_unit.upper(), bold=True, align=centre)
    _merged(sheet, 1, 6, 1, LAST_COLUMN, _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), bold=True, align=centre)
    _merged(sheet, 2, 6, 2, LAST_COLUMN, _("Độc lập - Tự do - Hạnh phúc"), bold=True, align=centre)
    _merged(sheet, 3, 1, 3, 2, _("Biểu số II.06a/VPCP/KSTT"), bold=True, align=centre)
    _merged(sheet, 4, 1, 4, 2, _("Ban hành theo Thông tư số 01/2020/TT-VPCP"), italic=True, size=11, align=centre)
    title = _("TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH")
    _merged(sheet, 5, 1, 5, LAST_COLUMN, title, bold=True, size=14, align=centre)
    period = _("Kỳ báo cáo: từ ngày %(start)s đến ngày %(end)s") % {
        "start": f"{report.start:%d/%m/%Y}",
        "end": f"{report.end:%d/%m/%Y}",
    }
    _merged(sheet, 6, 1, 6, LAST_COLUMN, period, italic=True, align=centre)
    units = _("Đơn vị báo cáo: %(reporting)s. Đơn vị nhận báo cáo: %(receiving)s.") % {
        "reporting": heading.reporting_unit,
        "receiving": heading.receiving_unit or "…",
    }
    _merged(sheet, 7, 1, 7, 10, units)
    _merged(sheet, 7, 11, 7, LAST_COLUMN, _("Đơn vị tính: hồ sơ"), italic=True, align=Alignment(horizontal="right"))


def _table_header(sheet) -> int:
    top = HEADER_TOP
    bold = {"bold": True, "align": CENTRE, "box": True, "size": 11}
    _merged(sheet, top, 1, top + 2, 1, _("STT"), **bold)
    _merged(sheet, top, 2, top + 2, 2, _("Lĩnh vực, công việc giải quyết theo cấp"), **bold)
    _merged(sheet, top, 3, top, 6, _("Số hồ sơ nhận giải quyết"), **bold)
    _merged(sheet, top, 7, top, LAST_COLUMN, _("Kết quả giải quyết"), **bold)
    _merged(sheet, top + 1, 3, top + 2, 3, _("Tổng số"), **bold)
    _merged(sheet, top + 1, 4, top + 1, 6, _("Trong đó"), **bold)
    _merged(sheet, top + 1, 7, top + 1, 10, _("Số hồ sơ đã giải quyết"), **bold)
    _merged(sheet, top + 1, 11, top + 1, LAST_COLUMN, _("Số hồ sơ đang giải quyết"), **bold)
    labels = (
        _("Trực tuyến"),
        _("Trực tiếp, dịch vụ bưu chính"),
        _("Từ kỳ trước chuyển sang"),
        _("Tổng số"),
        _("Trước hạn"),
        _("Đúng hạn"),
        _("Quá hạn"),
        _("Tổng số"),
        _("Trong hạn"),
        _("Quá hạn"),
    )
    for column, label in enumerate(labels, start=4):
        _write(sheet, top + 2, column, label, **bold)
    for column in range(1, LAST_COLUMN + 1):
        _write(sheet, top + 3, column, f"({column})", italic=True, align=CENTRE, box=True, size=11)
    return top + 4


def _figures(sheet, row: int, number: str, label: str, cells: Cells, *, bold: bool) -> None:
    _write(sheet, row, 1, number, bold=bold, align=CENTRE, box=True, size=11)
    _write(sheet, row, 2, label, bold=bold, box=True, size=11)
    for column, name in enumerate(CELL_NAMES, start=3):
        _write(sheet, row, column, getattr(cells, name), bold=bold, align=CENTRE, box=True, size=11)


def _signatures(sheet, row: int, heading: Heading, today: datetime.date) -> None:
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    date_line = _("%(place)s, ngày %(day)s tháng %(month)s năm %(year)s") % {
        "place": heading.place or "…",
        "day": f"{today.day:02d}",
        "month": f"{today.month:02d}",
        "year": today.year,
    }
    _merged(sheet, row, 9, row, LAST_COLUMN, date_line, italic=True, align=centre)
    _merged(sheet, row + 1, 1, row + 1, 4, _("NGƯỜI LẬP BIỂU"), bold=True, align=centre)
    _merged(sheet, row + 1, 9, row + 1, LAST_COLUMN, _("THỦ TRƯỞNG ĐƠN VỊ"), bold=True, align=centre)
    _merged(sheet, row + 2, 1, row + 2, 4, _("(Ký, ghi rõ họ tên)"), italic=True, align=centre)
    _merged(sheet, row + 2, 9, row + 2, LAST_COLUMN, _("(Ký, đóng dấu, ghi rõ họ tên)"), italic=True, align=centre)
    if heading.prepared_by:
        _merged(sheet, row + 6, 1, row + 6, 4, heading.prepared_by, bold=True, align=centre)


def workbook(report: II06aReport, heading: Heading) -> bytes:
    """The form as XLSX bytes."""
    book = Workbook()
    sheet = book.active
    sheet.title = "II.06a"
    for column, width in WIDTHS.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    _heading(sheet, report, heading)
    row = _table_header(sheet)
    sheet.freeze_panes = sheet.cell(row=row, column=3)
    _figures(sheet, row, "", _("Tổng cộng"), report.total, bold=True)
    for line in report.rows:
        row += 1
        is_field = line.level == Row.FIELD
        label = line.label if is_field else f"{line.label} ({line.code})"
        _figures(sheet, row, line.number, label, line.cells, bold=is_field)
    _signatures(sheet, row + 2, heading, timezone.localdate())
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
