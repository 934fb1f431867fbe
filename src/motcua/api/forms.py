"""The official forms (Circular 03/2025/TT-VPCP, Annex I) as PDF or DOCX: Mẫu 01–06 of a dossier, Mẫu 07 of an
agency over a period. Rendered by motcua.documents.dossier_forms; readable by whoever may read the dossier or
agency (inspectors included)."""

from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext, ngettext
from ninja import Query, Router

from motcua.accounts.scope import visible_agencies
from motcua.api import present
from motcua.api.errors import NotFound
from motcua.api.schemas import FIND, errors
from motcua.api.types import INT_MAX, Day, Id
from motcua.documents import heavy
from motcua.documents.dossier_forms import (
    CONTENT_TYPES,
    FormNotAvailable,
    filename,
    render_form,
    render_tracking_book,
    tracking_book_filename,
)
from motcua.dossiers import visibility

router = Router(tags=["Biểu mẫu"])

Format = Literal["pdf", "docx"]
DossierForm = Literal["01", "02", "03", "04", "05", "06"]
DateFrom = Annotated[Day, Query(..., alias="from", description="Từ ngày tiếp nhận, ví dụ 2026-11-01.")]
DateTo = Annotated[Day, Query(..., alias="to", description="Đến hết ngày này.")]

# The query parameters of the period, by the names of motcua.documents.heavy.book_period_errors.
QUERY_NAMES = {"date_from": "from", "date_to": "to"}


def _file(content: bytes, name: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store, private"  # personal data of applicants
    return response


@router.get(
    "/dossiers/{code_or_id}/forms/{form}",
    url_name="dossier_form",
    summary="Biểu mẫu của hồ sơ (Mẫu 01–06)",
    response={200: None, **errors(FIND)},
)
def dossier_form(
    request,
    code_or_id: str,
    form: DossierForm,
    format: Query[Format] = "pdf",
    event: Query[Id | None] = None,
):
    """01 receipt, 02 supplement request, 03 refusal, 04 apology and extension, 05 stop notice — from the event
    that produced them (the latest, or `event`); 06 the process control slip, for staff only. 404 when the dossier
    has none, or when the form is not addressed to the caller (motcua.dossiers.visibility)."""
    dossier = present.find(request.auth, code_or_id)
    if visibility.sees_as_applicant(request.auth) and not visibility.may_see_form(form):
        raise NotFound(gettext("Không có biểu mẫu này cho người nộp hồ sơ."))
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
    response={200: None, **errors(FIND)},
)
def tracking_book(
    request,
    agency_id: Id,
    date_from: DateFrom,
    date_to: DateTo,
    format: Query[Format] = "pdf",
    part: Annotated[int, Query(1, ge=1, le=INT_MAX)] = 1,
):
    """The dossiers the agency received or resolves, accepted from `from` to `to` (dates, inclusive); long periods
    come in parts of at most 500 dossiers (`part` = 2, 3, …; the `X-Book-Parts` header says how many). The period
    has the desk's bounds (motcua.documents.heavy.book_period_errors): from 2000-01-01 to today, at most 731 days."""
    agency = visible_agencies(request.auth).select_related("unit", "parent").filter(pk=agency_id).first()
    if agency is None:
        raise NotFound(gettext("Không tìm thấy cơ quan này."))
    errors = heavy.book_period_errors(date_from, date_to)
    if date_from > date_to:
        errors.setdefault("date_to", gettext("“Đến ngày” phải bằng hoặc sau “Từ ngày”."))
    if errors:
        raise ValidationError({QUERY_NAMES[name]: message for name, message in errors.items()})
    parts = heavy.book_part_count(agency, date_from, date_to)
    if not 1 <= part <= parts:
        raise ValidationError(
            {
                "part": ngettext("Sổ của kỳ này có %(parts)s phần.", "Sổ của kỳ này có %(parts)s phần.", parts)
                % {"parts": parts}
            }
        )
    content = render_tracking_book(agency, date_from, date_to, format, part=part)
    response = _file(content, tracking_book_filename(agency, date_from, date_to, format, part), format)
    response["X-Book-Parts"] = str(parts)
    return response
