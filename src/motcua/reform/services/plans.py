"""Reform plans (kế hoạch CCHC, kế hoạch kiểm soát TTHC, kế hoạch kiểm tra) and their tasks.

A plan belongs to one agency and one year; its tasks are grouped by the reform areas and reported on with progress
updates and evidence files. A task is overdue (quá hạn) when it is neither done nor cancelled after its deadline.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from motcua.core.audit import diff, field_values
from motcua.orgs.models import Agency
from motcua.reform import access, files, journal
from motcua.reform.models import Area, PlanTask, ReformPlan, TaskUpdate, TaskUpdateFile

Status = PlanTask.Status
CLOSED_STATUSES = (Status.DONE, Status.CANCELLED)
MIN_YEAR, MAX_YEAR = 2000, 2100


def _require_manager(user, agency: Agency) -> None:
    if not access.can_manage_plan(user, agency):
        raise PermissionDenied(gettext("Chỉ lãnh đạo, quản trị của %(agency)s được làm việc này.") % {"agency": agency})


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": gettext("Năm kế hoạch không hợp lệ.")})


def create_plan(user, agency: Agency, *, year: int, kind: str, title: str, number: str = "", issued_on=None):
    _require_manager(user, agency)
    _check_year(year)
    if kind not in ReformPlan.Kind.values:
        raise ValidationError({"kind": gettext("Loại kế hoạch không hợp lệ.")})
    if not title.strip():
        raise ValidationError({"title": gettext("Nhập tên kế hoạch.")})
    if issued_on and issued_on.year not in (year - 1, year):
        raise ValidationError({"issued_on": gettext("Ngày ban hành phải trong năm kế hoạch hoặc cuối năm trước.")})
    try:
        with transaction.atomic():
            plan = ReformPlan.objects.create(
                agency=agency,
                year=year,
                kind=kind,
                title=title.strip(),
                number=number.strip(),
                issued_on=issued_on,
                created_by=user,
            )
    except IntegrityError:
        raise ValidationError(
            {"kind": gettext("%(agency)s đã có kế hoạch loại này cho năm %(year)s.") % {"agency": agency, "year": year}}
        ) from None
    journal.created(plan, user)
    return plan


def update_plan(user, plan: ReformPlan, *, title: str, number: str, issued_on) -> ReformPlan:
    _require_manager(user, plan.agency)
    if not title.strip():
        raise ValidationError({"title": gettext("Nhập tên kế hoạch.")})
    if issued_on and issued_on.year not in (plan.year - 1, plan.year):
        raise ValidationError({"issued_on": gettext("Ngày ban hành phải trong năm kế hoạch hoặc cuối năm trước.")})
    before = {"title": plan.title, "number": plan.number, "issued_on": str(plan.issued_on or "")}
    plan.title, plan.number, plan.issued_on = title.strip(), number.strip(), issued_on
    plan.save(update_fields=["title", "number", "issued_on"])
    after = {"title": plan.title, "number": plan.number, "issued_on": str(plan.issued_on or "")}
    changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    journal.changed(plan, user, changes)
    return plan


def _check_task(plan: ReformPlan, area: str, title: str, owner: str, deadline: datetime.date) -> None:
    errors = {}
    if area not in Area.values:
        errors["area"] = gettext("Chọn lĩnh vực.")
    if not title.strip():
        errors["title"] = gettext("Nhập nội dung nhiệm vụ.")
    if not owner.strip():
        errors["owner"] = gettext("Nhập đơn vị, người chủ trì.")
    if deadline is None or deadline.year < plan.year:
        errors["deadline"] = gettext("Thời hạn phải từ năm %(year)s trở đi.") % {"year": plan.year}
    if errors:
        raise ValidationError(errors)


def add_task(
    user, plan: ReformPlan, *, area: str, title: str, owner: str, deadline: datetime.date, expected_output: str = ""
) -> PlanTask:
    _require_manager(user, plan.agency)
    _check_task(plan, area, title, owner, deadline)
    task = PlanTask.objects.create(
        plan=plan,
        area=area,
        title=title.strip(),
        owner=owner.strip(),
        deadline=deadline,
        expected_output=expected_output.strip(),
    )
    journal.created(task, user)
    return task


def update_task(
    user, task: PlanTask, *, area: str, title: str, owner: str, deadline: datetime.date, expected_output: str = ""
) -> PlanTask:
    _require_manager(user, task.plan.agency)
    _check_task(task.plan, area, title, owner, deadline)
    before = field_values(task)
    task.area, task.title, task.owner = area, title.strip(), owner.strip()
    task.deadline, task.expected_output = deadline, expected_output.strip()
    task.save(update_fields=["area", "title", "owner", "deadline", "expected_output"])
    journal.changed(task, user, diff(before, field_values(task)))
    return task


def delete_task(user, task: PlanTask) -> None:
    _require_manager(user, task.plan.agency)
    if task.updates.exists():
        raise ValidationError(
            gettext("Nhiệm vụ đã có báo cáo tiến độ, không xóa được; hãy chuyển sang «Không thực hiện».")
        )
    journal.deleted(task, user)
    task.delete()


def report_progress(
    user, task: PlanTask, *, status: str, progress: int, note: str, files_in=(), at: datetime.datetime | None = None
) -> TaskUpdate:
    """A progress update (báo cáo tiến độ): a done task is at 100 % and dated; evidence files are checked first."""
    _require_manager(user, task.plan.agency)
    at = at or timezone.now()
    errors = {}
    if status not in Status.values:
        errors["status"] = gettext("Chọn tình trạng.")
    if progress is None or not 0 <= progress <= 100:
        errors["progress"] = gettext("Tiến độ từ 0 đến 100%.")
    if not note.strip():
        errors["note"] = gettext("Nhập kết quả thực hiện.")
    if status == Status.DONE and progress != 100:
        errors["progress"] = gettext("Nhiệm vụ đã hoàn thành thì tiến độ là 100%.")
    if errors:
        raise ValidationError(errors)
    checked = files.checked(files_in)
    with transaction.atomic():
        update = TaskUpdate.objects.create(
            task=task, reported_at=at, reported_by=user, status=status, progress=progress, note=note.strip()
        )
        files.save_all(TaskUpdateFile, {"update": update}, checked, user, at)
        task.status, task.progress = status, progress
        task.completed_on = timezone.localdate(at) if status == Status.DONE else None
        task.save(update_fields=["status", "progress", "completed_on"])
    journal.created(update, user)
    return update


# -- reading ---------------------------------------------------------------------------------------------------------


def is_overdue(task: PlanTask, today: datetime.date | None = None) -> bool:
    """Quá hạn: not done nor cancelled, and its deadline has passed."""
    today = today or timezone.localdate()
    return task.status not in CLOSED_STATUSES and task.deadline < today


def overdue_condition(today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    return ~Q(status__in=CLOSED_STATUSES) & Q(deadline__lt=today)


def overdue_tasks(tasks: QuerySet[PlanTask], today: datetime.date | None = None) -> QuerySet[PlanTask]:
    return tasks.filter(overdue_condition(today))


@dataclass(frozen=True)
class TaskCounts:
    total: int
    done: int
    in_progress: int
    not_started: int
    cancelled: int
    overdue: int


def task_counts(tasks, today: datetime.date | None = None) -> TaskCounts:
    tasks = list(tasks)
    by_status = {status: sum(1 for task in tasks if task.status == status) for status in Status.values}
    return TaskCounts(
        total=len(tasks),
        done=by_status[Status.DONE],
        in_progress=by_status[Status.IN_PROGRESS],
        not_started=by_status[Status.NOT_STARTED],
        cancelled=by_status[Status.CANCELLED],
        overdue=sum(1 for task in tasks if is_overdue(task, today)),
    )


@dataclass(frozen=True)
class AreaGroup:
    area: str
    label: str
    tasks: list


def tasks_by_area(plan: ReformPlan, today: datetime.date | None = None) -> list[AreaGroup]:
    """The plan's tasks grouped by area in the order of Area, each marked `overdue` for the pages and exports."""
    tasks = list(plan.tasks.all())
    for task in tasks:
        task.overdue = is_overdue(task, today)
    return [
        AreaGroup(area.value, str(area.label), [task for task in tasks if task.area == area.value])
        for area in Area
        if any(task.area == area.value for task in tasks)
    ]
