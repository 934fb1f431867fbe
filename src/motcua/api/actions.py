"""`POST /dossiers/{code_or_id}/actions/{action}`: every action of motcua.dossiers.lifecycle.ACTIONS, each with
its own body. Every body may name `expected_revision` (the `revision` the caller read): a 409 `conflict` answers
when somebody acted in between. An action the state does not allow now is a 409 `invalid_state` with the reason.
"""

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Router, Schema

from motcua.accounts.models import User
from motcua.api import present
from motcua.api.errors import NotFound
from motcua.api.schemas import DossierDetail
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier, ReturnMethod
from motcua.orgs.models import Agency

router = Router(tags=["Thao tác trên hồ sơ"])


class ActionIn(Schema):
    expected_revision: int | None = Field(None, description="`revision` của hồ sơ khi đọc; khác thì trả lỗi 409.")


class NoteIn(ActionIn):
    note: str = ""


class ReasonIn(ActionIn):
    reason: str


class SupplementIn(ActionIn):
    items: list[str] = Field(description="Liệt kê đầy đủ một lần các nội dung cần bổ sung, hoàn thiện.")
    reason: str = ""


class AssignIn(ActionIn):
    specialist: str | int = Field(description="Tên đăng nhập hoặc id của chuyên viên.")


class ConsultationRequestIn(Schema):
    agency_id: int
    content: str
    minutes: int = Field(description="Thời hạn trả lời, phút làm việc (480 = 1 ngày làm việc).")


class ConsultationIn(ActionIn):
    requests: list[ConsultationRequestIn]
    parallel: bool = Field(True, description="true: gửi đồng thời; false: lần lượt theo thứ tự.")


class AnswerIn(ActionIn):
    consultation_id: int
    answer: str


class ExtensionIn(ActionIn):
    reason: str
    new_due_at: datetime.datetime = Field(description="Hạn mới; không ghi múi giờ thì hiểu là giờ Việt Nam.")


class ReturnIn(ActionIn):
    method: Literal["desk", "post", "electronic"] = ReturnMethod.DESK


class StopIn(ActionIn):
    reason: str
    refund: str = Field("", description="Việc hoàn trả phí, lệ phí (nếu có).")


def _specialist(value: str | int) -> User:
    users = User.objects.filter(account_type=User.AccountType.STAFF)
    text = str(value).strip()
    by_id = text.isascii() and text.isdigit() and len(text) <= 18
    user = (users.filter(pk=int(text)) if by_id else users.filter(username=text)).first()
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


def _answer(user, dossier: Dossier, body: AnswerIn) -> Dossier:
    consultation = dossier.consultations.filter(pk=body.consultation_id).first()
    if consultation is None:
        raise ValidationError({"consultation_id": gettext("Hồ sơ không có yêu cầu lấy ý kiến này.")})
    return lifecycle.answer_consultation(
        user, consultation, answer=body.answer, expected_revision=body.expected_revision
    )


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value


# action → (its body, its summary). The lifecycle function has the action's name and takes the body's fields.
ACTIONS: dict[str, tuple[type[ActionIn], str]] = {
    "accept": (ActionIn, "Tiếp nhận hồ sơ nộp trực tuyến"),
    "request_intake_supplement": (SupplementIn, "Yêu cầu bổ sung hồ sơ nộp trực tuyến (Mẫu 02)"),
    "refuse_intake": (ReasonIn, "Từ chối tiếp nhận hồ sơ nộp trực tuyến (Mẫu 03)"),
    "transfer": (ActionIn, "Chuyển cơ quan giải quyết"),
    "assign": (AssignIn, "Phân công chuyên viên"),
    "complete_step": (NoteIn, "Hoàn thành bước xử lý"),
    "request_consultation": (ConsultationIn, "Lấy ý kiến, xác minh"),
    "answer_consultation": (AnswerIn, "Trả lời ý kiến, xác minh"),
    "request_supplement": (SupplementIn, "Yêu cầu bổ sung sau thẩm định (Mẫu 02)"),
    "receive_supplement": (ActionIn, "Nhận đủ hồ sơ bổ sung (tệp gửi trước qua /documents, stage=supplement)"),
    "refuse": (ReasonIn, "Từ chối giải quyết (Mẫu 03)"),
    "request_extension": (ExtensionIn, "Xin lỗi và gia hạn (Mẫu 04)"),
    "submit_for_signature": (NoteIn, "Trình ký"),
    "send_back": (ReasonIn, "Trả lại dự thảo"),
    "sign": (ActionIn, "Ký, ban hành kết quả"),
    "mark_ready": (ActionIn, "Nhận kết quả, chờ trả"),
    "return_result": (ReturnIn, "Trả kết quả"),
    "stop": (StopIn, "Dừng giải quyết theo yêu cầu (Mẫu 05)"),
    "request_correction": (ReasonIn, "Yêu cầu đính chính kết quả"),
    "complete_correction": (NoteIn, "Hoàn thành đính chính"),
}
assert set(ACTIONS) == set(lifecycle.ACTIONS), "every lifecycle action needs its API body"


def perform(name: str, user, dossier: Dossier, body: ActionIn) -> Dossier:
    if name == "answer_consultation":
        return _answer(user, dossier, body)
    arguments = body.model_dump(exclude={"expected_revision"})
    if name == "assign":
        arguments["specialist"] = _specialist(body.specialist)
    elif name == "request_consultation":
        arguments["requests"] = _requests(body)
    elif name == "request_extension":
        arguments["new_due_at"] = _local(body.new_due_at)
    return getattr(lifecycle, name)(user, dossier, expected_revision=body.expected_revision, **arguments)


def _register(name: str, body_schema: type[ActionIn], summary: str) -> None:
    def view(request, code_or_id: str, body: body_schema):  # type: ignore[valid-type]
        dossier = perform(name, request.auth, present.find(request.auth, code_or_id), body)
        return present.detail(dossier, request.auth)

    view.__name__ = f"action_{name}"
    router.add_api_operation(
        f"/dossiers/{{code_or_id}}/actions/{name}",
        ["POST"],
        view,
        response=DossierDetail,
        summary=summary,
        url_name=f"dossier_action_{name}",
    )


for _name, (_schema, _summary) in ACTIONS.items():
    _register(_name, _schema, _summary)


@router.post("/dossiers/{code_or_id}/actions/{action}", include_in_schema=False)
def unknown_action(request, code_or_id: str, action: str):
    raise NotFound(gettext("Không có thao tác «%(action)s».") % {"action": action})
