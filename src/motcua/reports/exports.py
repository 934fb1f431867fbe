"""The inspection lists as tables (danh sách xuất Excel, CSV): the columns each list shows on screen and in files.

The screen, the CSV and the XLSX read the same columns, so what is printed is what was shown. CSV is UTF-8 with a
byte-order mark, which Excel needs to read Vietnamese correctly; datetimes are local (Asia/Ho_Chi_Minh).
"""

import csv
import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from motcua.core.spreadsheet import safe_cell, safe_csv
from motcua.dossiers import apology
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.reports import lists

DATETIME_FORMAT = "%d/%m/%Y %H:%M"
CHUNK = 2000


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object], object]
    width: int = 18


@dataclass(frozen=True)
class ListSpec:
    """One list: its address on screen (slug), its title, whether it covers a period, and its columns."""

    slug: str
    title: str
    periodic: bool
    columns: tuple[Column, ...]

    def values(self, item) -> list:
        return [column.value(item) for column in self.columns]


def local(moment: datetime.datetime | None) -> datetime.datetime | None:
    """A stored instant as the naive local time a spreadsheet cell holds."""
    return None if moment is None else timezone.localtime(moment).replace(tzinfo=None, microsecond=0)


def _procedure(dossier: Dossier) -> str:
    return f"{dossier.version.procedure.code} – {dossier.version.name}"


def _days_overdue(dossier: Dossier) -> int:
    return (timezone.now() - dossier.missed_at).days


def _apology(dossier: Dossier) -> str:
    """No letter, a late letter or an on-time one (Decree 118 Art. 19.6; motcua.dossiers.apology), with its date."""
    standing = apology.standing(dossier.apology_at, dossier.apology_late)
    if dossier.apology_at is None:
        return standing.label
    return f"{standing.label}, {local(dossier.apology_at):%d/%m/%Y}"


def _legal_due(dossier: Dossier):
    """The deadline the dossier is judged against (ii06a.legal_due: before any extension), as column 10 judged it."""
    return local(dossier.legal_due)


def _new_appointment(dossier: Dossier):
    """The new appointment of the apology letter (Mẫu 04), if one was given; it does not make the dossier on time."""
    return local(dossier.extended_due_at)


CODE = Column(_("Mã hồ sơ"), str, 24)
PROCEDURE = Column(_("Thủ tục"), _procedure, 50)
APPLICANT = Column(_("Người nộp"), lambda d: d.applicant_name, 26)
COMPETENT = Column(_("Cơ quan giải quyết"), lambda d: d.competent_agency.name, 30)
RECEIVED = Column(_("Ngày tiếp nhận"), lambda d: local(d.received_at or d.submitted_at))

OVERDUE = ListSpec(
    "qua-han",
    _("Hồ sơ đang quá hạn"),
    False,
    (
        CODE,
        PROCEDURE,
        APPLICANT,
        COMPETENT,
        RECEIVED,
        Column(_("Hạn đã lỡ"), lambda d: local(d.missed_at)),
        Column(_("Trạng thái"), lambda d: str(d.get_state_display()), 24),
        Column(_("Số ngày quá hạn"), _days_overdue, 12),
        Column(_("Văn bản xin lỗi (Mẫu 04)"), _apology, 22),
    ),
)
LATE = ListSpec(
    "giai-quyet-tre-han",
    _("Hồ sơ giải quyết quá hạn trong kỳ"),
    True,
    (
        CODE,
        PROCEDURE,
        APPLICANT,
        COMPETENT,
        RECEIVED,
        Column(_("Hạn giải quyết"), _legal_due),
        Column(_("Hẹn lại (Mẫu 04)"), _new_appointment),
        Column(_("Có kết quả"), lambda d: local(d.resolved_at)),
        Column(_("Văn bản xin lỗi (Mẫu 04)"), _apology, 22),
    ),
)
RETURNS = ListSpec(
    "tra-lai",
    _("Hồ sơ yêu cầu bổ sung, từ chối trong kỳ"),
    True,
    (
        Column(_("Mã hồ sơ"), lambda e: str(e.dossier), 24),
        Column(_("Thủ tục"), lambda e: _procedure(e.dossier), 50),
        Column(_("Người nộp"), lambda e: e.dossier.applicant_name, 26),
        Column(_("Thời điểm"), lambda e: local(e.at)),
        Column(_("Nội dung"), lambda e: str(e.get_kind_display()), 30),
        Column(_("Lý do, thành phần cần bổ sung"), lists.reason_of, 60),
        Column(_("Người thực hiện"), lambda e: e.actor.get_full_name() if e.actor else "", 22),
    ),
)
LISTS = {spec.slug: spec for spec in (OVERDUE, LATE, RETURNS)}


def dossier_of(item) -> Dossier:
    return item.dossier if isinstance(item, DossierEvent) else item


def as_text(value) -> str:
    if isinstance(value, datetime.datetime):
        return f"{value:{DATETIME_FORMAT}}"
    return "" if value is None else str(value)


def to_csv(spec: ListSpec, items: Iterable) -> bytes:
    """UTF-8 with BOM, comma-separated, a header row then one row per item."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(column.header) for column in spec.columns])
    for item in items:
        writer.writerow([safe_csv(as_text(value)) for value in spec.values(item)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(spec: ListSpec, items: Iterable, heading: str) -> bytes:
    """One sheet: the title, what it covers (`heading`), the header row, then the rows, numbered. Streamed
    (write-only), so a province's list does not sit in memory as cell objects."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(spec.title)[:31])
    sheet.column_dimensions["A"].width = 6
    for index, column in enumerate(spec.columns, start=2):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.append([_styled(sheet, str(spec.title).upper(), bold=True)])
    sheet.append([safe_cell(sheet, heading)])
    sheet.append([])
    sheet.append([_styled(sheet, str(header), bold=True) for header in [_("STT"), *(c.header for c in spec.columns)]])
    for number, item in enumerate(items, start=1):
        sheet.append([number, *(_value_cell(sheet, value) for value in spec.values(item))])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _styled(sheet, value, *, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=bold)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _value_cell(sheet, value):
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "dd/mm/yyyy hh:mm"
        return cell
    return safe_cell(sheet, value)
