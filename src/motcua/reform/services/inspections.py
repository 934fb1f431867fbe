"""Inspections of administrative reform and procedure control (kiểm tra công tác CCHC và kiểm soát TTHC).

A superior agency plans an inspection of an agency in its scope for a period, with a team and a checklist copied
from a template. The team assesses each criterion against the evidence, writes findings (ưu điểm, tồn tại) and
recommendations (kiến nghị) with a responsible agency and deadline, and a conclusion. The team lead signs the record
(biên bản): the evidence figures are stored at that moment and the record is read only from then on.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from motcua.core.audit import diff, field_values
from motcua.orgs.models import Agency
from motcua.reform import access, journal
from motcua.reform.models import (
    Area,
    ChecklistItem,
    ChecklistTemplate,
    Finding,
    Inspection,
    Recommendation,
    TeamMember,
)
from motcua.reform.services import evidence

MAX_PERIOD_DAYS = 3 * 366


@dataclass(frozen=True)
class Member:
    full_name: str
    role: str
    position: str = ""
    user: object = None


def default_template() -> ChecklistTemplate | None:
    return ChecklistTemplate.objects.filter(is_default=True).order_by("pk").first()


def _check_period(start: datetime.date, end: datetime.date, inspected_on: datetime.date) -> None:
    errors = {}
    if start is None or end is None or start > end:
        errors["period_end"] = gettext("Ngày kết thúc kỳ kiểm tra phải từ ngày bắt đầu trở đi.")
    elif (end - start).days > MAX_PERIOD_DAYS:
        errors["period_end"] = gettext("Kỳ kiểm tra dài tối đa ba năm.")
    if inspected_on is None:
        errors["inspected_on"] = gettext("Nhập ngày kiểm tra.")
    elif end is not None and inspected_on < end:
        errors["inspected_on"] = gettext("Ngày kiểm tra không được trước ngày kết thúc kỳ kiểm tra.")
    if errors:
        raise ValidationError(errors)


def _require_editable(user, inspection: Inspection) -> None:
    if inspection.is_signed:
        raise ValidationError(gettext("Biên bản đã ký, không sửa được."))
    if not access.can_edit_inspection(user, inspection):
        raise PermissionDenied(gettext("Chỉ đoàn kiểm tra và lãnh đạo cơ quan kiểm tra được sửa biên bản."))


def plan_inspection(
    user,
    superior: Agency,
    target: Agency,
    *,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    inspected_on: datetime.date,
    decision_number: str = "",
    template: ChecklistTemplate | None = None,
    team: list[Member] = (),
) -> Inspection:
    """Plan an inspection (lập kế hoạch kiểm tra) of `target` by `superior`; the checklist is the template's."""
    if not access.can_plan_inspection(user, superior, target):
        raise PermissionDenied(
            gettext("%(superior)s không có thẩm quyền kiểm tra %(target)s, hoặc bạn không thuộc lãnh đạo cơ quan đó.")
            % {"superior": superior, "target": target}
        )
    if not title.strip():
        raise ValidationError({"title": gettext("Nhập nội dung kiểm tra.")})
    _check_period(period_start, period_end, inspected_on)
    template = template or default_template()
    with transaction.atomic():
        inspection = Inspection.objects.create(
            inspecting_agency=superior,
            target_agency=target,
            title=title.strip(),
            decision_number=decision_number.strip(),
            period_start=period_start,
            period_end=period_end,
            inspected_on=inspected_on,
            created_by=user,
        )
        if template is not None:
            ChecklistItem.objects.bulk_create(
                ChecklistItem(
                    inspection=inspection,
                    criterion=item.criterion,
                    order=item.order,
                    title=item.criterion.title,
                    measure=item.criterion.measure,
                )
                for item in template.items.select_related("criterion")
            )
        for member in team:
            _add_member(inspection, member)
    journal.created(inspection, user)
    return inspection


def update_inspection(
    user,
    inspection: Inspection,
    *,
    title: str,
    decision_number: str,
    period_start: datetime.date,
    period_end: datetime.date,
    inspected_on: datetime.date,
) -> Inspection:
    _require_editable(user, inspection)
    if not title.strip():
        raise ValidationError({"title": gettext("Nhập nội dung kiểm tra.")})
    _check_period(period_start, period_end, inspected_on)
    before = field_values(inspection)
    inspection.title, inspection.decision_number = title.strip(), decision_number.strip()
    inspection.period_start, inspection.period_end, inspection.inspected_on = period_start, period_end, inspected_on
    inspection.save(update_fields=["title", "decision_number", "period_start", "period_end", "inspected_on"])
    journal.changed(inspection, user, diff(before, field_values(inspection)))
    return inspection


# -- team ------------------------------------------------------------------------------------------------------------


def _add_member(inspection: Inspection, member: Member) -> TeamMember:
    errors = {}
    if member.role not in TeamMember.Role.values:
        errors["role"] = gettext("Chọn vai trò trong đoàn.")
    if not member.full_name.strip():
        errors["full_name"] = gettext("Nhập họ và tên.")
    if member.role == TeamMember.Role.LEAD:
        if inspection.members.filter(role=TeamMember.Role.LEAD).exists():
            errors["role"] = gettext("Đoàn kiểm tra đã có trưởng đoàn.")
        elif member.user is None:
            errors["user"] = gettext("Trưởng đoàn phải có tài khoản để ký biên bản.")
    if member.user is not None and inspection.members.filter(user=member.user).exists():
        errors["user"] = gettext("Người này đã có trong đoàn.")
    if errors:
        raise ValidationError(errors)
    return TeamMember.objects.create(
        inspection=inspection,
        user=member.user,
        full_name=member.full_name.strip(),
        position=member.position.strip(),
        role=member.role,
    )


