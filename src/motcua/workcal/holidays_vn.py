"""Vietnam's public holidays for civil servants, from the `holidays` package plus official notices it lacks.

The package follows the Labour Code (BLLĐ 2019 Art. 112, substitute days of Art. 111.3) and the yearly swaps
(hoán đổi ngày làm việc) it knows of. Two corrections, checked against the official notices collected in
shared/reference/data/holidays_official.md (tests/test_workcal_holidays.py):

- `OFFICIAL_NOTICES` adds swaps the package does not know yet (2026: Tết Dương lịch swap of Công văn 12729/VPCP-KGVX);
- holidays that are only announced as a policy (`UNCONFIRMED_HOLIDAYS`, e.g. "Ngày Văn hóa Việt Nam" 24/11 while
  Art. 112 is not amended) are left out unless asked for; an admin adds them as an extra day off once enacted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import holidays

from motcua.workcal.days import (
    HUNG_KINGS,
    LABOUR_DAY,
    LUNAR_NEW_YEAR,
    MAKE_UP_WORKING_DAY,
    NATIONAL_DAY,
    NEW_YEAR,
    REUNIFICATION,
    SUBSTITUTE_DAY_OFF,
    DayOff,
    ExtraWorkingDay,
)

UNCONFIRMED_HOLIDAYS = ("Ngày Văn hóa Việt Nam",)

_NOTICE_2026_NEW_YEAR = "Công văn 12729/VPCP-KGVX ngày 25/12/2025: nghỉ 02/01/2026, làm bù thứ Bảy 10/01/2026"
OFFICIAL_NOTICES: tuple[DayOff | ExtraWorkingDay, ...] = (
    DayOff(dt.date(2026, 1, 2), SUBSTITUTE_DAY_OFF, _NOTICE_2026_NEW_YEAR),
    ExtraWorkingDay(dt.date(2026, 1, 10), MAKE_UP_WORKING_DAY, _NOTICE_2026_NEW_YEAR),
)

# Checked in this order: substitute days first, since their names contain the holiday's name.
_REASON_MARKERS = (
    ("(nghỉ bù", SUBSTITUTE_DAY_OFF),
    ("Ngày nghỉ (thay cho", SUBSTITUTE_DAY_OFF),
    ("Tết Nguyên Đán", LUNAR_NEW_YEAR),
    ("29 Tết", LUNAR_NEW_YEAR),
    ("Tết Dương lịch", NEW_YEAR),
    ("Giỗ Tổ", HUNG_KINGS),
    ("Chiến thắng", REUNIFICATION),
    ("Lao động", LABOUR_DAY),
    ("Quốc khánh", NATIONAL_DAY),
)


def holiday_reason(name: str) -> str:
    """The short Vietnamese reason for a holiday name of the `holidays` package (Vietnamese locale)."""
    for marker, reason in _REASON_MARKERS:
        if marker in name:
            return reason
    return name


def _is_unconfirmed(name: str) -> bool:
    return any(name.startswith(unconfirmed) for unconfirmed in UNCONFIRMED_HOLIDAYS)


def package_days(
    years: Iterable[int], *, include_unconfirmed: bool = False
) -> tuple[list[DayOff], list[ExtraWorkingDay]]:
    """Days off and make-up Saturdays exactly as the installed `holidays` package gives them."""
    years = sorted(set(years))
    table = holidays.country_holidays("VN", years=years, language="vi")
    reference = f"holidays {holidays.__version__}"
    days_off = []
    for day in sorted(table):
        names = [name for name in table.get_list(day) if include_unconfirmed or not _is_unconfirmed(name)]
        if names:
            days_off.append(DayOff(day, holiday_reason(names[0]), f"{reference}: {'; '.join(names)}"))
    wanted = set(years)
    working = [
        ExtraWorkingDay(day, MAKE_UP_WORKING_DAY, f"{reference}: ngày làm bù")
        for day in sorted(table.weekend_workdays)
        if day.year in wanted
    ]
    return days_off, working


def official_days(
    years: Iterable[int], *, include_unconfirmed: bool = False
) -> tuple[list[DayOff], list[ExtraWorkingDay]]:
    """The package's days corrected by `OFFICIAL_NOTICES` (a notice wins over the package on the same date)."""
    years = sorted(set(years))
    days_off, working = package_days(years, include_unconfirmed=include_unconfirmed)
    notices = {notice.day: notice for notice in OFFICIAL_NOTICES if notice.day.year in set(years)}
    days_off = [day for day in days_off if day.day not in notices]
    working = [day for day in working if day.day not in notices]
    days_off += [notice for notice in notices.values() if isinstance(notice, DayOff)]
    working += [notice for notice in notices.values() if isinstance(notice, ExtraWorkingDay)]
    return sorted(days_off), sorted(working)
