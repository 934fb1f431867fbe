"""The dossier lifecycle (Decree 118/2025 Arts 15–24): the only writer of a dossier's state and deadlines.

Each action is one transaction that locks the dossier row, checks its guard (state, role, scope, legal limits),
appends an event to the history, stores the deadlines replayed from the dossier's clock on the competent agency's
calendar, and announces the event (motcua.dossiers.signals: inside the transaction, then once committed) for
notifications. A caller that names the revision it saw (`expected_revision`) gets a Conflict when somebody else acted
first.

Who acts: the receiving officer (cán bộ tiếp nhận) of the receiving agency at the desk; a leader (lãnh đạo) of the
competent agency assigns, signs, extends; the assigned specialist (chuyên viên) — or a leader of the competent
agency — appraises; a specialist or leader of a consulted agency answers a consultation.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Subquery
from django.utils import timezone
from django.utils.translation import gettext

from motcua.accounts.identity_numbers import validate_cccd, validate_tax_code
from motcua.accounts.models import Role, RoleAssignment
from motcua.catalog.models import AgencyOffering, Channel, ProcedureMethod, ProcedureVersion
from motcua.catalog.versions import components as catalog_components
from motcua.catalog.versions import in_force_filter
from motcua.dossiers import steps as process
from motcua.dossiers.codes import allocate_code
from motcua.dossiers.errors import ActionNotAllowed, Conflict
from motcua.dossiers.models import (
    OPEN_STATES,
    STOPPABLE_STATES,
    ApplicantKind,
    Consultation,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierFee,
    Outcome,
    ReturnMethod,
    State,
)
from motcua.dossiers.signals import event_committed, event_recorded
from motcua.dossiers.uploads import Upload, check
from motcua.orgs.models import Agency
from motcua.workcal.calendars import engine_calendar
from motcua.workcal.clock import DeadlineClock
from motcua.workcal.durations import Duration

Kind = DossierEvent.Kind
Form = DossierEvent.Form

ONLINE_CHECK = Duration.working_hours(8)  # Art. 17.2: accept, ask to supplement or redirect within 8 working hours.
SUPPLEMENT_REQUEST_LIMIT = Duration.working_days(3)  # Art. 19.5: the request goes out within 3 working days.
SUPPLEMENT_WAIT = Duration.calendar_days(15)  # Art. 19.5: closed 15 days after the notice if not completed.
CORRECTION_LIMIT = Duration.working_days(3)  # Art. 23: the corrected result within 3 working days.


@dataclass(frozen=True)
class Applicant:
    kind: str
    name: str
    id_number: str
    phone: str = ""
    email: str = ""
    address: str = ""
    submitter_name: str = ""
    user: object = None


@dataclass(frozen=True)
class Intake:
    """What arrives at the desk or online: the procedure method, the agencies, the applicant and the files."""

    method: ProcedureMethod
    receiving_agency: Agency
    competent_agency: Agency
    applicant: Applicant
    request_summary: str = ""
    copies: int = 1
    return_method: str = ReturnMethod.DESK
    documents: tuple[Upload, ...] = field(default_factory=tuple)
    # The components handed in (ids of the version's RequiredDocument), from the desk's checklist; None when the
    # caller keeps no checklist (then the receipt lists every required component).
    presented: tuple[int, ...] | None = None


@dataclass(frozen=True)
class ConsultationRequest:
    agency: Agency
    content: str
    minutes: int


# -- guards ---------------------------------------------------------------------------------------------------------


def _roles_at(user, agency: Agency) -> set[str]:
    """The user's roles at an agency, read once for the guard that needs them."""
    if not (user.is_authenticated and user.is_active):
        return set()
    return set(RoleAssignment.objects.filter(user_id=user.pk, agency_id=agency.pk).values_list("role", flat=True))


def _has_role(user, role: str, agency: Agency) -> bool:
    return role in _roles_at(user, agency)


def _require_role(user, roles: Iterable[str], agency: Agency, message: str) -> None:
    if not _roles_at(user, agency).intersection(roles):
        raise PermissionDenied(message % {"agency": agency})


def _require_desk(user, dossier: Dossier) -> None:
    _require_role(
        user,
        [Role.RECEIVING_OFFICER],
        dossier.receiving_agency,
        gettext("Chỉ cán bộ tiếp nhận của %(agency)s được làm việc này."),
    )


def _require_leader(user, dossier: Dossier) -> None:
    _require_role(
        user, [Role.LEADER], dossier.competent_agency, gettext("Chỉ lãnh đạo của %(agency)s được làm việc này.")
    )


def _require_handler(user, dossier: Dossier) -> None:
    """The assigned specialist, or a leader of the competent agency."""
    roles = _roles_at(user, dossier.competent_agency)
    if Role.LEADER in roles or (dossier.assignee_id == user.pk and Role.SPECIALIST in roles):
        return
    raise PermissionDenied(
        gettext("Chỉ chuyên viên được phân công hoặc lãnh đạo của %(agency)s được làm việc này.")
        % {"agency": dossier.competent_agency}
    )


def _require_state(dossier: Dossier, allowed: Iterable[str], action: str) -> None:
    if dossier.state not in allowed:
        raise ActionNotAllowed(
            gettext("Không thể «%(action)s» khi hồ sơ %(code)s đang ở trạng thái «%(state)s».")
            % {"action": action, "code": dossier, "state": dossier.get_state_display()}
        )


def _reason(text: str, field_name: str = "reason") -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field_name: gettext("Hãy ghi rõ lý do.")})
    return text


def _items(items: Iterable[str]) -> list[str]:
    cleaned = [item.strip() for item in items if item and item.strip()]
    if not cleaned:
        raise ValidationError({"items": gettext("Hãy liệt kê đầy đủ một lần các nội dung cần bổ sung.")})
    return cleaned


