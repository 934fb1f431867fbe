"""What is said, to whom, when: applicant notices for dossier events, deadline notices for staff and applicants.

Event notices are a transactional outbox. When the lifecycle records an event (motcua.dossiers.signals.event_recorded,
inside the action's own transaction) and the tasks are kept in the database (django-tasks-db, the default), the only
write is a task row, `make_event_notice`, committed or rolled back with the action; the worker then makes the notice
rows and their send tasks. The desk's action so pays for one INSERT, not for choosing channels, rendering texts and
writing the outbox. With tasks kept elsewhere, the notices are made inline in the action's transaction instead
(nothing could otherwise guarantee the task is enqueued once the action commits), and only the sending waits for
the commit. Either way a rolled-back action leaves no notice and a committed one cannot lose it. Each notice is
made once per event and channel (dedupe key `event:<id>`); deadline notices once per step or dossier and due
instant.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier, DossierEvent, DossierStep, Outcome, ReturnMethod
from motcua.notify.models import Topic
from motcua.notify.services import (
    applicant_of,
    is_muted,
    local,
    local_date,
    notify,
    notify_staff,
    tasks_in_database,
    tracking_url,
)

logger = logging.getLogger(__name__)

Kind = DossierEvent.Kind
STAFF_PATH = "/can-bo/"  # the staff home with the work queues

# Subject lines; %(code)s and the other names come from the template context.
SUBJECTS = {
    Topic.SUBMITTED: _("Đã nhận hồ sơ «%(procedure)s» nộp trực tuyến"),
    Topic.ACCEPTED: _("Hồ sơ %(code)s đã được tiếp nhận"),
    Topic.INTAKE_SUPPLEMENT: _("Hồ sơ của ông/bà cần bổ sung, hoàn thiện trước khi tiếp nhận"),
    Topic.SUPPLEMENT_REQUESTED: _("Hồ sơ %(code)s cần bổ sung, hoàn thiện"),
    Topic.INTAKE_REFUSED: _("Hồ sơ của ông/bà không được tiếp nhận"),
    Topic.FORWARDED: _("Hồ sơ «%(procedure)s» đã được chuyển đến cơ quan có thẩm quyền"),
    Topic.REFUSED: _("Hồ sơ %(code)s không được giải quyết"),
    Topic.EXTENDED: _("Xin lỗi ông/bà: hồ sơ %(code)s được hẹn lại ngày trả kết quả"),
    Topic.READY_FOR_RETURN: _("Hồ sơ %(code)s đã có kết quả"),
    Topic.STOPPED: _("Hồ sơ %(code)s đã dừng giải quyết theo yêu cầu"),
    Topic.CLOSED: _("Hồ sơ %(code)s đã bị đóng vì không được bổ sung"),
    Topic.OVERDUE: _("Hồ sơ %(code)s đã quá hạn giải quyết"),
    Topic.CORRECTED: _("Kết quả hồ sơ %(code)s đã được đính chính"),
}
STAFF_SUBJECTS = {
    "staff_step_due_soon": _("Sắp đến hạn: bước «%(step_name)s» của hồ sơ %(code)s"),
    "staff_dossier_due_soon": _("Sắp đến hạn giải quyết hồ sơ %(code)s"),
    "staff_overdue": _("Hồ sơ %(code)s đã quá hạn giải quyết"),
    "staff_intake_due_soon": _("Sắp hết hạn kiểm tra hồ sơ nộp trực tuyến %(code)s"),
}
EVENT_TOPICS = {
    Kind.SUBMITTED,
    Kind.ACCEPTED,
    Kind.INTAKE_SUPPLEMENT,
    Kind.SUPPLEMENT_REQUESTED,
    Kind.INTAKE_REFUSED,
    Kind.FORWARDED,
    Kind.REFUSED,
    Kind.EXTENDED,
    Kind.READY_FOR_RETURN,
    Kind.STOPPED,
    Kind.CLOSED,
    Kind.CORRECTED,
}


def _moment(value: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(value) if value else None


def dossier_context(dossier: Dossier) -> dict:
    desk = dossier.receiving_agency
    return {
        "dossier": dossier,
        "code": dossier.code or "",
        "name": dossier.applicant_name,
        "procedure": dossier.version.name,
        "desk": desk,
        "desk_name": desk.short_name or desk.name,
        "competent_agency": dossier.competent_agency,
        "due": local(dossier.due_at),
        "intake_due": local(dossier.intake_due_at),
        "tracking_url": tracking_url(dossier),
        "electronic": dossier.return_method == ReturnMethod.ELECTRONIC,
        "post": dossier.return_method == ReturnMethod.POST,
        "staff_url": f"{settings.SITE_URL}{STAFF_PATH}",
    }


def event_context(dossier: Dossier, event: DossierEvent) -> dict:
    details = event.details or {}
    return {
        **dossier_context(dossier),
        "due": local(event.due_at),  # as the event left it: the worker may make the notice after later actions
        "event": event,
        "at": local(event.at),
        "items": details.get("items", []),
        "items_text": "; ".join(details.get("items", [])),
        "reason": details.get("reason") or "",
        "contact": details.get("contact") or "",
        "supplement_due": local(_moment(details.get("supplement_due_at"))),
        "supplement_due_date": local_date(_moment(details.get("supplement_due_at"))),
        "previous_due": local(_moment(details.get("previous_due_at"))),
        "new_due": local(_moment(details.get("new_due_at"))),
        "refund": details.get("refund") or "",
        "refused": dossier.outcome == Outcome.REFUSED,
        # Forwarded (Art. 17.2): from which desk to which, and the new desk's check as the event set it.
        "from_agency": details.get("from_agency_name") or "",
        "to_agency": details.get("to_agency_name") or "",
        **({"intake_due": local(_moment(details["intake_due_at"]))} if details.get("intake_due_at") else {}),
    }


def on_event_recorded(sender, dossier_id: int, event_id: int, kind: str, event=None, **kwargs) -> None:
    """Receiver of event_recorded, inside the action's transaction: the notice's task row, or (tasks kept outside
    the database) the notice itself. Making it inline must not undo or fail the action: it is built in a savepoint of
    its own (a database error would otherwise abort the whole transaction) and a failure is logged with its
    traceback; the action itself stands."""
    if kind not in EVENT_TOPICS or is_muted():
        return
    if tasks_in_database():
        make_event_notice.enqueue(event_id)
        return
    try:
        with transaction.atomic():
            tell_applicant_about(event_id, event=event)
    except Exception:
        logger.exception("Could not make the applicant's notice for dossier event %s (%s).", event_id, kind)


@task
def make_event_notice(event_id: int) -> int:
    """The applicant's notice of a recorded event, made by the worker; run again, it makes nothing twice."""
    with transaction.atomic():
        return len(tell_applicant_about(event_id))


