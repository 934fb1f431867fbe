"""Procedure control (kiểm soát thủ tục hành chính): what the offices still owe for the procedures in force.

For every active offering whose procedure has a version in force, the dashboard flags:
- not posted (chưa niêm yết): no open posting of the version in force at that agency;
- posted late (niêm yết muộn): its first posting came after the effective date plus a grace period
  (setting MOTCUA_POSTING_GRACE_WORKING_DAYS, default 5 working days of the agency's working calendar);
- no internal process (chưa có quy trình nội bộ), for agencies that resolve the procedure;
- a process longer than the legal time (quy trình vượt thời hạn);
- not fileable (không nộp được hồ sơ), for agencies that receive it: a channel it receives on has no method with a
  structured processing time, or the version has no method at all (catalog.filing) — such a procedure is not
  offered for filing, and this says why.

The whole list costs a fixed number of queries whatever the size of the province: offerings, versions in force
with their methods, postings, processes with their steps, and one working calendar per distinct calendar.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from motcua.catalog.filing import unfileable_reasons
from motcua.catalog.models import AgencyOffering, InternalProcess, Posting, ProcedureVersion
from motcua.catalog.processes import legal_minutes, over_legal_time_message, total_minutes
from motcua.catalog.versions import in_force_filter
from motcua.orgs.models import AdministrativeUnit, Agency
from motcua.workcal.calendars import engine_calendar, province_of
from motcua.workcal.durations import Duration
from motcua.workcal.engine import CalendarRangeError, WorkingCalendar
from motcua.workcal.models import WorkCalendar

_LATE_IN_THE_DAY = datetime.time(23, 59)


class Problem(models.TextChoices):
    NOT_POSTED = "not_posted", _("Chưa niêm yết")
    POSTED_LATE = "posted_late", _("Niêm yết muộn")
    NO_PROCESS = "no_process", _("Chưa có quy trình nội bộ")
    PROCESS_TOO_LONG = "process_too_long", _("Quy trình vượt thời hạn")
    NOT_FILEABLE = "not_fileable", _("Không nộp được hồ sơ")


POSTING_PROBLEMS = {Problem.NOT_POSTED, Problem.POSTED_LATE}


@dataclass(frozen=True)
class ControlItem:
    problem: Problem
    offering: AgencyOffering
    version: ProcedureVersion
    detail: str

    @property
    def is_about_posting(self) -> bool:
        return self.problem in POSTING_PROBLEMS

    @property
    def is_about_version(self) -> bool:
        """Fixed on the version itself (its methods), not at the agency."""
        return self.problem == Problem.NOT_FILEABLE


def posting_grace_days() -> int:
    return settings.POSTING_GRACE_WORKING_DAYS


def posting_due(calendar: WorkingCalendar, effective_on: datetime.date, grace_days: int) -> datetime.date:
    """The last day to post a version: `grace_days` working days after its effective date (that day not counted).

    Outside the years the calendar knows (very old decisions), weekends alone are skipped.
    """
    if grace_days <= 0:
        return effective_on
    try:
        start = datetime.datetime.combine(effective_on, _LATE_IN_THE_DAY, tzinfo=calendar.timezone)
        return calendar.add(start, Duration.working_days(grace_days)).due_at.date()
    except CalendarRangeError:
        day, left = effective_on, grace_days
        while left:
            day += datetime.timedelta(days=1)
            left -= day.weekday() < 5
        return day


class _Calendars:
    """The engine calendar of each agency, built once per distinct calendar (own calendar, else the province's)."""

    def __init__(self, agency_ids: set[int]):
        self.own = set(WorkCalendar.objects.filter(agency__in=agency_ids).values_list("agency_id", flat=True))
        self.built: dict[tuple, WorkingCalendar] = {}
        self.due: dict[tuple, datetime.date] = {}

    def _province(self, agency: Agency) -> AdministrativeUnit | None:
        unit = agency.unit
        # Units are at most three levels deep and arrive with their parents, so this walk makes no query.
        while unit.parent_id is not None:
            unit = unit.parent
        if unit.scheme == AdministrativeUnit.Scheme.CURRENT:
            return unit
        return province_of(agency)

    def key(self, agency: Agency) -> tuple:
        if agency.pk in self.own:
            return ("agency", agency.pk)
        province = self._province(agency)
        return ("province", province.pk if province else None)

    def due_on(self, agency: Agency, effective_on: datetime.date, grace: int) -> datetime.date:
        key = self.key(agency)
        if (key, effective_on) not in self.due:
            if key not in self.built:
                if key[0] == "agency":
                    self.built[key] = engine_calendar(agency=agency)
                else:
                    self.built[key] = engine_calendar(province=self._province(agency))
            self.due[(key, effective_on)] = posting_due(self.built[key], effective_on, grace)
        return self.due[(key, effective_on)]


def _posting_state(versions: QuerySet, agencies: QuerySet, on: datetime.date) -> tuple[dict, dict]:
    """(first posted_on, is posted now) for each (version id, agency id)."""
    rows = Posting.objects.filter(version__in=versions, agency__in=agencies).values_list(
        "version_id", "agency_id", "posted_on", "removed_on"
    )
    return _posting_state_of(rows, on)


def _posting_state_of(rows, on: datetime.date) -> tuple[dict, dict]:
    first: dict[tuple[int, int], datetime.date] = {}
    open_now: set[tuple[int, int]] = set()
    for version_id, agency_id, posted_on, removed_on in rows:
        key = (version_id, agency_id)
        if key not in first or posted_on < first[key]:
            first[key] = posted_on
        if posted_on <= on and (removed_on is None or removed_on > on):
            open_now.add(key)
    return first, open_now


def control_items(agencies: QuerySet[Agency], on: datetime.date | None = None) -> list[ControlItem]:
    """The control items of `agencies` on `on` (default today), by agency and procedure code."""
    on = on or datetime.date.today()
    grace = posting_grace_days()
    offerings_qs = AgencyOffering.objects.filter(agency__in=agencies, active=True).filter(
        Q(procedure__abolished_on__isnull=True) | Q(procedure__abolished_on__gt=on)
    )
    versions_qs = ProcedureVersion.objects.filter(in_force_filter(on), procedure__in=offerings_qs.values("procedure"))
    in_force: dict[int, ProcedureVersion] = {}
    for version in versions_qs.select_related("procedure").prefetch_related("methods").order_by("number"):
        in_force[version.procedure_id] = version
    offerings = list(
        offerings_qs.select_related("procedure", "agency__unit__parent__parent").order_by(
            "agency__name", "procedure__code"
        )
    )
    first_posted, posted_now = _posting_state(versions_qs, agencies, on)
    processes = {
        (process.offering_id, process.version_id): process
        for process in InternalProcess.objects.filter(offering__in=offerings_qs, version__in=versions_qs)
        .prefetch_related("steps")
        .only("pk", "offering_id", "version_id")
    }
    calendars = _Calendars({offering.agency_id for offering in offerings})
    items = []
    for offering in offerings:
        version = in_force.get(offering.procedure_id)
        if version is None:
            continue
        items.extend(_posting_items(offering, version, calendars, grace, first_posted, posted_now, on))
        items.extend(_process_items(offering, version, processes))
        items.extend(_filing_items(offering, version))
    return items


def posting_problems(agencies: QuerySet[Agency], days) -> dict[datetime.date, dict[int, set[int]]]:
    """For each of `days`, agency id → the ids of its offerings that control_items flags on that day as not posted
    or posted late, with the same rules (_posting_items), in a fixed number of queries for all the days together: the
    monthly trend of the Decision 766 index asks for the last day of each month, and loading the catalog once per day
    made its first load take seconds."""
    grace = posting_grace_days()
    offerings = list(
        AgencyOffering.objects.filter(agency__in=agencies, active=True).select_related(
            "procedure", "agency__unit__parent__parent"
        )
    )
    published: dict[int, list[ProcedureVersion]] = {}
    versions = ProcedureVersion.objects.filter(
        status=ProcedureVersion.Status.PUBLISHED, procedure__in={offering.procedure_id for offering in offerings}
    )
    for version in versions.order_by("number"):
        published.setdefault(version.procedure_id, []).append(version)
    rows = list(
        Posting.objects.filter(version__in=versions, agency__in=agencies).values_list(
            "version_id", "agency_id", "posted_on", "removed_on"
        )
    )
    calendars = _Calendars({offering.agency_id for offering in offerings})
    found: dict[datetime.date, dict[int, set[int]]] = {}
    for on in sorted(set(days)):
        # The Python form of in_force_filter(on); the highest number wins, as in control_items.
        in_force = {
            procedure_id: version
            for procedure_id, candidates in published.items()
            for version in candidates
            if version.valid_from <= on and (version.valid_until is None or version.valid_until >= on)
        }
        in_force_ids = {version.pk for version in in_force.values()}
        first_posted, posted_now = _posting_state_of([row for row in rows if row[0] in in_force_ids], on)
        problems = found.setdefault(on, {})
        for offering in offerings:
            abolished_on = offering.procedure.abolished_on
            version = in_force.get(offering.procedure_id)
            if version is None or (abolished_on is not None and abolished_on <= on):
                continue
            if any(_posting_items(offering, version, calendars, grace, first_posted, posted_now, on)):
                problems.setdefault(offering.agency_id, set()).add(offering.pk)
    return found


def _posting_items(offering, version, calendars, grace, first_posted, posted_now, on):
    key = (version.pk, offering.agency_id)
    due = calendars.due_on(offering.agency, version.valid_from, grace)
    if key not in posted_now:
        if due < on:
            when = gettext("quá hạn từ %(date)s") % {"date": f"{due + datetime.timedelta(days=1):%d/%m/%Y}"}
        else:
            when = gettext("hạn %(date)s") % {"date": f"{due:%d/%m/%Y}"}
        yield ControlItem(
            Problem.NOT_POSTED,
            offering,
            version,
            gettext("Phiên bản %(number)s có hiệu lực từ %(date)s, chưa niêm yết (%(when)s).")
            % {"number": version.number, "date": f"{version.valid_from:%d/%m/%Y}", "when": when},
        )
    posted_on = first_posted.get(key)
    if posted_on is not None and posted_on > due:
        yield ControlItem(
            Problem.POSTED_LATE,
            offering,
            version,
            ngettext(
                "Niêm yết ngày %(posted)s, hạn là %(due)s (%(grace)s ngày làm việc sau ngày có hiệu lực %(start)s).",
                "Niêm yết ngày %(posted)s, hạn là %(due)s (%(grace)s ngày làm việc sau ngày có hiệu lực %(start)s).",
                grace,
            )
            % {
                "posted": f"{posted_on:%d/%m/%Y}",
                "due": f"{due:%d/%m/%Y}",
                "grace": grace,
                "start": f"{version.valid_from:%d/%m/%Y}",
            },
        )


def _filing_items(offering, version):
    if not offering.receives:
        return
    for reason in unfileable_reasons(version, offering.channels or None):
        yield ControlItem(Problem.NOT_FILEABLE, offering, version, reason)


def _process_items(offering, version, processes):
    if not offering.resolves:
        return
    process = processes.get((offering.pk, version.pk))
    if process is None:
        yield ControlItem(
            Problem.NO_PROCESS,
            offering,
            version,
            gettext("Chưa có quy trình nội bộ cho phiên bản %(number)s.") % {"number": version.number},
        )
        return
    legal = legal_minutes(version)
    total = total_minutes(process.steps.all())
    if legal is not None and total > legal:
        yield ControlItem(
            Problem.PROCESS_TOO_LONG,
            offering,
            version,
            over_legal_time_message(total, legal),
        )


def summary(items: list[ControlItem]) -> list[tuple[Problem, int]]:
    counts = {problem: 0 for problem in Problem}
    for item in items:
        counts[item.problem] += 1
    return list(counts.items())
