"""Evidence from the data (số liệu kiểm chứng): for each measurable criterion of an inspection, the figure for the
inspected agency and period computed from the stored facts, with the records behind it.

Figures (agencies = the target agency and those under it, reports.areas; local days of the period, inclusive):
- plan_issued: the reform and procedure-control plans of the period's years, with number and date of issue;
- desk_staff: receiving officers (cán bộ tiếp nhận) holding a role in those agencies now;
- posting: offerings of procedures in force at the period's end not posted, or posted late (catalog.control);
- late_dossiers: II.06a cells "resolved late" and "pending overdue" (reports.ii06a), with those dossiers;
- refused_dossiers: refusals (Mẫu 03 at intake, or after appraisal) and supplement requests made in the period;
- apologies: of the late dossiers above, those with no apology letter (Mẫu 04), a late one and an on-time one
  (Decree 118 Art. 19.6, motcua.dossiers.apology);
- online_share: II.06a received online / (online + direct) for the dossiers received in the period;
- payment_share: payments paid in the period, and those paid online (gateway);
- satisfaction: ratings given in the period, and the share satisfied (overall 4 or 5);
- communication, reform_tasks: the tasks of the agencies' plans of those years (communication area, all), with
  those not done or cancelled by the period's end (overdue at that date; statuses are the current ones).

An inspection in progress shows live figures; signing the record stores them (`freeze`), and a signed inspection
only ever shows what was stored.
"""

import datetime
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from motcua.accounts.models import Role, RoleAssignment
from motcua.catalog import control
from motcua.catalog.models import AgencyOffering
from motcua.dossiers import apology
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.feedback.models import DossierRating
from motcua.orgs.models import Agency
from motcua.payments.models import Payment
from motcua.reform.models import Area, Inspection, Measure, PlanTask, ReformPlan
from motcua.reform.services.plans import overdue_condition
from motcua.reports import ii06a
from motcua.reports.areas import agency_ids_of_area

MAX_RECORDS = 200
SATISFIED = 4
Kind = DossierEvent.Kind


@dataclass
class Figure:
    """One figure: what it measures, its value as printed, detail lines, and the records behind it."""

    measure: str
    label: str
    value: str
    lines: list[str] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)
    more: int = 0

    @classmethod
    def from_data(cls, data: dict) -> "Figure":
        return cls(**data)


@dataclass(frozen=True)
class Scope:
    agency_ids: list[int]
    start: datetime.date
    end: datetime.date
    now: datetime.datetime

    @property
    def period(self) -> ii06a.Period:
        return ii06a.Period.of(self.start, self.end, self.now)

    @property
    def years(self) -> list[int]:
        return list(range(self.start.year, self.end.year + 1))


def _share(part: int, whole: int) -> str:
    if not whole:
        return gettext("%(part)s/%(whole)s") % {"part": part, "whole": whole}
    return gettext("%(part)s/%(whole)s (%(percent)s%%)") % {
        "part": part,
        "whole": whole,
        "percent": formats.number_format(round(100 * part / whole, 1), 1),
    }


def _records(kind: str, rows: list[tuple[int, str]]) -> tuple[list[dict], int]:
    shown = [{"kind": kind, "id": pk, "label": label} for pk, label in rows[:MAX_RECORDS]]
    return shown, max(0, len(rows) - MAX_RECORDS)


def _dossier_rows(dossiers) -> list[tuple[int, str]]:
    rows = dossiers.order_by("received_at", "pk").values_list("pk", "code", "reference")
    return [(pk, code or reference or f"#{pk}") for pk, code, reference in rows]


def _of_agencies(scope: Scope) -> Q:
    return Q(competent_agency_id__in=scope.agency_ids) | Q(receiving_agency_id__in=scope.agency_ids)


def _late_ids(scope: Scope) -> list[int]:
    late = ii06a.dossiers_for("resolved_late", scope.agency_ids, scope.start, scope.end, now=scope.now)
    overdue = ii06a.dossiers_for("pending_overdue", scope.agency_ids, scope.start, scope.end, now=scope.now)
    return sorted(set(late.values_list("pk", flat=True)) | set(overdue.values_list("pk", flat=True)))


# -- the figures -----------------------------------------------------------------------------------------------------


