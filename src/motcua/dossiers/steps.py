"""The internal process as it runs for one dossier (quy trình nội bộ): planned at acceptance, advanced by the
lifecycle, each step with its own due instant.

The steps come from the competent agency's approved internal process for the dossier's procedure version; where
there is none, a plain four-step process (receive and transfer, appraise, sign, return) shares the legal time.
Steps of one parallel group form one stage and start together; the next stage starts when a stage is done.
A step's due instant is its start plus its allotted working minutes on the competent agency's calendar, except:
the desk's first step is due under the transfer rule of Art. 18.2 (same working day, or the start of the next
working day when received after 15:00), and a step allotted 0 minutes is due with the dossier itself.
"""

import datetime
from itertools import groupby

from django.utils.translation import gettext

from motcua.accounts.models import Role
from motcua.catalog.models import ProcessStep
from motcua.catalog.processes import WORKING_DAY_MINUTES, duration_minutes
from motcua.dossiers.models import Dossier, DossierStep
from motcua.workcal.durations import DEFAULT_CUTOFF, Duration
from motcua.workcal.engine import WorkingCalendar

Status = DossierStep.Status


def _default_steps(dossier: Dossier) -> list[DossierStep]:
    legal = duration_minutes(dossier.method.duration)
    signing = min(legal // 4, WORKING_DAY_MINUTES) or 1
    return [
        DossierStep(
            name=gettext("Tiếp nhận, kiểm tra hồ sơ, chuyển xử lý"),
            role=Role.RECEIVING_OFFICER,
            agency=dossier.receiving_agency,
            allotted_minutes=0,
        ),
        DossierStep(
            name=gettext("Thẩm định hồ sơ, dự thảo kết quả"),
            role=Role.SPECIALIST,
            agency=dossier.competent_agency,
            allotted_minutes=max(legal - signing, 1),
        ),
        DossierStep(
            name=gettext("Xem xét, ký kết quả"),
            role=Role.LEADER,
            agency=dossier.competent_agency,
            allotted_minutes=signing,
        ),
        DossierStep(
            name=gettext("Trả kết quả cho người yêu cầu"),
            role=Role.RECEIVING_OFFICER,
            agency=dossier.receiving_agency,
            allotted_minutes=0,
        ),
    ]


def plan(dossier: Dossier, *, start_at: datetime.datetime, calendar: WorkingCalendar) -> list[DossierStep]:
    """Create the dossier's steps at acceptance, the first stage started at `start_at` (one insert)."""
    approved = list(
        ProcessStep.objects.filter(
            process__version=dossier.version, process__offering__agency=dossier.competent_agency
        ).order_by("order")
    )
    if not approved:
        steps = _default_steps(dossier)
    else:
        steps = [
            DossierStep(
                name=step.name,
                role=step.role,
                agency_id=step.agency_id or dossier.competent_agency_id,
                department=step.department,
                allotted_minutes=step.allotted_minutes,
                parallel_group=step.parallel_group,
            )
            for step in approved
        ]
    for order, step in enumerate(steps, 1):
        step.dossier, step.order = dossier, order
    for step in stages(steps)[0]:
        step.status, step.started_at = Status.ACTIVE, start_at
        step.due_at = _step_due(step, start_at, calendar, dossier)
    return DossierStep.objects.bulk_create(steps)


def stages(steps: list[DossierStep]) -> list[list[DossierStep]]:
    """Consecutive steps sharing a parallel group form one stage; every other step is a stage of its own."""
    ordered = sorted(steps, key=lambda step: step.order)
    return [list(group) for _, group in groupby(ordered, key=lambda step: step.parallel_group or -step.order)]


def transfer_due(calendar: WorkingCalendar, received_at: datetime.datetime) -> datetime.datetime:
    """Art. 18.2: the same working day, or the start of the next working day when received after 15:00."""
    local = received_at.astimezone(calendar.timezone)
    same_day = calendar.add(received_at, Duration.same_day(DEFAULT_CUTOFF)).due_at
    if same_day.astimezone(calendar.timezone).date() == local.date():
        return same_day
    next_day = datetime.datetime.combine(local.date() + datetime.timedelta(days=1), datetime.time.min, local.tzinfo)
    return calendar.next_working_moment(next_day)


def _step_due(step: DossierStep, start: datetime.datetime, calendar: WorkingCalendar, dossier: Dossier):
    if step.order == 1 and step.role == Role.RECEIVING_OFFICER:
        return transfer_due(calendar, dossier.received_at)
    if step.allotted_minutes == 0:
        return dossier.due_at
    return calendar.add(start, Duration.working_minutes(step.allotted_minutes)).due_at


def start_stage(
    stage: list[DossierStep], at: datetime.datetime, calendar: WorkingCalendar, dossier: Dossier, assignee=None
) -> None:
    for step in stage:
        step.status, step.started_at = Status.ACTIVE, at
        step.due_at = _step_due(step, at, calendar, dossier)
        if step.role == Role.SPECIALIST and assignee is not None:
            step.assignee = assignee
        step.save(update_fields=["status", "started_at", "due_at", "assignee"])


def advance(
    dossier: Dossier,
    at: datetime.datetime,
    calendar: WorkingCalendar,
    *,
    through_role: str | None = None,
    actor=None,
) -> list[DossierStep]:
    """Complete the active stage (and, with `through_role`, every later stage of that role before another role's
    stage), then start the next stage. Returns the steps completed."""
    steps = list(dossier.steps.all())
    completed = []
    remaining = [stage for stage in stages(steps) if any(s.status in (Status.WAITING, Status.ACTIVE) for s in stage)]
    while remaining:
        stage = remaining[0]
        active = any(step.status == Status.ACTIVE for step in stage)
        if not active and not (through_role and all(step.role == through_role for step in stage)):
            break
        for step in stage:
            step.status, step.completed_at = Status.DONE, at
            step.started_at = step.started_at or at
            if step.assignee_id is None and actor is not None and step.role == through_role:
                step.assignee = actor
            step.save(update_fields=["status", "completed_at", "started_at", "assignee"])
            completed.append(step)
        remaining.pop(0)
        if not through_role or not remaining or not all(step.role == through_role for step in remaining[0]):
            break
    if remaining:
        start_stage(remaining[0], at, calendar, dossier, assignee=dossier.assignee)
    return completed


def active_steps(dossier: Dossier) -> list[DossierStep]:
    return [step for step in dossier.steps.all() if step.status == Status.ACTIVE]


def restart_active(dossier: Dossier, at: datetime.datetime, calendar: WorkingCalendar) -> None:
    """After a complete supplement (Art. 19.5) the work in hand starts again from zero."""
    for step in active_steps(dossier):
        step.started_at = at
        step.due_at = _step_due(step, at, calendar, dossier)
        step.save(update_fields=["started_at", "due_at"])


def skip_open(dossier: Dossier, *, keep_last_desk_step: bool) -> None:
    """Close the steps that will not run (a refusal skips to the return; a stop or close skips everything)."""
    steps = sorted(dossier.steps.all(), key=lambda step: step.order)
    last = steps[-1] if steps else None
    for step in steps:
        if step.status in (Status.WAITING, Status.ACTIVE):
            if keep_last_desk_step and step is last and step.role == Role.RECEIVING_OFFICER:
                continue
            step.status = Status.SKIPPED
            step.save(update_fields=["status"])


def final_desk_step(dossier: Dossier) -> DossierStep | None:
    steps = sorted(dossier.steps.all(), key=lambda step: step.order)
    if steps and steps[-1].role == Role.RECEIVING_OFFICER and steps[-1].status in (Status.WAITING, Status.ACTIVE):
        return steps[-1]
    return None
