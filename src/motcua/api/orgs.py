"""Agencies and administrative units in the caller's scope (motcua.accounts.scope)."""

import datetime
from typing import Annotated

from django.db.models import QuerySet
from ninja import Query, Router, Schema

from motcua.accounts.scope import visible_agencies, visible_units
from motcua.api.schemas import READ, errors
from motcua.api.types import OFFSET_MAX, Line
from motcua.orgs.models import AdministrativeUnit

router = Router(tags=["Cơ quan, đơn vị hành chính"])

MAX_LIMIT = 500
Limit = Annotated[int, Query(100, ge=1, le=MAX_LIMIT, description=f"Số bản ghi mỗi trang (1–{MAX_LIMIT}).")]
Offset = Annotated[int, Query(0, ge=0, le=OFFSET_MAX, description="Bỏ qua bao nhiêu bản ghi đầu.")]


class AgencyOut(Schema):
    id: int
    name: str
    kind: str
    electronic_id: str | None
    unit_code: str
    unit_name: str
    parent_id: int | None


class UnitOut(Schema):
    id: int
    scheme: str
    level: int
    code: str
    name: str
    division_type: str
    parent_code: str | None
    valid_from: datetime.date | None
    valid_until: datetime.date | None


class AgencyPage(Schema):
    count: int
    items: list[AgencyOut]


class UnitPage(Schema):
    count: int
    items: list[UnitOut]


def _slice(queryset: QuerySet, limit: int, offset: int) -> tuple[int, list]:
    return queryset.count(), list(queryset[offset : offset + limit])


@router.get("/agencies", response={200: AgencyPage, **errors(READ)}, summary="Cơ quan trong phạm vi của người dùng")
def list_agencies(request, limit: Limit = 100, offset: Offset = 0):
    count, agencies = _slice(visible_agencies(request.auth).select_related("unit").order_by("pk"), limit, offset)
    return {
        "count": count,
        "items": [
            AgencyOut(
                id=a.pk,
                name=a.name,
                kind=a.kind,
                electronic_id=a.electronic_id,
                unit_code=a.unit.code,
                unit_name=a.unit.name,
                parent_id=a.parent_id,
            )
            for a in agencies
        ],
    }


class UnitFilters(Schema):
    scheme: AdministrativeUnit.Scheme | None = None
    level: AdministrativeUnit.Level | None = None
    parent: Line | None = None


@router.get(
    "/units", response={200: UnitPage, **errors(READ)}, summary="Đơn vị hành chính trong phạm vi của người dùng"
)
def list_units(request, filters: Query[UnitFilters], limit: Limit = 100, offset: Offset = 0):
    """Filter by scheme ("2025" or "legacy"), level (1 province, 2 district, 3 commune) and parent unit code."""
    units = visible_units(request.auth).select_related("parent").order_by("scheme", "level", "code")
    if filters.scheme is not None:
        units = units.filter(scheme=filters.scheme)
    if filters.level is not None:
        units = units.filter(level=filters.level)
    if filters.parent:
        units = units.filter(parent__code=filters.parent)
    count, page = _slice(units, limit, offset)
    return {
        "count": count,
        "items": [
            UnitOut(
                id=u.pk,
                scheme=u.scheme,
                level=u.level,
                code=u.code,
                name=u.name,
                division_type=u.division_type,
                parent_code=u.parent.code if u.parent_id else None,
                valid_from=u.valid_from,
                valid_until=u.valid_until,
            )
            for u in page
        ],
    }
