"""What an applicant may see of their own dossier (người nộp hồ sơ được xem những gì): the one rule that the
portal's "Hồ sơ của tôi" pages and downloads and the REST API both apply, so neither shows more than the other.

The applicant sees
- the files filed with the dossier: those sent at intake and as supplements (thành phần hồ sơ, hồ sơ bổ sung);
- the result only once it is issued and theirs to receive (Decree 118/2025/NĐ-CP Art. 22): granted, to be
  returned electronically, held by the desk for return or returned, and only as PDF — the copy carrying the
  agency's signature. A draft result added while the dossier is processed is an internal working paper;
- the forms addressed to them (Circular 03/2025/TT-VPCP, Annex I, Mẫu 01–05), each printed from its event; never
  the process control slip (Mẫu 06, phiếu kiểm soát quá trình), which is the agencies' internal record;
- every event of the history, by when, what and which agency; of its details only what the form it produced
  for them prints (the missing items, the reason, whom to ask, the new appointment) — a leader's reason for
  sending a draft back or a participating agency's refusal is internal.
They never see the internal steps, the consultations and their answers (lấy ý kiến, xác minh), the
inter-agency parts, an event's working note, nor which officer did what: the desk's and the agencies' names
speak for them.
"""

from collections.abc import Iterable

from django.db.models import QuerySet

from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent, Outcome, ReturnMethod, State
from motcua.dossiers.uploads import PDF

# The forms addressed to the applicant; the control slip (Mẫu 06) is not an event's form and stays internal.
APPLICANT_FORMS = frozenset(DossierEvent.Form.values)
# The states in which an issued result is the applicant's to take (chờ trả kết quả, đã trả kết quả).
ISSUED_STATES = (State.READY_FOR_RETURN, State.RETURNED)
FILED_STAGES = (DossierDocument.Stage.INTAKE, DossierDocument.Stage.SUPPLEMENT)
# What of an event's details is also printed on the forms addressed to the applicant (Mẫu 02–05).
PUBLIC_DETAILS = ("items", "reason", "contact", "new_due_at")


def sees_as_applicant(user) -> bool:
    """The applicant's view applies to citizen and organisation accounts (their own dossiers only, by
    motcua.dossiers.permissions); staff see the staff view of the dossiers in their scope."""
    return bool(getattr(user, "is_applicant", False))


def filed_documents(dossier: Dossier) -> QuerySet[DossierDocument]:
    """The files sent at intake and as supplements, in the order they came."""
    return dossier.documents.filter(stage__in=FILED_STAGES).order_by("uploaded_at", "pk")


def result_issued(dossier: Dossier) -> bool:
    """Whether the electronic result is the applicant's now (Art. 22): granted, chosen to be returned online,
    and held for return or returned."""
    return (
        dossier.return_method == ReturnMethod.ELECTRONIC
        and dossier.outcome == Outcome.GRANTED
        and dossier.state in ISSUED_STATES
    )


def issued_results(dossier: Dossier) -> list[DossierDocument]:
    """The result files the applicant may take (signed PDFs); none before the result is issued to them."""
    if not result_issued(dossier):
        return []
    return list(dossier.documents.filter(stage=DossierDocument.Stage.RESULT, content_type=PDF).order_by("pk"))


def form_events(events: Iterable[DossierEvent]) -> list[DossierEvent]:
    """The events whose form was addressed to the applicant (Mẫu 01–05), in the order given."""
    return [event for event in events if event.form in APPLICANT_FORMS]


def may_see_form(form: str) -> bool:
    return form in APPLICANT_FORMS


def public_details(event: DossierEvent) -> dict:
    """The part of an event's details that the form it produced for the applicant also tells them; nothing of
    an event without such a form."""
    if event.form not in APPLICANT_FORMS:
        return {}
    details = event.details or {}
    return {key: details[key] for key in PUBLIC_DETAILS if key in details}