def tell_applicant_about(event_id: int, event: DossierEvent | None = None) -> list:
    """The applicant's notice of one event. The lifecycle passes the event it has just recorded with its dossier
    loaded, which spares a five-join read per action; other callers give only the id. The event given is the one
    just recorded, so no notice of it can exist yet."""
    fresh = event is not None
    if event is None:
        event = DossierEvent.objects.select_related(
            "dossier__receiving_agency", "dossier__competent_agency", "dossier__version", "dossier__applicant_user"
        ).get(pk=event_id)
    dossier = event.dossier
    return notify(
        applicant_of(dossier),
        template=event.kind,
        subject=SUBJECTS[event.kind],
        context=event_context(dossier, event),
        topic=event.kind,
        dossier=dossier,
        event=event,
        dedupe=f"event:{event.pk}",
        new_key=fresh,
    )


def tell_applicant_overdue(dossier: Dossier) -> list:
    return notify(
        applicant_of(dossier),
        template=Topic.OVERDUE,
        subject=SUBJECTS[Topic.OVERDUE],
        context=dossier_context(dossier),
        topic=Topic.OVERDUE,
        dossier=dossier,
        about_due_at=dossier.due_at,
        dedupe=f"overdue:d{dossier.pk}:{dossier.due_at.isoformat()}:applicant",
    )


def tell_staff_overdue(dossier: Dossier, users) -> list:
    return notify_staff(
        users,
        template="staff_overdue",
        subject=STAFF_SUBJECTS["staff_overdue"],
        context={**dossier_context(dossier), "state": dossier.get_state_display()},
        topic=Topic.OVERDUE,
        dossier=dossier,
        about_due_at=dossier.due_at,
        dedupe=f"overdue:d{dossier.pk}:{dossier.due_at.isoformat()}",
    )


def warn_staff_dossier_due(dossier: Dossier, users) -> list:
    return notify_staff(
        users,
        template="staff_dossier_due_soon",
        subject=STAFF_SUBJECTS["staff_dossier_due_soon"],
        context={**dossier_context(dossier), "state": dossier.get_state_display()},
        topic=Topic.DUE_SOON,
        dossier=dossier,
        about_due_at=dossier.due_at,
        dedupe=f"due_soon:d{dossier.pk}:{dossier.due_at.isoformat()}",
    )


def warn_staff_step_due(step: DossierStep, users) -> list:
    dossier = step.dossier
    return notify_staff(
        users,
        template="staff_step_due_soon",
        subject=STAFF_SUBJECTS["staff_step_due_soon"],
        context={**dossier_context(dossier), "step": step, "step_name": step.name, "step_due": local(step.due_at)},
        topic=Topic.DUE_SOON,
        dossier=dossier,
        step=step,
        about_due_at=step.due_at,
        dedupe=f"due_soon:s{step.pk}:{step.due_at.isoformat()}",
    )


def warn_desk_intake_due(dossier: Dossier, users) -> list:
    """The receiving officers, once per dossier and check instant: the 8 working hours of Art. 17.2 run out soon."""
    return notify_staff(
        users,
        template="staff_intake_due_soon",
        subject=STAFF_SUBJECTS["staff_intake_due_soon"],
        context={**dossier_context(dossier), "code": str(dossier)},
        topic=Topic.INTAKE_DUE_SOON,
        dossier=dossier,
        about_due_at=dossier.intake_due_at,
        dedupe=f"intake_due_soon:d{dossier.pk}:{dossier.intake_due_at.isoformat()}",
    )