def _check_applicant(applicant: Applicant) -> None:
    if not applicant.name.strip():
        raise ValidationError({"applicant_name": gettext("Hãy nhập tên người nộp hồ sơ.")})
    if applicant.kind == ApplicantKind.PERSON:
        validate_cccd(applicant.id_number)
    elif applicant.kind == ApplicantKind.ORGANISATION:
        validate_tax_code(applicant.id_number)
    else:
        raise ValidationError({"applicant_kind": gettext("Loại người nộp không hợp lệ.")})


def _check_offering(method: ProcedureMethod, receiving: Agency, competent: Agency, offerings: list) -> None:
    offerings = {o.agency_id: o for o in offerings}
    desk = offerings.get(receiving.pk)
    if desk is None or not desk.receives or method.channel not in desk.channels:
        raise ValidationError(
            gettext("%(agency)s không tiếp nhận thủ tục %(code)s theo hình thức «%(channel)s».")
            % {"agency": receiving, "code": method.version.procedure.code, "channel": method.get_channel_display()}
        )
    resolver = offerings.get(competent.pk)
    if resolver is None or not resolver.resolves:
        raise ValidationError(
            gettext("%(agency)s không giải quyết thủ tục %(code)s.")
            % {"agency": competent, "code": method.version.procedure.code}
        )


def _check_intake(intake: Intake, at: datetime.datetime) -> list:
    version = intake.method.version
    in_force = ProcedureVersion.objects.filter(
        in_force_filter(timezone.localdate(at)), procedure_id=version.procedure_id
    ).order_by("-number")
    # The agencies' offerings of the procedure and the version in force, in one query; the version alone only when
    # neither agency offers it (the refusal then names the version first, as it would anyway).
    offerings = list(
        AgencyOffering.objects.filter(
            procedure_id=version.procedure_id,
            agency__in=[intake.receiving_agency, intake.competent_agency],
            active=True,
        ).annotate(version_in_force=Subquery(in_force.values("pk")[:1]))
    )
    in_force_pk = offerings[0].version_in_force if offerings else in_force.values_list("pk", flat=True).first()
    if in_force_pk != version.pk:
        raise ValidationError(gettext("Phiên bản thủ tục này không có hiệu lực vào ngày tiếp nhận."))
    if intake.method.duration is None:
        raise ValidationError(
            gettext("Cách thức này chưa có thời hạn giải quyết có cấu trúc; hãy bổ sung trong danh mục thủ tục.")
        )
    if intake.return_method not in ReturnMethod.values:
        raise ValidationError({"return_method": gettext("Nơi nhận kết quả không hợp lệ.")})
    if intake.copies < 1:
        raise ValidationError({"copies": gettext("Số lượng hồ sơ phải từ 1 bộ trở lên.")})
    _check_offering(intake.method, intake.receiving_agency, intake.competent_agency, offerings)
    _check_applicant(intake.applicant)
    return _check_uploads(version, intake.documents)


def _check_uploads(version, uploads: Iterable[Upload]) -> list:
    """Each file's content and size, and the component it is for must be one of the version's."""
    uploads = list(uploads)
    if not uploads:
        return []
    components = {document.pk for document in catalog_components(version)[0]}
    for upload in uploads:
        if upload.requirement_id is not None and upload.requirement_id not in components:
            raise ValidationError(
                {"requirement": gettext("Thành phần hồ sơ đã chọn không thuộc thủ tục của hồ sơ này.")}
            )
    return [check(upload) for upload in uploads]


# -- the common transaction -----------------------------------------------------------------------------------------


def _calendar(dossier: Dossier):
    """The competent agency's calendar, looked up once per action (kept on the locked dossier object)."""
    calendar = getattr(dossier, "_engine_calendar", None)
    if calendar is None:
        calendar = dossier._engine_calendar = engine_calendar(agency=dossier.competent_agency)
    return calendar


def _lock(dossier: Dossier | int, expected_revision: int | None) -> Dossier:
    """The dossier row, locked until the action's transaction ends; a Conflict when it changed since read."""
    pk = dossier.pk if isinstance(dossier, Dossier) else dossier
    locked = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("competent_agency", "receiving_agency", "method", "version")
        .get(pk=pk)
    )
    if expected_revision is not None and locked.revision != expected_revision:
        raise Conflict(
            gettext("Hồ sơ %(code)s vừa được người khác xử lý («%(state)s»). Hãy tải lại trang rồi thao tác lại.")
            % {"code": locked, "state": locked.get_state_display()}
        )
    return locked


def _record(
    dossier: Dossier,
    actor,
    kind: str,
    at: datetime.datetime,
    *,
    to_state: str | None = None,
    agency: Agency | None = None,
    note: str = "",
    form: str = "",
    details: dict | None = None,
    fields: Iterable[str] = (),
) -> DossierEvent:
    """Move to `to_state` (if any), bump the revision, save the named fields, append the event."""
    from_state = dossier.state
    if to_state is not None:
        dossier.state = to_state
    dossier.revision += 1
    if dossier.pk is None:
        dossier.save()  # a new dossier is inserted whole, in one statement
    else:
        dossier.save(update_fields=["state", "revision", *fields])
    event = DossierEvent.objects.create(
        dossier=dossier,
        at=at,
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_agency=agency,
        from_state=from_state,
        to_state=dossier.state,
        note=note,
        due_at=dossier.due_at,
        form=form,
        details=details or {},
    )
    event_recorded.send(sender=Dossier, dossier_id=dossier.pk, event_id=event.pk, kind=kind, event=event)
    transaction.on_commit(
        lambda: event_committed.send(sender=Dossier, dossier_id=dossier.pk, event_id=event.pk, kind=kind, event=event)
    )
    return event


def _store_clock(dossier: Dossier, clock: DeadlineClock) -> None:
    dossier.clock = clock.to_data()
    deadline = clock.deadline(_calendar(dossier))
    # A paused clock has no due instant, even after an extension; running, the promised date wins.
    dossier.due_at = None if deadline is None else (dossier.extended_due_at or deadline.due_at)


