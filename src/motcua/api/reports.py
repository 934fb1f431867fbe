"""Report endpoints of the REST API (read only).

`GET /api/v1/reports/06a?agency=<id>&from=YYYY-MM-DD&to=YYYY-MM-DD` (or `unit=<id>` for an area): form II.06a with
the same cells as the staff page and the XLSX (motcua.reports.ii06a.build). 403 for a caller who is not staff,
404 when the agency or unit is not in the caller's scope, 422 for a bad choice or period.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema

from motcua.accounts.decorators import is_staff_member
from motcua.api.errors import NotFound
from motcua.api.schemas import errors
from motcua.api.types import Day, Id
from motcua.core.replica import reads_from_replica
from motcua.reports import ii06a
from motcua.reports.areas import resolve

router = Router(tags=["reports"])
MAX_DAYS = 5 * 366


class II06aQuery(Schema):
    agency: Id | None = Field(None, description="Cơ quan (gồm các cơ quan trực thuộc).")
    unit: Id | None = Field(None, description="Địa bàn: đơn vị hành chính, gồm đơn vị cấp dưới và đơn vị cũ.")
    start: Day = Field(alias="from", description="Ngày đầu kỳ báo cáo (giờ Việt Nam).")
    end: Day = Field(alias="to", description="Ngày cuối kỳ báo cáo, tính cả ngày đó.")


class CellsOut(Schema):
    received_total: int
    received_online: int
    received_direct: int
    carried_over: int
    resolved_total: int
    resolved_early: int
    resolved_on_time: int
    resolved_late: int
    pending_total: int
    pending_within: int
    pending_overdue: int


class RowOut(Schema):
    level: str = Field(description="field (lĩnh vực) or procedure (thủ tục).")
    number: str
    label: str
    code: str
    field_id: int
    procedure_id: int | None
    cells: CellsOut


class II06aOut(Schema):
    area: str
    agency_id: int | None
    unit_id: int | None
    start: datetime.date = Field(serialization_alias="from")
    end: datetime.date = Field(serialization_alias="to")
    agency_ids: list[int]
    total: CellsOut
    rows: list[RowOut]


def _check(query: II06aQuery) -> None:
    if (query.agency is None) == (query.unit is None):
        raise ValidationError({"agency": gettext("Hãy chọn một cơ quan (agency) hoặc một địa bàn (unit).")})
    if query.start > query.end:
        raise ValidationError({"from": gettext("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.")})
    if (query.end - query.start).days > MAX_DAYS:
        raise ValidationError({"to": gettext("Kỳ báo cáo dài nhất là 5 năm.")})


@router.get(
    "/reports/06a",
    response={200: II06aOut, **errors((401, 403, 404, 422))},
    by_alias=True,
    summary="Biểu số II.06a: tình hình giải quyết TTHC",
)
@reads_from_replica
def report_06a(request, query: Query[II06aQuery]):
    user = request.auth
    if not is_staff_member(user):
        raise PermissionDenied(gettext("Báo cáo dành cho cán bộ, công chức."))
    _check(query)
    area = resolve(user, agency_id=query.agency, unit_id=query.unit)
    if area is None:
        raise NotFound(gettext("Không có cơ quan hoặc địa bàn này trong phạm vi của bạn."))
    report = ii06a.build(area.agency_ids, query.start, query.end)
    return {
        "area": area.name,
        "agency_id": area.agency.pk if area.agency else None,
        "unit_id": area.unit.pk if area.unit else None,
        "start": report.start,
        "end": report.end,
        "agency_ids": list(report.agency_ids),
        "total": report.total.as_dict(),
        "rows": [
            {
                "level": row.level,
                "number": row.number,
                "label": row.label,
                "code": row.code,
                "field_id": row.field_id,
                "procedure_id": row.procedure_id,
                "cells": row.cells.as_dict(),
            }
            for row in report.rows
        ],
    }
