"""The official forms (Circular 03/2025/TT-VPCP, Annex I) as PDF or DOCX: Mẫu 01–06 of a dossier, Mẫu 07 of an
agency over a period. Rendered by motcua.documents.dossier_forms; readable by whoever may read the dossier or
agency (inspectors included)."""

import datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext
from ninja import Query, Router

from motcua.accounts.scope import visible_agencies
from motcua.api import present
from motcua.api.errors import NotFound
from motcua.documents.dossier_forms import (
    CONTENT_TYPES,
    FormNotAvailable,
    filename,
    render_form,
    render_tracking_book,
    tracking_book_filename,
)

router = Router(tags=["Biểu mẫu"])

Format = Literal["pdf", "docx"]
DossierForm = Literal["01", "02", "03", "04", "05", "06"]
DateFrom = Annotated[datetime.date, Query(..., alias="from", description="Từ ngày tiếp nhận, ví dụ 2026-11-01.")]
DateTo = Annotated[datetime.date, Query(..., alias="to", description="Đến hết ngày này.")]


def _file(content: bytes, name: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get(
    "/dossiers/{code_or_id}/forms/{form}",
    url_name="dossier_form",
    summary="Biểu mẫu của hồ sơ (Mẫu 01–06)",
    response={200: None},
)
def dossier_form(
    request,
    code_or_id: str,
    form: DossierForm,
    format: Query[Format] = "pdf",
    event: Query[int | None] = None,
):
    """01 receipt, 02 supplement request, 03 refusal, 04 apology and extension, 05 stop notice — from the event
    that produced them (the latest, or `event`); 06 the process control slip. 404 when the dossier has none."""
    dossier = present.find(request.auth, code_or_id)
    chosen = None
    if event is not None:
        chosen = dossier.events.filter(pk=event).first()
        if chosen is None:
            raise NotFound(gettext("Không tìm thấy sự kiện này trong lịch sử hồ sơ."))
    try:
        content = render_form(form, dossier, event=chosen, fmt=format, site_url=request.build_absolute_uri("/"))
    except FormNotAvailable as error:
        raise NotFound(error.message) from None
    except ValueError as error:
        raise ValidationError({"event": str(error)}) from None
    return _file(content, filename(form, dossier, format), format)


@router.get(
    "/agencies/{agency_id}/tracking-book",
    url_name="tracking_book",
    summary="Sổ theo dõi hồ sơ của cơ quan (Mẫu 07)",
    response={200: None},
)
def tracking_book(
    request,
    agency_id: int,
    date_from: DateFrom,
    date_to: DateTo,
    format: Query[Format] = "pdf",
    part: Query[int] = 1,
):
    """The dossiers the agency received or resolves, accepted from `from` to `to` (dates, inclusive); long periods
    come in parts (`part` = 2, 3, …)."""
    agency = visible_agencies(request.auth).select_related("unit", "parent").filter(pk=agency_id).first()
    if agency is None:
        raise NotFound(gettext("Không tìm thấy cơ quan này."))
    try:
        content = render_tracking_book(agency, date_from, date_to, format, part=part)
    except ValueError as error:
        raise ValidationError({"to": str(error)}) from None
    return _file(content, tracking_book_filename(agency, date_from, date_to, format, part), format)