def _plan_issued(scope: Scope, label: str) -> Figure:
    kinds = [ReformPlan.Kind.REFORM, ReformPlan.Kind.PROCEDURE_CONTROL]
    plans = {
        (plan.year, plan.kind): plan
        for plan in ReformPlan.objects.filter(agency_id__in=scope.agency_ids, year__in=scope.years, kind__in=kinds)
    }
    lines, rows, issued = [], [], 0
    for year in scope.years:
        for kind in kinds:
            name = gettext("%(kind)s năm %(year)s") % {"kind": ReformPlan.Kind(kind).label, "year": year}
            plan = plans.get((year, kind))
            if plan is None or plan.issued_on is None:
                lines.append(gettext("%(name)s: chưa ban hành.") % {"name": name})
            else:
                issued += 1
                lines.append(
                    gettext("%(name)s: số %(number)s ngày %(date)s.")
                    % {"name": name, "number": plan.number or "—", "date": f"{plan.issued_on:%d/%m/%Y}"}
                )
            if plan is not None:
                rows.append((plan.pk, plan.title))
    records, more = _records("plan", rows)
    value = gettext("%(issued)s/%(total)s kế hoạch đã ban hành") % {"issued": issued, "total": len(scope.years) * 2}
    return Figure(Measure.PLAN_ISSUED, label, value, lines, records, more)


def _desk_staff(scope: Scope, label: str) -> Figure:
    officers = (
        RoleAssignment.objects.filter(role=Role.RECEIVING_OFFICER, agency_id__in=scope.agency_ids, user__is_active=True)
        .select_related("user", "agency")
        .order_by("agency__name", "user__full_name")
    )
    lines = [f"{a.user} – {a.title or a.get_role_display()} – {a.agency}" for a in officers]
    value = gettext("%(count)s cán bộ tiếp nhận") % {"count": len(lines)}
    return Figure(Measure.DESK_STAFF, label, value, lines)


def _posting(scope: Scope, label: str) -> Figure:
    agencies = Agency.objects.filter(pk__in=scope.agency_ids)
    items = [item for item in control.control_items(agencies, on=scope.end) if item.is_about_posting]
    offered = AgencyOffering.objects.filter(agency__in=agencies, active=True).count()
    not_posted = sum(1 for item in items if item.problem == control.Problem.NOT_POSTED)
    late = sum(1 for item in items if item.problem == control.Problem.POSTED_LATE)
    value = gettext("%(not_posted)s chưa niêm yết, %(late)s niêm yết muộn / %(total)s thủ tục của cơ quan") % {
        "not_posted": not_posted,
        "late": late,
        "total": offered,
    }
    lines = [f"{item.offering.procedure.code} – {item.problem.label}: {item.detail}" for item in items]
    records, more = _records("version", [(item.version.pk, item.offering.procedure.code) for item in items])
    return Figure(Measure.POSTING, label, value, lines[:MAX_RECORDS], records, more)


def _late_dossiers(scope: Scope, label: str, cells: ii06a.Cells) -> Figure:
    value = gettext("%(late)s hồ sơ giải quyết quá hạn, %(overdue)s hồ sơ đang giải quyết đã quá hạn") % {
        "late": cells.resolved_late,
        "overdue": cells.pending_overdue,
    }
    lines = [
        gettext("Đã giải quyết: %(total)s (trước hạn %(early)s, đúng hạn %(on_time)s, quá hạn %(late)s).")
        % {
            "total": cells.resolved_total,
            "early": cells.resolved_early,
            "on_time": cells.resolved_on_time,
            "late": cells.resolved_late,
        },
        gettext("Đang giải quyết: %(total)s (trong hạn %(within)s, quá hạn %(overdue)s).")
        % {"total": cells.pending_total, "within": cells.pending_within, "overdue": cells.pending_overdue},
    ]
    records, more = _records("dossier", _dossier_rows(Dossier.objects.filter(pk__in=_late_ids(scope))))
    return Figure(Measure.LATE_DOSSIERS, label, value, lines, records, more)


