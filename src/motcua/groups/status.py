"""The status of a group, derived from its members' states and never stored (tình trạng nhóm hồ sơ liên thông).

Decree 63/2024/NĐ-CP has each agency resolve its part and the results come back to the citizen together, so the
group is "being resolved" while any part is, "all results in" once every part has its result (or has ended
without one), and "returned" once they were handed over together (motcua.groups.delivery).
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers import queues
from motcua.dossiers.due_status import running_due
from motcua.dossiers.models import OPEN_STATES, Dossier, State

WAITING_INTAKE = (State.SUBMITTED, State.INTAKE_SUPPLEMENT)
BEING_RESOLVED = (*OPEN_STATES, State.CORRECTION)
# The part's result (a decision, or a refusal after appraisal) is in and waits at the desk to be handed over.
RESULT_IN = (State.RESULT_ISSUED, State.READY_FOR_RETURN)
# Ended without anything to hand over: refused at intake, stopped at the applicant's request, closed unsupplemented.
ENDED_WITHOUT_RESULT = (State.INTAKE_REFUSED, State.STOPPED, State.CLOSED)


class GroupStatus(models.TextChoices):
    WAITING_INTAKE = "waiting_intake", _("Chờ tiếp nhận")
    PROCESSING = "processing", _("Đang giải quyết")
    RESULTS_READY = "results_ready", _("Đã có đủ kết quả, chờ trả cùng lúc")
    RETURNED = "returned", _("Đã trả kết quả")
    ENDED = "ended", _("Đã kết thúc, không có kết quả")


def status_of(states: list[str]) -> GroupStatus:
    """The group's status from its members' states (in any order)."""
    if any(state in BEING_RESOLVED for state in states):
        return GroupStatus.PROCESSING
    if any(state in WAITING_INTAKE for state in states):
        return GroupStatus.WAITING_INTAKE
    if all(state in ENDED_WITHOUT_RESULT for state in states):
        return GroupStatus.ENDED
    if any(state in RESULT_IN for state in states):
        return GroupStatus.RESULTS_READY
    return GroupStatus.RETURNED


@dataclass(frozen=True)
class Overview:
    """What every page of a group shows: the status, the latest member deadline, which members are late."""

    status: GroupStatus
    due_at: datetime.datetime | None  # the last running deadline among the members still waiting or resolving
    overdue: tuple[Dossier, ...]  # members past their own deadline now
    finished_late: tuple[Dossier, ...]  # members whose result came after their deadline


def overview(dossiers: list[Dossier], now: datetime.datetime | None = None) -> Overview:
    now = now or timezone.now()
    running = [running_due(d) for d in dossiers if d.state in BEING_RESOLVED or d.state in WAITING_INTAKE]
    running = [due for due in running if due is not None]
    return Overview(
        status=status_of([d.state for d in dossiers]),
        due_at=max(running) if running else None,
        overdue=tuple(d for d in dossiers if queues.is_overdue(d, now)),
        finished_late=tuple(d for d in dossiers if d.resolved_at and d.due_at and d.resolved_at > d.due_at),
    )
