"""Finding a dossier in the caller's scope, and turning dossiers into the API's JSON.

An applicant gets the applicant's view of their dossier (motcua.dossiers.visibility, the rule the portal follows
too): the filed files and the issued result, the forms addressed to them, the history without officers' names,
working notes or internal details, and no steps, consultations or parts."""

import datetime

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from motcua.api.errors import NotFound
from motcua.core.validators import NUL, parse_id
from motcua.documents.dossier_forms import FORMS
from motcua.dossiers import codes, interagency, lifecycle, queues, visibility
from motcua.dossiers.models import (
    Consultation,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierStep,
    InteragencyPart,
)
from motcua.dossiers.permissions import visible_dossiers

CONTROL_SLIP = "06"
ROW_RELATED = ("version__procedure", "receiving_agency", "competent_agency", "assignee")


def ref(dossier: Dossier) -> str:
    """How the API names a dossier: its code, or its number while it has none (refused or incomplete at intake)."""
    return dossier.code or str(dossier.pk)


def find(user, reference: str) -> Dossier:
    """The dossier named by code, tracking reference (mã tra cứu, TNyymmdd-XXXXXX) or number, if the user may see it;
    NotFound otherwise (in scope or not)."""
    if NUL in reference:  # PostgreSQL cannot compare it; no dossier is named so
        raise NotFound(gettext("Không tìm thấy hồ sơ."))
    dossiers = visible_dossiers(user)
    tracking = codes.normalise_reference(reference)
    if (number := parse_id(reference)) is not None:
        dossiers = dossiers.filter(pk=number)
    elif codes.looks_like_reference(tracking):
        dossiers = dossiers.filter(reference=tracking)
    else:
        dossiers = dossiers.filter(code=reference)
    dossier = dossiers.select_related("competent_agency", "receiving_agency", "version").first()
    if dossier is None:
        raise NotFound(gettext("Không tìm thấy hồ sơ «%(ref)s».") % {"ref": reference})
    return dossier


def _local(value: datetime.datetime | None) -> datetime.datetime | None:
    return None if value is None else timezone.localtime(value)


def _agency(agency) -> dict | None:
    return None if agency is None else {"id": agency.pk, "name": agency.name}


def _user(user) -> dict | None:
    return None if user is None else {"id": user.pk, "username": user.username, "full_name": user.get_full_name()}


def row(dossier: Dossier, now: datetime.datetime, user) -> dict:
    """A list row: needs ROW_RELATED selected. The officer in charge is not named to the applicant."""
    version = dossier.version
    return {
        "id": dossier.pk,
        "ref": ref(dossier),
        "code": dossier.code,
        "reference": dossier.reference,
        "state": dossier.state,
        "state_label": dossier.get_state_display(),
        "procedure": {"code": version.procedure.code, "name": version.name, "version": version.number},
        "channel": dossier.channel,
        "applicant_name": dossier.applicant_name,
        "receiving_agency": _agency(dossier.receiving_agency),
        "competent_agency": _agency(dossier.competent_agency),
        "submitted_at": _local(dossier.submitted_at),
        "received_at": _local(dossier.received_at),
        "due_at": _local(dossier.due_at),
        "overdue": queues.is_overdue(dossier, now),
        "assignee": None if visibility.sees_as_applicant(user) else _user(dossier.assignee),
        "revision": dossier.revision,
    }


def _step(step: DossierStep) -> dict:
    return {
        "order": step.order,
        "name": step.name,
        "role": step.role,
        "agency": _agency(step.agency),
        "department": step.department,
        "status": step.status,
        "assignee": _user(step.assignee),
        "started_at": _local(step.started_at),
        "due_at": _local(step.due_at),
        "completed_at": _local(step.completed_at),
        "late": step.late,
    }


def _consultation(consultation: Consultation) -> dict:
    return {
        "id": consultation.pk,
        "round": consultation.round,
        "order": consultation.order,
        "parallel": consultation.parallel,
        "agency": _agency(consultation.agency),
        "content": consultation.content,
        "minutes": consultation.allotted_minutes,
        "sent_at": _local(consultation.sent_at),
        "due_at": _local(consultation.due_at),
        "answered_at": _local(consultation.answered_at),
        "answered_by": _user(consultation.answered_by),
        "answer": consultation.answer,
    }


def part_line(part: InteragencyPart) -> dict:
    """An inter-agency part's line (Art. 20.2): needs `agency` selected."""
    return {
        "id": part.pk,
        "code": part.code,
        "agency": _agency(part.agency),
        "status": part.status,
        "status_label": part.get_status_display(),
        "parallel": part.parallel,
        "due_at": _local(part.due_at),
        "completed_at": _local(part.completed_at),
        "late": part.late,
        "overdue": part.overdue,
    }


