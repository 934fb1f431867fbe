"""`POST /dossiers/{code_or_id}/actions/{action}`: every action the transition table (motcua.dossiers.transitions)
offers to the API face, each with its own body (the two that attach files take a multipart form).
Every body may name `expected_revision` (the `revision` the caller read): a 409 `conflict` answers
when somebody acted in between. An action the state does not allow now is a 409 `invalid_state` with the reason.
"""

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, File, Router, Schema
from ninja import Form as FormField
from ninja.files import UploadedFile

from motcua.accounts.models import User
from motcua.api import present
from motcua.api.errors import NotFound
from motcua.api.schemas import WRITE, DossierDetail, errors
from motcua.api.types import Count, Id, Line, Moment, Text
from motcua.core.validators import parse_id
from motcua.dossiers import interagency, lifecycle, transitions
from motcua.dossiers.models import Dossier, ReturnMethod
from motcua.dossiers.uploads import Upload
from motcua.orgs.models import Agency

router = Router(tags=["Thao tác trên hồ sơ"])

MAX_ITEMS = 50
# The desk's form takes up to 999 working days for an answer (motcua.desk.dossier_forms.ConsultationForm).
MAX_CONSULTATION_MINUTES = 999 * 480


class ActionIn(Schema):
    expected_revision: Count | None = Field(None, description="`revision` của hồ sơ khi đọc; khác thì trả lỗi 409.")


class NoteIn(ActionIn):
    note: Text = ""


class ReasonIn(ActionIn):
    reason: Text


class SupplementIn(ActionIn):
    items: list[Text] = Field(
        max_length=MAX_ITEMS, description="Liệt kê đầy đủ một lần các nội dung cần bổ sung, hoàn thiện."
    )
    reason: Text = ""


class AssignIn(ActionIn):
    specialist: Line | Id = Field(description="Tên đăng nhập hoặc id của chuyên viên.")


class ConsultationRequestIn(Schema):
    agency_id: Id
    content: Text
    minutes: int = Field(
        ge=1, le=MAX_CONSULTATION_MINUTES, description="Thời hạn trả lời, phút làm việc (480 = 1 ngày làm việc)."
    )


class ConsultationIn(ActionIn):
    requests: list[ConsultationRequestIn] = Field(max_length=MAX_ITEMS)
    parallel: bool = Field(True, description="true: gửi đồng thời; false: lần lượt theo thứ tự.")


class PartRequestIn(Schema):
    agency_id: Id = Field(description="Cơ quan phối hợp (không phải cơ quan chủ trì).")
    task: Text = Field(description="Nhiệm vụ của cơ quan phối hợp.")
    minutes: int = Field(
        ge=1, le=MAX_CONSULTATION_MINUTES, description="Thời hạn của phần việc, phút làm việc (480 = 1 ngày làm việc)."
    )


class PartsIn(ActionIn):
    parts: list[PartRequestIn] = Field(max_length=MAX_ITEMS)
    parallel: bool = Field(True, description="true: giao đồng thời (Điều 20.2.b); false: lần lượt (Điều 20.2.a).")
    document_ids: list[Id] = Field([], max_length=MAX_ITEMS, description="Tài liệu của hồ sơ gửi kèm.")


class AnswerIn(ActionIn):
    consultation_id: Id
    answer: Text


class ExtensionIn(ActionIn):
    reason: Text
    new_due_at: Moment = Field(description="Hạn mới; không ghi múi giờ thì hiểu là giờ Việt Nam.")


class ForwardIn(ActionIn):
    agency_id: Id = Field(description="Cơ quan có thẩm quyền tiếp nhận (nhận thủ tục này trực tuyến).")
    competent_agency_id: Id | None = Field(
        None,
        description="Cơ quan giải quyết; bỏ trống: cơ quan trên nếu giải quyết thủ tục, nếu không giữ như khi nộp.",
    )
    reason: Text


class ReturnIn(ActionIn):
    method: Literal["desk", "post", "electronic"] = ReturnMethod.DESK


class StopIn(ActionIn):
    reason: Text
    refund: Text = Field("", description="Việc hoàn trả phí, lệ phí (nếu có).")