def _refused_dossiers(scope: Scope, label: str) -> Figure:
    period = scope.period
    events = DossierEvent.objects.filter(
        Q(dossier__competent_agency_id__in=scope.agency_ids) | Q(dossier__receiving_agency_id__in=scope.agency_ids),
        at__gte=period.start_at,
        at__lt=period.end_at,
    )
    refused = events.filter(kind__in=[Kind.INTAKE_REFUSED, Kind.REFUSED])
    intake_refused = refused.filter(kind=Kind.INTAKE_REFUSED).count()
    after_appraisal = refused.filter(kind=Kind.REFUSED).count()
    supplements = events.filter(kind__in=[Kind.INTAKE_SUPPLEMENT, Kind.SUPPLEMENT_REQUESTED]).count()
    value = gettext("%(refused)s hồ sơ bị từ chối, %(supplements)s lần yêu cầu bổ sung") % {
        "refused": intake_refused + after_appraisal,
        "supplements": supplements,
    }
    lines = [
        gettext("Từ chối tiếp nhận (Mẫu 03): %(count)s.") % {"count": intake_refused},
        gettext("Từ chối giải quyết sau thẩm định: %(count)s.") % {"count": after_appraisal},
        gettext("Yêu cầu bổ sung, hoàn thiện (Mẫu 02 và sau thẩm định): %(count)s.") % {"count": supplements},
    ]
    dossiers = Dossier.objects.filter(pk__in=refused.values("dossier"))
    records, more = _records("dossier", _dossier_rows(dossiers))
    return Figure(Measure.REFUSED_DOSSIERS, label, value, lines, records, more)


def _apologies(scope: Scope, label: str) -> Figure:
    """Of the late dossiers, those with no apology letter, a late one and an on-time one (Decree 118 Art. 19.6, the
    rule of motcua.dossiers.apology); the records are the dossiers without a letter, then those with a late one."""
    groups = apology.split(Dossier.objects.filter(pk__in=_late_ids(scope)))
    missing, late, on_time = (groups[key] for key in apology.ApologyStanding)
    total = len(missing) + len(late) + len(on_time)
    value = gettext("%(share)s hồ sơ quá hạn có văn bản xin lỗi (đúng hạn: %(on_time)s, muộn: %(late)s)") % {
        "share": _share(len(late) + len(on_time), total),
        "on_time": len(on_time),
        "late": len(late),
    }
    lines = [
        gettext("Hồ sơ quá hạn chưa có văn bản xin lỗi: %(count)s.") % {"count": len(missing)},
        gettext("Xin lỗi muộn (sau thời hạn chậm nhất 01 ngày trước hạn): %(count)s.") % {"count": len(late)},
        gettext("Xin lỗi đúng hạn: %(count)s.") % {"count": len(on_time)},
    ]
    rows = _dossier_rows(Dossier.objects.filter(pk__in=missing)) + _dossier_rows(Dossier.objects.filter(pk__in=late))
    records, more = _records("dossier", rows)
    return Figure(Measure.APOLOGIES, label, value, lines, records, more)


def _online_share(scope: Scope, label: str, cells: ii06a.Cells) -> Figure:
    received = cells.received_online + cells.received_direct
    value = gettext("%(share)s hồ sơ tiếp nhận trong kỳ nộp trực tuyến") % {
        "share": _share(cells.received_online, received)
    }
    lines = [
        gettext("Trực tuyến: %(online)s; trực tiếp, bưu chính: %(direct)s; kỳ trước chuyển sang: %(carried)s.")
        % {"online": cells.received_online, "direct": cells.received_direct, "carried": cells.carried_over}
    ]
    return Figure(Measure.ONLINE_SHARE, label, value, lines)


def _payment_share(scope: Scope, label: str) -> Figure:
    period = scope.period
    paid = Payment.objects.filter(
        status=Payment.Status.PAID,
        paid_at__gte=period.start_at,
        paid_at__lt=period.end_at,
        dossier__in=Dossier.objects.filter(_of_agencies(scope)),
    )
    total = paid.count()
    online = paid.filter(method=Payment.Method.GATEWAY).count()
    value = gettext("%(share)s khoản thanh toán trực tuyến") % {"share": _share(online, total)}
    lines = [
        f"{Payment.Method(method).label}: {paid.filter(method=method).count()}" for method in Payment.Method.values
    ]
    return Figure(Measure.PAYMENT_SHARE, label, value, lines)


