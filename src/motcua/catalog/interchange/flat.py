"""The flat parts of the catalog as a table (CSV or XLSX): one row per procedure version.

Columns are the published key facts a spreadsheet user needs; the full content is only in the JSON format.
"""

import csv
import io

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Font

from motcua.catalog.models import Channel, Level, OnlineLevel, ProcedureVersion
from motcua.core.spreadsheet import safe_cell, safe_csv

from .exporter import version_to_record, versions_for_export

COLUMNS = [
    ("code", "Mã thủ tục"),
    ("version", "Phiên bản"),
    ("status", "Trạng thái"),
    ("name", "Tên thủ tục"),
    ("field", "Lĩnh vực"),
    ("levels", "Cấp thực hiện"),
    ("online_level", "Mức độ DVC trực tuyến"),
    ("time_direct", "Thời hạn – trực tiếp"),
    ("time_online", "Thời hạn – trực tuyến"),
    ("time_postal", "Thời hạn – bưu chính"),
    ("fees", "Phí, lệ phí"),
    ("publication_decision", "Quyết định công bố"),
    ("valid_from", "Hiệu lực từ"),
    ("valid_until", "Hiệu lực đến"),
]
UNIT_LABELS = {"working_days": "ngày làm việc", "working_hours": "giờ làm việc", "days": "ngày"}


def time_label(method: dict) -> str:
    """ "5 ngày làm việc", "trong ngày (sau 15:00 trả ngày làm việc tiếp theo)", or the published text."""
    time = method["time"]
    if time is None:
        return method["time_text"]
    if time["unit"] == "same_day":
        return f"trong ngày (sau {time['cutoff']} trả ngày làm việc tiếp theo)"
    return f"{time['amount']} {UNIT_LABELS[time['unit']]}"


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def fees_label(record: dict) -> str:
    if record["fee_exempt"]:
        return "Miễn phí, lệ phí"
    parts = []
    for fee in record["fees"]:
        amount = "miễn" if fee["exempt"] else (_vnd(fee["amount_vnd"]) if fee["amount_vnd"] is not None else "")
        channel = f" ({Channel(fee['channel']).label.lower()})" if fee["channel"] else ""
        parts.append(f"{fee['name']}{channel}: {amount}".rstrip(": "))
    if parts:
        return "; ".join(parts)
    return "; ".join(dict.fromkeys(m["fee_text"] for m in record["methods"] if m["fee_text"]))


# The table's words are Vietnamese whatever the user reads in: flat_import reads them back.
@translation.override("vi")
def flat_row(record: dict) -> dict[str, object]:
    times = {}
    for method in record["methods"]:
        times.setdefault(method["channel"], []).append(time_label(method))
    decision = record["publication_decision"]
    online = str(OnlineLevel(record["online_level"]).label)
    if record["legacy_online_level"]:
        online = f"{online} (mức độ {record['legacy_online_level']} cũ)"
    return {
        "code": record["code"],
        "version": record["version"],
        "status": str(ProcedureVersion.Status(record["status"]).label),
        "name": record["name"],
        "field": record["field"]["name"],
        "levels": ", ".join(str(Level(level).label) for level in record["levels"]),
        "online_level": online,
        **{f"time_{channel}": "; ".join(dict.fromkeys(times.get(channel, []))) for channel in Channel.values},
        "fees": fees_label(record),
        "publication_decision": decision["number"] if decision else "",
        "valid_from": record["valid_from"] or "",
        "valid_until": record["valid_until"] or "",
    }


def flat_rows(queryset=None):
    for version in versions_for_export(queryset).iterator(chunk_size=500):
        yield flat_row(version_to_record(version))


def write_csv(stream, queryset=None) -> None:
    """CSV with a header of Vietnamese column titles (UTF-8; write a BOM first if Excel must open it)."""
    writer = csv.writer(stream)
    writer.writerow([title for _, title in COLUMNS])
    for row in flat_rows(queryset):
        writer.writerow([safe_csv(row[key]) for key, _ in COLUMNS])


def csv_text(queryset=None) -> str:
    stream = io.StringIO()
    write_csv(stream, queryset)
    return stream.getvalue()


def write_xlsx(stream, queryset=None) -> None:
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = "Danh mục thủ tục"
    sheet.append([title for _, title in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in flat_rows(queryset):
        sheet.append([safe_cell(sheet, row[key]) for key, _ in COLUMNS])
    sheet.column_dimensions["D"].width = 80
    workbook.save(stream)
