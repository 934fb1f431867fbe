"""The REST API (django-ninja), version 1. Every endpoint checks the caller and goes through accounts.scope."""

from ninja import NinjaAPI, Schema
from ninja.security import SessionAuth

from motcua.accounts.scope import visible_agencies

api = NinjaAPI(title="MotCua API", version="1", urls_namespace="api", auth=SessionAuth())


class AgencyOut(Schema):
    id: int
    name: str
    kind: str
    electronic_id: str | None
    unit_code: str
    unit_name: str


@api.get("/agencies", response=list[AgencyOut], summary="Cơ quan trong phạm vi của người dùng")
def list_agencies(request, limit: int = 100, offset: int = 0):
    limit = max(1, min(limit, 500))
    agencies = visible_agencies(request.auth).select_related("unit").order_by("pk")[offset : offset + limit]
    return [
        AgencyOut(
            id=a.pk,
            name=a.name,
            kind=a.kind,
            electronic_id=a.electronic_id,
            unit_code=a.unit.code,
            unit_name=a.unit.name,
        )
        for a in agencies
    ]