def _save_documents(dossier: Dossier, checked: list, actor, at: datetime.datetime, stage: str) -> None:
    """Store the files, then insert their rows in one statement."""
    uploader = actor if getattr(actor, "pk", None) else None
    documents = []
    for item in checked:
        document = DossierDocument(
            dossier=dossier,
            requirement_id=item.upload.requirement_id,
            stage=stage,
            name=item.name,
            content_type=item.content_type,
            size=item.size,
            is_scan=item.upload.is_scan,
            uploaded_by=uploader,
            uploaded_at=at,
        )
        document.file.save(item.name, item.upload.file, save=False)
        documents.append(document)
    DossierDocument.objects.bulk_create(documents)


def _local(at: datetime.datetime) -> str:
    return timezone.localtime(at).strftime("%H:%M %d/%m/%Y")


# -- intake (Art. 16–17) ------------------------------------------------------------------------------------------


def _new_dossier(intake: Intake, at: datetime.datetime) -> Dossier:
    """A new dossier, not saved yet (its first event inserts it); it gets its state from that first event."""
    applicant = intake.applicant
    return Dossier(
        version=intake.method.version,
        method=intake.method,
        channel=intake.method.channel,
        receiving_agency=intake.receiving_agency,
        competent_agency=intake.competent_agency,
        applicant_kind=applicant.kind,
        applicant_name=applicant.name.strip(),
        applicant_id_number=applicant.id_number,
        applicant_phone=applicant.phone,
        applicant_email=applicant.email,
        applicant_address=applicant.address,
        submitter_name=applicant.submitter_name,
        applicant_user=applicant.user,
        request_summary=intake.request_summary.strip() or intake.method.version.name,
        copies=intake.copies,
        return_method=intake.return_method,
        state="",
        submitted_at=at,
    )


def submit_online(user, intake: Intake, *, at: datetime.datetime | None = None) -> Dossier:
    """An online submission (nộp trực tuyến, Art. 17.2): waits for the desk's check within 8 working hours."""
    at = at or timezone.now()
    if intake.method.channel != Channel.ONLINE:
        raise ValidationError(gettext("Thủ tục này không nộp trực tuyến theo cách thức đã chọn."))
    checked = _check_intake(intake, at)
    calendar = engine_calendar(agency=intake.receiving_agency)
    with transaction.atomic():
        dossier = _new_dossier(intake, at)
        dossier.intake_due_at = calendar.add(at, ONLINE_CHECK).due_at
        _record(dossier, user, Kind.SUBMITTED, at, to_state=State.SUBMITTED, note=gettext("Nộp hồ sơ trực tuyến"))
        _save_documents(dossier, checked, user, at, DossierDocument.Stage.INTAKE)
    return dossier


def _intake_dossier(officer, subject: Intake | Dossier, at, expected_revision) -> tuple[Dossier, list]:
    """For a new paper dossier: check it and make it (unsaved) with its checked files, which the caller stores
    once its first event has inserted it. For an online one: lock it and check it is waiting."""
    if isinstance(subject, Intake):
        _require_role(
            officer,
            [Role.RECEIVING_OFFICER],
            subject.receiving_agency,
            gettext("Chỉ cán bộ tiếp nhận của %(agency)s được tiếp nhận hồ sơ tại đây."),
        )
        checked = _check_intake(subject, at)
        return _new_dossier(subject, at), checked
    dossier = _lock(subject, expected_revision)
    _require_desk(officer, dossier)
    _require_state(dossier, [State.SUBMITTED], gettext("kiểm tra hồ sơ nộp trực tuyến"))
    return dossier, []


def accept(
    officer, subject: Intake | Dossier, *, at: datetime.datetime | None = None, expected_revision: int | None = None
) -> Dossier:
    """Accept a complete dossier (tiếp nhận, Art. 17.1.c, 17.3): its code, its clock from now, its steps, Mẫu 01."""
    at = at or timezone.now()
    presented = subject.presented if isinstance(subject, Intake) else None
    with transaction.atomic():
        dossier, checked = _intake_dossier(officer, subject, at, expected_revision)
        components, fee_items = catalog_components(dossier.version)
        if presented is not None:
            missing = [doc.name for doc in components if doc.required and doc.pk not in presented]
            if missing:
                raise ValidationError(
                    gettext("Hồ sơ còn thiếu thành phần bắt buộc: %(missing)s. Hãy yêu cầu bổ sung thay vì tiếp nhận.")
                    % {"missing": "; ".join(missing)}
                )
        dossier.code = allocate_code(dossier.competent_agency, at)
        dossier.received_at, dossier.received_by = at, officer
        _store_clock(dossier, DeadlineClock.started(dossier.method.duration, at, note="tiếp nhận"))
        fees = [
            DossierFee(fee_item=item, kind=item.kind, name=item.name, amount_vnd=item.amount_vnd)
            for item in fee_items
            if item.amount_vnd and not item.exempt and item.channel in ("", dossier.channel)
        ]
        documents = [
            {"name": doc.name, "originals": doc.originals, "copies": doc.copies}
            for doc in components
            if (doc.pk in presented if presented is not None else doc.required)
        ]
        _record(
            dossier,
            officer,
            Kind.ACCEPTED,
            at,
            to_state=State.RECEIVED,
            agency=dossier.receiving_agency,
            note=gettext("Tiếp nhận hồ sơ, mã %(code)s") % {"code": dossier.code},
            form=Form.RECEIPT,
            details={"documents": documents, "fees": [{"name": f.name, "amount_vnd": f.amount_vnd} for f in fees]},
            fields=["code", "received_at", "received_by", "clock", "due_at"],
        )
        for fee in fees:
            fee.dossier = dossier
        DossierFee.objects.bulk_create(fees)
        _save_documents(dossier, checked, officer, at, DossierDocument.Stage.INTAKE)
        process.plan(dossier, start_at=at, calendar=_calendar(dossier))
    return dossier