def _satisfaction(scope: Scope, label: str) -> Figure:
    period = scope.period
    ratings = DossierRating.objects.filter(
        agency_id__in=scope.agency_ids, rated_at__gte=period.start_at, rated_at__lt=period.end_at
    )
    total = ratings.count()
    satisfied = ratings.filter(overall__gte=SATISFIED).count()
    value = gettext("%(count)s lượt đánh giá, hài lòng %(share)s") % {"count": total, "share": _share(satisfied, total)}
    lines = [
        gettext("Mức %(level)s: %(count)s lượt.") % {"level": level, "count": ratings.filter(overall=level).count()}
        for level in range(5, 0, -1)
    ]
    return Figure(Measure.SATISFACTION, label, value, lines)


def _tasks(scope: Scope, label: str, measure: str, area: str | None) -> Figure:
    tasks = PlanTask.objects.filter(plan__agency_id__in=scope.agency_ids, plan__year__in=scope.years)
    if area is not None:
        tasks = tasks.filter(area=area)
    tasks = tasks.select_related("plan").order_by("deadline", "pk")
    after_end = scope.end + datetime.timedelta(days=1)
    overdue = set(tasks.filter(overdue_condition(after_end)).values_list("pk", flat=True))
    rows = list(tasks)
    done = sum(1 for task in rows if task.status == PlanTask.Status.DONE)
    value = gettext("%(done)s nhiệm vụ hoàn thành, %(overdue)s quá hạn") % {
        "done": _share(done, len(rows)),
        "overdue": len(overdue),
    }
    lines = [
        f"{task.title} – {task.get_status_display()}" + (" – " + gettext("quá hạn") if task.pk in overdue else "")
        for task in rows[:MAX_RECORDS]
    ]
    records, more = _records("plan", [(task.plan_id, task.title) for task in rows])
    return Figure(measure, label, value, lines, records, more)


def compute(
    target: Agency, start: datetime.date, end: datetime.date, *, now: datetime.datetime | None = None
) -> dict[str, Figure]:
    """Every figure for `target` (and the agencies under it) over the local days start..end, keyed by measure."""
    scope = Scope(agency_ids_of_area(target), start, end, now or timezone.now())
    cells = ii06a.build(scope.agency_ids, start, end, now=scope.now).total
    labels = {measure.value: str(measure.label) for measure in Measure}
    return {
        Measure.PLAN_ISSUED: _plan_issued(scope, labels[Measure.PLAN_ISSUED]),
        Measure.DESK_STAFF: _desk_staff(scope, labels[Measure.DESK_STAFF]),
        Measure.POSTING: _posting(scope, labels[Measure.POSTING]),
        Measure.LATE_DOSSIERS: _late_dossiers(scope, labels[Measure.LATE_DOSSIERS], cells),
        Measure.REFUSED_DOSSIERS: _refused_dossiers(scope, labels[Measure.REFUSED_DOSSIERS]),
        Measure.APOLOGIES: _apologies(scope, labels[Measure.APOLOGIES]),
        Measure.ONLINE_SHARE: _online_share(scope, labels[Measure.ONLINE_SHARE], cells),
        Measure.PAYMENT_SHARE: _payment_share(scope, labels[Measure.PAYMENT_SHARE]),
        Measure.SATISFACTION: _satisfaction(scope, labels[Measure.SATISFACTION]),
        Measure.COMMUNICATION: _tasks(scope, labels[Measure.COMMUNICATION], Measure.COMMUNICATION, Area.COMMUNICATION),
        Measure.REFORM_TASKS: _tasks(scope, labels[Measure.REFORM_TASKS], Measure.REFORM_TASKS, None),
    }


def snapshot(inspection: Inspection, *, now: datetime.datetime | None = None) -> list[dict]:
    """The figures as stored data, in the site's language (the record is an official paper in Vietnamese)."""
    with translation.override(settings.LANGUAGE_CODE):
        figures = compute(inspection.target_agency, inspection.period_start, inspection.period_end, now=now)
        return [asdict(figure) for figure in figures.values()]


def figures_of(inspection: Inspection, *, now: datetime.datetime | None = None) -> dict[str, Figure]:
    """What an inspection shows: the stored figures once signed, live ones before."""
    if inspection.is_signed:
        return {data["measure"]: Figure.from_data(data) for data in inspection.evidence}
    return compute(inspection.target_agency, inspection.period_start, inspection.period_end, now=now)
