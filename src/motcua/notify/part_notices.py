"""The lead agency's staff are told when a participating agency answers its inter-agency part (phần việc liên thông,
Decree 118/2025 Art. 20.2): its result is in, or it refused the part — the lead then goes on, gives the part again or
refuses the dossier. Told to who answers for the dossier now (motcua.notify.reminders.dossier_staff: the assigned
specialist, else the leaders).

Same outbox as the applicant's notices (motcua.notify.notices): a task row in the action's transaction when tasks are
kept in the database, else the notice made inline in a savepoint of its own. The notice names the dossier's code,
the part's code and the participating agency — no applicant data, nor the refusal's reason (free text that may name
people): the lead reads it on the dossier page.
"""

import logging

from django.db import transaction
from django.tasks import task
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import DossierEvent
from motcua.notify.models import Topic
from motcua.notify.notices import dossier_context
from motcua.notify.reminders import dossier_staff
from motcua.notify.services import is_muted, local, notify_staff, tasks_in_database

logger = logging.getLogger(__name__)

SUBJECTS = {
    Topic.PART_DONE: _("Phần việc liên thông %(part_code)s của hồ sơ %(code)s đã có kết quả"),
    Topic.PART_REFUSED: _("Phần việc liên thông %(part_code)s của hồ sơ %(code)s bị từ chối"),
}


def on_event_recorded(sender, dossier_id: int, event_id: int, kind: str, event=None, **kwargs) -> None:
    """Receiver of event_recorded for a part's answer; a failure to make the notice inline never fails the action."""
    if kind not in SUBJECTS or is_muted():
        return
    if tasks_in_database():
        make_part_notice.enqueue(event_id)
        return
    try:
        with transaction.atomic():
            tell_lead_about(event_id)
    except Exception:
        logger.exception("Could not make the lead's notice for dossier event %s (%s).", event_id, kind)


@task
def make_part_notice(event_id: int) -> int:
    """The lead's notice of a part's answer, made by the worker; run again, it makes nothing twice."""
    with transaction.atomic():
        return len(tell_lead_about(event_id))


def tell_lead_about(event_id: int) -> list:
    event = DossierEvent.objects.select_related(
        "dossier__receiving_agency", "dossier__competent_agency", "dossier__version", "dossier__assignee"
    ).get(pk=event_id)
    dossier, details = event.dossier, event.details or {}
    context = {
        **dossier_context(dossier),
        "name": "",  # the applicant is not named in a staff notice about a part
        "part_code": details.get("code", ""),
        "part_agency": details.get("agency_name", ""),
        "late": bool(details.get("late")),
        "at": local(event.at),
        "next_part": details.get("next_part", ""),
    }
    return notify_staff(
        dossier_staff(dossier),
        template=f"staff_{event.kind}",
        subject=SUBJECTS[event.kind],
        context=context,
        topic=event.kind,
        dossier=dossier,
        event=event,
        dedupe=f"event:{event.pk}",
    )