def request_intake_supplement(
    officer,
    subject: Intake | Dossier,
    *,
    items: Iterable[str],
    reason: str = "",
    at: datetime.datetime | None = None,
    expected_revision: int | None = None,
) -> Dossier:
    """Incomplete at intake (Art. 17.1.c): Mẫu 02 listing, once and in full, what is missing; no clock starts."""
    at = at or timezone.now()
    items = _items(items)
    with transaction.atomic():
        dossier, checked = _intake_dossier(officer, subject, at, expected_revision)
        contact = f"{officer.get_full_name() or officer.username} – {dossier.receiving_agency}"
        _record(
            dossier,
            officer,
            Kind.INTAKE_SUPPLEMENT,
            at,
            to_state=State.INTAKE_SUPPLEMENT,
            agency=dossier.receiving_agency,
            note="; ".join(items),
            form=Form.SUPPLEMENT,
            details={"items": items, "reason": reason.strip(), "contact": contact},
        )
        _save_documents(dossier, checked, officer, at, DossierDocument.Stage.INTAKE)
    return dossier


def refuse_intake(
    officer,
    subject: Intake | Dossier,
    *,
    reason: str,
    at: datetime.datetime | None = None,
    expected_revision: int | None = None,
) -> Dossier:
    """Refused at the desk (Art. 17.1.c): Mẫu 03 with the reason."""
    at = at or timezone.now()
    reason = _reason(reason)
    with transaction.atomic():
        dossier, checked = _intake_dossier(officer, subject, at, expected_revision)
        _record(
            dossier,
            officer,
            Kind.INTAKE_REFUSED,
            at,
            to_state=State.INTAKE_REFUSED,
            agency=dossier.receiving_agency,
            note=reason,
            form=Form.REFUSAL,
            details={"reason": reason},
        )
        _save_documents(dossier, checked, officer, at, DossierDocument.Stage.INTAKE)
    return dossier


# -- at the competent agency (Art. 18–19) ---------------------------------------------------------------------------


def transfer(officer, dossier: Dossier, *, at=None, expected_revision=None) -> Dossier:
    """Hand the dossier to the competent agency (Art. 18); the desk's first step is due under the 15:00 rule."""
    at = at or timezone.now()
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        _require_desk(officer, dossier)
        _require_state(dossier, [State.RECEIVED], gettext("chuyển hồ sơ"))
        process.advance(dossier, at, _calendar(dossier), through_role=Role.RECEIVING_OFFICER, actor=officer)
        _record(
            dossier,
            officer,
            Kind.TRANSFERRED,
            at,
            to_state=State.TRANSFERRED,
            agency=dossier.receiving_agency,
            note=gettext("Chuyển hồ sơ đến %(agency)s") % {"agency": dossier.competent_agency},
        )
    return dossier


def _check_specialist(specialist, dossier: Dossier) -> None:
    if specialist is None or not _has_role(specialist, Role.SPECIALIST, dossier.competent_agency):
        raise ValidationError(
            {
                "specialist": gettext("Người được phân công phải là chuyên viên của %(agency)s.")
                % {"agency": dossier.competent_agency}
            }
        )


def _assign(leader, dossier: Dossier, specialist, at) -> None:
    _require_leader(leader, dossier)
    _require_state(
        dossier,
        [State.TRANSFERRED, State.PROCESSING, State.CONSULTING, State.SUPPLEMENT_REQUESTED],
        gettext("phân công xử lý"),
    )
    _check_specialist(specialist, dossier)
    previous = dossier.assignee
    dossier.assignee = specialist
    for step in dossier.steps.filter(role=Role.SPECIALIST, status__in=["waiting", "active"]):
        step.assignee = specialist
        step.save(update_fields=["assignee"])
    name = specialist.get_full_name() or specialist.username
    note = (
        gettext("Phân công %(name)s xử lý") % {"name": name}
        if previous is None
        else gettext("Chuyển xử lý từ %(old)s sang %(name)s")
        % {"old": previous.get_full_name() or previous.username, "name": name}
    )
    # The specialist's step started when the dossier reached the agency (transfer); assignment only names who.
    to_state = State.PROCESSING if dossier.state == State.TRANSFERRED else None
    _record(
        dossier,
        leader,
        Kind.ASSIGNED,
        at,
        to_state=to_state,
        agency=dossier.competent_agency,
        note=note,
        fields=["assignee"],
    )


def assign(leader, dossier: Dossier, *, specialist, at=None, expected_revision=None) -> Dossier:
    """The head of the competent agency assigns a specialist (Art. 19.1)."""
    at = at or timezone.now()
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        _assign(leader, dossier, specialist, at)
    return dossier


def reassign_many(leader, dossiers: Iterable[Dossier], *, specialist, at=None) -> list[Dossier]:
    """Bulk reassignment: all or nothing, each dossier checked and recorded as if assigned alone."""
    at = at or timezone.now()
    done = []
    with transaction.atomic():
        for dossier in sorted(dossiers, key=lambda d: d.pk):  # a fixed lock order: no deadlock between two leaders
            locked = _lock(dossier, None)
            _assign(leader, locked, specialist, at)
            done.append(locked)
    return done


def complete_step(user, dossier: Dossier, *, note: str = "", at=None, expected_revision=None) -> Dossier:
    """Finish the current specialist step of a multi-step process and start the next one."""
    at = at or timezone.now()
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        _require_handler(user, dossier)
        _require_state(dossier, [State.PROCESSING], gettext("hoàn thành bước xử lý"))
        active = process.active_steps(dossier)
        following = [s for s in dossier.steps.all() if s.status == "waiting"]
        if not active or not following or following[0].role != Role.SPECIALIST:
            raise ActionNotAllowed(gettext("Bước tiếp theo là trình ký; hãy dùng «Trình ký»."))
        done = process.advance(dossier, at, _calendar(dossier))
        _record(
            dossier,
            user,
            Kind.STEP_COMPLETED,
            at,
            agency=dossier.competent_agency,
            note=note.strip() or ", ".join(step.name for step in done),
        )
    return dossier


