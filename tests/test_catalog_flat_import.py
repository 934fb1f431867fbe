"""The flat table (CSV/XLSX) read back: a round trip changes nothing; an edited cell makes a new version."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from motcua.catalog.interchange.flat import COLUMNS, csv_text
from motcua.catalog.interchange.flat_import import read_table, records_from_table
from motcua.catalog.interchange.importer import import_data, import_records, read_file
from motcua.catalog.models import ProcedureVersion
from motcua.demo.catalog_seed import CATALOG_FILE

pytestmark = pytest.mark.django_db
TITLE = dict(COLUMNS)


@pytest.fixture
def catalog():
    import_data(read_file(CATALOG_FILE), status="published", valid_from="2025-07-01")


def test_xlsx_round_trip_is_unchanged(catalog, tmp_path):
    path = tmp_path / "danh-muc.xlsx"
    call_command("export_catalog", "--format", "xlsx", "--output", str(path))
    records = records_from_table(read_table(path.read_bytes(), path.name))
    assert len(records) == 240
    report = import_records(records)
    assert report.counts["unchanged"] == 240
    assert report.counts["rejected"] == 0


def test_an_edited_time_cell_makes_a_new_version_of_that_procedure_only(catalog, tmp_path):
    rows = list(csv.DictReader(io.StringIO(csv_text())))
    edited = next(row for row in rows if row[TITLE["time_direct"]] == "5 ngày làm việc")
    code = edited[TITLE["code"]]
    edited[TITLE["time_direct"]] = "3 ngày làm việc"
    path = tmp_path / "danh-muc.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    call_command("import_catalog", str(path))
    versions = ProcedureVersion.objects.filter(procedure__code=code).order_by("number")
    assert [v.number for v in versions] == [1, 2]
    new = versions.last()
    direct = [m.duration_label for m in new.methods.filter(channel="direct")]
    assert direct == ["3 ngày làm việc"]
    # Everything the flat table does not carry is kept from version 1.
    assert new.documents.count() == versions.first().documents.count()
    assert ProcedureVersion.objects.count() == 241


def test_bad_cells_are_rejected_and_nothing_is_written(catalog, tmp_path):
    path = tmp_path / "danh-muc.xlsx"
    call_command("export_catalog", "--format", "xlsx", "--output", str(path))
    workbook = load_workbook(path)
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=header.index(TITLE["levels"]) + 1, value="Cấp huyện")
    sheet.cell(row=3, column=header.index(TITLE["name"]) + 1, value="Tên đã sửa")
    workbook.save(path)
    with pytest.raises(CommandError, match="không ghi gì"):
        call_command("import_catalog", str(path))
    assert ProcedureVersion.objects.count() == 240
    assert not ProcedureVersion.objects.filter(name="Tên đã sửa").exists()


def test_a_new_code_becomes_a_draft_with_its_flat_parts(db, tmp_path):
    path = tmp_path / "moi.csv"
    path.write_text(
        ",".join(title for _, title in COLUMNS) + "\n"
        "9.000001,,Dự thảo,Thủ tục thử nghiệm,Hộ tịch,Cấp xã,Một phần,2 ngày làm việc,,,,,,\n",
        encoding="utf-8",
    )
    call_command("import_catalog", str(path))
    version = ProcedureVersion.objects.get(procedure__code="9.000001")
    assert (version.status, version.name, version.field.name, version.levels) == (
        "draft",
        "Thủ tục thử nghiệm",
        "Hộ tịch",
        ["commune"],
    )
    assert version.online_level == "partial"
    assert [m.duration_label for m in version.methods.all()] == ["2 ngày làm việc"]


def test_a_file_without_the_code_column_is_refused(db, tmp_path):
    path = tmp_path / "sai.csv"
    path.write_text("Tên thủ tục\nA\n", encoding="utf-8")
    with pytest.raises(CommandError, match="thiếu cột «Mã thủ tục»"):
        call_command("import_catalog", str(path))
