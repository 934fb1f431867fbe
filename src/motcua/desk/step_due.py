"""When the current step of each dossier in a list is due (hạn của bước), worded for a queue row: the leader's
"chờ phân công" list shows it, because a same-day procedure gives that step only two hours."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from motcua.desk.dossier_display import local_moment
from motcua.dossiers import queues
from motcua.dossiers.due_status import overdue_label


@dataclass(frozen=True)
class StepDue:
    due_at: datetime.datetime
    on: str  # `11:00 07/12/2026`
    late: bool
    late_label: str  # `Quá hạn 2 giờ`, empty when not late


def step_dues(dossier_ids: Iterable[int], now: datetime.datetime | None = None) -> dict[str, StepDue]:
    """The current step's deadline of each of these dossiers, keyed by the id as text (as queue rows carry it)."""
    now = now or timezone.now()
    dues = {}
    for pk, due in queues.step_due_times(dossier_ids).items():
        late = due < now
        dues[str(pk)] = StepDue(due, local_moment(due), late, overdue_label(now - due) if late else "")
    return dues
