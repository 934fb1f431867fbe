"""No exported spreadsheet runs what a citizen typed (issue 16 item 4; motcua.core.spreadsheet).

An applicant named `=HYPERLINK("http://x","y")` became a live formula in the XLSX of the report lists and stayed raw
in the CSV. Every export now writes text starting with = + - @ (or a tab or carriage return) as text: in XLSX a
string cell with Excel's quote prefix, the text unchanged; in CSV the text after an apostrophe. Each file is opened
with a real reader (openpyxl, the csv module): the report lists, form II.06a, the catalog (whose import reads its
own CSV back), the survey legend and the reform plan."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from dossier_helpers import UBND, user
from motcua.catalog.interchange import flat
from motcua.catalog.interchange.flat_import import read_table
from motcua.catalog.interchange.importer import import_data, read_file
from motcua.catalog.models import ProcedureVersion
from motcua.core.spreadsheet import keep_text, needs_escape, safe_cell, safe_csv, unescape_csv
from motcua.demo.catalog_seed import CATALOG_FILE
from motcua.dossiers.models import Dossier
from motcua.feedback import surveys
from motcua.feedback.survey_export import questions_csv
from motcua.orgs.models import Agency
from motcua.reform.models import Area, ReformPlan
from motcua.reform.printing import plan as plan_printing
from motcua.reform.services import plans
from motcua.reports.ii06a import Cells, II06aReport, Row
from motcua.reports.xlsx_ii06a import Heading, workbook
from reports_scenario import build_scenario

FORMULA = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize("text", [FORMULA, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_a_spreadsheet_would_run_is_escaped_and_comes_back(text):
    assert needs_escape(text)
    assert safe_csv(text) == "'" + text
    assert unescape_csv(safe_csv(text)) == text


@pytest.mark.parametrize("value", ["Nguyễn Văn An", "'quoted", "", None, 5, -5, 1.5, "1-2"])
def test_everything_else_is_left_alone(value):
    assert not needs_escape(value)
    assert safe_csv(value) == value
    if isinstance(value, str):
        assert unescape_csv(value) == value


def test_an_xlsx_cell_keeps_the_text_as_a_string():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([safe_cell(sheet, FORMULA), safe_cell(sheet, "thường"), safe_cell(sheet, 7)])
    keep_text(sheet.cell(row=2, column=1, value="=1+1"))
    output = io.BytesIO()
    book.save(output)
    read = openpyxl.load_workbook(io.BytesIO(output.getvalue())).active
    assert [(c.value, c.data_type) for c in read[1]] == [(FORMULA, "s"), ("thường", "s"), (7, "n")]
    assert read["A1"].quotePrefix and not read["B1"].quotePrefix
    assert (read["A2"].value, read["A2"].data_type) == ("=1+1", "s")


@pytest.fixture
def scenario(demo):
    return build_scenario()


def list_download(client, fmt: str):
    unit = f"u{Agency.objects.get(name=UBND).unit_id}"
    params = {"tu": "2026-03-01", "den": "2026-03-31", "pham_vi": unit, "dinh-dang": fmt}
    return client.get(reverse("desk:report-list", args=["tra-lai"]), params)


def test_an_applicant_named_like_a_formula_in_the_report_lists(scenario, login_as):
    Dossier.objects.filter(pk=scenario["R"].pk).update(applicant_name=FORMULA)
    client = login_as("thanhtra.hanoi")

    sheet = openpyxl.load_workbook(io.BytesIO(list_download(client, "xlsx").content)).active
    cells = [cell for row in sheet.iter_rows(min_row=5) for cell in row if cell.value == FORMULA]
    assert len(cells) == 1
    assert cells[0].data_type == "s" and cells[0].quotePrefix  # text, not a formula
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)

    table = list(csv.reader(io.StringIO(list_download(client, "csv").content.decode("utf-8-sig"))))
    applicant = table[0].index("Người nộp")
    names = [row[applicant] for row in table[1:]]
    assert "'" + FORMULA in names and FORMULA not in names


def test_the_ii06a_workbook_writes_names_as_text():
    cells = Cells(1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0)
    rows = (
        Row(Row.FIELD, "I", "@Lĩnh vực", 1, None, "", cells),
        Row(Row.PROCEDURE, "1", FORMULA, 1, 10, "1.002211", cells),
    )
    report = II06aReport((1,), datetime.date(2026, 1, 1), datetime.date(2026, 3, 31), rows, cells)
    sheet = openpyxl.load_workbook(io.BytesIO(workbook(report, Heading(reporting_unit="=cmd|' /C calc'!A0")))).active
    written = {cell.value: cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    procedure = written[f"{FORMULA} (1.002211)"]  # the procedure's name, then its code
    assert procedure.data_type == "s" and procedure.quotePrefix and written["@Lĩnh vực"].data_type == "s"
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.django_db
def test_the_catalog_export_escapes_and_its_import_reads_the_names_back():
    import_data(read_file(CATALOG_FILE), status="published", valid_from="2025-07-01")
    version = ProcedureVersion.objects.filter(procedure__code="1.001193").latest("pk")
    ProcedureVersion.objects.filter(pk=version.pk).update(name=FORMULA)
    other = ProcedureVersion.objects.filter(procedure__code="1.012812").latest("pk")
    ProcedureVersion.objects.filter(pk=other.pk).update(name="- Thủ tục có gạch đầu dòng")

    text = flat.csv_text()
    rows = {row[0]: row for row in csv.reader(io.StringIO(text))}
    name = [title for _, title in flat.COLUMNS].index("Tên thủ tục")
    assert rows["1.001193"][name] == "'" + FORMULA
    assert rows["1.012812"][name] == "'- Thủ tục có gạch đầu dòng"
    back = {row["code"]: row["name"] for row in read_table(text.encode(), "catalog.csv")}
    assert back["1.001193"] == FORMULA and back["1.012812"] == "- Thủ tục có gạch đầu dòng"

    output = io.BytesIO()
    flat.write_xlsx(output)
    sheet = openpyxl.load_workbook(io.BytesIO(output.getvalue())).active
    by_code = {row[0].value: row[name] for row in sheet.iter_rows(min_row=2)}
    assert (by_code["1.001193"].value, by_code["1.001193"].data_type) == (FORMULA, "s")
    back = {row["code"]: row["name"] for row in read_table(output.getvalue(), "catalog.xlsx")}
    assert back["1.001193"] == FORMULA


def test_the_survey_legend_escapes_question_texts(demo):
    survey = surveys.create_survey(
        user("lanhdao.hongvan"),
        Agency.objects.get(name=UBND),
        title="Khảo sát",
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2026, 6, 30),
    )
    question = survey.questions.order_by("order", "pk").first()
    type(question).objects.filter(pk=question.pk).update(text="=1+1 cộng")
    legend = list(csv.reader(io.StringIO(questions_csv(survey))))
    assert legend[1][3] == "'=1+1 cộng"


def test_the_reform_plan_workbook_writes_titles_and_tasks_as_text(demo):
    admin = user("quantri.hongvan")
    plan = plans.create_plan(
        admin, Agency.objects.get(name=UBND), year=2026, kind=ReformPlan.Kind.REFORM, title="+Kế hoạch CCHC 2026"
    )
    plans.add_task(
        admin, plan, area=Area.values[0], title=FORMULA, owner="-Văn phòng", deadline=datetime.date(2026, 12, 31)
    )
    sheet = openpyxl.load_workbook(io.BytesIO(plan_printing.xlsx(plan))).active
    written = {cell.value: cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    for text in ("+Kế hoạch CCHC 2026", FORMULA, "-Văn phòng"):
        assert written[text].data_type == "s" and written[text].quotePrefix, text
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