def _specialist(value: str | int) -> User:
    users = User.objects.filter(account_type=User.AccountType.STAFF)
    text = str(value).strip()
    number = parse_id(text)
    user = (users.filter(pk=number) if number is not None else users.filter(username=text)).first()
    if user is None:
        raise ValidationError({"specialist": gettext("Không có cán bộ «%(name)s».") % {"name": text}})
    return user


def _requests(body: ConsultationIn) -> list[lifecycle.ConsultationRequest]:
    agencies = Agency.objects.in_bulk([r.agency_id for r in body.requests])
    missing = sorted({r.agency_id for r in body.requests} - set(agencies))
    if missing:
        raise ValidationError(
            {"requests": gettext("Không có cơ quan mã %(ids)s.") % {"ids": ", ".join(map(str, missing))}}
        )
    return [lifecycle.ConsultationRequest(agencies[r.agency_id], r.content, r.minutes) for r in body.requests]


def _parts(body: PartsIn) -> list[interagency.PartRequest]:
    agencies = Agency.objects.in_bulk([p.agency_id for p in body.parts])
    missing = sorted({p.agency_id for p in body.parts} - set(agencies))
    if missing:
        raise ValidationError(
            {"parts": gettext("Không có cơ quan mã %(ids)s.") % {"ids": ", ".join(map(str, missing))}}
        )
    return [interagency.PartRequest(agencies[p.agency_id], p.task, p.minutes) for p in body.parts]


def _agency(pk: int, field: str) -> Agency:
    agency = Agency.objects.filter(pk=pk).first()
    if agency is None:
        raise ValidationError({field: gettext("Không có cơ quan mã %(ids)s.") % {"ids": pk}})
    return agency


def _answer(user, dossier: Dossier, body: AnswerIn) -> Dossier:
    # Whether the caller may answer on this dossier at all comes before which request they name (403/409, not 422).
    transitions.check(user, dossier, "answer_consultation")
    consultation = dossier.consultations.filter(pk=body.consultation_id).first()
    if consultation is None:
        raise ValidationError({"consultation_id": gettext("Hồ sơ không có yêu cầu lấy ý kiến này.")})
    return lifecycle.answer_consultation(
        user, consultation, answer=body.answer, expected_revision=body.expected_revision
    )


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value


# action → (its body, its summary). The lifecycle function has the action's name and takes the body's fields.
BODIES: dict[str, tuple[type[ActionIn], str]] = {
    "accept": (ActionIn, "Tiếp nhận hồ sơ nộp trực tuyến"),
    "request_intake_supplement": (SupplementIn, "Yêu cầu bổ sung hồ sơ nộp trực tuyến (Mẫu 02)"),
    "refuse_intake": (ReasonIn, "Từ chối tiếp nhận hồ sơ nộp trực tuyến (Mẫu 03)"),
    "forward_online": (ForwardIn, "Chuyển hồ sơ nộp trực tuyến đến cơ quan có thẩm quyền (Điều 17.2)"),
    "transfer": (ActionIn, "Chuyển cơ quan giải quyết"),
    "assign": (AssignIn, "Phân công chuyên viên"),
    "complete_step": (NoteIn, "Hoàn thành bước xử lý"),
    "request_consultation": (ConsultationIn, "Lấy ý kiến, xác minh"),
    "answer_consultation": (AnswerIn, "Trả lời ý kiến, xác minh"),
    "send_parts": (PartsIn, "Giao phần việc liên thông cho cơ quan phối hợp (Điều 20.2 Nghị định 118/2025)"),
    "request_supplement": (SupplementIn, "Yêu cầu bổ sung sau thẩm định (Mẫu 02)"),
    "receive_supplement": (ActionIn, "Nhận đủ hồ sơ bổ sung (tệp gửi trước qua /documents, stage=supplement)"),
    "refuse": (ReasonIn, "Từ chối giải quyết (Mẫu 03)"),
    "request_extension": (ExtensionIn, "Xin lỗi và hẹn lại (Mẫu 04); sau hạn vẫn được, ghi nhận là muộn"),
    "submit_for_signature": (NoteIn, "Trình ký"),
    "send_back": (ReasonIn, "Trả lại dự thảo"),
    "sign": (ActionIn, "Ký, ban hành kết quả"),
    "mark_ready": (ActionIn, "Nhận kết quả, chờ trả"),
    "return_result": (ReturnIn, "Trả kết quả"),
    "stop": (StopIn, "Dừng giải quyết theo yêu cầu (Mẫu 05)"),
    "request_correction": (ReasonIn, "Yêu cầu đính chính kết quả"),
    "complete_correction": (NoteIn, "Hoàn thành đính chính"),
}
# The actions that attach files: multipart `files` (one or more), `requirement_id`, `is_scan`, `expected_revision`.
UPLOADS: dict[str, str] = {
    "add_documents": "Thêm tệp vào hồ sơ (bản quét, giấy tờ nộp sau; cán bộ tiếp nhận)",
    "add_result": "Tải lên kết quả giải quyết (chuyên viên được phân công hoặc lãnh đạo; PDF được kiểm tra để ký số)",
}
ACTIONS = [*BODIES, *UPLOADS]
assert set(ACTIONS) == set(transitions.names_for(transitions.Face.API)), "every API action of the table needs a body"