def request_consultation(
    user,
    dossier: Dossier,
    *,
    requests: list[ConsultationRequest],
    parallel: bool = True,
    at=None,
    expected_revision=None,
) -> Dossier:
    """Ask other agencies to verify or give an opinion (Art. 19.4, liên thông Art. 20.2): all at once when parallel,
    else one after another; each answer has its own deadline counted when its request is sent."""
    at = at or timezone.now()
    if not requests:
        raise ValidationError({"requests": gettext("Hãy chọn ít nhất một cơ quan để lấy ý kiến.")})
    for request in requests:
        if not request.content.strip():
            raise ValidationError({"content": gettext("Hãy ghi nội dung cần lấy ý kiến, xác minh.")})
        if request.minutes < 1:
            raise ValidationError({"minutes": gettext("Thời hạn trả lời phải lớn hơn 0.")})
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        _require_handler(user, dossier)
        _require_state(dossier, [State.PROCESSING], gettext("lấy ý kiến, xác minh"))
        if any(r.agency.pk == dossier.competent_agency_id for r in requests):
            raise ValidationError({"agency": gettext("Không lấy ý kiến chính cơ quan giải quyết.")})
        round_number = (dossier.consultations.order_by("-round").values_list("round", flat=True).first() or 0) + 1
        calendar = _calendar(dossier)
        rows = []
        for order, request in enumerate(requests, 1):
            sent = parallel or order == 1
            rows.append(
                Consultation(
                    dossier=dossier,
                    round=round_number,
                    order=order,
                    parallel=parallel,
                    agency=request.agency,
                    content=request.content.strip(),
                    allotted_minutes=request.minutes,
                    requested_by=user,
                    sent_at=at if sent else None,
                    due_at=calendar.add(at, Duration.working_minutes(request.minutes)).due_at if sent else None,
                )
            )
        Consultation.objects.bulk_create(rows)
        _record(
            dossier,
            user,
            Kind.CONSULTATION_SENT,
            at,
            to_state=State.CONSULTING,
            agency=dossier.competent_agency,
            note=(gettext("Song song: %(agencies)s") if parallel else gettext("Lần lượt: %(agencies)s"))
            % {"agencies": ", ".join(str(r.agency) for r in requests)},
            details={"round": round_number, "parallel": parallel, "agencies": [r.agency.pk for r in requests]},
        )
    return dossier


def answer_consultation(
    user, consultation: Consultation, *, answer: str, at=None, expected_revision: int | None = None
) -> Dossier:
    """A consulted agency answers; the next sequential request goes out; the last answer resumes processing."""
    at = at or timezone.now()
    answer = _reason(answer, "answer")
    with transaction.atomic():
        dossier = _lock(consultation.dossier_id, expected_revision)
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        _require_role(
            user,
            [Role.SPECIALIST, Role.LEADER],
            consultation.agency,
            gettext("Chỉ chuyên viên hoặc lãnh đạo của %(agency)s được trả lời."),
        )
        _require_state(dossier, [State.CONSULTING], gettext("trả lời ý kiến"))
        if consultation.sent_at is None or consultation.answered_at is not None:
            raise ActionNotAllowed(gettext("Yêu cầu lấy ý kiến này chưa được gửi hoặc đã được trả lời."))
        consultation.answered_at, consultation.answered_by, consultation.answer = at, user, answer
        consultation.save(update_fields=["answered_at", "answered_by", "answer"])
        pending = list(dossier.consultations.filter(round=consultation.round, answered_at__isnull=True))
        waiting = [c for c in pending if c.sent_at is None]
        if waiting and not any(c.sent_at for c in pending):
            following = waiting[0]
            following.sent_at = at
            following.due_at = _calendar(dossier).add(at, Duration.working_minutes(following.allotted_minutes)).due_at
            following.save(update_fields=["sent_at", "due_at"])
        _record(
            dossier,
            user,
            Kind.CONSULTATION_ANSWERED,
            at,
            to_state=State.PROCESSING if not pending else None,
            agency=consultation.agency,
            note=answer,
            details={"consultation": consultation.pk, "late": bool(consultation.due_at and at > consultation.due_at)},
        )
    return dossier


def request_supplement(
    user, dossier: Dossier, *, items: Iterable[str], reason: str = "", at=None, expected_revision=None
) -> Dossier:
    """Incomplete after appraisal (Art. 19.5): Mẫu 02 within 3 working days of receipt, once; the clock stops and
    restarts from zero when the complete supplement arrives; the dossier closes 15 days after the notice."""
    at = at or timezone.now()
    items = _items(items)
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        _require_handler(user, dossier)
        _require_state(dossier, [State.PROCESSING], gettext("yêu cầu bổ sung hồ sơ"))
        if dossier.events.filter(kind=Kind.SUPPLEMENT_REQUESTED).exists():
            raise ActionNotAllowed(gettext("Hồ sơ chỉ được yêu cầu bổ sung một lần (Nghị định 118/2025, Điều 11)."))
        calendar = _calendar(dossier)
        limit = calendar.add(dossier.received_at, SUPPLEMENT_REQUEST_LIMIT).due_at
        if at > limit:
            raise ActionNotAllowed(
                gettext("Đã quá hạn yêu cầu bổ sung (3 ngày làm việc kể từ khi tiếp nhận, đến %(limit)s).")
                % {"limit": _local(limit)}
            )
        clock = DeadlineClock.from_data(dossier.clock).pause(at, note="chờ bổ sung")
        _store_clock(dossier, clock)
        dossier.supplement_due_at = calendar.add(at, SUPPLEMENT_WAIT).due_at
        contact = f"{user.get_full_name() or user.username} – {dossier.competent_agency}"
        _record(
            dossier,
            user,
            Kind.SUPPLEMENT_REQUESTED,
            at,
            to_state=State.SUPPLEMENT_REQUESTED,
            agency=dossier.competent_agency,
            note="; ".join(items),
            form=Form.SUPPLEMENT,
            details={
                "items": items,
                "reason": reason.strip(),
                "contact": contact,
                "supplement_due_at": dossier.supplement_due_at.isoformat(),
            },
            fields=["clock", "due_at", "supplement_due_at"],
        )
    return dossier


