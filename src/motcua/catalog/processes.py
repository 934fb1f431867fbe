"""What an agency does with a procedure: its offering, internal process (quy trình nội bộ) and postings (niêm yết).

An internal process lists the ordered steps of one agency for one procedure version, each with the role and the
agency or department responsible and its allotted working time. Steps sharing a parallel group run at the same
time (lấy ý kiến, phối hợp liên thông song song): the group costs its longest step, not the sum.

The total never exceeds the legal time of the version: the longest structured processing time among its methods,
in working minutes. A working day counts as 8 working hours (480 minutes), the standard civil-service day of
QĐ 188/1999/QĐ-TTg, whatever a local calendar's hours; a limit in calendar days is treated as that many working
days (a process plans working time; calendar days only ever give more room); a same-day limit is one working day.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, ngettext

from motcua.accounts.models import Role
from motcua.catalog.models import (
    AgencyOffering,
    Channel,
    InternalProcess,
    Posting,
    Procedure,
    ProcedureVersion,
    ProcessStep,
)
from motcua.catalog.permissions import check_agency_editor
from motcua.catalog.versions import latest_published, version_in_force
from motcua.core.audit import diff, field_values, record
from motcua.core.models import AuditEntry
from motcua.orgs.models import Agency
from motcua.workcal.durations import Duration, DurationKind

WORKING_DAY_MINUTES = 480
# Who performs a step: the desk, the specialist, the signing leader (administrators and inspectors never do).
STEP_ROLES = (Role.RECEIVING_OFFICER, Role.SPECIALIST, Role.LEADER)
STEP_FIELDS = ("name", "role", "agency", "department", "allotted_minutes", "parallel_group", "is_consultation")


def duration_minutes(duration: Duration) -> int:
    """A legal time limit as working minutes (see the module docstring for calendar and same-day limits)."""
    if duration.kind is DurationKind.WORKING_MINUTES:
        return duration.amount
    if duration.kind is DurationKind.SAME_DAY:
        return WORKING_DAY_MINUTES
    return duration.amount * WORKING_DAY_MINUTES


def legal_minutes(version: ProcedureVersion) -> int | None:
    """The legal time of a version: its longest structured processing time; None when no method has one."""
    durations = [method.duration for method in version.methods.all()]
    minutes = [duration_minutes(duration) for duration in durations if duration is not None]
    return max(minutes) if minutes else None


def total_minutes(steps: Iterable) -> int:
    """Sequential steps add up; each parallel group adds only its longest step."""
    total = 0
    groups: dict[int, int] = {}
    for step in steps:
        if step.parallel_group is None:
            total += step.allotted_minutes
        else:
            groups[step.parallel_group] = max(groups.get(step.parallel_group, 0), step.allotted_minutes)
    return total + sum(groups.values())


def working_time_label(minutes: int) -> str:
    """3000 → "6 ngày 2 giờ" (a day is 8 working hours)."""
    days, rest = divmod(minutes, WORKING_DAY_MINUTES)
    hours, mins = divmod(rest, 60)
    parts = [
        ngettext("%(count)s ngày", "%(count)s ngày", days) % {"count": days} if days else "",
        ngettext("%(count)s giờ", "%(count)s giờ", hours) % {"count": hours} if hours else "",
        ngettext("%(count)s phút", "%(count)s phút", mins) % {"count": mins} if mins else "",
    ]
    return " ".join(part for part in parts if part) or gettext("0 phút")


def over_legal_time_message(total: int, legal: int) -> str:
    return gettext("Tổng thời gian các bước là %(total)s làm việc, vượt thời hạn %(legal)s làm việc là %(excess)s.") % {
        "total": working_time_label(total),
        "legal": working_time_label(legal),
        "excess": working_time_label(total - legal),
    }


def check_within_legal_time(version: ProcedureVersion, steps: Iterable) -> None:
    legal = legal_minutes(version)
    if legal is None:
        raise ValidationError(
            gettext(
                "Phiên bản thủ tục chưa có thời hạn giải quyết có cấu trúc, nên chưa kiểm tra được quy trình nội bộ."
            )
        )
    total = total_minutes(steps)
    if total > legal:
        raise ValidationError(over_legal_time_message(total, legal), code="over_legal_time")


# -- offerings ---------------------------------------------------------------------------------------------------


def reference_version(procedure: Procedure) -> ProcedureVersion | None:
    """The version an offering is checked against: the one in force, else the latest published one."""
    return version_in_force(procedure) or latest_published(procedure)


def save_offering(
    user,
    procedure: Procedure,
    agency: Agency,
    *,
    receives: bool,
    resolves: bool,
    channels: list[str],
    active: bool = True,
) -> AgencyOffering:
    """Create or change which way an agency handles a procedure; the channels must be methods of the version."""
    check_agency_editor(user, agency)
    version = reference_version(procedure)
    if version is None:
        raise ValidationError(gettext("Thủ tục chưa được công bố nên cơ quan chưa tiếp nhận, giải quyết được."))
    if procedure.abolished_on is not None and procedure.abolished_on <= datetime.date.today() and active:
        raise ValidationError(gettext("Thủ tục đã bị bãi bỏ; chỉ có thể ngừng áp dụng, không bật lại được."))
    offered = set(version.methods.values_list("channel", flat=True))
    if extra := [str(Channel(channel).label) for channel in channels if channel not in offered]:
        raise ValidationError(
            {
                "channels": gettext("Phiên bản %(number)s của thủ tục không có cách thức: %(channels)s.")
                % {"number": version.number, "channels": ", ".join(extra)}
            }
        )
    offering = AgencyOffering.objects.filter(procedure=procedure, agency=agency).first()
    offering = offering or AgencyOffering(procedure=procedure, agency=agency)
    offering.receives, offering.resolves, offering.active = receives, resolves, active
    # Only a receiving agency has channels; one that only resolves gets the dossier from the desk.
    offering.channels = [channel for channel in Channel.values if channel in channels] if receives else []
    if receives and not offering.channels:
        raise ValidationError({"channels": gettext("Cơ quan tiếp nhận hồ sơ phải có ít nhất một hình thức tiếp nhận.")})
    offering.full_clean()
    offering.save()
    return offering


# -- internal processes ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepData:
    """One step as entered; `order` is its position in the process."""

    order: int
    name: str
    role: str
    allotted_minutes: int
    agency: Agency | None = None
    department: str = ""
    parallel_group: int | None = None
    is_consultation: bool = False


def _check_steps(steps: list[StepData]) -> None:
    if not steps:
        raise ValidationError(gettext("Quy trình nội bộ phải có ít nhất một bước."))
    orders = [step.order for step in steps]
    if len(set(orders)) != len(orders):
        raise ValidationError(gettext("Hai bước không được cùng số thứ tự."))
    for step in steps:
        if step.allotted_minutes <= 0:
            raise ValidationError(
                gettext("Bước %(order)s (%(name)s) phải có thời gian lớn hơn 0.")
                % {"order": step.order, "name": step.name}
            )
        if step.role not in STEP_ROLES:
            raise ValidationError(
                gettext(
                    "Bước %(order)s (%(name)s): vai trò thực hiện phải là cán bộ tiếp nhận, chuyên viên xử lý "
                    "hoặc lãnh đạo."
                )
                % {"order": step.order, "name": step.name}
            )
    positions: dict[int, list[int]] = {}
    for index, step in enumerate(sorted(steps, key=lambda s: s.order)):
        if step.parallel_group is not None:
            positions.setdefault(step.parallel_group, []).append(index)
    for group, indexes in positions.items():
        if indexes[-1] - indexes[0] + 1 != len(indexes):
            raise ValidationError(
                gettext(
                    "Các bước của nhóm song song %(group)s phải liền nhau trong thứ tự (chúng được thực hiện cùng lúc)."
                )
                % {"group": group}
            )


def save_process(
    user,
    offering: AgencyOffering,
    version: ProcedureVersion,
    steps: list[StepData],
    *,
    approved_on: datetime.date | None = None,
    decision_number: str = "",
) -> InternalProcess:
    """Create or replace the internal process of an offering for a version, after checking it against the
    legal time. Steps are matched by their order, so the audit log shows what changed in each position."""
    check_agency_editor(user, offering.agency)
    if version.procedure_id != offering.procedure_id:
        raise ValidationError(gettext("Phiên bản không thuộc thủ tục của cơ quan này."))
    _check_steps(steps)
    check_within_legal_time(version, steps)
    with transaction.atomic():
        process = InternalProcess.objects.filter(offering=offering, version=version).first()
        process = process or InternalProcess(offering=offering, version=version)
        process.approved_on, process.decision_number = approved_on, decision_number
        process.full_clean()
        process.save()
        _write_steps(process, steps)
    return process


def _write_steps(process: InternalProcess, steps: list[StepData]) -> None:
    existing = {step.order: step for step in process.steps.all()}
    wanted = {step.order for step in steps}
    for order, row in existing.items():
        if order not in wanted:
            record(AuditEntry.Action.DELETE, row, changes=diff(field_values(row), {}))
            row.delete()
    for data in steps:
        row = existing.get(data.order) or ProcessStep(process=process, order=data.order)
        before = field_values(row) if row.pk else {}
        for name in STEP_FIELDS:
            setattr(row, name, getattr(data, name))
        row.full_clean(exclude=["process"])
        changes = diff(before, field_values(row))
        if changes:
            action = AuditEntry.Action.UPDATE if row.pk else AuditEntry.Action.CREATE
            row.save()
            record(action, row, changes=diff(before, field_values(row)))


def step_data(step: ProcessStep) -> StepData:
    return StepData(**{"order": step.order, **{name: getattr(step, name) for name in STEP_FIELDS}})


def copy_process(user, process: InternalProcess, version: ProcedureVersion) -> InternalProcess:
    """The same steps for another version of the procedure (e.g. after a new publication), checked against its
    legal time; approval fields start empty because the new process needs its own approval."""
    if InternalProcess.objects.filter(offering=process.offering, version=version).exists():
        raise ValidationError(
            gettext("Cơ quan đã có quy trình nội bộ cho phiên bản %(number)s; hãy sửa quy trình đó.")
            % {"number": version.number}
        )
    steps = [step_data(step) for step in process.steps.all()]
    return save_process(user, process.offering, version, steps)


# -- postings ----------------------------------------------------------------------------------------------------


def add_posting(user, version: ProcedureVersion, agency: Agency, *, location: str, posted_on: datetime.date) -> Posting:
    """Record that a published version was posted (niêm yết) at an agency."""
    check_agency_editor(user, agency)
    if version.status != ProcedureVersion.Status.PUBLISHED:
        raise ValidationError(gettext("Chỉ niêm yết được phiên bản đã công bố."))
    if posted_on > datetime.date.today():
        raise ValidationError({"posted_on": gettext("Ngày niêm yết không được ở tương lai.")})
    posting = Posting(version=version, agency=agency, location=location, posted_on=posted_on, recorded_by=user)
    posting.full_clean()
    posting.save()
    return posting


def remove_posting(user, posting: Posting, removed_on: datetime.date) -> Posting:
    """Record that a posting was taken down (e.g. when a new version replaced it)."""
    check_agency_editor(user, posting.agency)
    if posting.removed_on is not None:
        raise ValidationError(
            gettext("Bản niêm yết này đã được gỡ ngày %(date)s.") % {"date": f"{posting.removed_on:%d/%m/%Y}"}
        )
    posting.removed_on = removed_on
    posting.full_clean()
    posting.save()
    return posting
