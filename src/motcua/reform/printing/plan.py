"""A reform plan and its progress (kế hoạch và tiến độ thực hiện) as XLSX (openpyxl) and DOCX, from one context."""

import io

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from motcua.core.spreadsheet import keep_text
from motcua.documents.dossier_forms.common import letterhead
from motcua.documents.dossier_forms.formats import day
from motcua.reform.models import ReformPlan, TaskUpdate
from motcua.reform.printing import word
from motcua.reform.services import plans

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
COLUMN_WIDTHS = [6, 50, 25, 12, 30, 16, 10, 10, 50]


def context(plan: ReformPlan, today=None) -> dict:
    today = today or timezone.localdate()
    groups = plans.tasks_by_area(plan, today)
    latest = {}
    for update in TaskUpdate.objects.filter(task__plan=plan).order_by("reported_at"):
        latest[update.task_id] = update
    counts = plans.task_counts([task for group in groups for task in group.tasks], today)
    return {
        "head": letterhead(plan.agency, plan.issued_on),
        "number": gettext("Số: %(number)s") % {"number": plan.number} if plan.number else "",
        "title": plan.title.upper(),
        "subtitle": gettext("%(kind)s năm %(year)s – tiến độ đến ngày %(date)s")
        % {"kind": plan.get_kind_display(), "year": plan.year, "date": day(today)},
        "summary": gettext(
            "%(total)s nhiệm vụ: hoàn thành %(done)s, đang thực hiện %(in_progress)s, chưa thực hiện %(not_started)s, "
            "không thực hiện %(cancelled)s; quá hạn %(overdue)s."
        )
        % counts.__dict__,
        "groups": [
            {
                "label": group.label,
                "tasks": [
                    {
                        "title": task.title,
                        "owner": task.owner,
                        "deadline": day(task.deadline),
                        "output": task.expected_output,
                        "status": task.get_status_display(),
                        "progress": task.progress,
                        "overdue": gettext("Quá hạn") if task.overdue else "",
                        "latest": latest[task.pk].note if task.pk in latest else "",
                    }
                    for task in group.tasks
                ],
            }
            for group in groups
        ],
        "columns": [
            gettext("STT"),
            gettext("Nhiệm vụ"),
            gettext("Chủ trì"),
            gettext("Thời hạn"),
            gettext("Sản phẩm dự kiến"),
            gettext("Tình trạng"),
            gettext("Tiến độ (%)"),
            gettext("Quá hạn"),
            gettext("Kết quả thực hiện gần nhất"),
        ],
    }


def _rows(values: dict):
    """(is_area_heading, cells) in print order, numbering tasks through the whole plan."""
    number = 0
    for group in values["groups"]:
        yield True, [group["label"]]
        for task in group["tasks"]:
            number += 1
            yield (
                False,
                [
                    number,
                    task["title"],
                    task["owner"],
                    task["deadline"],
                    task["output"],
                    task["status"],
                    task["progress"],
                    task["overdue"],
                    task["latest"],
                ],
            )


def xlsx(plan: ReformPlan, today=None) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        values = context(plan, today)
        sheet_title = gettext("Kế hoạch")[:31]
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title
    width = len(values["columns"])
    last = get_column_letter(width)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for line, (text, bold) in enumerate(
        [(plan.agency.name, True), (plan.title, True), (values["subtitle"], False), (values["summary"], False)], 1
    ):
        sheet.merge_cells(f"A{line}:{last}{line}")
        sheet[f"A{line}"] = text
        keep_text(sheet[f"A{line}"]).font = Font(bold=bold)
        sheet[f"A{line}"].alignment = Alignment(horizontal="center", wrap_text=True)
    header_row = 6
    for column, label in enumerate(values["columns"], 1):
        cell = sheet.cell(row=header_row, column=column, value=label)
        cell.font, cell.border = Font(bold=True), border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    row = header_row
    for heading, cells in _rows(values):
        row += 1
        if heading:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            keep_text(sheet.cell(row=row, column=1, value=cells[0])).font = Font(bold=True)
            continue
        for column, value in enumerate(cells, 1):
            cell = keep_text(sheet.cell(row=row, column=column, value=value))
            cell.border = border
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for column, size in enumerate(COLUMN_WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(column)].width = size
    sheet.freeze_panes = f"A{header_row + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx(plan: ReformPlan, today=None) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        values = context(plan, today)
        doc = word.new_document()
        word.letterhead(doc, values["head"], values["number"], values["title"], values["subtitle"])
        word.para(doc, values["summary"], indent=True, align=word.JUSTIFY)
        header = [values["columns"][i] for i in (0, 1, 2, 3, 5)]
        for group in values["groups"]:
            word.para(doc, (group["label"], "b"))
            rows = []
            for heading, cells in _rows({"groups": [group]}):
                if not heading:
                    status = cells[5] + (f" ({cells[6]}%)" if cells[6] else "") + (f"\n{cells[7]}" if cells[7] else "")
                    rows.append([str(cells[0]), cells[1], cells[2], cells[3], status])
            word.grid(doc, header, rows, [10, 70, 35, 22, 28])
        return word.to_bytes(doc)


def filename(plan: ReformPlan, fmt: str) -> str:
    return f"ke-hoach-{plan.kind}-{plan.year}-{plan.agency_id}.{fmt}"