def receive_supplement(
    officer, dossier: Dossier, *, documents: Iterable[Upload] = (), at=None, expected_revision=None
) -> Dossier:
    """The complete supplement arrives at the desk: the resolution period starts again from zero (Art. 19.5)."""
    at = at or timezone.now()
    checked = _check_uploads(dossier.version, documents)
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        _require_desk(officer, dossier)
        _require_state(dossier, [State.SUPPLEMENT_REQUESTED], gettext("nhận hồ sơ bổ sung"))
        _save_documents(dossier, checked, officer, at, DossierDocument.Stage.SUPPLEMENT)
        dossier.extended_due_at = None  # an extension belonged to the period that has just been reset
        _store_clock(dossier, DeadlineClock.from_data(dossier.clock).restart(at, note="nhận đủ bổ sung"))
        dossier.supplement_due_at = None
        process.restart_active(dossier, at, _calendar(dossier))
        _record(
            dossier,
            officer,
            Kind.SUPPLEMENT_RECEIVED,
            at,
            to_state=State.PROCESSING,
            agency=dossier.receiving_agency,
            note=gettext("Nhận đủ hồ sơ bổ sung; thời hạn giải quyết tính lại từ đầu."),
            fields=["clock", "due_at", "supplement_due_at", "extended_due_at"],
        )
    return dossier


def close_unsupplemented(*, now: datetime.datetime | None = None) -> int:
    """Close the dossiers whose supplement did not arrive within 15 days of the notice (Art. 19.5). A task."""
    now = now or timezone.now()
    due = Dossier.objects.filter(state=State.SUPPLEMENT_REQUESTED, supplement_due_at__lt=now)
    closed = 0
    for pk in due.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            dossier = _lock(pk, None)
            if dossier.state != State.SUPPLEMENT_REQUESTED or dossier.supplement_due_at >= now:
                continue  # supplemented meanwhile
            process.skip_open(dossier, keep_last_desk_step=False)
            dossier.outcome = Outcome.CLOSED
            _record(
                dossier,
                None,
                Kind.CLOSED,
                now,
                to_state=State.CLOSED,
                agency=dossier.receiving_agency,
                note=gettext("Quá 15 ngày kể từ ngày thông báo mà không nhận được hồ sơ bổ sung."),
                fields=["outcome"],
            )
            closed += 1
    return closed


def refuse(user, dossier: Dossier, *, reason: str, at=None, expected_revision=None) -> Dossier:
    """Not eligible after appraisal (Art. 19.3): Mẫu 03 with the reasons, returned through the desk."""
    at = at or timezone.now()
    reason = _reason(reason)
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        _require_handler(user, dossier)
        _require_state(dossier, [State.PROCESSING, State.AWAITING_SIGNATURE], gettext("từ chối giải quyết"))
        process.skip_open(dossier, keep_last_desk_step=True)
        last = process.final_desk_step(dossier)
        if last is not None:
            process.start_stage([last], at, _calendar(dossier), dossier)
        dossier.outcome, dossier.resolved_at = Outcome.REFUSED, at
        _record(
            dossier,
            user,
            Kind.REFUSED,
            at,
            to_state=State.RESULT_ISSUED,
            agency=dossier.competent_agency,
            note=reason,
            form=Form.REFUSAL,
            details={"reason": reason},
            fields=["outcome", "resolved_at"],
        )
    return dossier


def request_extension(
    leader, dossier: Dossier, *, reason: str, new_due_at: datetime.datetime, at=None, expected_revision=None
) -> Dossier:
    """Apology and extension (Art. 19.6): at least one day before the due date, only once; Mẫu 04."""
    at = at or timezone.now()
    reason = _reason(reason)
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        _require_leader(leader, dossier)
        _require_state(
            dossier, [State.PROCESSING, State.CONSULTING, State.AWAITING_SIGNATURE], gettext("gia hạn giải quyết")
        )
        if dossier.events.filter(kind=Kind.EXTENDED).exists():
            raise ActionNotAllowed(gettext("Hồ sơ chỉ được gia hạn một lần."))
        previous = dossier.due_at
        if timezone.localdate(at) >= timezone.localdate(previous):
            raise ActionNotAllowed(
                gettext("Phải đề nghị gia hạn chậm nhất 01 ngày trước ngày hết hạn (%(due)s).")
                % {"due": _local(previous)}
            )
        if new_due_at <= previous:
            raise ValidationError({"new_due_at": gettext("Hạn mới phải sau hạn hiện tại.")})
        dossier.extended_due_at = dossier.due_at = new_due_at
        _record(
            dossier,
            leader,
            Kind.EXTENDED,
            at,
            agency=dossier.competent_agency,
            note=reason,
            form=Form.APOLOGY,
            details={"reason": reason, "previous_due_at": previous.isoformat(), "new_due_at": new_due_at.isoformat()},
            fields=["extended_due_at", "due_at"],
        )
    return dossier


def submit_for_signature(user, dossier: Dossier, *, note: str = "", at=None, expected_revision=None) -> Dossier:
    """The specialist submits the draft result to the signing leader (trình ký)."""
    at = at or timezone.now()
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        _require_handler(user, dossier)
        _require_state(dossier, [State.PROCESSING], gettext("trình ký"))
        process.advance(dossier, at, _calendar(dossier), through_role=Role.SPECIALIST, actor=user)
        _record(
            dossier,
            user,
            Kind.SUBMITTED_FOR_SIGNATURE,
            at,
            to_state=State.AWAITING_SIGNATURE,
            agency=dossier.competent_agency,
            note=note.strip(),
        )
    return dossier


