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
from motcua.core.validators import validate_email_address, validate_phone
from motcua.dossiers import apology, forwarding, interagency, result_signing, transitions
from motcua.dossiers import steps as process
from motcua.dossiers.codes import allocate_code, allocate_reference
from motcua.dossiers.errors import ActionNotAllowed, Conflict, SigningUnavailable
from motcua.dossiers.models import (
    ApplicantKind,
    Consultation,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierFee,
    InteragencyPart,
    Outcome,
    ReturnMethod,
    State,
)
from motcua.dossiers.signals import event_committed, event_recorded
from motcua.dossiers.uploads import Upload, check, check_result_pdf
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
# Số lượng hồ sơ (bộ): more sets than this is a typing error (and the column is a small integer, 32767 at most).
MAX_COPIES = 99


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
    # Contacts were stored as given; every face checks them (core.validators), and so does the service.
    for field_name, value, rule in (
        ("applicant_phone", applicant.phone, validate_phone),
        ("applicant_email", applicant.email, validate_email_address),
    ):
        if value.strip():
            try:
                rule(value)
            except ValidationError as error:
                raise ValidationError({field_name: error.messages}) from None


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
    if intake.copies > MAX_COPIES:
        raise ValidationError({"copies": gettext("Số lượng hồ sơ tối đa %(max)s bộ.") % {"max": MAX_COPIES}})
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
        reference=allocate_reference(at),
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


def _intake_dossier(officer, subject: Intake | Dossier, at, expected_revision, name: str) -> tuple[Dossier, list]:
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
    transitions.check(officer, dossier, name)
    return dossier, []


def accept(
    officer, subject: Intake | Dossier, *, at: datetime.datetime | None = None, expected_revision: int | None = None
) -> Dossier:
    """Accept a complete dossier (tiếp nhận, Art. 17.1.c, 17.3): its code, its clock from now, its steps, Mẫu 01."""
    at = at or timezone.now()
    presented = subject.presented if isinstance(subject, Intake) else None
    with transaction.atomic():
        dossier, checked = _intake_dossier(officer, subject, at, expected_revision, "accept")
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
        # The province's reading of "N ngày làm việc" is fixed into the clock (docs/deadlines.md).
        counting = _calendar(dossier).working_day_start
        _store_clock(dossier, DeadlineClock.started(dossier.method.duration, at, note="tiếp nhận", counting=counting))
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
        dossier, checked = _intake_dossier(officer, subject, at, expected_revision, "request_intake_supplement")
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
        dossier, checked = _intake_dossier(officer, subject, at, expected_revision, "refuse_intake")
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


