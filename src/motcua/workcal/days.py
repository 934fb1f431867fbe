"""Plain data for the working calendar: days off, extra working days and the Vietnamese reasons shown to users.

These are the rows an admin-managed override table (ngày nghỉ / ngày làm việc bổ sung) hands to the engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple


def gettext_noop(text: str) -> str:
    """Marks a string for the translation catalogue (makemessages looks for this name) without importing Django,
    so the engine stays pure; the forms translate a weekday name when they show it."""
    return text


# Reasons shown in explanations ("vì sao ngày này không được tính").
NEW_YEAR = "Tết Dương lịch"
LUNAR_NEW_YEAR = "Tết Nguyên đán"
HUNG_KINGS = "Giỗ Tổ Hùng Vương"
REUNIFICATION = "Ngày Chiến thắng"
LABOUR_DAY = "Quốc tế Lao động"
NATIONAL_DAY = "Quốc khánh"
SUBSTITUTE_DAY_OFF = "nghỉ bù"
MAKE_UP_WORKING_DAY = "làm bù"
# Marked for the catalogue only: forms and messages translate a name when they show it; the engine keeps it as is.
WEEKDAY_NAMES = (
    gettext_noop("Thứ Hai"),
    gettext_noop("Thứ Ba"),
    gettext_noop("Thứ Tư"),
    gettext_noop("Thứ Năm"),
    gettext_noop("Thứ Sáu"),
    gettext_noop("Thứ Bảy"),
    gettext_noop("Chủ nhật"),
)

Period = tuple[dt.time, dt.time]


class DayOff(NamedTuple):
    """A date with no working time (ngày nghỉ), e.g. a public holiday or a local decision."""

    day: dt.date
    reason: str
    reference: str = ""


class ExtraWorkingDay(NamedTuple):
    """A normally free date that is worked (ngày làm bù); `periods=None` means the calendar's make-up hours."""

    day: dt.date
    reason: str = MAKE_UP_WORKING_DAY
    reference: str = ""
    periods: tuple[Period, ...] | None = None


class SkippedDay(NamedTuple):
    """One entry of a deadline's explanation: a day not counted, or a Saturday counted because it is worked."""

    day: dt.date
    reason: str


class DayInfo(NamedTuple):
    """What the calendar says about one date."""

    day: dt.date
    periods: tuple[Period, ...]
    reason: str | None

    @property
    def is_working_day(self) -> bool:
        return bool(self.periods)


def merge_overrides(*layers: Iterable[DayOff | ExtraWorkingDay]) -> tuple[list[DayOff], list[ExtraWorkingDay]]:
    """Overrides of several levels (national, province, agency) as (days off, extra working days): on the same
    date the later layer wins, so an agency can work a day its province takes off and vice versa."""
    by_date: dict[dt.date, DayOff | ExtraWorkingDay] = {}
    for layer in layers:
        by_date.update((row.day, row) for row in layer)
    rows = [by_date[day] for day in sorted(by_date)]
    return [row for row in rows if isinstance(row, DayOff)], [row for row in rows if isinstance(row, ExtraWorkingDay)]
