"""Dossiers: intake at the desk, the scoped list, one dossier, its files. State changes are in motcua.api.actions.

A dossier is named by its code, or by its number (`id`) while it has no code — one refused or sent back for
supplement at intake never gets one.
"""

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from motcua.api import present
from motcua.api.errors import NotFound
from motcua.api.schemas import FIND, READ, WRITE, DossierDetail, DossierPage, errors
from motcua.api.types import Count, Day, Email, Id, Line, Moment, Offset, Phone, Text
from motcua.catalog.models import Procedure
from motcua.catalog.versions import version_in_force
from motcua.documents import signing
from motcua.dossiers import lifecycle, queues, visibility
from motcua.dossiers.models import ApplicantKind, DossierDocument, ReturnMethod, State
from motcua.dossiers.permissions import visible_dossiers
from motcua.orgs.models import Agency

router = Router(tags=["Hồ sơ"])

MAX_LIMIT = 200
MAX_ITEMS = 50
ORDERINGS = ("-submitted_at", "submitted_at", "-received_at", "received_at", "due_at", "-due_at")


# -- intake -----------------------------------------------------------------------------------------------------------


class ApplicantIn(Schema):
    kind: ApplicantKind = ApplicantKind.PERSON
    name: Line
    id_number: Line = Field(description="CCCD (12 chữ số) của cá nhân hoặc mã số thuế của tổ chức.")
    phone: Phone = Field("", description="Số di động (10 chữ số) hoặc cố định (11 chữ số), bắt đầu bằng 0.")
    email: Email = ""
    address: Line = ""
    submitter_name: Line = Field("", description="Người nộp thay (được ủy quyền), nếu có.")


class IntakeIn(Schema):
    procedure: Line = Field(description="Mã thủ tục, ví dụ 1.002211.")
    channel: Literal["direct", "postal"] = Field("direct", description="Nộp trực tiếp hoặc qua bưu chính.")
    receiving_agency_id: Id
    competent_agency_id: Id
    applicant: ApplicantIn
    request_summary: Text = ""
    copies: int = Field(1, ge=1, le=lifecycle.MAX_COPIES, description=f"Số lượng hồ sơ (bộ), 1–{lifecycle.MAX_COPIES}.")
    return_method: ReturnMethod = ReturnMethod.DESK
    decision: Literal["accept", "request_supplement", "refuse"] = Field(
        "accept", description="Tiếp nhận; yêu cầu bổ sung (items, reason); từ chối tiếp nhận (reason)."
    )
    items: list[Text] = Field(
        default_factory=list, max_length=MAX_ITEMS, description="Các nội dung cần bổ sung (request_supplement)."
    )
    reason: Text = ""


def _agency(pk: int, field: str) -> Agency:
    agency = Agency.objects.filter(pk=pk).first()
    if agency is None:
        raise ValidationError({field: gettext("Không có cơ quan mã %(id)s.") % {"id": pk}})
    return agency


def _method(code: str, channel: str):
    procedure = Procedure.objects.filter(code=code.strip()).first()
    if procedure is None:
        raise ValidationError({"procedure": gettext("Không có thủ tục mã «%(code)s».") % {"code": code}})
    version = version_in_force(procedure, on=timezone.localdate())
    if version is None:
        raise ValidationError(
            {"procedure": gettext("Thủ tục %(code)s không có phiên bản đang có hiệu lực.") % {"code": code}}
        )
    method = version.methods.filter(channel=channel).first()
    if method is None:
        raise ValidationError(
            {"channel": gettext("Thủ tục %(code)s không thực hiện theo cách thức này.") % {"code": code}}
        )
    return method


@router.post(
    "/dossiers",
    response={201: DossierDetail, **errors((400, 401, 403, 413, 422))},
    url_name="dossier_intake",
    summary="Tiếp nhận hồ sơ tại Bộ phận Một cửa",
)
def intake(request, body: IntakeIn):
    """The desk's decision on a paper dossier: accept (a code and the receipt), ask to supplement (Mẫu 02) or
    refuse (Mẫu 03). Files are added afterwards with POST /dossiers/{code_or_id}/documents."""
    applicant = body.applicant
    subject = lifecycle.Intake(
        method=_method(body.procedure, body.channel),
        receiving_agency=_agency(body.receiving_agency_id, "receiving_agency_id"),
        competent_agency=_agency(body.competent_agency_id, "competent_agency_id"),
        applicant=lifecycle.Applicant(
            kind=applicant.kind,
            name=applicant.name,
            id_number=applicant.id_number.strip(),
            phone=applicant.phone.strip(),
            email=applicant.email.strip(),
            address=applicant.address.strip(),
            submitter_name=applicant.submitter_name.strip(),
        ),
        request_summary=body.request_summary,
        copies=body.copies,
        return_method=body.return_method,
    )
    if body.decision == "accept":
        dossier = lifecycle.accept(request.auth, subject)
    elif body.decision == "request_supplement":
        dossier = lifecycle.request_intake_supplement(request.auth, subject, items=body.items, reason=body.reason)
    else:
        dossier = lifecycle.refuse_intake(request.auth, subject, reason=body.reason)
    return Status(201, present.detail(dossier, request.auth))


# -- reading --------------------------------------------------------------------------------------------------------