def add_member(user, inspection: Inspection, member: Member) -> TeamMember:
    _require_editable(user, inspection)
    added = _add_member(inspection, member)
    journal.created(added, user)
    return added


def remove_member(user, member: TeamMember) -> None:
    _require_editable(user, member.inspection)
    journal.deleted(member, user)
    member.delete()


# -- checklist, findings, recommendations, conclusion ------------------------------------------------------------------


def assess(user, item: ChecklistItem, *, result: str, note: str) -> ChecklistItem:
    """The team's assessment of one criterion (đánh giá tiêu chí)."""
    _require_editable(user, item.inspection)
    if result not in ChecklistItem.Result.values:
        raise ValidationError({"result": gettext("Chọn mức đánh giá.")})
    before = field_values(item)
    item.result, item.note = result, note.strip()
    item.save(update_fields=["result", "note"])
    journal.changed(item, user, diff(before, field_values(item)))
    return item


def _check_area(area: str, text: str) -> dict:
    errors = {}
    if area not in Area.values:
        errors["area"] = gettext("Chọn lĩnh vực.")
    if not text.strip():
        errors["text"] = gettext("Nhập nội dung.")
    return errors


def add_finding(user, inspection: Inspection, *, kind: str, area: str, text: str) -> Finding:
    _require_editable(user, inspection)
    errors = _check_area(area, text)
    if kind not in Finding.Kind.values:
        errors["kind"] = gettext("Chọn ưu điểm hoặc tồn tại, hạn chế.")
    if errors:
        raise ValidationError(errors)
    finding = Finding.objects.create(inspection=inspection, kind=kind, area=area, text=text.strip())
    journal.created(finding, user)
    return finding


def remove_finding(user, finding: Finding) -> None:
    _require_editable(user, finding.inspection)
    journal.deleted(finding, user)
    finding.delete()


def responsible_agencies(inspection: Inspection):
    """Who a recommendation may be addressed to: the inspected agency and the agencies under it."""
    return Agency.objects.filter(pk=inspection.target_agency_id).with_descendants()


def add_recommendation(
    user, inspection: Inspection, *, area: str, text: str, responsible: Agency, deadline: datetime.date
) -> Recommendation:
    _require_editable(user, inspection)
    errors = _check_area(area, text)
    if responsible is None or not responsible_agencies(inspection).filter(pk=responsible.pk).exists():
        errors["responsible_agency"] = gettext(
            "Cơ quan thực hiện phải là cơ quan được kiểm tra hoặc cơ quan trực thuộc."
        )
    if deadline is None or deadline <= inspection.inspected_on:
        errors["deadline"] = gettext("Thời hạn thực hiện phải sau ngày kiểm tra (%(date)s).") % {
            "date": f"{inspection.inspected_on:%d/%m/%Y}"
        }
    if errors:
        raise ValidationError(errors)
    recommendation = Recommendation.objects.create(
        inspection=inspection, area=area, text=text.strip(), responsible_agency=responsible, deadline=deadline
    )
    journal.created(recommendation, user)
    return recommendation


def remove_recommendation(user, recommendation: Recommendation) -> None:
    _require_editable(user, recommendation.inspection)
    journal.deleted(recommendation, user)
    recommendation.delete()


def set_conclusion(user, inspection: Inspection, text: str) -> Inspection:
    _require_editable(user, inspection)
    before = inspection.conclusion
    inspection.conclusion = text.strip()
    inspection.save(update_fields=["conclusion"])
    journal.changed(inspection, user, {"conclusion": [before, inspection.conclusion]})
    return inspection


# -- signing -----------------------------------------------------------------------------------------------------------


def sign(user, inspection: Inspection, *, at: datetime.datetime | None = None) -> Inspection:
    """The team lead signs the record (ký biên bản): the evidence is frozen and the record becomes read only."""
    at = at or timezone.now()
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if inspection.is_signed:
            raise ValidationError(gettext("Biên bản đã được ký."))
        if not access.can_sign(user, inspection):
            raise PermissionDenied(gettext("Chỉ trưởng đoàn kiểm tra được ký biên bản."))
        errors = []
        if not inspection.conclusion.strip():
            errors.append(gettext("Biên bản chưa có kết luận."))
        if not inspection.findings.exists():
            errors.append(gettext("Biên bản chưa có kết quả kiểm tra (ưu điểm, tồn tại)."))
        if inspection.checklist.filter(result="").exists():
            errors.append(gettext("Còn tiêu chí chưa đánh giá."))
        if errors:
            raise ValidationError(errors)
        inspection.evidence = evidence.snapshot(inspection, now=at)
        inspection.status, inspection.signed_at, inspection.signed_by = Inspection.Status.SIGNED, at, user
        inspection.save(update_fields=["evidence", "status", "signed_at", "signed_by"])
    journal.changed(
        inspection,
        user,
        {"status": [Inspection.Status.PLANNED.value, Inspection.Status.SIGNED.value], "signed_at": [None, str(at)]},
    )
    return inspection