def part_detail(part: InteragencyPart, actions: list[str]) -> dict:
    """One part as its own page shows it (motcua.api.parts): needs `dossier__version`, `dossier__competent_agency`
    and `agency` selected. Nothing of the applicant: the participating agency sees its part, not the dossier."""
    dossier = part.dossier
    return {
        **part_line(part),
        "dossier_code": dossier.code or "",
        "lead_agency": _agency(dossier.competent_agency),
        "procedure": dossier.version.name,
        "task": part.task,
        "minutes": part.allotted_minutes,
        "sent_at": _local(part.sent_at),
        "received_at": _local(part.received_at),
        "result_note": part.result_note,
        "result_name": part.result_name,
        "documents": [document.name for document in part.documents.all()],
        "revision": dossier.revision,
        "available_actions": actions,
    }


def _parts(user, dossier: Dossier) -> list[dict]:
    """The dossier's parts the user may see (none for the applicant), in the order they were given."""
    parts = interagency.visible_parts(user).filter(dossier=dossier).select_related("agency")
    return [part_line(each) for each in parts.order_by("batch", "order")]


def _event(event: DossierEvent, applicant: bool) -> dict:
    if applicant:
        return {**_event(event, False), "actor": None, "note": "", "details": visibility.public_details(event)}
    return {
        "id": event.pk,
        "at": _local(event.at),
        "kind": event.kind,
        "kind_label": event.get_kind_display(),
        "actor": _user(event.actor),
        "agency": _agency(event.actor_agency),
        "from_state": event.from_state,
        "to_state": event.to_state,
        "note": event.note,
        "due_at": _local(event.due_at),
        "form": event.form,
        "details": event.details,
    }


def form_label(form: str) -> str:
    return str(FORMS[form])


def _forms(dossier: Dossier, events: list[DossierEvent], applicant: bool) -> list[dict]:
    def url(form: str, event_id: int | None) -> str:
        base = reverse("api:dossier_form", kwargs={"code_or_id": ref(dossier), "form": form})
        return base if event_id is None else f"{base}?event={event_id}"

    links = [
        {"form": e.form, "name": form_label(e.form), "event_id": e.pk, "url": url(e.form, e.pk)}
        for e in (visibility.form_events(events) if applicant else events)
        if e.form
    ]
    if dossier.received_at is not None and not applicant:  # the control slip is the agencies' own record
        links.append(
            {"form": CONTROL_SLIP, "name": form_label(CONTROL_SLIP), "event_id": None, "url": url(CONTROL_SLIP, None)}
        )
    return links


def documents(dossier: Dossier, user) -> list[DossierDocument]:
    """The dossier's files the caller may read: all of them for staff in scope; for the applicant the filed
    files and the issued result (motcua.dossiers.visibility)."""
    if visibility.sees_as_applicant(user):
        return [*visibility.filed_documents(dossier), *visibility.issued_results(dossier)]
    return list(dossier.documents.all())


def detail(dossier: Dossier, user) -> dict:
    """Everything about one dossier the caller may see, in a fixed number of queries."""
    dossier = (
        Dossier.objects.select_related(*ROW_RELATED, "received_by")
        .prefetch_related(
            Prefetch("steps", DossierStep.objects.select_related("agency", "assignee")),
            Prefetch("consultations", Consultation.objects.select_related("agency", "answered_by")),
            "fees",
            "documents",
            Prefetch("events", DossierEvent.objects.select_related("actor", "actor_agency")),
        )
        .get(pk=dossier.pk)
    )
    events = list(dossier.events.all())
    reference = ref(dossier)
    applicant = visibility.sees_as_applicant(user)
    return {
        **row(dossier, timezone.now(), user),
        "outcome": dossier.outcome,
        "outcome_label": dossier.get_outcome_display(),
        "applicant": dossier.applicant_details(),
        "request_summary": dossier.request_summary,
        "copies": dossier.copies,
        "return_method": dossier.return_method,
        "intake_due_at": _local(dossier.intake_due_at),
        "extended_due_at": _local(dossier.extended_due_at),
        "supplement_due_at": _local(dossier.supplement_due_at),
        "resolved_at": _local(dossier.resolved_at),
        "returned_at": _local(dossier.returned_at),
        "correction_due_at": _local(dossier.correction_due_at),
        "received_by": None if applicant else _user(dossier.received_by),
        "steps": [] if applicant else [_step(step) for step in dossier.steps.all()],
        "consultations": [] if applicant else [_consultation(c) for c in dossier.consultations.all()],
        "parts": _parts(user, dossier),
        "fees": [{"kind": fee.kind, "name": fee.name, "amount_vnd": fee.amount_vnd} for fee in dossier.fees.all()],
        "documents": [
            {
                "id": document.pk,
                "name": document.name,
                "stage": document.stage,
                "requirement_id": document.requirement_id,
                "content_type": document.content_type,
                "size": document.size,
                "is_scan": document.is_scan,
                "uploaded_at": _local(document.uploaded_at),
                "url": reverse("api:dossier_document", kwargs={"code_or_id": reference, "document_id": document.pk}),
            }
            for document in documents(dossier, user)
        ],
        "events": [_event(event, applicant) for event in events],
        "forms": _forms(dossier, events, applicant),
        "available_actions": lifecycle.available_actions(user, dossier),
    }
