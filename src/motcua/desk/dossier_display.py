"""How the staff pages show a dossier's time: the remaining time, or "Quá hạn N ngày" (in words, not by colour alone);
and the work-queue rows, worded once in Python so that the template only prints them.

Whether a dossier is overdue is decided by motcua.dossiers.queues.is_overdue; this module only words it.
"""

import datetime
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext

from motcua.dossiers import queues
from motcua.dossiers.due_status import DueStatus, due_status
from motcua.dossiers.models import Dossier, DossierEvent, State


def vnd(amount: int | None) -> str:
    """`1.500.000 đồng`."""
    if amount is None:
        return ""
    return gettext("%(amount)s đồng") % {"amount": f"{amount:,}".replace(",", ".")}


def local_moment(moment: datetime.datetime | None) -> str:
    """`09:30 05/03/2026` in Vietnam's time (the `date:"H:i d/m/Y"` of the templates), or `—`."""
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else "—"


@dataclass(frozen=True)
class QueueRow:
    """One work-queue row, every value already worded: 50 rows of template lookups, filters and URL reversing
    were half of the page's time."""

    pk: str  # printed three times a row: as text, not through the number formatting
    code: str
    url: str
    procedure_code: str
    procedure_name: str
    applicant: str
    state: str
    state_label: str
    assignee: str
    received: str
    due: DueStatus
    due_on: str
    selected: bool
    select_label: str
    supplement_sent: bool


def queue_rows(
    dossiers: Iterable[Dossier],
    *,
    url_of: str,
    selected: Collection[int] = (),
    supplement_sent: Collection[int] = (),
    now: datetime.datetime | None = None,
) -> list[QueueRow]:
    """`url_of` is the dossier page's URL with `{pk}` where the id goes (reversed once, not once per row);
    `supplement_sent` the ids of the dossiers whose supplement came online (queues.supplements_sent_online)."""
    now = now or timezone.now()
    rows = []
    for dossier in dossiers:
        due = due_status(dossier, now)
        code = str(dossier)
        rows.append(
            QueueRow(
                pk=str(dossier.pk),
                code=code,
                url=url_of.format(pk=dossier.pk),
                procedure_code=dossier.version.procedure.code,
                procedure_name=Truncator(dossier.version.name).chars(90),
                applicant=dossier.applicant_name,
                state=dossier.state,
                state_label=str(State(dossier.state).label),  # get_state_display rebuilds a dict per call
                assignee=dossier.assignee.get_full_name() if dossier.assignee_id else "",
                received=local_moment(dossier.received_at),
                due=due,
                due_on=local_moment(due.due_at),
                selected=dossier.pk in selected,
                select_label=gettext("Chọn hồ sơ %(code)s") % {"code": code},
                supplement_sent=dossier.pk in supplement_sent,
            )
        )
    return rows


def supplement_sent_online(dossier: Dossier, events: Iterable[DossierEvent]) -> bool:
    """Whether the dossier waits for a supplement the applicant has sent online (queues.supplement_sent_online);
    `events` in time order."""
    return dossier.state == State.SUPPLEMENT_REQUESTED and queues.supplement_sent_online(events)
