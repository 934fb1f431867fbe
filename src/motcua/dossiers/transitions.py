"""The transition table of the dossier lifecycle (Decree 118/2025 Arts 15–24): for each action, the states it may
start from, the state it leads to, who may do it, what it takes, and how the faces present it — written once.

Everything else is derived from it: the lifecycle's guards (`check`, called by each lifecycle function), the
actions a user may do now (`available`), the desk's buttons (motcua.desk.dossier_actions keys its forms by these
names and shows what `available` lists), and the REST API's action routes (motcua.api.actions). A test walks every
(state, role) pair and finds the same set in all four (tests/test_transitions_walk.py).

The table holds the state and role rules only. The legal limits that depend on dates or history (3 working days,
one day before the due date, once only) and the check of the input are the lifecycle function's, refused with the
reason when the action is done.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Role
from motcua.catalog.models import Channel
from motcua.dossiers import forwarding, holds, interagency
from motcua.dossiers.errors import ActionNotAllowed
from motcua.dossiers.models import OPEN_STATES, STOPPABLE_STATES, Dossier, DossierEvent, Outcome, ReturnMethod, State
from motcua.dossiers.permissions import Standing


class Who(StrEnum):
    """Who may do an action (ai được làm): each is a property of motcua.dossiers.permissions.Standing."""

    DESK = "desk"  # a receiving officer (cán bộ tiếp nhận) of the receiving agency
    LEADER = "leader"  # a leader (lãnh đạo) of the competent agency
    HANDLER = "handler"  # the assigned specialist (chuyên viên được phân công) or a leader of the competent agency
    CONSULTED = "consulted"  # a specialist or leader of an agency asked for an opinion and not yet answered
    # A specialist or leader of a participating agency with a part of this dossier handed to it and not answered
    # (cơ quan phối hợp giải quyết liên thông, Art. 20.2).
    PARTICIPANT = "participant"
    DESK_OR_APPLICANT = "desk_or_applicant"  # the desk, or the applicant through their own account
    APPLICANT = "applicant"  # the applicant through their own account (người nộp)


class Face(StrEnum):
    """Where an action is offered: the staff dossier page, the REST API, the citizen's "my dossiers", and the page of
    one inter-agency part (the participating agency's staff see the part, not the whole dossier)."""

    DESK = "desk"
    API = "api"
    PORTAL = "portal"
    PART = "part"


STAFF = (Face.DESK, Face.API)


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # the button's words and, in lower case, the action named in a refusal
    sources: tuple[str, ...]
    target: str | None  # None: stays in its state (or, for a few, depends on the input — see the lifecycle)
    who: Who
    inputs: tuple[str, ...] = ()
    faces: tuple[Face, ...] = STAFF
    # The usual next step from its states: shown first and as the main button.
    primary: bool = False
    # Ends or reverses the work (refusals, stop, sending back): a secondary button that must be confirmed.
    destructive: bool = False
    # A further condition on the dossier, by name (CONDITIONS): offered only when it holds, refused otherwise.
    condition: str = ""
    verb: str = ""  # the action in a refusal message, when not the label in lower case


S = State
RESULT_STATES = (S.PROCESSING, S.AWAITING_SIGNATURE, S.RESULT_ISSUED, S.CORRECTION)
# While the lead agency works on the dossier, a participating agency works on its part (Art. 20.2).
PART_STATES = (S.PROCESSING, S.CONSULTING, S.SUPPLEMENT_REQUESTED)

TABLE: tuple[Transition, ...] = (
    Transition(
        "accept",
        _("Tiếp nhận hồ sơ"),
        (S.SUBMITTED,),
        S.RECEIVED,
        Who.DESK,
        primary=True,
        verb=_("kiểm tra hồ sơ nộp trực tuyến"),
    ),
    Transition(
        "request_intake_supplement",
        _("Yêu cầu bổ sung, hoàn thiện (Mẫu 02)"),
        (S.SUBMITTED,),
        S.INTAKE_SUPPLEMENT,
        Who.DESK,
        ("items", "reason"),
        verb=_("kiểm tra hồ sơ nộp trực tuyến"),
    ),
    Transition(
        "refuse_intake",
        _("Từ chối tiếp nhận (Mẫu 03)"),
        (S.SUBMITTED,),
        S.INTAKE_REFUSED,
        Who.DESK,
        ("reason",),
        destructive=True,
        verb=_("kiểm tra hồ sơ nộp trực tuyến"),
    ),
    Transition(
        "forward_online",
        _("Chuyển đến cơ quan có thẩm quyền"),
        (S.SUBMITTED,),
        S.SUBMITTED,  # still waiting for a desk's check, now at the competent agency's desk (Art. 17.2)
        Who.DESK,
        ("agency", "competent_agency", "reason"),
        condition="forward_target",
        verb=_("kiểm tra hồ sơ nộp trực tuyến"),
    ),
    Transition("transfer", _("Chuyển cơ quan giải quyết"), (S.RECEIVED,), S.TRANSFERRED, Who.DESK, primary=True),
    Transition(
        "assign",
        _("Phân công xử lý"),
        (S.TRANSFERRED, S.PROCESSING, S.CONSULTING, S.SUPPLEMENT_REQUESTED),
        S.PROCESSING,
        Who.LEADER,
        ("specialist",),
        primary=True,  # while nobody is assigned (is_primary)
        verb=_("phân công xử lý"),
    ),
    Transition(
        "complete_step",
        _("Hoàn thành bước xử lý"),
        (S.PROCESSING,),
        None,
        Who.HANDLER,
        ("note",),
        primary=True,
        condition="multi_step",
    ),
    Transition(
        "request_consultation",
        _("Lấy ý kiến, xác minh"),
        (S.PROCESSING,),
        S.CONSULTING,
        Who.HANDLER,
        ("requests", "parallel"),
    ),
    Transition(
        "answer_consultation",
        _("Trả lời ý kiến, xác minh"),
        (S.CONSULTING,),
        None,
        Who.CONSULTED,
        ("consultation", "answer"),
        primary=True,
        condition="consultation_pending",
        verb=_("trả lời ý kiến"),
    ),
    Transition(
        "send_parts",
        _("Giao phần việc liên thông"),
        (S.PROCESSING,),
        None,  # the lead keeps processing; the combined result waits for the parts (condition no_open_part)
        Who.HANDLER,
        ("parts", "parallel", "documents"),
        verb=_("giao phần việc liên thông"),
    ),
    Transition(
        "receive_part",
        _("Nhận phần việc liên thông"),
        PART_STATES,
        None,
        Who.PARTICIPANT,
        ("part",),
        faces=(Face.PART,),
        primary=True,
        condition="part_sent",
        verb=_("nhận phần việc liên thông"),
    ),
    Transition(
        "complete_part",
        _("Trả kết quả phần việc liên thông"),
        PART_STATES,
        None,
        Who.PARTICIPANT,
        ("part", "note", "document"),
        faces=(Face.PART,),
        primary=True,
        verb=_("trả kết quả phần việc liên thông"),
    ),
    Transition(
        "refuse_part",
        _("Từ chối phần việc liên thông"),
        PART_STATES,
        None,
        Who.PARTICIPANT,
        ("part", "reason"),
        faces=(Face.PART,),
        destructive=True,
        verb=_("từ chối phần việc liên thông"),
    ),
    Transition(
        "request_supplement",
        _("Yêu cầu bổ sung hồ sơ (Mẫu 02)"),
        (S.PROCESSING,),
        S.SUPPLEMENT_REQUESTED,
        Who.HANDLER,
        ("items", "reason"),
    ),
    Transition(
        "receive_supplement",
        _("Nhận hồ sơ bổ sung"),
        (S.SUPPLEMENT_REQUESTED,),
        S.PROCESSING,
        Who.DESK,
        ("documents",),
        primary=True,
    ),
    Transition(
        "refuse",
        _("Từ chối giải quyết (Mẫu 03)"),
        (S.PROCESSING, S.AWAITING_SIGNATURE),
        S.RESULT_ISSUED,
        Who.HANDLER,
        ("reason",),
        destructive=True,
    ),
    Transition(
        "request_extension",
        _("Xin lỗi và hẹn lại (Mẫu 04)"),
        (S.PROCESSING, S.CONSULTING, S.AWAITING_SIGNATURE),
        None,
        Who.LEADER,
        ("reason", "new_due_at"),
        # Before the due date or, late, after it (Art. 19.6; motcua.dossiers.apology) — but once per dossier.
        condition="no_apology_yet",
        verb=_("xin lỗi và hẹn lại ngày trả kết quả"),
    ),
    Transition(
        "submit_for_signature",
        _("Trình ký"),
        (S.PROCESSING,),
        S.AWAITING_SIGNATURE,
        Who.HANDLER,
        ("note",),
        primary=True,
        condition="no_open_part",  # the combined result only once every participating agency answered (Art. 20.2)
    ),
    Transition(
        "send_back",
        _("Trả lại để xử lý tiếp"),
        (S.AWAITING_SIGNATURE,),
        S.PROCESSING,
        Who.LEADER,
        ("reason",),
        destructive=True,
        verb=_("trả lại dự thảo"),
    ),
    Transition(
        "sign",
        _("Ký, ban hành kết quả"),
        (S.AWAITING_SIGNATURE,),
        S.RESULT_ISSUED,
        Who.LEADER,
        primary=True,
        verb=_("ký, ban hành kết quả"),
    ),
    Transition(
        "mark_ready",
        _("Nhận kết quả, chờ trả"),
        (S.RESULT_ISSUED,),
        S.READY_FOR_RETURN,
        Who.DESK,
        primary=True,
        verb=_("nhận kết quả"),
        condition="not_held",
    ),
    Transition(
        "return_result",
        _("Trả kết quả"),
        (S.READY_FOR_RETURN,),
        S.RETURNED,
        Who.DESK,
        ("method",),
        primary=True,
        condition="not_held",  # e.g. a Decree 63/2024 group's parts are handed over together (motcua.groups)
    ),
    Transition(
        "stop",
        _("Dừng giải quyết (Mẫu 05)"),
        tuple(STOPPABLE_STATES),
        S.STOPPED,
        Who.DESK_OR_APPLICANT,
        ("reason", "refund"),
        faces=(Face.DESK, Face.API, Face.PORTAL),
        destructive=True,
        verb=_("dừng giải quyết"),
    ),
    Transition(
        "request_correction",
        _("Yêu cầu đính chính kết quả"),
        (S.RETURNED,),
        S.CORRECTION,
        Who.DESK,
        ("reason",),
        verb=_("yêu cầu đính chính"),
    ),
    Transition(
        "complete_correction",
        _("Hoàn thành đính chính"),
        (S.CORRECTION,),
        S.READY_FOR_RETURN,
        Who.HANDLER,
        ("note",),
        primary=True,
    ),
    Transition(
        "add_documents",
        _("Thêm tài liệu vào hồ sơ"),
        (*OPEN_STATES, S.RESULT_ISSUED, S.CORRECTION),
        None,
        Who.DESK,
        ("documents",),
        verb=_("thêm tài liệu"),
    ),
    Transition(
        "add_result",
        _("Tải lên kết quả giải quyết"),
        RESULT_STATES,
        None,
        Who.HANDLER,
        ("documents",),
        verb=_("tải lên kết quả giải quyết"),
    ),
    Transition(
        "deliver_result",
        _("Tải bản điện tử kết quả"),
        (S.READY_FOR_RETURN, S.RETURNED),
        None,
        Who.APPLICANT,
        ("document",),
        faces=(Face.PORTAL,),
        condition="electronic_result",
        verb=_("tải bản điện tử kết quả"),
    ),
    Transition(
        "send_supplement",
        _("Gửi hồ sơ bổ sung"),
        (S.INTAKE_SUPPLEMENT, S.SUPPLEMENT_REQUESTED),
        None,  # to «Chờ tiếp nhận» at intake; stays «Chờ bổ sung» after appraisal
        Who.APPLICANT,
        ("documents",),
        faces=(Face.PORTAL,),
        primary=True,
        condition="supplement_online",
        verb=_("gửi hồ sơ bổ sung"),
    ),
)
TRANSITIONS: dict[str, Transition] = {t.name: t for t in TABLE}


def _multi_step(standing: Standing) -> bool:
    return standing.following_step_role == Role.SPECIALIST


def _supplement_online(standing: Standing) -> bool:
    dossier = standing.dossier
    return dossier.state != State.INTAKE_SUPPLEMENT or dossier.channel == Channel.ONLINE


def _electronic_result(standing: Standing) -> bool:
    dossier = standing.dossier
    return dossier.return_method == ReturnMethod.ELECTRONIC and dossier.outcome == Outcome.GRANTED


def _forward_target(standing: Standing) -> bool:
    return bool(forwarding.choices(standing.dossier)[0])


# name → (holds?, the refusal when it does not: a text, or a function of the standing for a reason of the moment)
CONDITIONS = {
    "not_held": (
        lambda standing: holds.reason(standing.dossier) is None,
        lambda standing: holds.reason(standing.dossier),
    ),
    "forward_target": (
        _forward_target,
        _("Không có cơ quan nào khác tiếp nhận trực tuyến thủ tục này để chuyển hồ sơ đến."),
    ),
    "multi_step": (_multi_step, _("Bước tiếp theo là trình ký; hãy dùng «Trình ký».")),
    "consultation_pending": (
        lambda standing: standing.consultation_pending,
        _("Yêu cầu lấy ý kiến này chưa được gửi hoặc đã được trả lời."),
    ),
    "electronic_result": (
        _electronic_result,
        _("Hồ sơ này không nhận kết quả bản điện tử (hoặc không có kết quả được cấp)."),
    ),
    "supplement_online": (
        _supplement_online,
        _("Hồ sơ nộp trực tiếp được bổ sung tại Bộ phận Một cửa, không gửi trực tuyến."),
    ),
    "part_sent": (
        lambda standing: interagency.Status.SENT in standing.active_parts,
        _("Phần việc liên thông này đã được nhận hoặc đã có kết quả."),
    ),
    "no_open_part": (
        lambda standing: not interagency.has_open_part(standing.dossier),
        _(
            "Còn phần việc liên thông chưa có kết quả; chỉ trình ký kết quả chung khi mọi cơ quan phối hợp đã trả "
            "kết quả (Nghị định 118/2025 Điều 20.2)."
        ),
    ),
    "no_apology_yet": (
        lambda standing: not standing.dossier.events.filter(kind=DossierEvent.Kind.EXTENDED).exists(),
        _("Hồ sơ đã có văn bản xin lỗi và hẹn lại; chỉ được hẹn lại một lần (Nghị định 118/2025 Điều 19.6)."),
    ),
}

REFUSALS = {
    Who.DESK: _("Chỉ cán bộ tiếp nhận của %(agency)s được làm việc này."),
    Who.LEADER: _("Chỉ lãnh đạo của %(agency)s được làm việc này."),
    Who.HANDLER: _("Chỉ chuyên viên được phân công hoặc lãnh đạo của %(agency)s được làm việc này."),
    Who.CONSULTED: _("Chỉ chuyên viên hoặc lãnh đạo của cơ quan được hỏi ý kiến được trả lời."),
    Who.PARTICIPANT: _("Chỉ chuyên viên hoặc lãnh đạo của cơ quan được giao phần việc liên thông được làm việc này."),
    Who.DESK_OR_APPLICANT: _("Chỉ người nộp hồ sơ hoặc cán bộ tiếp nhận của %(agency)s được làm việc này."),
    Who.APPLICANT: _("Chỉ người nộp hồ sơ được làm việc này."),
}


def _agency_of(who: Who, dossier: Dossier):
    return dossier.receiving_agency if who in (Who.DESK, Who.DESK_OR_APPLICANT) else dossier.competent_agency


def verb(transition: Transition) -> str:
    """The action as named inside a sentence: its own verb, else its label with a small first letter."""
    if transition.verb:
        return str(transition.verb)
    label = str(transition.label)
    return label[:1].lower() + label[1:]


def check(user, dossier: Dossier, name: str, *, standing: Standing | None = None) -> Standing:
    """The guard of action `name`: the role (PermissionDenied), then the state (ActionNotAllowed), then the
    table's condition (ActionNotAllowed), each refused with a Vietnamese reason. Called by the lifecycle on the
    locked dossier."""
    transition = TRANSITIONS[name]
    standing = standing or Standing(user, dossier)
    if not standing.is_(transition.who):
        raise PermissionDenied(str(REFUSALS[transition.who]) % {"agency": _agency_of(transition.who, dossier)})
    if dossier.state not in transition.sources:
        raise ActionNotAllowed(
            gettext("Không thể «%(action)s» khi hồ sơ %(code)s đang ở trạng thái «%(state)s».")
            % {"action": verb(transition), "code": dossier, "state": dossier.get_state_display()}
        )
    if transition.condition:
        condition_holds, refusal = CONDITIONS[transition.condition]
        if not condition_holds(standing):
            raise ActionNotAllowed(refusal(standing) if callable(refusal) else str(refusal))
    return standing


def available(user, dossier: Dossier, *, face: Face | None = None) -> list[str]:
    """The actions `user` may do on `dossier` now (role, state, condition), in the table's order; only those a
    given face offers when `face` is named."""
    standing = Standing(user, dossier)
    names = []
    for transition in TABLE:
        if face is not None and face not in transition.faces:
            continue
        if dossier.state not in transition.sources or not standing.is_(transition.who):
            continue
        if transition.condition and not CONDITIONS[transition.condition][0](standing):
            continue
        names.append(transition.name)
    return names


def is_primary(name: str, dossier: Dossier) -> bool:
    """Whether `name` is the usual next step of the dossier now (assignment only while nobody is assigned)."""
    if name == "assign":
        return dossier.assignee_id is None
    return TRANSITIONS[name].primary


def names_for(face: Face) -> list[str]:
    return [t.name for t in TABLE if face in t.faces]