def forward_online(
    officer,
    dossier: Dossier,
    *,
    agency: Agency | None,
    competent_agency: Agency | None = None,
    reason: str,
    at: datetime.datetime | None = None,
    expected_revision: int | None = None,
) -> Dossier:
    """Not competent: send an online submission on to the competent agency (Art. 17.2.c, «chuyển đến cơ quan có
    thẩm quyền»). `agency` is the desk that will check it — it must receive the procedure online; the agency that
    resolves it is `competent_agency`, or else `agency` itself when it resolves the procedure, or else the one
    chosen at filing. The dossier stays «Chờ tiếp nhận» in the new desk's queue and its 8 working hours start again
    there, on that desk's calendar, from the moment it arrives (docs/online.md); the applicant is told."""
    at = at or timezone.now()
    reason = _reason(reason)
    if agency is None:
        raise ValidationError({"agency": gettext("Hãy chọn cơ quan có thẩm quyền tiếp nhận hồ sơ.")})
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        transitions.check(officer, dossier, "forward_online")
        if agency.pk == dossier.receiving_agency_id:
            raise ValidationError(
                {"agency": gettext("Hồ sơ đang ở %(agency)s; hãy chọn một cơ quan khác.") % {"agency": agency}}
            )
        offerings = forwarding.offerings(dossier)
        if competent_agency is None:
            resolves_itself = any(o.agency_id == agency.pk and o.resolves for o in offerings)
            competent_agency = agency if resolves_itself else dossier.competent_agency
        today = timezone.localdate(at)
        for chosen in {agency, competent_agency}:
            if not forwarding.active_on(chosen, today):
                message = gettext("%(agency)s không hoạt động vào ngày này.") % {"agency": chosen}
                raise ValidationError({"agency": message})
        try:
            _check_offering(dossier.method, agency, competent_agency, offerings)
        except ValidationError as error:  # beside the field it is about: the desk first, then the resolver
            desk_ok = any(o.agency_id == agency.pk and o.receives and Channel.ONLINE in o.channels for o in offerings)
            raise ValidationError({"agency" if not desk_ok else "competent_agency": error.messages}) from None
        previous, previous_competent = dossier.receiving_agency, dossier.competent_agency
        previous_due = dossier.intake_due_at
        dossier.receiving_agency, dossier.competent_agency = agency, competent_agency
        dossier._engine_calendar = None
        dossier.intake_due_at = engine_calendar(agency=agency).add(at, ONLINE_CHECK).due_at
        _record(
            dossier,
            officer,
            Kind.FORWARDED,
            at,
            agency=previous,
            note=gettext("Chuyển hồ sơ từ %(source)s đến %(target)s: %(reason)s")
            % {"source": previous, "target": agency, "reason": reason},
            details={
                "reason": reason,
                "from_agency": previous.pk,
                "from_agency_name": str(previous),
                "to_agency": agency.pk,
                "to_agency_name": str(agency),
                "from_competent_agency": previous_competent.pk,
                "to_competent_agency": competent_agency.pk,
                "to_competent_agency_name": str(competent_agency),
                "intake_due_at": dossier.intake_due_at.isoformat(),
                # The first desk's own 8 working hours, judged on its record: was it forwarded in time?
                "previous_intake_due_at": previous_due.isoformat() if previous_due else None,
                "late": bool(previous_due and at > previous_due),
            },
            fields=["receiving_agency", "competent_agency", "intake_due_at"],
        )
    return dossier


# -- at the competent agency (Art. 18–19) ---------------------------------------------------------------------------


def transfer(officer, dossier: Dossier, *, at=None, expected_revision=None) -> Dossier:
    """Hand the dossier to the competent agency (Art. 18); the desk's first step is due under the 15:00 rule."""
    at = at or timezone.now()
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        transitions.check(officer, dossier, "transfer")
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
    transitions.check(leader, dossier, "assign")
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
        transitions.check(user, dossier, "complete_step")
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
        transitions.check(user, dossier, "request_consultation")
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
        # The table's guard (a pending request to one of the user's agencies, the state), then this very request.
        standing = transitions.check(user, dossier, "answer_consultation")
        if (Role.SPECIALIST, consultation.agency_id) not in standing.roles and (
            Role.LEADER,
            consultation.agency_id,
        ) not in standing.roles:
            raise PermissionDenied(
                gettext("Chỉ chuyên viên hoặc lãnh đạo của %(agency)s được trả lời.") % {"agency": consultation.agency}
            )
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


# -- inter-agency parts (liên thông, Art. 20.2; motcua.dossiers.interagency) ----------------------------------------


def _check_part_requests(dossier: Dossier, requests: list[interagency.PartRequest]) -> None:
    if not requests:
        raise ValidationError({"parts": gettext("Hãy chọn ít nhất một cơ quan phối hợp.")})
    agencies = [request.agency.pk for request in requests]
    if len(set(agencies)) != len(agencies):
        raise ValidationError({"parts": gettext("Mỗi cơ quan phối hợp chỉ được giao một phần việc trong một lượt.")})
    for request in requests:
        if request.agency.pk == dossier.competent_agency_id:
            raise ValidationError({"parts": gettext("Cơ quan chủ trì không tự giao phần việc cho chính mình.")})
        if not request.task.strip():
            raise ValidationError({"parts": gettext("Hãy ghi nhiệm vụ của từng cơ quan phối hợp.")})
        if request.minutes < 1:
            raise ValidationError({"parts": gettext("Thời hạn của phần việc phải lớn hơn 0.")})