def perform(name: str, user, dossier: Dossier, body: ActionIn) -> Dossier:
    if name == "answer_consultation":
        return _answer(user, dossier, body)
    arguments = body.model_dump(exclude={"expected_revision"})
    if name == "assign":
        arguments["specialist"] = _specialist(body.specialist)
    elif name == "request_consultation":
        arguments["requests"] = _requests(body)
    elif name == "send_parts":
        arguments = {"parts": _parts(body), "parallel": body.parallel, "documents": body.document_ids}
    elif name == "request_extension":
        arguments["new_due_at"] = _local(body.new_due_at)
    elif name == "forward_online":
        arguments = {"agency": _agency(body.agency_id, "agency_id"), "reason": body.reason}
        if body.competent_agency_id is not None:
            arguments["competent_agency"] = _agency(body.competent_agency_id, "competent_agency_id")
    return getattr(lifecycle, name)(user, dossier, expected_revision=body.expected_revision, **arguments)


def _add_operation(name: str, view, summary: str) -> None:
    """POST /dossiers/{code_or_id}/actions/<name>, answering with the dossier as GET shows it."""
    view.__name__ = f"action_{name}"
    router.add_api_operation(
        f"/dossiers/{{code_or_id}}/actions/{name}",
        ["POST"],
        view,
        response={200: DossierDetail, **errors(WRITE)},
        summary=summary,
        url_name=f"dossier_action_{name}",
    )


def _register(name: str, body_schema: type[ActionIn], summary: str) -> None:
    def view(request, code_or_id: str, body: body_schema):  # type: ignore[valid-type]
        dossier = perform(name, request.auth, present.find(request.auth, code_or_id), body)
        return present.detail(dossier, request.auth)

    _add_operation(name, view, summary)


def _register_upload(name: str, summary: str) -> None:
    def view(
        request,
        code_or_id: str,
        files: File[list[UploadedFile]],
        requirement_id: FormField[Id | None] = None,
        is_scan: FormField[bool] = False,
        expected_revision: FormField[Count | None] = None,
    ):
        dossier = present.find(request.auth, code_or_id)
        uploads = uploads_of(dossier, files, requirement_id, is_scan)
        act = lifecycle.add_result if name == "add_result" else lifecycle.add_documents
        dossier = act(request.auth, dossier, documents=uploads, expected_revision=expected_revision)
        return present.detail(dossier, request.auth)

    _add_operation(name, view, summary)


def uploads_of(dossier: Dossier, files, requirement_id: int | None, is_scan: bool) -> list[Upload]:
    """The uploaded files for one component of the dossier's procedure (a ValidationError names a foreign one)."""
    if requirement_id is not None and not dossier.version.documents.filter(pk=requirement_id).exists():
        message = gettext("Thành phần hồ sơ %(id)s không thuộc thủ tục của hồ sơ này.") % {"id": requirement_id}
        raise ValidationError({"requirement_id": message})
    return [Upload(file, requirement_id, is_scan) for file in files]


for _name, (_schema, _summary) in BODIES.items():
    _register(_name, _schema, _summary)
for _name, _summary in UPLOADS.items():
    _register_upload(_name, _summary)


@router.post("/dossiers/{code_or_id}/actions/{action}", include_in_schema=False)
def unknown_action(request, code_or_id: str, action: str):
    raise NotFound(gettext("Không có thao tác «%(action)s».") % {"action": action})
