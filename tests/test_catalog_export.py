"""export_catalog: JSON in the interchange format, and the flat parts as CSV and XLSX read back by real readers."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from motcua.catalog.interchange.exporter import export_document
from motcua.catalog.interchange.flat import COLUMNS
from motcua.catalog.interchange.importer import import_data, read_file
from motcua.demo.catalog_seed import CATALOG_FILE

pytestmark = pytest.mark.django_db

HEADER = [title for _, title in COLUMNS]


@pytest.fixture
def catalog():
    import_data(read_file(CATALOG_FILE), status="published", valid_from="2025-07-01")


def rows_by_code(rows: list[list]) -> dict[str, dict]:
    return {row[0]: dict(zip(HEADER, row, strict=True)) for row in rows}


def test_json_command_writes_the_documented_format(catalog, tmp_path):
    path = tmp_path / "catalog.json"
    call_command("export_catalog", "--output", str(path))

    written = json.loads(path.read_text(encoding="utf-8"))
    assert written == export_document()
    assert len(written["procedures"]) == 240
    assert "Thủ tục đăng ký khai sinh" in path.read_text(encoding="utf-8")  # UTF-8, not \\u escapes


def test_json_to_stdout_and_status_filter(catalog):
    out = io.StringIO()
    call_command("export_catalog", "--status", "draft", stdout=out)
    assert json.loads(out.getvalue())["procedures"] == []


def test_csv_reads_back_with_the_csv_module(catalog, tmp_path):
    path = tmp_path / "catalog.csv"
    call_command("export_catalog", "--format", "csv", "--output", str(path))

    with open(path, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == HEADER
    assert len(rows) == 241
    by_code = rows_by_code(rows[1:])
    birth = by_code["1.001193"]
    assert birth["Tên thủ tục"] == "Thủ tục đăng ký khai sinh"
    assert birth["Cấp thực hiện"] == "Cấp xã"
    assert birth["Thời hạn – trực tiếp"] == "trong ngày (sau 15:00 trả ngày làm việc tiếp theo)"
    assert birth["Quyết định công bố"] == "163/QĐ-BTP"
    assert birth["Hiệu lực từ"] == "2025-07-01" and birth["Hiệu lực đến"] == ""
    mediation = by_code["1.012812"]
    assert (mediation["Thời hạn – trực tiếp"], mediation["Thời hạn – bưu chính"]) == ("40 ngày", "30 ngày")
    assert mediation["Thời hạn – trực tuyến"] == ""
    assert by_code["2.000815"]["Phí, lệ phí"] == "Phí (trực tiếp): 2.000 đồng"


def test_xlsx_cells(catalog, tmp_path):
    path = tmp_path / "catalog.xlsx"
    call_command("export_catalog", "--format", "xlsx", "--output", str(path))

    sheet = load_workbook(path).active
    assert sheet.title == "Danh mục thủ tục"
    assert [cell.value for cell in sheet[1]] == HEADER
    assert sheet.max_row == 241
    by_code = rows_by_code([[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)])
    guardianship = by_code["1.004837"]
    assert guardianship["Phiên bản"] == 1
    assert guardianship["Trạng thái"] == "Đã công bố"
    assert guardianship["Thời hạn – trực tuyến"] == "3 ngày làm việc"
    assert by_code["1.001776"]["Mức độ DVC trực tuyến"] == "Toàn trình (mức độ 4 cũ)"
    assert by_code["2.000913"]["Phí, lệ phí"] == "Phí: 30.000 đồng"


def test_xlsx_needs_an_output_file(catalog):
    with pytest.raises(CommandError, match="XLSX cần --output"):
        call_command("export_catalog", "--format", "xlsx")