def send_parts(
    user,
    dossier: Dossier,
    *,
    parts: list[interagency.PartRequest],
    parallel: bool = True,
    documents: Iterable[int] = (),
    at=None,
    expected_revision=None,
) -> Dossier:
    """The lead agency gives participating agencies their parts (giao phần việc liên thông, Art. 20.2): all at once
    when parallel (20.2.b), else one after another in the order given (20.2.a). Each part has its task, its deadline
    in working time from when it is sent on its agency's calendar, and the dossier's files chosen to go with it."""
    at = at or timezone.now()
    parts = list(parts)
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        transitions.check(user, dossier, "send_parts")
        _check_part_requests(dossier, parts)
        chosen = list(dossier.documents.filter(pk__in=list(documents)))
        if len(chosen) != len(set(documents)):
            raise ValidationError({"documents": gettext("Tài liệu gửi kèm phải là tài liệu của hồ sơ này.")})
        batch, given = interagency.next_numbers(dossier)
        created = []
        for order, request in enumerate(parts, 1):
            part = InteragencyPart(
                dossier=dossier,
                code=interagency.code(dossier, given + order),
                batch=batch,
                order=order,
                parallel=parallel,
                agency=request.agency,
                task=request.task.strip(),
                allotted_minutes=request.minutes,
                sent_by=user,
            )
            if parallel or order == 1:
                interagency.send(part, at)
            part.save()
            part.documents.set(chosen)
            created.append(part)
        _record(
            dossier,
            user,
            Kind.PART_SENT,
            at,
            agency=dossier.competent_agency,
            note=(gettext("Song song: %(agencies)s") if parallel else gettext("Lần lượt: %(agencies)s"))
            % {"agencies": ", ".join(str(part.agency) for part in created)},
            details={
                "batch": batch,
                "parallel": parallel,
                "parts": [
                    {
                        "part": part.pk,
                        "code": part.code,
                        "agency": part.agency_id,
                        "agency_name": str(part.agency),
                        "due_at": part.due_at.isoformat() if part.due_at else None,
                    }
                    for part in created
                ],
                "documents": [document.pk for document in chosen],
            },
        )
    return dossier


def _locked_part(user, part: InteragencyPart, name: str, expected_revision) -> tuple[Dossier, InteragencyPart]:
    """The lead dossier and the part, both locked; the table's guard, then this very part (its agency, its status)."""
    dossier = _lock(part.dossier_id, expected_revision)
    part = InteragencyPart.objects.select_for_update().select_related("agency").get(pk=part.pk)
    transitions.check(user, dossier, name)
    if not interagency.works_on(user, part):
        raise PermissionDenied(
            gettext("Chỉ chuyên viên hoặc lãnh đạo của %(agency)s được làm việc này.") % {"agency": part.agency}
        )
    if part.status not in interagency.ACTIVE or (name == "receive_part" and part.status != interagency.Status.SENT):
        raise ActionNotAllowed(
            gettext("Phần việc %(code)s đang ở tình trạng «%(status)s».")
            % {"code": part.code, "status": part.get_status_display()}
        )
    return dossier, part


def _part_details(part: InteragencyPart, at: datetime.datetime) -> dict:
    return {
        "part": part.pk,
        "code": part.code,
        "agency": part.agency_id,
        "agency_name": str(part.agency),
        "due_at": part.due_at.isoformat() if part.due_at else None,
        "late": bool(part.due_at and at > part.due_at),
    }


def receive_part(user, part: InteragencyPart, *, at=None, expected_revision=None) -> Dossier:
    """The participating agency takes its part (nhận): the «Nhận» of its control-slip line."""
    at = at or timezone.now()
    with transaction.atomic():
        dossier, part = _locked_part(user, part, "receive_part", expected_revision)
        part.status, part.received_at, part.received_by = interagency.Status.RECEIVED, at, user
        part.save(update_fields=["status", "received_at", "received_by"])
        _record(
            dossier,
            user,
            Kind.PART_RECEIVED,
            at,
            agency=part.agency,
            note=part.code,
            details=_part_details(part, at),
        )
    return dossier


