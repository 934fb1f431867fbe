"""Mẫu 06 Phiếu kiểm soát quá trình giải quyết hồ sơ: a view over the dossier's steps, consultations and events.

Each row is one hand-over of the dossier (giao, nhận): who gave it, from which agency, when, and who received it,
where, when. The result column judges the party that handed the dossier on: its step was finished before the
day it was due (trước hạn), on that day by the due instant (đúng hạn), or after the due instant (quá hạn).
The steps are planned at acceptance (motcua.dossiers.steps), so every accepted dossier has them; consultations
add their own hand-overs, and events such as a supplement request or an extension add a note row. Each inter-agency
part (phần việc liên thông, Decree 118/2025 Art. 20.2) adds its own lines: the lead agency gives it (Giao) and the
participating agency takes it (Nhận), then the participating agency hands its result back, judged against the
part's own deadline.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext

from motcua.documents.dossier_forms.common import applicant, common_labels, letterhead, person_name, procedure
from motcua.documents.dossier_forms.formats import moment
from motcua.dossiers import steps as process
from motcua.dossiers.models import Dossier, DossierEvent, DossierStep, InteragencyPart

Kind = DossierEvent.Kind
# Events that are not a hand-over but change what the slip must show (a note row in the history's order).
NOTE_EVENTS = (
    Kind.SUPPLEMENT_REQUESTED,
    Kind.SUPPLEMENT_RECEIVED,
    Kind.EXTENDED,
    Kind.REFUSED,
    Kind.STOPPED,
    Kind.CLOSED,
    Kind.CORRECTION_REQUESTED,
    Kind.CORRECTED,
)
_LATEST = datetime.datetime.max.replace(tzinfo=datetime.UTC)


def timeliness(done: datetime.datetime | None, due: datetime.datetime | None) -> str:
    """Trước hạn / đúng hạn / quá hạn of work finished at `done` and due at `due`; empty while either is unknown."""
    if done is None or due is None:
        return ""
    if done > due:
        return gettext("Quá hạn")
    if timezone.localdate(done) == timezone.localdate(due):
        return gettext("Đúng hạn")
    return gettext("Trước hạn")


def _step_place(step: DossierStep) -> str:
    """The agency and who in it: the department when the process names one, else the role (e.g. the leader)."""
    return f"{step.agency.name} – {step.department or step.get_role_display()}"


def _hop(sort_at, from_place, to_place, given_at, taken_at, giver, receiver, result="", note=""):
    return {
        "sort_at": sort_at or _LATEST,
        "from_place": from_place,
        "to_place": to_place,
        "given_at": moment(given_at),
        "taken_at": moment(taken_at),
        "giver": giver,
        "receiver": receiver,
        "result": result,
        "note": note,
    }


def _step_hops(dossier: Dossier, steps: list[DossierStep], applicant_name: str) -> list[dict]:
    hops = []
    stages = process.stages(steps)
    for index, stage in enumerate(stages):
        following = stages[index + 1] if index + 1 < len(stages) else None
        for step in stage:
            if following:
                to_place = "; ".join(dict.fromkeys(_step_place(s) for s in following))
                receivers = ", ".join(dict.fromkeys(person_name(s.assignee) for s in following if s.assignee_id))
                started = [s.started_at for s in following if s.started_at]
                taken_at = min(started) if started else None
            else:
                to_place = gettext("Người nộp hồ sơ")
                receivers = applicant_name if dossier.returned_at else ""
                taken_at = dossier.returned_at
            note = step.name
            if step.due_at:
                note += "\n" + gettext("Hạn: %(due)s") % {"due": moment(step.due_at)}
            if step.status == DossierStep.Status.ACTIVE:
                note += "\n" + gettext("Đang thực hiện")
            hops.append(
                _hop(
                    step.completed_at or step.started_at,
                    _step_place(step),
                    to_place,
                    step.completed_at,
                    taken_at if step.completed_at else None,
                    person_name(step.assignee) if step.completed_at else "",
                    receivers if step.completed_at else "",
                    timeliness(step.completed_at, step.due_at),
                    note,
                )
            )
    return hops


def _consultation_hops(dossier: Dossier) -> list[dict]:
    hops = []
    competent = dossier.competent_agency.name
    for consultation in dossier.consultations.select_related("agency", "requested_by", "answered_by"):
        if consultation.sent_at is None:
            continue
        note = gettext("Lấy ý kiến, xác minh: %(content)s") % {"content": consultation.content}
        if consultation.due_at:
            note += "\n" + gettext("Hạn: %(due)s") % {"due": moment(consultation.due_at)}
        hops.append(
            _hop(
                consultation.sent_at,
                competent,
                consultation.agency.name,
                consultation.sent_at,
                consultation.sent_at,
                person_name(consultation.requested_by),
                "",
                note=note,
            )
        )
        if consultation.answered_at:
            hops.append(
                _hop(
                    consultation.answered_at,
                    consultation.agency.name,
                    competent,
                    consultation.answered_at,
                    consultation.answered_at,
                    person_name(consultation.answered_by),
                    person_name(consultation.requested_by),
                    timeliness(consultation.answered_at, consultation.due_at),
                    gettext("Trả lời ý kiến, xác minh"),
                )
            )
    return hops


def _part_hops(dossier: Dossier, parts: list[InteragencyPart]) -> list[dict]:
    """Two lines per part handed over: given to the participating agency, and its result (or refusal) handed back."""
    hops = []
    lead = dossier.competent_agency.name
    for part in parts:
        if part.sent_at is None:
            continue  # a sequential part whose turn never came
        note = gettext("Phần việc liên thông %(code)s: %(task)s") % {"code": part.code, "task": part.task}
        note += "\n" + gettext("Hạn: %(due)s") % {"due": moment(part.due_at)}
        hops.append(
            _hop(
                part.sent_at,
                lead,
                part.agency.name,
                part.sent_at,
                part.received_at,
                person_name(part.sent_by),
                person_name(part.received_by) if part.received_by_id else "",
                note=note,
            )
        )
        if part.completed_at:
            refused = part.status == InteragencyPart.Status.REFUSED
            back = gettext("Từ chối phần việc: %(reason)s") if refused else gettext("Trả kết quả phần việc %(code)s")
            hops.append(
                _hop(
                    part.completed_at,
                    part.agency.name,
                    lead,
                    part.completed_at,
                    part.completed_at,
                    person_name(part.completed_by),
                    "",
                    timeliness(part.completed_at, part.due_at),
                    back % {"reason": part.result_note, "code": part.code},
                )
            )
    return hops


def _note_rows(events: list[DossierEvent]) -> list[dict]:
    rows = []
    for event in events:
        note = event.get_kind_display()
        if event.note:
            note += ": " + event.note
        place = event.actor_agency.name if event.actor_agency_id else ""
        rows.append(_hop(event.at, place, "", event.at, None, person_name(event.actor), "", note=note))
    return rows


def slip_context(dossier: Dossier) -> dict:
    events = list(dossier.events.filter(kind__in=NOTE_EVENTS).select_related("actor", "actor_agency"))
    steps = [
        step
        for step in dossier.steps.select_related("agency", "assignee").order_by("order")
        if step.status != DossierStep.Status.SKIPPED
    ]
    applicant_name = dossier.submitter_name or dossier.applicant_name
    intake = _hop(
        dossier.received_at,
        gettext("Người nộp hồ sơ"),
        dossier.receiving_agency.name,
        dossier.received_at,
        dossier.received_at,
        applicant_name,
        person_name(dossier.received_by),
        note=gettext("Tiếp nhận hồ sơ"),
    )
    parts = list(dossier.parts.select_related("agency", "sent_by", "received_by", "completed_by"))
    body = _step_hops(dossier, steps, applicant_name) + _consultation_hops(dossier) + _part_hops(dossier, parts)
    body += _note_rows(events)
    body.sort(key=lambda row: row["sort_at"])  # stable: steps keep their order when times are equal
    rows = [intake, *body]
    for number, row in enumerate(rows, start=1):
        row["number"] = number
        del row["sort_at"]
    consulted = {c.agency.name for c in dossier.consultations.select_related("agency")}
    consulted |= {part.agency.name for part in parts if part.sent_at}
    consulted |= {s.agency.name for s in steps} - {dossier.receiving_agency.name, dossier.competent_agency.name}
    labels = common_labels()
    labels.update(
        # As on the 2018 slip the Annex renumbers: the receipt's number by hand, the code in the header.
        attached=gettext("(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả số: ……)"),
        competent=gettext("Cơ quan (bộ phận) giải quyết hồ sơ:"),
        partners=gettext("Cơ quan phối hợp giải quyết hồ sơ:"),
        received_at=gettext("Thời gian nhận hồ sơ:"),
        due_at=gettext("Thời gian hẹn trả kết quả:"),
        col_agency=gettext("TÊN CƠ QUAN"),
        col_time=gettext("THỜI GIAN GIAO, NHẬN HỒ SƠ"),
        col_result=gettext("KẾT QUẢ GIẢI QUYẾT HỒ SƠ"),
        col_result_hint=gettext("(Trước hạn/đúng hạn/quá hạn)"),
        col_note=gettext("GHI CHÚ"),
        give=gettext("Giao:"),
        take=gettext("Nhận:"),
        giver=gettext("Người giao:"),
        receiver=gettext("Người nhận:"),
        blank="……",
        postal_note=gettext(
            "Trường hợp hồ sơ được chuyển qua dịch vụ bưu chính thì thời gian giao, nhận hồ sơ và việc ký nhận thể "
            "hiện trong hóa đơn của cơ quan bưu chính."
        ),
    )
    return {
        "form": "06",
        "title": gettext("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
        "head": letterhead(dossier.receiving_agency, dossier.received_at),
        "code": dossier.code or "",
        "applicant": applicant(dossier),
        "procedure": procedure(dossier),
        "competent": dossier.competent_agency.name,
        "partners": "; ".join(sorted(consulted)),
        "received_at": moment(dossier.received_at),
        "due_at": moment(dossier.due_at),
        "rows": rows,
        "t": labels,
    }
