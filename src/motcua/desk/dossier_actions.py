"""The lifecycle actions offered on the dossier page: for each name in lifecycle.ACTIONS, its label, its small form
and the call that hands the typed values to motcua.dossiers.lifecycle. Nothing here decides whether an action is
allowed: lifecycle.available_actions lists them and the lifecycle checks them again when called.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Role
from motcua.desk import dossier_forms as f
from motcua.dossiers import lifecycle
from motcua.dossiers.errors import Conflict
from motcua.dossiers.models import Consultation, Dossier, DossierDocument, State


@dataclass(frozen=True)
class ActionSpec:
    name: str
    label: str
    form_class: type
    perform: Callable  # (user, dossier, form, revision) -> Dossier
    danger: bool = False
    help: str = ""


def _answer(user, dossier: Dossier, form, revision):
    consultation = dossier.consultations.filter(pk=form.cleaned_data["consultation"]).first()
    if consultation is None:
        raise ValidationError(gettext("Không tìm thấy yêu cầu lấy ý kiến này."))
    return lifecycle.answer_consultation(user, consultation, answer=form.cleaned_data["answer"])


def _add_result(user, dossier: Dossier, form, revision):
    # add_documents takes no expected revision: refuse a page that is out of date here instead.
    if revision != dossier.revision:
        raise Conflict(gettext("Hồ sơ vừa được người khác xử lý. Hãy xem lại trước khi tải lên kết quả."))
    return lifecycle.add_documents(user, dossier, documents=form.uploads(), stage=DossierDocument.Stage.RESULT)


def _data(form, name):
    return form.cleaned_data.get(name, "")


RESULT_UPLOAD = "add_result"
# The states in which the handler attaches the result: lifecycle.add_documents accepts them (it checks again).
RESULT_UPLOAD_STATES = (State.PROCESSING, State.AWAITING_SIGNATURE, State.RESULT_ISSUED, State.CORRECTION)

SPECS = [
    ActionSpec(
        "accept",
        _("Tiếp nhận hồ sơ"),
        f.ConfirmForm,
        lambda u, d, form, rev: lifecycle.accept(u, d, expected_revision=rev),
        help=_("Hồ sơ đầy đủ, hợp lệ: cấp mã hồ sơ và Giấy tiếp nhận (Mẫu 01)."),
    ),
    ActionSpec(
        "request_intake_supplement",
        _("Yêu cầu bổ sung, hoàn thiện (Mẫu 02)"),
        f.ItemsForm,
        lambda u, d, form, rev: lifecycle.request_intake_supplement(
            u, d, items=form.items_list(), reason=_data(form, "reason"), expected_revision=rev
        ),
    ),
    ActionSpec(
        "refuse_intake",
        _("Từ chối tiếp nhận (Mẫu 03)"),
        f.ReasonForm,
        lambda u, d, form, rev: lifecycle.refuse_intake(u, d, reason=_data(form, "reason"), expected_revision=rev),
        danger=True,
    ),
    ActionSpec(
        "transfer",
        _("Chuyển cơ quan giải quyết"),
        f.ConfirmForm,
        lambda u, d, form, rev: lifecycle.transfer(u, d, expected_revision=rev),
    ),
    ActionSpec(
        "assign",
        _("Phân công xử lý"),
        f.AssignForm,
        lambda u, d, form, rev: lifecycle.assign(u, d, specialist=form.chosen_specialist(), expected_revision=rev),
    ),
    ActionSpec(
        "complete_step",
        _("Hoàn thành bước xử lý"),
        f.NoteForm,
        lambda u, d, form, rev: lifecycle.complete_step(u, d, note=_data(form, "note"), expected_revision=rev),
    ),
    ActionSpec(
        "request_consultation",
        _("Lấy ý kiến, xác minh"),
        f.ConsultationForm,
        lambda u, d, form, rev: lifecycle.request_consultation(
            u, d, requests=form.requests(), parallel=form.cleaned_data["parallel"] == "1", expected_revision=rev
        ),
    ),
    ActionSpec("answer_consultation", _("Trả lời ý kiến, xác minh"), f.AnswerForm, _answer),
    ActionSpec(
        "request_supplement",
        _("Yêu cầu bổ sung hồ sơ (Mẫu 02)"),
        f.ItemsForm,
        lambda u, d, form, rev: lifecycle.request_supplement(
            u, d, items=form.items_list(), reason=_data(form, "reason"), expected_revision=rev
        ),
        help=_("Chỉ một lần, trong 3 ngày làm việc kể từ khi tiếp nhận; thời hạn giải quyết tạm dừng."),
    ),
    ActionSpec(
        "receive_supplement",
        _("Nhận hồ sơ bổ sung"),
        f.SupplementReceivedForm,
        lambda u, d, form, rev: lifecycle.receive_supplement(u, d, documents=form.uploads(), expected_revision=rev),
        help=_("Đã nhận đủ hồ sơ bổ sung: thời hạn giải quyết được tính lại từ đầu."),
    ),
    ActionSpec(
        "submit_for_signature",
        _("Trình ký"),
        f.NoteForm,
        lambda u, d, form, rev: lifecycle.submit_for_signature(u, d, note=_data(form, "note"), expected_revision=rev),
    ),
    ActionSpec(
        "sign",
        _("Ký, ban hành kết quả"),
        f.ConfirmForm,
        lambda u, d, form, rev: lifecycle.sign(u, d, expected_revision=rev),
    ),
    ActionSpec(
        "send_back",
        _("Trả lại để xử lý tiếp"),
        f.ReasonForm,
        lambda u, d, form, rev: lifecycle.send_back(u, d, reason=_data(form, "reason"), expected_revision=rev),
    ),
    ActionSpec(
        "request_extension",
        _("Xin lỗi và gia hạn (Mẫu 04)"),
        f.ExtensionForm,
        lambda u, d, form, rev: lifecycle.request_extension(
            u, d, reason=_data(form, "reason"), new_due_at=form.cleaned_data["new_due_at"], expected_revision=rev
        ),
        help=_("Chậm nhất 01 ngày trước hạn giải quyết, chỉ một lần."),
    ),
    ActionSpec(
        "refuse",
        _("Từ chối giải quyết (Mẫu 03)"),
        f.ReasonForm,
        lambda u, d, form, rev: lifecycle.refuse(u, d, reason=_data(form, "reason"), expected_revision=rev),
        danger=True,
    ),
    ActionSpec(
        "mark_ready",
        _("Nhận kết quả, chờ trả"),
        f.ConfirmForm,
        lambda u, d, form, rev: lifecycle.mark_ready(u, d, expected_revision=rev),
    ),
    ActionSpec(
        "return_result",
        _("Trả kết quả"),
        f.ReturnForm,
        lambda u, d, form, rev: lifecycle.return_result(
            u, d, method=form.cleaned_data["method"], expected_revision=rev
        ),
    ),
    ActionSpec(
        RESULT_UPLOAD,
        _("Tải lên kết quả giải quyết"),
        f.ResultUploadForm,
        _add_result,
        help=_("Tệp văn bản kết quả để trả cho người nộp; tải lên trước khi trả kết quả."),
    ),
    ActionSpec(
        "request_correction",
        _("Yêu cầu đính chính kết quả"),
        f.ReasonForm,
        lambda u, d, form, rev: lifecycle.request_correction(u, d, reason=_data(form, "reason"), expected_revision=rev),
    ),
    ActionSpec(
        "complete_correction",
        _("Hoàn thành đính chính"),
        f.NoteForm,
        lambda u, d, form, rev: lifecycle.complete_correction(u, d, note=_data(form, "note"), expected_revision=rev),
    ),
    ActionSpec(
        "stop",
        _("Dừng giải quyết (Mẫu 05)"),
        f.StopForm,
        lambda u, d, form, rev: lifecycle.stop(
            u, d, reason=_data(form, "reason"), refund=_data(form, "refund"), expected_revision=rev
        ),
        danger=True,
        help=_("Theo văn bản đề nghị của người nộp, trước khi có kết quả."),
    ),
]
ACTIONS = {spec.name: spec for spec in SPECS}


def pending_consultation(user, dossier: Dossier) -> Consultation | None:
    """The consultation the user's agency was sent on this dossier and has not answered."""
    agencies = user.roles.filter(role__in=[Role.SPECIALIST, Role.LEADER]).values("agency")
    return (
        dossier.consultations.filter(agency__in=agencies, sent_at__isnull=False, answered_at__isnull=True)
        .select_related("agency")
        .order_by("round", "order")
        .first()
    )


def offers_result_upload(user, dossier: Dossier) -> bool:
    """Whether the page offers the result upload. lifecycle.available_actions does not list add_documents, so this
    mirrors its guard (the assigned specialist or a leader of the competent agency); the lifecycle checks again."""
    if dossier.state not in RESULT_UPLOAD_STATES:
        return False
    roles = set(user.roles.filter(agency_id=dossier.competent_agency_id).values_list("role", flat=True))
    return Role.LEADER in roles or (dossier.assignee_id == user.pk and Role.SPECIALIST in roles)


def build_form(spec: ActionSpec, dossier: Dossier, user, data=None, files=None):
    initial = {}
    if spec.name == "answer_consultation":
        consultation = pending_consultation(user, dossier)
        initial["consultation"] = consultation.pk if consultation else None
    form = spec.form_class(dossier, user, data, files, initial=initial, prefix=spec.name)
    form.spec = spec
    return form