def complete_part(
    user, part: InteragencyPart, *, document: Upload, note: str = "", at=None, expected_revision=None
) -> Dossier:
    """The participating agency returns its result (trả kết quả phần việc): its own document, uploaded by its staff;
    on time or late against the part's own deadline. In a sequential batch the next agency's part is sent now."""
    at = at or timezone.now()
    if document is None:
        raise ValidationError({"document": gettext("Hãy tải lên văn bản kết quả của phần việc.")})
    checked = check(document)
    with transaction.atomic():
        dossier, part = _locked_part(user, part, "complete_part", expected_revision)
        if part.received_at is None:  # answered straight away: taken and done at the same instant
            part.received_at, part.received_by = at, user
        part.status, part.completed_at, part.completed_by = interagency.Status.DONE, at, user
        part.result_note, part.result_name = note.strip(), checked.name
        part.result_file.save(checked.name, checked.upload.file, save=False)
        part.save()
        details = _part_details(part, at)
        following = interagency.following(part)
        if following is not None:
            interagency.send(following, at)
            following.save(update_fields=["status", "sent_at", "due_at"])
            details["next_part"] = following.code
        _record(
            dossier,
            user,
            Kind.PART_DONE,
            at,
            agency=part.agency,
            note=part.result_note or part.code,
            details=details,
        )
    return dossier


def refuse_part(user, part: InteragencyPart, *, reason: str, at=None, expected_revision=None) -> Dossier:
    """The participating agency refuses its part, with the reason (e.g. not its competence, or not eligible): the
    lead is told through its dossier's history and parts list, and decides — give the part again, or refuse the
    dossier. A sequential batch stops there: its waiting parts are cancelled."""
    at = at or timezone.now()
    reason = _reason(reason)
    with transaction.atomic():
        dossier, part = _locked_part(user, part, "refuse_part", expected_revision)
        part.status, part.completed_at, part.completed_by = interagency.Status.REFUSED, at, user
        part.result_note = reason
        part.save(update_fields=["status", "completed_at", "completed_by", "result_note"])
        cancelled = dossier.parts.filter(batch=part.batch, status=interagency.Status.WAITING)
        details = {
            **_part_details(part, at),
            "reason": reason,
            "cancelled": list(cancelled.values_list("code", flat=True)),
        }
        cancelled.update(status=interagency.Status.CANCELLED)
        _record(
            dossier,
            user,
            Kind.PART_REFUSED,
            at,
            agency=part.agency,
            note=reason,
            details=details,
        )
    return dossier


def _cancel_parts(dossier: Dossier) -> list[str]:
    """The dossier ends (stopped, refused): its parts still open have nothing left to do."""
    open_parts = interagency.open_parts(dossier)
    codes = list(open_parts.values_list("code", flat=True))
    open_parts.update(status=interagency.Status.CANCELLED)
    return codes


def request_supplement(
    user, dossier: Dossier, *, items: Iterable[str], reason: str = "", at=None, expected_revision=None
) -> Dossier:
    """Incomplete after appraisal (Art. 19.5): Mẫu 02 within 3 working days of receipt, once; the clock stops and
    restarts from zero when the complete supplement arrives; the dossier closes 15 days after the notice."""
    at = at or timezone.now()
    items = _items(items)
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        transitions.check(user, dossier, "request_supplement")
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
        transitions.check(officer, dossier, "receive_supplement")
        _save_documents(dossier, checked, officer, at, DossierDocument.Stage.SUPPLEMENT)
        dossier.extended_due_at = None  # an extension belonged to the period that has just been reset
        dossier.original_due_at = None
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
            fields=["clock", "due_at", "supplement_due_at", "extended_due_at", "original_due_at"],
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
        transitions.check(user, dossier, "refuse")
        process.skip_open(dossier, keep_last_desk_step=True)
        last = process.final_desk_step(dossier)
        if last is not None:
            process.start_stage([last], at, _calendar(dossier), dossier)
        dossier.outcome, dossier.resolved_at = Outcome.REFUSED, at
        cancelled = _cancel_parts(dossier)
        _record(
            dossier,
            user,
            Kind.REFUSED,
            at,
            to_state=State.RESULT_ISSUED,
            agency=dossier.competent_agency,
            note=reason,
            form=Form.REFUSAL,
            details={"reason": reason, **({"cancelled_parts": cancelled} if cancelled else {})},
            fields=["outcome", "resolved_at"],
        )
    return dossier


