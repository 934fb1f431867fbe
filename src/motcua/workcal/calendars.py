"""Which working calendar applies to an agency, built from the configured rows into an engine calendar.

Resolution: weekly hours come from the agency's own calendar, else its province's, else the national standard
week; day overrides are layered national → province → agency (the later level wins on the same date).
The reading of "N ngày làm việc" (WorkCalendar.working_day_start) is the province calendar's; without one, the
legal default (instant of acceptance). Built calendars are cached per configuration fingerprint, so a request costs
one small query, not a rebuild.
"""

from django.db import connection
from django.db.models import Q

from motcua.orgs.models import AdministrativeUnit, Agency, UnitSuccession
from motcua.workcal.days import merge_overrides
from motcua.workcal.durations import WorkingDayStart
from motcua.workcal.engine import STANDARD_WEEK, WorkingCalendar
from motcua.workcal.models import CalendarOverride, WorkCalendar, parse_weekly_hours

CACHE_SIZE = 256
# Built calendars by configuration fingerprint; a changed row changes the key, so stale entries are never hit.
_built: dict[tuple, WorkingCalendar] = {}


def province_of(agency: Agency) -> AdministrativeUnit | None:
    """The current-scheme province an agency belongs to (a legacy unit is followed to its successor)."""
    unit = agency.unit
    while unit.parent_id is not None:
        unit = unit.parent
    if unit.scheme == AdministrativeUnit.Scheme.CURRENT:
        return unit
    succession = UnitSuccession.objects.filter(old_unit=unit).select_related("new_unit").first()
    return succession.new_unit if succession else None


def calendars_for(agency: Agency | None = None, province: AdministrativeUnit | None = None) -> list[WorkCalendar]:
    """The configured calendars that apply, from the widest (province) to the narrowest (agency)."""
    if agency is not None and province is None:
        province = province_of(agency)
    condition = Q(pk__in=[])
    if province is not None:
        condition |= Q(province=province)
    if agency is not None:
        condition |= Q(agency=agency)
    return sorted(WorkCalendar.objects.filter(condition), key=lambda calendar: calendar.agency_id is not None)


def _fingerprint_sql() -> str:
    """Count and latest change of both tables in one statement (names from the models, nothing from input)."""
    quote = connection.ops.quote_name
    parts = []
    for model in (WorkCalendar, CalendarOverride):
        table, changed = quote(model._meta.db_table), quote(model._meta.get_field("updated_at").column)
        parts.append(f"(SELECT COUNT(*) FROM {table}), (SELECT MAX({changed}) FROM {table})")
    return f"SELECT {', '.join(parts)}"


def _fingerprint() -> tuple:
    """What any configuration change alters: every calendar row and every override row (both small tables)."""
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql())
        return tuple(cursor.fetchone())


def engine_calendar(agency: Agency | None = None, province: AdministrativeUnit | None = None) -> WorkingCalendar:
    """The engine calendar for an agency (or a province; or the national default when given neither)."""
    # Keyed by the whole configuration's fingerprint: a hit costs one aggregate query (this runs inside every
    # dossier action), and any change anywhere — a new calendar, an edited or deleted day — misses.
    key = (getattr(agency, "pk", None), getattr(province, "pk", None), _fingerprint())
    calendar = _built.get(key)
    if calendar is None:
        calendars = calendars_for(agency, province)
        overrides = CalendarOverride.objects.filter(Q(calendar__isnull=True) | Q(calendar__in=calendars))
        if len(_built) >= CACHE_SIZE:
            _built.clear()
        calendar = _built[key] = _build(calendars, overrides)
    return calendar


def _build(calendars: list[WorkCalendar], overrides) -> WorkingCalendar:
    weekly = parse_weekly_hours(calendars[-1].weekly_hours) if calendars else STANDARD_WEEK
    level_of = {calendar.pk: ("agency" if calendar.agency_id else "province") for calendar in calendars}
    layers: dict[str | None, list] = {None: [], "province": [], "agency": []}
    for override in overrides:
        layers[level_of.get(override.calendar_id)].append(override.as_engine_day())
    days_off, working_days = merge_overrides(layers[None], layers["province"], layers["agency"])
    province = next((calendar for calendar in calendars if calendar.agency_id is None), None)
    counting = WorkingDayStart(province.working_day_start) if province else WorkingDayStart.INSTANT
    return WorkingCalendar.vietnam(
        weekly=weekly, extra_days_off=days_off, extra_working_days=working_days, working_day_start=counting
    )
