"""The lifecycle actions offered on the dossier page: for each action of the transition table
(motcua.dossiers.transitions) that the desk face offers, its small form and the call that hands the typed values to
motcua.dossiers.lifecycle. Its label, whether it is the usual next step (primary) and whether it must be confirmed
(destructive) come from the table. Nothing here decides whether an action is allowed: lifecycle.available_actions
lists them and the lifecycle checks them again when called.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.desk import dossier_forms as f
from motcua.desk.part_forms import SendPartsForm
from motcua.dossiers import lifecycle, permissions, transitions
from motcua.dossiers.models import Consultation, Dossier, DossierDocument


@dataclass(frozen=True)
class ActionSpec:
    name: str
    form_class: type
    perform: Callable  # (user, dossier, form, revision) -> Dossier
    help: str = ""

    @property
    def transition(self) -> transitions.Transition:
        return transitions.TRANSITIONS[self.name]

    @property
    def label(self) -> str:
        return self.transition.label

    @property
    def danger(self) -> bool:
        return self.transition.destructive


def _answer(user, dossier: Dossier, form, revision):
    transitions.check(user, dossier, "answer_consultation")  # the right to answer before the request named
    consultation = dossier.consultations.filter(pk=form.cleaned_data["consultation"]).first()
    if consultation is None:
        raise ValidationError(gettext("Không tìm thấy yêu cầu lấy ý kiến này."))
    answer = form.cleaned_data["answer"]
    return lifecycle.answer_consultation(user, consultation, answer=answer, expected_revision=revision)


def _data(form, name):
    return form.cleaned_data.get(name, "")


SPECS = [
    ActionSpec(
        "accept",
        f.ConfirmForm,
        lambda u, d, form, rev: lifecycle.accept(u, d, expected_revision=rev),
        help=_("Hồ sơ đầy đủ, hợp lệ: cấp mã hồ sơ và Giấy tiếp nhận (Mẫu 01)."),
    ),
    ActionSpec(
        "request_intake_supplement",
        f.ItemsForm,
        lambda u, d, form, rev: lifecycle.request_intake_supplement(
            u, d, items=form.items_list(), reason=_data(form, "reason"), expected_revision=rev
        ),
    ),
    ActionSpec(
        "refuse_intake",
        f.ReasonForm,
        lambda u, d, form, rev: lifecycle.refuse_intake(u, d, reason=_data(form, "reason"), expected_revision=rev),
    ),
    ActionSpec(
        "forward_online",
        f.ForwardForm,
        lambda u, d, form, rev: lifecycle.forward_online(
            u,
            d,
            agency=form.chosen("agency"),
            competent_agency=form.chosen("competent_agency"),
            reason=_data(form, "reason"),
            expected_revision=rev,
        ),
        help=_(
            "Không thuộc thẩm quyền tiếp nhận: chuyển đến cơ quan có thẩm quyền (Điều 17.2 Nghị định 118/2025); "
            "người nộp được thông báo, cơ quan mới kiểm tra trong 08 giờ làm việc."
        ),
    ),
    ActionSpec(
        "transfer",
        f.ConfirmForm,
        lambda u, d, form, rev: lifecycle.transfer(u, d, expected_revision=rev),
    ),
    ActionSpec(
        "assign",
        f.AssignForm,
        lambda u, d, form, rev: lifecycle.assign(u, d, specialist=form.chosen_specialist(), expected_revision=rev),
    ),
    ActionSpec(
        "complete_step",
        f.NoteForm,
        lambda u, d, form, rev: lifecycle.complete_step(u, d, note=_data(form, "note"), expected_revision=rev),
    ),
    ActionSpec(
        "request_consultation",
        f.ConsultationForm,
        lambda u, d, form, rev: lifecycle.request_consultation(
            u, d, requests=form.requests(), parallel=form.cleaned_data["parallel"] == "1", expected_revision=rev
        ),
    ),
    ActionSpec("answer_consultation", f.AnswerForm, _answer),
    ActionSpec(
        "send_parts",
        SendPartsForm,
        lambda u, d, form, rev: lifecycle.send_parts(
            u,
            d,
            parts=form.requests(),
            parallel=form.cleaned_data["parallel"] == "1",
            documents=form.document_ids(),
            expected_revision=rev,
        ),
        help=_(
            "Giải quyết liên thông (Điều 20.2 Nghị định 118/2025): mỗi cơ quan phối hợp nhận phần việc với nhiệm vụ "
            "và thời hạn riêng; chỉ trình ký kết quả chung khi mọi phần việc đã có kết quả."
        ),
    ),
    ActionSpec(
        "request_supplement",
        f.ItemsForm,
        lambda u, d, form, rev: lifecycle.request_supplement(
            u, d, items=form.items_list(), reason=_data(form, "reason"), expected_revision=rev
        ),
        help=_("Chỉ một lần, trong 3 ngày làm việc kể từ khi tiếp nhận; thời hạn giải quyết tạm dừng."),
    ),
    ActionSpec(
        "receive_supplement",
        f.SupplementReceivedForm,
        lambda u, d, form, rev: lifecycle.receive_supplement(u, d, documents=form.uploads(), expected_revision=rev),
        help=_("Đã nhận đủ hồ sơ bổ sung: thời hạn giải quyết được tính lại từ đầu."),
    ),
    ActionSpec(
        "submit_for_signature",
        f.NoteForm,
        lambda u, d, form, rev: lifecycle.submit_for_signature(u, d, note=_data(form, "note"), expected_revision=rev),
    ),
    ActionSpec(
        "sign",
        f.SignForm,
        lambda u, d, form, rev: lifecycle.sign(u, d, expected_revision=rev),
    ),
    ActionSpec(
        "send_back",
        f.ReasonForm,
        lambda u, d, form, rev: lifecycle.send_back(u, d, reason=_data(form, "reason"), expected_revision=rev),
    ),
    ActionSpec(
        "request_extension",
        f.ExtensionForm,
        lambda u, d, form, rev: lifecycle.request_extension(
            u, d, reason=_data(form, "reason"), new_due_at=form.cleaned_data["new_due_at"], expected_revision=rev
        ),
        help=_(
            "Chậm nhất 01 ngày trước ngày hết hạn; khi đã quá thời hạn đó vẫn phải xin lỗi và hẹn lại (ghi nhận là "
            "muộn). Chỉ một lần cho mỗi hồ sơ."
        ),
    ),
    ActionSpec(
        "refuse",
        f.ReasonForm,
        lambda u, d, form, rev: lifecycle.refuse(u, d, reason=_data(form, "reason"), expected_revision=rev),
    ),
    ActionSpec(
        "mark_ready",
        f.ConfirmForm,
        lambda u, d, form, rev: lifecycle.mark_ready(u, d, expected_revision=rev),
    ),
    ActionSpec(
        "return_result",
        f.ReturnForm,
        lambda u, d, form, rev: lifecycle.return_result(
            u, d, method=form.cleaned_data["method"], expected_revision=rev
        ),
    ),
    ActionSpec(
        "add_result",
        f.ResultUploadForm,
        lambda u, d, form, rev: lifecycle.add_result(u, d, documents=form.uploads(), expected_revision=rev),
        help=_("Tệp văn bản kết quả để trả cho người nộp; tải lên trước khi trả kết quả."),
    ),
    ActionSpec(
        "request_correction",
        f.ReasonForm,
        lambda u, d, form, rev: lifecycle.request_correction(u, d, reason=_data(form, "reason"), expected_revision=rev),
    ),
    ActionSpec(
        "complete_correction",
        f.NoteForm,
        lambda u, d, form, rev: lifecycle.complete_correction(u, d, note=_data(form, "note"), expected_revision=rev),
    ),
    ActionSpec(
        "stop",
        f.StopForm,
        lambda u, d, form, rev: lifecycle.stop(
            u, d, reason=_data(form, "reason"), refund=_data(form, "refund"), expected_revision=rev
        ),
        help=_("Theo văn bản đề nghị của người nộp, trước khi có kết quả."),
    ),
    ActionSpec(
        "add_documents",
        f.DocumentsForm,
        lambda u, d, form, rev: lifecycle.add_documents(
            u, d, documents=form.uploads(), stage=DossierDocument.Stage.INTAKE, expected_revision=rev
        ),
        help=_("Bản quét giấy tờ nộp tại quầy hoặc giấy tờ người nộp mang đến sau."),
    ),
]
ACTIONS = {spec.name: spec for spec in SPECS}
# Every action the table offers at the desk has its form here, and nothing else.
assert set(ACTIONS) == set(transitions.names_for(transitions.Face.DESK)), "desk specs must match the table"
ORDER = {name: position for position, name in enumerate(transitions.names_for(transitions.Face.DESK))}


def ordered(names: list[str], dossier: Dossier) -> list[str]:
    """The usual next step first, the destructive actions last, otherwise the table's order."""

    def rank(name: str) -> tuple[int, int]:
        transition = transitions.TRANSITIONS[name]
        group = 0 if transitions.is_primary(name, dossier) else 2 if transition.destructive else 1
        return group, ORDER.get(name, 0)

    return sorted(names, key=rank)


def pending_consultation(user, dossier: Dossier) -> Consultation | None:
    """The consultation the user's agency was sent on this dossier and has not answered."""
    agencies = permissions.opinion_agency_ids(user)
    return (
        dossier.consultations.filter(agency__in=agencies, sent_at__isnull=False, answered_at__isnull=True)
        .select_related("agency")
        .order_by("round", "order")
        .first()
    )


def build_form(spec: ActionSpec, dossier: Dossier, user, data=None, files=None):
    initial = {}
    if spec.name == "answer_consultation":
        consultation = pending_consultation(user, dossier)
        initial["consultation"] = consultation.pk if consultation else None
    form = spec.form_class(dossier, user, data, files, initial=initial, prefix=spec.name)
    if spec.danger:
        # A destructive action is never one click: the user ticks that they mean it (no script needed).
        form.fields["confirm"] = forms.BooleanField(
            label=gettext("Tôi xác nhận «%(action)s»; việc này không hoàn tác được.") % {"action": spec.label},
            error_messages={"required": gettext("Hãy đánh dấu ô xác nhận trước khi thực hiện.")},
        )
    form.spec = spec
    form.primary = transitions.is_primary(spec.name, dossier)
    return form