def request_extension(
    leader, dossier: Dossier, *, reason: str, new_due_at: datetime.datetime, at=None, expected_revision=None
) -> Dossier:
    """Apology and new appointment (văn bản xin lỗi và hẹn lại ngày trả kết quả, Mẫu 04; Decree 118 Art. 19.6).

    The decree asks for it "chậm nhất 01 ngày trước ngày hết hạn" — a calendar day (the decree says "ngày làm việc"
    where it means working days), so on time means issued on a local day before the due date. Issued on the due
    date or after it, the letter is still owed to the citizen: it is accepted and recorded as late (details `late`,
    `days_late`, `overdue`; motcua.dossiers.apology). "Không quá một lần": one letter per dossier, on time or late.
    The new appointment is after the current due date and after now, and within a year of now."""
    at = at or timezone.now()
    reason = _reason(reason)
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        transitions.check(leader, dossier, "request_extension")
        if dossier.events.filter(kind=Kind.EXTENDED).exists():
            raise ActionNotAllowed(gettext("Hồ sơ đã có văn bản xin lỗi và hẹn lại; chỉ được hẹn lại một lần."))
        previous = dossier.due_at
        if previous is None:
            raise ActionNotAllowed(gettext("Thời hạn giải quyết đang tạm dừng; chưa có hạn để hẹn lại."))
        if new_due_at <= previous:
            raise ValidationError(
                {"new_due_at": gettext("Ngày hẹn trả mới phải sau hạn hiện tại (%(due)s).") % {"due": _local(previous)}}
            )
        if new_due_at <= at:
            raise ValidationError({"new_due_at": gettext("Ngày hẹn trả mới phải sau thời điểm hiện tại.")})
        if new_due_at > at + apology.MAX_NEW_APPOINTMENT:
            raise ValidationError(
                {"new_due_at": gettext("Ngày hẹn trả mới không được quá 01 năm kể từ hôm nay; hãy kiểm tra lại.")}
            )
        timing = apology.lateness(previous, at)
        dossier.original_due_at = previous  # form II.06a judges timeliness against it (motcua.reports.ii06a)
        dossier.extended_due_at = dossier.due_at = new_due_at
        _record(
            dossier,
            leader,
            Kind.EXTENDED,
            at,
            agency=dossier.competent_agency,
            note=reason,
            form=Form.APOLOGY,
            details={
                "reason": reason,
                "previous_due_at": previous.isoformat(),
                "new_due_at": new_due_at.isoformat(),
                **timing,
            },
            fields=["extended_due_at", "due_at", "original_due_at"],
        )
    return dossier


def submit_for_signature(user, dossier: Dossier, *, note: str = "", at=None, expected_revision=None) -> Dossier:
    """The specialist submits the draft result to the signing leader (trình ký)."""
    at = at or timezone.now()
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        transitions.check(user, dossier, "submit_for_signature")
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
        transitions.check(leader, dossier, "send_back")
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


def _sign_results(dossier: Dossier) -> dict:
    """Sign the result PDFs not yet signed; what was signed goes into the event's details. Without a usable
    certificate the decision is still issued on paper, but not when the applicant chose the electronic copy."""
    try:
        signed = result_signing.signer()(dossier)
    except SigningUnavailable as error:
        if dossier.return_method == ReturnMethod.ELECTRONIC:
            raise ActionNotAllowed(
                gettext("Chưa ký số được bản điện tử kết quả mà người nộp chọn nhận trực tuyến: %(reason)s")
                % {"reason": error.message}
            ) from error
        return {"unsigned": error.message}
    return {"signed_documents": signed} if signed else {}