def send_back(leader, dossier: Dossier, *, reason: str, at=None, expected_revision=None) -> Dossier:
    """The leader does not sign and returns the draft to the specialist."""
    at = at or timezone.now()
    reason = _reason(reason)
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        _require_leader(leader, dossier)
        _require_state(dossier, [State.AWAITING_SIGNATURE], gettext("trả lại dự thảo"))
        _record(
            dossier,
            leader,
            Kind.SENT_BACK,
            at,
            to_state=State.PROCESSING,
            agency=dossier.competent_agency,
            note=reason,
        )
    return dossier


def sign(leader, dossier: Dossier, *, at=None, expected_revision=None) -> Dossier:
    """The leader signs: the result is issued (Art. 22.1); resolved on time or late against the due instant."""
    at = at or timezone.now()
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        _require_leader(leader, dossier)
        _require_state(dossier, [State.AWAITING_SIGNATURE], gettext("ký, ban hành kết quả"))
        process.advance(dossier, at, _calendar(dossier), through_role=Role.LEADER, actor=leader)
        dossier.outcome, dossier.resolved_at = Outcome.GRANTED, at
        _record(
            dossier,
            leader,
            Kind.SIGNED,
            at,
            to_state=State.RESULT_ISSUED,
            agency=dossier.competent_agency,
            fields=["outcome", "resolved_at"],
        )
    return dossier


# -- return (Art. 22–23) ------------------------------------------------------------------------------------------


def mark_ready(officer, dossier: Dossier, *, at=None, expected_revision=None) -> Dossier:
    """The desk receives the result from the competent agency and waits for the applicant."""
    at = at or timezone.now()
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        _require_desk(officer, dossier)
        _require_state(dossier, [State.RESULT_ISSUED], gettext("nhận kết quả"))
        _record(
            dossier,
            officer,
            Kind.READY_FOR_RETURN,
            at,
            to_state=State.READY_FOR_RETURN,
            agency=dossier.receiving_agency,
        )
    return dossier


def return_result(officer, dossier: Dossier, *, method: str | None = None, at=None, expected_revision=None) -> Dossier:
    """Return the result (trả kết quả, Art. 22.2): at the desk, by post or electronically."""
    at = at or timezone.now()
    method = method or ReturnMethod.DESK
    if method not in ReturnMethod.values:
        raise ValidationError({"method": gettext("Hình thức trả kết quả không hợp lệ.")})
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        _require_desk(officer, dossier)
        _require_state(dossier, [State.READY_FOR_RETURN], gettext("trả kết quả"))
        last = process.final_desk_step(dossier)
        if last is not None:
            last.status, last.completed_at, last.assignee = process.Status.DONE, at, officer
            last.started_at = last.started_at or at
            last.save(update_fields=["status", "completed_at", "assignee", "started_at"])
        dossier.returned_at, dossier.return_method = at, method
        _record(
            dossier,
            officer,
            Kind.RETURNED,
            at,
            to_state=State.RETURNED,
            agency=dossier.receiving_agency,
            note=ReturnMethod(method).label,
            fields=["returned_at", "return_method"],
        )
    return dossier


def stop(user, dossier: Dossier, *, reason: str, refund: str = "", at=None, expected_revision=None) -> Dossier:
    """Stop at the applicant's request (dừng giải quyết, Art. 21), until the decision is issued: Mẫu 05.
    The applicant themself (online) or the desk on their written request."""
    at = at or timezone.now()
    reason = _reason(reason)
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        if not (dossier.applicant_user_id and dossier.applicant_user_id == user.pk):
            _require_desk(user, dossier)
        _require_state(dossier, STOPPABLE_STATES, gettext("dừng giải quyết"))
        stage = dossier.get_state_display()
        clock = DeadlineClock.from_data(dossier.clock)
        if clock.state == "running":
            dossier.clock = clock.pause(at, note="dừng giải quyết").to_data()
        dossier.due_at = dossier.supplement_due_at = None
        dossier.outcome = Outcome.WITHDRAWN
        process.skip_open(dossier, keep_last_desk_step=False)
        _record(
            dossier,
            user,
            Kind.STOPPED,
            at,
            to_state=State.STOPPED,
            agency=dossier.receiving_agency,
            note=reason,
            form=Form.STOP,
            details={"reason": reason, "stage": str(stage), "refund": refund.strip()},
            fields=["clock", "due_at", "supplement_due_at", "outcome"],
        )
    return dossier


def request_correction(officer, dossier: Dossier, *, reason: str, at=None, expected_revision=None) -> Dossier:
    """An error in a returned result (Art. 23): back to the competent agency, corrected within 3 working days."""
    at = at or timezone.now()
    reason = _reason(reason)
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        _require_desk(officer, dossier)
        _require_state(dossier, [State.RETURNED], gettext("yêu cầu đính chính"))
        if dossier.outcome != Outcome.GRANTED:
            raise ActionNotAllowed(gettext("Chỉ đính chính được kết quả đã cấp."))
        dossier.correction_due_at = _calendar(dossier).add(at, CORRECTION_LIMIT).due_at
        _record(
            dossier,
            officer,
            Kind.CORRECTION_REQUESTED,
            at,
            to_state=State.CORRECTION,
            agency=dossier.receiving_agency,
            note=reason,
            details={"reason": reason, "correction_due_at": dossier.correction_due_at.isoformat()},
            fields=["correction_due_at"],
        )
    return dossier


