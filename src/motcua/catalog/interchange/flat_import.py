"""Reading the flat table (CSV or XLSX, as written by flat.py) back into the catalog.

A row only carries the key facts, so it is merged into the full record of the latest version of its code (or a
new, minimal record for a code the catalog does not have) and the result goes through the same importer as the
JSON format: the same checks, the same "unchanged / new version" rules, the same all-or-nothing behaviour.
The fees column is derived text and is not read back: fees are edited in the JSON format or the staff pages.
"""

import csv
import io
import re

from django.utils import translation
from openpyxl import load_workbook

from motcua.catalog.models import Channel, Level, OnlineLevel, ProcedureVersion
from motcua.core.spreadsheet import unescape_csv

from .exporter import version_to_record, versions_for_export
from .flat import COLUMNS, UNIT_LABELS, time_label
from .importer import CatalogFileError

TITLES = {title: key for key, title in COLUMNS}
EDITABLE = {"name", "field", "levels", "online_level", "publication_decision", "valid_from", "valid_until"}
# The table's labels are Vietnamese (flat.py writes them so), whatever the user reads in.
with translation.override("vi"):
    LEVELS_BY_LABEL = {level.label.lower(): level.value for level in Level}
    ONLINE_BY_LABEL = {level.label.lower(): level.value for level in OnlineLevel}
    STATUS_BY_LABEL = {status.label.lower(): status.value for status in ProcedureVersion.Status}
UNITS_BY_LABEL = {label: unit for unit, label in UNIT_LABELS.items()}
AMOUNT_RE = re.compile(r"^(\d+(?:[.,]\d+)?) (ngày làm việc|giờ làm việc|ngày)$")
SAME_DAY_RE = re.compile(r"^trong ngày \(sau (\d{1,2}:\d{2}) trả ngày làm việc tiếp theo\)$")
LEGACY_RE = re.compile(r"^(.*?) \(mức độ (\d) cũ\)$")


def read_table(content: bytes, file_name: str) -> list[dict[str, str]]:
    """The rows of a CSV or XLSX file as {column key: text}; the header holds the titles (or the keys)."""
    if file_name.lower().endswith(".xlsx"):
        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
            raise CatalogFileError(f"Không đọc được tệp Excel: {error}.") from None
        rows = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CatalogFileError("Tệp CSV phải mã hóa UTF-8.") from None
        rows = [[unescape_csv(cell) for cell in row] for row in csv.reader(io.StringIO(text))]
    if not rows:
        raise CatalogFileError("Tệp không có dòng tiêu đề.")
    header = [TITLES.get(title.strip(), title.strip()) for title in rows[0]]
    if "code" not in header:
        raise CatalogFileError(f"Tệp thiếu cột «{dict(COLUMNS)['code']}».")
    return [dict(zip(header, (cell.strip() for cell in row), strict=False)) for row in rows[1:] if any(row)]


def _time(label: str) -> tuple[dict | None, str]:
    """(structured time, published text) from a cell label like "5 ngày làm việc"."""
    if match := SAME_DAY_RE.match(label):
        return {"amount": None, "unit": "same_day", "cutoff": match[1]}, ""
    if match := AMOUNT_RE.match(label):
        amount = float(match[1].replace(",", "."))
        return {"amount": int(amount) if amount.is_integer() else amount, "unit": UNITS_BY_LABEL[match[2]]}, ""
    return None, label


def _methods(base: list[dict], row: dict[str, str]) -> list[dict]:
    """The base methods, with each channel whose cell was edited replaced where that channel stood (order kept)."""
    replaced: dict[str, list[dict]] = {}
    for channel in Channel.values:
        cell = row.get(f"time_{channel}")
        existing = [m for m in base if m["channel"] == channel]
        if cell is None or cell == "; ".join(dict.fromkeys(time_label(m) for m in existing)):
            continue  # column absent or unchanged
        template = existing[0] if existing else {"fee_text": "", "description": "", "time_text": ""}
        replaced[channel] = []
        for label in filter(None, (part.strip() for part in cell.split(";"))):
            time, text = _time(label)
            replaced[channel].append(
                {**template, "channel": channel, "time": time, "time_text": text or template["time_text"]}
            )
    methods = []
    for method in base:
        if method["channel"] not in replaced:
            methods.append(method)
        elif not any(m["channel"] == method["channel"] for m in methods):
            methods += replaced[method["channel"]]
    # A channel the version did not have comes last.
    present = {m["channel"] for m in base}
    for channel, new in replaced.items():
        if channel not in present:
            methods += new
    return methods


def _online(cell: str, record: dict) -> None:
    legacy = None
    if match := LEGACY_RE.match(cell):
        cell, legacy = match[1], int(match[2])
    record["online_level"] = ONLINE_BY_LABEL.get(cell.lower(), cell)
    record["legacy_online_level"] = legacy


def row_to_record(row: dict[str, str], base: dict | None) -> dict:
    """The raw record for one row: the latest version's record with the row's editable columns applied."""
    record = dict(base) if base else {"code": row["code"], "status": "draft", "methods": []}
    if row.get("status"):
        record["status"] = STATUS_BY_LABEL.get(row["status"].lower(), row["status"])
    for key in EDITABLE & row.keys():
        cell = row[key]
        if key == "field":
            same = base and base["field"]["name"] == cell
            record["field"] = base["field"] if same else cell
        elif key == "levels":
            record["levels"] = [
                LEVELS_BY_LABEL.get(part.strip().lower(), part.strip()) for part in cell.split(",") if part.strip()
            ]
        elif key == "online_level":
            _online(cell, record)
        elif key == "publication_decision":
            decision = (base or {}).get("publication_decision") or {}
            record["publication_decision"] = {**decision, "number": cell} if cell else None
        else:
            record[key] = cell or None
    record["methods"] = _methods(record.get("methods", []), row)
    return record


def records_from_table(rows: list[dict[str, str]]) -> list[dict]:
    codes = {row["code"] for row in rows}
    latest: dict[str, dict] = {}
    # Ascending version numbers: the last record kept for a code is its latest version.
    for version in versions_for_export(ProcedureVersion.objects.filter(procedure__code__in=codes)):
        latest[version.procedure.code] = version_to_record(version)
    return [row_to_record(row, latest.get(row["code"])) for row in rows]