def sign(leader, dossier: Dossier, *, at=None, expected_revision=None) -> Dossier:
    """The leader signs: the result is issued (Art. 22.1); resolved on time or late against the due instant.
    The result PDFs attached are signed digitally (PAdES) at this moment and the signed copies kept: the applicant
    later downloads exactly these (docs/signing.md)."""
    at = at or timezone.now()
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        transitions.check(leader, dossier, "sign")
        process.advance(dossier, at, _calendar(dossier), through_role=Role.LEADER, actor=leader)
        dossier.outcome, dossier.resolved_at = Outcome.GRANTED, at
        details = _sign_results(dossier)
        _record(
            dossier,
            leader,
            Kind.SIGNED,
            at,
            to_state=State.RESULT_ISSUED,
            agency=dossier.competent_agency,
            details=details,
            fields=["outcome", "resolved_at"],
        )
    return dossier


def deliver_result(applicant, dossier: Dossier, document: DossierDocument, *, at=None) -> bool:
    """The applicant receives the signed electronic result (giao bản điện tử kết quả, Art. 22.2): the first time
    each file is fetched is recorded as an event; later fetches record nothing. True when recorded now."""
    at = at or timezone.now()
    with transaction.atomic():
        dossier = _lock(dossier, None)
        transitions.check(applicant, dossier, "deliver_result")
        if dossier.events.filter(kind=Kind.RESULT_DELIVERED, details__document=document.pk).exists():
            return False
        _record(
            dossier,
            applicant,
            Kind.RESULT_DELIVERED,
            at,
            agency=dossier.competent_agency,
            note=document.name,
            details={"document": document.pk, "name": document.name},
        )
    return True


# -- return (Art. 22–23) ------------------------------------------------------------------------------------------


def mark_ready(officer, dossier: Dossier, *, at=None, expected_revision=None) -> Dossier:
    """The desk receives the result from the competent agency and waits for the applicant."""
    at = at or timezone.now()
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        transitions.check(officer, dossier, "mark_ready")
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
        transitions.check(officer, dossier, "return_result")
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
        transitions.check(user, dossier, "stop")
        stage = dossier.get_state_display()
        clock = DeadlineClock.from_data(dossier.clock)
        if clock.state == "running":
            dossier.clock = clock.pause(at, note="dừng giải quyết").to_data()
        dossier.due_at = dossier.supplement_due_at = None
        dossier.outcome = Outcome.WITHDRAWN
        process.skip_open(dossier, keep_last_desk_step=False)
        cancelled = _cancel_parts(dossier)
        _record(
            dossier,
            user,
            Kind.STOPPED,
            at,
            to_state=State.STOPPED,
            agency=dossier.receiving_agency,
            note=reason,
            form=Form.STOP,
            details={
                "reason": reason,
                "stage": str(stage),
                "refund": refund.strip(),
                **({"cancelled_parts": cancelled} if cancelled else {}),
            },
            fields=["clock", "due_at", "supplement_due_at", "outcome"],
        )
    return dossier


def request_correction(officer, dossier: Dossier, *, reason: str, at=None, expected_revision=None) -> Dossier:
    """An error in a returned result (Art. 23): back to the competent agency, corrected within 3 working days."""
    at = at or timezone.now()
    reason = _reason(reason)
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        transitions.check(officer, dossier, "request_correction")
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
        transitions.check(user, dossier, "complete_correction")
        late = at > dossier.correction_due_at
        _record(
            dossier,
            user,
            Kind.CORRECTED,
            at,
            to_state=State.READY_FOR_RETURN,
            agency=dossier.competent_agency,
            note=note.strip(),
            details={"late": late, **_sign_results(dossier)},
        )
    return dossier