def complete_correction(user, dossier: Dossier, *, note: str = "", at=None, expected_revision=None) -> Dossier:
    at = at or timezone.now()
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        _require_handler(user, dossier)
        _require_state(dossier, [State.CORRECTION], gettext("hoàn thành đính chính"))
        late = at > dossier.correction_due_at
        _record(
            dossier,
            user,
            Kind.CORRECTED,
            at,
            to_state=State.READY_FOR_RETURN,
            agency=dossier.competent_agency,
            note=note.strip(),
            details={"late": late},
        )
    return dossier


def add_documents(
    user, dossier: Dossier, *, documents: Iterable[Upload], stage: str = DossierDocument.Stage.INTAKE, at=None
) -> Dossier:
    """Attach files (scans made at the desk, the result) to a dossier the user is handling."""
    at = at or timezone.now()
    checked = _check_uploads(dossier.version, documents)
    if not checked:
        raise ValidationError({"documents": gettext("Hãy chọn tệp cần tải lên.")})
    with transaction.atomic():
        dossier = _lock(dossier, None)
        if stage == DossierDocument.Stage.RESULT:
            _require_handler(user, dossier)
        else:
            _require_desk(user, dossier)
        _require_state(dossier, [*OPEN_STATES, State.RESULT_ISSUED, State.CORRECTION], gettext("thêm tài liệu"))
        _save_documents(dossier, checked, user, at, stage)
        _record(
            dossier,
            user,
            Kind.DOCUMENT_ADDED,
            at,
            note=", ".join(item.name for item in checked),
        )
    return dossier


# -- what a user may do now ---------------------------------------------------------------------------------------

# action → (states, who): the desk pages and the API offer exactly these.
ACTIONS = {
    "accept": ([State.SUBMITTED], "desk"),
    "request_intake_supplement": ([State.SUBMITTED], "desk"),
    "refuse_intake": ([State.SUBMITTED], "desk"),
    "transfer": ([State.RECEIVED], "desk"),
    "assign": ([State.TRANSFERRED, State.PROCESSING, State.CONSULTING, State.SUPPLEMENT_REQUESTED], "leader"),
    "complete_step": ([State.PROCESSING], "multi_step"),
    "request_consultation": ([State.PROCESSING], "handler"),
    "answer_consultation": ([State.CONSULTING], "consulted"),
    "request_supplement": ([State.PROCESSING], "handler"),
    "receive_supplement": ([State.SUPPLEMENT_REQUESTED], "desk"),
    "refuse": ([State.PROCESSING, State.AWAITING_SIGNATURE], "handler"),
    "request_extension": ([State.PROCESSING, State.CONSULTING, State.AWAITING_SIGNATURE], "leader"),
    "submit_for_signature": ([State.PROCESSING], "handler"),
    "send_back": ([State.AWAITING_SIGNATURE], "leader"),
    "sign": ([State.AWAITING_SIGNATURE], "leader"),
    "mark_ready": ([State.RESULT_ISSUED], "desk"),
    "return_result": ([State.READY_FOR_RETURN], "desk"),
    "stop": (list(STOPPABLE_STATES), "desk_or_applicant"),
    "request_correction": ([State.RETURNED], "desk"),
    "complete_correction": ([State.CORRECTION], "handler"),
}


def available_actions(user, dossier: Dossier) -> list[str]:
    """The actions whose state and role guards pass for `user` now (the legal limits are checked on doing)."""
    roles = set(user.roles.values_list("role", "agency_id")) if user.is_authenticated else set()
    desk = (Role.RECEIVING_OFFICER, dossier.receiving_agency_id) in roles
    leader = (Role.LEADER, dossier.competent_agency_id) in roles
    handler = leader or (dossier.assignee_id == user.pk and (Role.SPECIALIST, dossier.competent_agency_id) in roles)
    consulted = False
    if dossier.state == State.CONSULTING:
        agencies = {agency for role, agency in roles if role in (Role.SPECIALIST, Role.LEADER)}
        consulted = dossier.consultations.filter(
            agency_id__in=agencies, sent_at__isnull=False, answered_at__isnull=True
        ).exists()
    applicant = bool(dossier.applicant_user_id) and dossier.applicant_user_id == user.pk
    # complete_step only where the process has another specialist step before the signature.
    if handler and dossier.state == State.PROCESSING:
        following = dossier.steps.filter(status=process.Status.WAITING).order_by("order").first()
        multi_step = following is not None and following.role == Role.SPECIALIST
    else:
        multi_step = False
    allowed = {
        "desk": desk,
        "multi_step": multi_step,
        "desk_or_applicant": desk or applicant,
        "leader": leader,
        "handler": handler,
        "consulted": consulted,
    }
    return [name for name, (states, who) in ACTIONS.items() if dossier.state in states and allowed[who]]


def send_supplement(applicant, dossier: Dossier, *, documents: Iterable[Upload], at=None) -> Dossier:
    """The applicant sends the requested supplement online (nộp bổ sung trực tuyến, Art. 19.5): the files join
    the dossier and the desk is told; the period restarts when the desk finds it complete (receive_supplement)."""
    at = at or timezone.now()
    checked = _check_uploads(dossier.version, documents)
    if not checked:
        raise ValidationError({"documents": gettext("Hãy chọn tệp cần tải lên.")})
    with transaction.atomic():
        dossier = _lock(dossier, None)
        if not (dossier.applicant_user_id and dossier.applicant_user_id == applicant.pk):
            raise PermissionDenied(gettext("Chỉ người nộp hồ sơ được gửi bổ sung cho hồ sơ này."))
        _require_state(dossier, [State.SUPPLEMENT_REQUESTED], gettext("gửi hồ sơ bổ sung"))
        _save_documents(dossier, checked, applicant, at, DossierDocument.Stage.SUPPLEMENT)
        _record(
            dossier,
            applicant,
            Kind.DOCUMENT_ADDED,
            at,
            agency=dossier.receiving_agency,
            note=gettext("Người nộp gửi bổ sung trực tuyến: %(files)s")
            % {"files": ", ".join(item.name for item in checked)},
            details={"supplement": True},
        )
    return dossier
