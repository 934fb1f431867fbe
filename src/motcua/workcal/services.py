"""Editing working calendars (the only writer of WorkCalendar and CalendarOverride rows).

Each change is checked against the user's rights, saved in a transaction (the audit log records the row diff),
and, when it moves any working day, schedules the recomputation of the stored deadlines it affects.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext

from motcua.accounts.models import Role
from motcua.accounts.scope import can_see_agency, is_system_admin, visible_agencies, visible_units
from motcua.orgs.models import AdministrativeUnit, Agency
from motcua.workcal.calendars import engine_calendar, province_of
from motcua.workcal.models import CalendarOverride, WorkCalendar, parse_weekly_hours
from motcua.workcal.recompute import agencies_using, calendar_changed


def can_edit(user, calendar: WorkCalendar | None) -> bool:
    """System admins edit everything (national overrides, provinces); an agency admin edits their agency's own."""
    if is_system_admin(user):
        return True
    if calendar is None or calendar.agency_id is None:
        return False
    return (
        can_see_agency(user, calendar.agency)
        and user.roles.filter(role=Role.AGENCY_ADMIN, agency__in=_agency_and_ancestors(calendar.agency)).exists()
    )


def _agency_and_ancestors(agency) -> list[int]:
    ids = []
    while agency is not None:
        ids.append(agency.pk)
        agency = agency.parent
    return ids


def _check(user, calendar: WorkCalendar | None) -> None:
    if not can_edit(user, calendar):
        raise PermissionDenied(gettext("Bạn không có quyền sửa lịch làm việc này."))


def _calendar_as_engine(calendar: WorkCalendar | None):
    if calendar is None:
        return engine_calendar()
    return engine_calendar(agency=calendar.agency, province=calendar.province)


def _apply(user, calendar: WorkCalendar | None, change, description: str):
    """Run `change` in a transaction and schedule the recomputation of the dates it moved."""
    with transaction.atomic():
        before = _calendar_as_engine(calendar)
        result = change()
        after = _calendar_as_engine(calendar)
        calendar_changed(agencies_using(calendar), before.changed_dates(after), description, actor_id=user.pk)
    return result


def save_weekly_hours(user, calendar: WorkCalendar, weekly_hours: dict) -> WorkCalendar:
    _check(user, calendar)
    parse_weekly_hours(weekly_hours)

    def change():
        calendar.weekly_hours = weekly_hours
        calendar.full_clean()
        calendar.save()
        return calendar

    return _apply(user, calendar, change, f"Sửa giờ làm việc của «{calendar}»")


def save_working_day_start(user, calendar: WorkCalendar, value: str) -> WorkCalendar:
    """Set a province's reading of "N ngày làm việc" (docs/deadlines.md). No recomputation is scheduled on
    purpose: every dossier's clock keeps the reading it was accepted under, so only later acceptances change."""
    _check(user, calendar)
    if calendar.agency_id is not None:
        raise ValidationError(
            {"working_day_start": gettext("Cách tính thời hạn theo ngày làm việc được đặt cho cả tỉnh, thành phố.")}
        )
    with transaction.atomic():
        calendar.working_day_start = value
        calendar.full_clean()
        calendar.save()
    return calendar


def create_calendar(user, *, name: str, province=None, agency=None) -> WorkCalendar:
    calendar = WorkCalendar(name=name, province=province, agency=agency)
    if agency is not None:
        # An agency's own calendar starts from the hours it has today, so creating it moves no deadline.
        current = WorkCalendar.objects.filter(province=province_of(agency)).first()
        if current is not None:
            calendar.weekly_hours = current.weekly_hours
    calendar.full_clean()
    _check(user, calendar)
    return _apply(user, calendar, lambda: _save(calendar), f"Tạo lịch làm việc «{name}»")


def _save(row):
    row.save()
    return row


def add_override(
    user, calendar: WorkCalendar | None, *, date: datetime.date, kind: str, reason: str, legal_reference: str
) -> CalendarOverride:
    """Add a day off or an extra working day; `calendar=None` makes it national."""
    _check(user, calendar)
    override = CalendarOverride(
        calendar=calendar, date=date, kind=kind, reason=reason, legal_reference=legal_reference, entered_by=user
    )
    override.full_clean(validate_constraints=False)
    duplicate = CalendarOverride.objects.filter(calendar=calendar, date=date)
    if duplicate.exists():
        message = gettext("Ngày %(date)s đã có trong lịch này; hãy sửa hoặc xóa dòng đã có.")
        raise ValidationError({"date": message % {"date": f"{date:%d/%m/%Y}"}})
    where = str(calendar) if calendar else "toàn quốc"
    # The description is recorded with the recomputation, so it stays in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        description = f"{override.get_kind_display()} {date:%d/%m/%Y} ({reason}; {legal_reference}) – {where}"
    return _apply(user, calendar, lambda: _save(override), description)


def delete_override(user, override: CalendarOverride) -> None:
    calendar = override.calendar
    _check(user, calendar)
    with translation.override(settings.LANGUAGE_CODE):
        description = f"Xóa {override.get_kind_display().lower()} {override.date:%d/%m/%Y} ({override.reason})"
    _apply(user, calendar, override.delete, description)


def visible_calendars(user):
    """Calendars of the provinces and agencies the user may see (đọc); editing is checked by can_edit."""
    return (
        WorkCalendar.objects.filter(Q(agency__in=visible_agencies(user)) | Q(province__in=visible_units(user)))
        .select_related("agency", "province")
        .order_by("province__code", "agency__name")
    )


def agencies_without_calendar_editable_by(user):
    """Agencies the user administers that have no calendar of their own yet."""
    if is_system_admin(user):
        agencies = Agency.objects.all()
    else:
        administered = user.roles.filter(role=Role.AGENCY_ADMIN).values("agency")
        agencies = Agency.objects.filter(pk__in=administered).with_descendants()
    return agencies.filter(work_calendar__isnull=True).order_by("name")


def provinces_without_calendar(user):
    if not is_system_admin(user):
        return AdministrativeUnit.objects.none()
    return AdministrativeUnit.objects.filter(
        scheme=AdministrativeUnit.Scheme.CURRENT, level=AdministrativeUnit.Level.PROVINCE, work_calendar__isnull=True
    ).order_by("code")


def year_days(calendar: WorkCalendar | None, year: int) -> list:
    """The dates of a year that differ from an ordinary Monday–Friday: days off on weekdays and worked weekends."""
    engine = _calendar_as_engine(calendar)
    days = []
    day = datetime.date(year, 1, 1)
    while day.year == year:
        info = engine.day_info(day)
        if info.reason is not None and (day.weekday() < 5 or info.is_working_day):
            days.append(info)
        day += datetime.timedelta(days=1)
    return days