def add_documents(
    user,
    dossier: Dossier,
    *,
    documents: Iterable[Upload],
    stage: str = DossierDocument.Stage.INTAKE,
    at=None,
    expected_revision: int | None = None,
) -> Dossier:
    """Attach files to a dossier: scans made at the desk or a supplement handed in (action `add_documents`, the
    desk), or the result (action `add_result`, the handler; a PDF is checked to be one a signer can open)."""
    at = at or timezone.now()
    checked = _check_uploads(dossier.version, documents)
    if not checked:
        raise ValidationError({"documents": gettext("Hãy chọn tệp cần tải lên.")})
    result = stage == DossierDocument.Stage.RESULT
    if result:
        for item in checked:
            check_result_pdf(item)
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        transitions.check(user, dossier, "add_result" if result else "add_documents")
        _save_documents(dossier, checked, user, at, stage)
        details = {"result": True} if result else {}
        if result and dossier.outcome == Outcome.GRANTED:
            details.update(_sign_results(dossier))  # the decision is already signed: its new file is signed now
        _record(
            dossier,
            user,
            Kind.DOCUMENT_ADDED,
            at,
            note=", ".join(item.name for item in checked),
            details=details,
        )
    return dossier


def add_result(user, dossier: Dossier, *, documents: Iterable[Upload], at=None, expected_revision=None) -> Dossier:
    """The handler attaches the result (kết quả giải quyết) to be signed and returned."""
    return add_documents(
        user,
        dossier,
        documents=documents,
        stage=DossierDocument.Stage.RESULT,
        at=at,
        expected_revision=expected_revision,
    )


# -- what a user may do now ---------------------------------------------------------------------------------------

# The actions the staff faces (the desk's dossier page and the REST API) offer: the transition table's.
ACTIONS = {name: transitions.TRANSITIONS[name] for name in transitions.names_for(transitions.Face.API)}


def available_actions(user, dossier: Dossier) -> list[str]:
    """The actions whose role, state and condition pass for `user` now, in the table's order
    (motcua.dossiers.transitions); the legal limits are checked on doing."""
    return transitions.available(user, dossier)


def send_supplement(
    applicant, dossier: Dossier, *, documents: Iterable[Upload], at=None, expected_revision: int | None = None
) -> Dossier:
    """The applicant sends online what was asked for (nộp bổ sung trực tuyến).

    At intake (Mẫu 02 of Art. 17.1.c, state «Yêu cầu bổ sung khi tiếp nhận»), for a dossier they submitted online:
    the files join it and it goes back to the desk as a submission, with a fresh check within 8 working hours
    (Art. 17.2) — the desk accepts it, asks again or refuses it as any online submission.
    After appraisal (Art. 19.5, «Chờ bổ sung hồ sơ»): the files join the dossier and the desk is told; the period
    restarts when the desk finds it complete (receive_supplement)."""
    at = at or timezone.now()
    checked = _check_uploads(dossier.version, documents)
    if not checked:
        raise ValidationError({"documents": gettext("Hãy chọn tệp cần tải lên.")})
    with transaction.atomic():
        dossier = _lock(dossier, expected_revision)
        transitions.check(applicant, dossier, "send_supplement")  # the applicant; online, at intake
        at_intake = dossier.state == State.INTAKE_SUPPLEMENT
        files = ", ".join(item.name for item in checked)
        _save_documents(dossier, checked, applicant, at, DossierDocument.Stage.SUPPLEMENT)
        if at_intake:
            dossier.intake_due_at = engine_calendar(agency=dossier.receiving_agency).add(at, ONLINE_CHECK).due_at
            _record(
                dossier,
                applicant,
                Kind.INTAKE_SUPPLEMENT_SENT,
                at,
                to_state=State.SUBMITTED,
                agency=dossier.receiving_agency,
                note=gettext("Người nộp bổ sung, hoàn thiện hồ sơ trực tuyến: %(files)s") % {"files": files},
                details={"supplement": True, "intake": True},
                fields=["intake_due_at"],
            )
            return dossier
        _record(
            dossier,
            applicant,
            Kind.DOCUMENT_ADDED,
            at,
            agency=dossier.receiving_agency,
            note=gettext("Người nộp gửi bổ sung trực tuyến: %(files)s") % {"files": files},
            details={"supplement": True},
        )
    return dossier
