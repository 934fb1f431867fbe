"""Follow-up of recommendations (theo dõi thực hiện kiến nghị sau kiểm tra).

The inspected agency reports what it did for a recommendation, with evidence; the inspecting agency accepts it
(the recommendation is done) or reopens it with a note. A recommendation is overdue (quá hạn) when it is not done
after its deadline; the same function flags it on both agencies' pages and in the yearly summary.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from motcua.reform import access, files, journal
from motcua.reform.models import Area, Finding, FollowUpFile, FollowUpReport, Inspection, Recommendation

Status = Recommendation.Status


def report(
    user, recommendation: Recommendation, *, text: str, files_in=(), at: datetime.datetime | None = None
) -> FollowUpReport:
    """The inspected side reports the result (báo cáo kết quả khắc phục)."""
    at = at or timezone.now()
    # Read afresh: the caller's copy of the inspection may predate its signing.
    recommendation = Recommendation.objects.select_related("inspection").get(pk=recommendation.pk)
    if not recommendation.inspection.is_signed:
        raise ValidationError(gettext("Biên bản chưa ký, chưa báo cáo khắc phục được."))
    if not access.can_report_on(user, recommendation):
        raise PermissionDenied(gettext("Chỉ lãnh đạo, quản trị của cơ quan được kiểm tra được báo cáo khắc phục."))
    if recommendation.status == Status.ACCEPTED:
        raise ValidationError(gettext("Kiến nghị này đã được công nhận hoàn thành."))
    if not awaiting_report(recommendation):
        raise ValidationError(gettext("Báo cáo trước đang chờ cơ quan kiểm tra xem xét."))
    if not text.strip():
        raise ValidationError({"text": gettext("Nhập kết quả khắc phục.")})
    checked = files.checked(files_in)
    with transaction.atomic():
        made = FollowUpReport.objects.create(recommendation=recommendation, reported_at=at, reported_by=user, text=text)
        files.save_all(FollowUpFile, {"report": made}, checked, user, at)
        recommendation.status = Status.REPORTED
        recommendation.save(update_fields=["status"])
    journal.created(made, user)
    return made


def decide(
    user, made: FollowUpReport, *, accept: bool, note: str = "", at: datetime.datetime | None = None
) -> FollowUpReport:
    """The inspecting side accepts the report (công nhận hoàn thành) or reopens the recommendation."""
    at = at or timezone.now()
    made = FollowUpReport.objects.select_related("recommendation__inspection").get(pk=made.pk)
    recommendation = made.recommendation
    if not access.can_decide_for(user, recommendation.inspection):
        raise PermissionDenied(gettext("Chỉ cơ quan kiểm tra được xem xét báo cáo khắc phục."))
    if made.decision:
        raise ValidationError(gettext("Báo cáo này đã được xem xét."))
    if not accept and not note.strip():
        raise ValidationError({"decision_note": gettext("Nêu lý do yêu cầu tiếp tục thực hiện.")})
    with transaction.atomic():
        made.decision = FollowUpReport.Decision.ACCEPTED if accept else FollowUpReport.Decision.REOPENED
        made.decided_at, made.decided_by, made.decision_note = at, user, note.strip()
        made.save(update_fields=["decision", "decided_at", "decided_by", "decision_note"])
        before = recommendation.status
        recommendation.status = Status.ACCEPTED if accept else Status.REOPENED
        recommendation.closed_on = timezone.localdate(at) if accept else None
        recommendation.save(update_fields=["status", "closed_on"])
    journal.changed(recommendation, user, {"status": [before, recommendation.status]})
    return made


def awaiting_report(recommendation: Recommendation) -> bool:
    """The inspected side may report: the recommendation is neither done nor waiting for a decision."""
    return recommendation.status in (Status.OPEN, Status.REOPENED)


# -- reading ---------------------------------------------------------------------------------------------------------


def is_overdue(recommendation: Recommendation, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return recommendation.status != Status.ACCEPTED and recommendation.deadline < today


def overdue_condition(today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    return ~Q(status=Status.ACCEPTED) & Q(deadline__lt=today)


def open_recommendations(user, today: datetime.date | None = None) -> QuerySet[Recommendation]:
    """Recommendations of signed inspections the user sees that are not done, most urgent first, each with
    `overdue` annotated: the list both the inspecting and the inspected agency's pages show."""
    today = today or timezone.localdate()
    inspections = access.visible_inspections(user).filter(status=Inspection.Status.SIGNED)
    return (
        Recommendation.objects.filter(inspection__in=inspections)
        .exclude(status=Status.ACCEPTED)
        .select_related("inspection__target_agency", "inspection__inspecting_agency", "responsible_agency")
        .annotate(overdue=ExpressionWrapper(overdue_condition(today), output_field=BooleanField()))
        .order_by("deadline", "pk")
    )


def overdue_count(user, today: datetime.date | None = None) -> int:
    return open_recommendations(user, today).filter(overdue=True).count()


@dataclass
class AreaSummary:
    area: str
    label: str
    total: int = 0
    done: int = 0
    open: int = 0
    overdue: int = 0


@dataclass
class YearSummary:
    year: int
    inspections: list = field(default_factory=list)
    areas: list[AreaSummary] = field(default_factory=list)
    shortcomings: int = 0

    @property
    def total(self) -> AreaSummary:
        whole = AreaSummary("", gettext("Tổng cộng"))
        for row in self.areas:
            whole.total += row.total
            whole.done += row.done
            whole.open += row.open
            whole.overdue += row.overdue
        return whole


def year_summary(inspections: QuerySet[Inspection], year: int, today: datetime.date | None = None) -> YearSummary:
    """All inspections held in `year` and their recommendations per area (tổng hợp kết quả kiểm tra trong năm)."""
    today = today or timezone.localdate()
    held = list(
        inspections.filter(inspected_on__year=year)
        .select_related("target_agency", "inspecting_agency")
        .order_by("inspected_on", "pk")
    )
    recommendations = list(Recommendation.objects.filter(inspection__in=[i.pk for i in held]))
    areas = {area.value: AreaSummary(area.value, str(area.label)) for area in Area}
    for recommendation in recommendations:
        row = areas[recommendation.area]
        row.total += 1
        if recommendation.status == Status.ACCEPTED:
            row.done += 1
        else:
            row.open += 1
            row.overdue += is_overdue(recommendation, today)
    summary = YearSummary(year, held, [row for row in areas.values() if row.total])
    summary.shortcomings = sum(inspection.findings.filter(kind=Finding.Kind.SHORTCOMING).count() for inspection in held)
    return summary