class DossierFilters(Schema):
    state: list[State] = Field(default_factory=list, description="Trạng thái; lặp lại để chọn nhiều.")
    agency: Id | None = Field(None, description="Cơ quan tiếp nhận hoặc giải quyết (id).")
    procedure: Line | None = Field(None, description="Mã thủ tục.")
    overdue: bool | None = Field(None, description="true: chỉ hồ sơ quá hạn; false: chỉ hồ sơ chưa quá hạn.")
    due_before: Moment | None = Field(None, description="Hạn giải quyết trước thời điểm này.")
    received_from: Day | None = Field(None, description="Tiếp nhận từ ngày (giờ Việt Nam).")
    received_to: Day | None = Field(None, description="Tiếp nhận đến hết ngày (giờ Việt Nam).")
    q: Line | None = Field(None, description="Mã hồ sơ, hoặc một phần tên người nộp.")
    ordering: Literal[ORDERINGS] = "-submitted_at"  # type: ignore[valid-type]
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: Offset = 0


def _aware(value: datetime.datetime) -> datetime.datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _filtered(user, filters: DossierFilters, now: datetime.datetime):
    dossiers = visible_dossiers(user)
    if filters.state:
        dossiers = dossiers.filter(state__in=filters.state)
    if filters.agency is not None:
        dossiers = dossiers.filter(Q(receiving_agency_id=filters.agency) | Q(competent_agency_id=filters.agency))
    if filters.procedure:
        dossiers = dossiers.filter(version__procedure__code=filters.procedure.strip())
    if filters.overdue is not None:
        overdue = queues.overdue_condition(now)
        dossiers = dossiers.filter(overdue) if filters.overdue else dossiers.exclude(overdue)
    if filters.due_before is not None:
        dossiers = dossiers.filter(due_at__lt=_aware(filters.due_before))
    if filters.received_from is not None:
        dossiers = dossiers.filter(received_at__gte=_day_start(filters.received_from))
    if filters.received_to is not None:
        dossiers = dossiers.filter(received_at__lt=_day_start(filters.received_to + datetime.timedelta(days=1)))
    if filters.q and filters.q.strip():
        text = filters.q.strip()
        dossiers = dossiers.filter(Q(code__iexact=text) | Q(applicant_name__icontains=text))
    field = filters.ordering.lstrip("-")
    order = F(field).desc(nulls_last=True) if filters.ordering.startswith("-") else F(field).asc(nulls_last=True)
    tiebreak = "-pk" if filters.ordering.startswith("-") else "pk"
    return dossiers.select_related(*present.ROW_RELATED).order_by(order, tiebreak)


@router.get(
    "/dossiers",
    response={200: DossierPage, **errors(READ)},
    url_name="dossier_list",
    summary="Danh sách hồ sơ trong phạm vi",
)
def list_dossiers(request, filters: Query[DossierFilters]):
    """Paged without counting: `next` is the address of the following page, null on the last one."""
    now = timezone.now()
    limit, offset = filters.limit, filters.offset
    rows = list(_filtered(request.auth, filters, now)[offset : offset + limit + 1])
    following = None
    if len(rows) > limit:
        query = request.GET.copy()
        query["offset"] = str(offset + limit)
        following = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {
        "items": [present.row(dossier, now, request.auth) for dossier in rows[:limit]],
        "limit": limit,
        "offset": offset,
        "next": following,
    }


@router.get(
    "/dossiers/{code_or_id}",
    response={200: DossierDetail, **errors((401, 404))},
    url_name="dossier_detail",
    summary="Một hồ sơ",
)
def dossier_detail(request, code_or_id: str):
    """State, deadlines, steps, consultations, fees, files, history and the actions the caller may do now."""
    return present.detail(present.find(request.auth, code_or_id), request.auth)


# -- files ----------------------------------------------------------------------------------------------------------


@router.post(
    "/dossiers/{code_or_id}/documents",
    response={201: DossierDetail, **errors(WRITE)},
    url_name="dossier_documents",
    summary="Thêm tệp vào hồ sơ",
)
def add_documents(
    request,
    code_or_id: str,
    files: File[list[UploadedFile]],
    requirement_id: Form[Id | None] = None,
    is_scan: Form[bool] = False,
    stage: Form[DossierDocument.Stage] = DossierDocument.Stage.INTAKE,
    expected_revision: Form[Count | None] = None,
):
    """Multipart: one or more `files` for one component (`requirement_id`, see the procedure's documents),
    `is_scan` for scanned paper, `stage` intake | supplement | result, `expected_revision` (409 when stale).
    The same as the actions `add_documents` (intake, supplement: the desk) and `add_result` (result: the handler)."""
    from motcua.api.actions import uploads_of  # the actions module registers its routes on import

    dossier = present.find(request.auth, code_or_id)
    uploads = uploads_of(dossier, files, requirement_id, is_scan)
    dossier = lifecycle.add_documents(
        request.auth, dossier, documents=uploads, stage=stage, expected_revision=expected_revision
    )
    return Status(201, present.detail(dossier, request.auth))


@router.get(
    "/dossiers/{code_or_id}/documents/{document_id}",
    url_name="dossier_document",
    summary="Tải một tệp của hồ sơ",
    response={200: None, **errors(FIND)},
)
def download_document(request, code_or_id: str, document_id: Id):
    """A file the caller may read (present.documents); the applicant's result is the copy signed when it was
    issued, and its first download is recorded as its electronic delivery, as on the portal."""
    dossier = present.find(request.auth, code_or_id)
    document = next((each for each in present.documents(dossier, request.auth) if each.pk == document_id), None)
    if document is None:
        raise NotFound(gettext("Không tìm thấy tệp này trong hồ sơ."))
    if visibility.sees_as_applicant(request.auth) and document.stage == DossierDocument.Stage.RESULT:
        try:
            content = signing.signed_result(document)
        except signing.SigningUnavailable as error:
            raise NotFound(error.message) from None
        lifecycle.deliver_result(request.auth, dossier, document)
        response = HttpResponse(content, content_type=signing.PDF)
        response["Content-Disposition"] = content_disposition_header(True, f"ket-qua-{present.ref(dossier)}.pdf")
        return response
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.name, content_type=document.content_type
    )
